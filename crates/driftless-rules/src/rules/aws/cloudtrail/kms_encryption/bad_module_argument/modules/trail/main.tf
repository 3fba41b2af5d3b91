variable "name" {
  type = string
}

variable "kms_key_arn" {
  type    = string
  default = null
}

resource "aws_cloudtrail" "this" {
  name           = var.name
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = var.kms_key_arn # expect: aws-cloudtrail-kms-encryption
}
