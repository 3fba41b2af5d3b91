# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
blocked   = true
bucket_id = "acme-data"
