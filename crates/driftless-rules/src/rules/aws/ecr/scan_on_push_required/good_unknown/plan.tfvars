# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
scan_on_push = true
scanning     = [true]
