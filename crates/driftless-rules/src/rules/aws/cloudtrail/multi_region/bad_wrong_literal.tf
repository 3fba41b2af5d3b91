resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "audit-logs-111122223333"
  is_multi_region_trail = false # expect: aws-cloudtrail-multi-region
}

# Global service events are off too: a recommendation, no edit.
resource "aws_cloudtrail" "regional" {
  name                          = "regional"
  s3_bucket_name                = "audit-logs-111122223333"
  include_global_service_events = false
  is_multi_region_trail         = false # expect: aws-cloudtrail-multi-region
}
