# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
rdp_cidrs = ["10.0.0.0/8"]
rdp_port  = 3389
