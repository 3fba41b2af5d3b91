ebs_default_encryption = false
