resource "aws_lb" "legacy" {
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  # checkov:skip=CKV_AWS_131:legacy clients send X_Api_Key
  name = "legacy"
}

# driftless:ignore aws-elb-drop-invalid-headers reason="partner sends underscored headers" expires=2099-12-31
resource "aws_alb" "partner" {
  name    = "partner"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

#trivy:ignore:AVD-AWS-0052
resource "aws_lb" "trivy_style" {
  name    = "trivy"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
