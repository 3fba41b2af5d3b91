# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
sse_algorithm = "AES256"
bucket_name   = "acme-named"
rules         = ["aws:kms"]
