# driftless:ignore aws-ec2-root-volume-encryption-required reason="AMI snapshots are encrypted" expires=2099-12-31
resource "aws_instance" "golden" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}

resource "aws_launch_configuration" "checkov_style" {
  # checkov:skip=CKV_AWS_8:benchmark fleet, no data
  image_id      = "ami-0abc1234"
  instance_type = "t3.micro"
}

#trivy:ignore:AVD-AWS-0131
resource "aws_instance" "trivy_style" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"
}
