# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
topic_key = "alias/aws/sns"
