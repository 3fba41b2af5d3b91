# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
min_length = 14
max_age    = 90
