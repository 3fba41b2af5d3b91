# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
bucket_name     = "acme-data"
extra_documents = []
