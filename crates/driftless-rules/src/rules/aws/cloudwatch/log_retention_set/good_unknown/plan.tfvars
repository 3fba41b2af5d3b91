# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
retention_days = 30
log_class      = "STANDARD"
