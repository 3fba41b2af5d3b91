# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
admin_cidrs = ["10.0.0.0/8"]
port        = 22
