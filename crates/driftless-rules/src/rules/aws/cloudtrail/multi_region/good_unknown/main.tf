variable "all_regions" {
  type = bool
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "audit-logs-111122223333"
  is_multi_region_trail = var.all_regions
}
