# Published to by CloudWatch alarms of several accounts; encryption planned with a shared key.
# driftless:ignore aws-sns-encryption-required reason="cross-account alarms" expires=2099-12-31
resource "aws_sns_topic" "alarms" {
  name = "alarms"
}

resource "aws_sns_topic" "checkov_style" {
  # checkov:skip=CKV_AWS_26:public status feed
  name = "status"
}

#trivy:ignore:AVD-AWS-0095
resource "aws_sns_topic" "trivy_style" {
  name = "builds"
}
