# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
public = false
