# The vendor agent on this host only speaks IMDSv1.
# driftless:ignore aws-ec2-imdsv2-required reason="vendor agent needs IMDSv1"
resource "aws_instance" "legacy" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_instance" "checkov_style" {
  # checkov:skip=CKV_AWS_79:vendor agent needs IMDSv1
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

#trivy:ignore:AVD-AWS-0028
resource "aws_instance" "trivy_style" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}
