# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
acl         = "private"
grantee_uri = "http://acs.amazonaws.com/groups/s3/LogDelivery"
