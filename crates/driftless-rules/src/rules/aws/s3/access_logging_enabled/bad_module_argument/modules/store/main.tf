variable "name" {
  type = string
}

variable "access_logging" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "this" { # expect: aws-s3-access-logging-enabled
  bucket = var.name
}

resource "aws_s3_bucket_logging" "this" {
  count         = var.access_logging ? 1 : 0
  bucket        = aws_s3_bucket.this.id
  target_bucket = "acme-access-logs"
  target_prefix = "${var.name}/"
}
