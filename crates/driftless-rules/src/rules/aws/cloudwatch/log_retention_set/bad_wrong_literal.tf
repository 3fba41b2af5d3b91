resource "aws_cloudwatch_log_group" "api" {
  name              = "/app/api"
  retention_in_days = 30 # expect: aws-cloudwatch-log-retention-set
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/app/audit"
  retention_in_days = 0 # expect: aws-cloudwatch-log-retention-set
}

resource "aws_cloudwatch_log_group" "batch" {
  name              = "/app/batch"
  retention_in_days = "180" # expect: aws-cloudwatch-log-retention-set
}

resource "aws_cloudwatch_log_group" "nulled" {
  name              = "/app/nulled"
  retention_in_days = null # expect: aws-cloudwatch-log-retention-set
}

# The DELIVERY class fixes the retention at 2 days: no edit can change it.
resource "aws_cloudwatch_log_group" "vended" {
  name              = "/aws/vendedlogs/cloudfront"
  log_group_class   = "DELIVERY" # expect: aws-cloudwatch-log-retention-set
  retention_in_days = 365
}
