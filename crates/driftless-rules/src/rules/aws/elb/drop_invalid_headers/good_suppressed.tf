resource "aws_lb" "legacy" {
  # checkov:skip=CKV_AWS_131:legacy clients send X_Api_Key
  name = "legacy"
}

# driftless:ignore aws-elb-drop-invalid-headers reason="partner sends underscored headers" expires=2099-12-31
resource "aws_alb" "partner" {
  name = "partner"
}

#trivy:ignore:AVD-AWS-0052
resource "aws_lb" "trivy_style" {
  name = "trivy"
}
