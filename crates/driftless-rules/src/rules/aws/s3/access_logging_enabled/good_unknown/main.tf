variable "bucket_name" {
  type = string
}

variable "log_targets" {
  type = list(string)
}

# The logging resource's `bucket` is not known: it may configure this bucket.
resource "aws_s3_bucket" "data" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = var.bucket_name
  target_bucket = "acme-access-logs"
  target_prefix = "data/"
}

# A `dynamic` logging block over an unknown collection may hold a block.
resource "aws_s3_bucket" "dynamic" {
  bucket = "acme-dynamic"

  dynamic "logging" {
    for_each = var.log_targets
    content {
      target_bucket = logging.value
    }
  }
}
