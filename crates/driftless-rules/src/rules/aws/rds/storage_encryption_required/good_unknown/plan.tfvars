# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
storage_encrypted = true
engine_mode       = "provisioned"
