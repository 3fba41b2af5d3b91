resource "aws_kms_key" "logs" { # expect: aws-kms-key-rotation-required
  description             = "log bucket key"
  deletion_window_in_days = 7
}

resource "aws_kms_key" "explicit_symmetric" { # expect: aws-kms-key-rotation-required
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  key_usage                = "ENCRYPT_DECRYPT"
}

resource "aws_kms_key" "bare" {} # expect: aws-kms-key-rotation-required
