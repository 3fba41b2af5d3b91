resource "aws_kms_key" "data" {
  description         = "data key"
  enable_key_rotation = false # expect: aws-kms-key-rotation-required
}

resource "aws_kms_key" "null_rotation" {
  enable_key_rotation = null # expect: aws-kms-key-rotation-required
}
