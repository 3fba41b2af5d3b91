# The values a pipeline would pass to `terraform plan`; the scan never reads this file.
trail_key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
