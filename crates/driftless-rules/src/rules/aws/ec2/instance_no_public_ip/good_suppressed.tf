resource "aws_instance" "bastion" {
  # checkov:skip=CKV_AWS_88:bastion host, SSH from the office only
  ami                         = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}

# driftless:ignore aws-ec2-instance-no-public-ip reason="game servers" expires=2099-12-31
resource "aws_launch_template" "game" {
  network_interfaces {
    associate_public_ip_address = true
  }
}

#trivy:ignore:AVD-AWS-0009
resource "aws_launch_configuration" "legacy" {
  image_id                    = "ami-0abc1234"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}
