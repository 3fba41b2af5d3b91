resource "aws_ebs_volume" "logs" {
  availability_zone = "eu-west-1b"
  size              = 20
  encrypted         = false # expect: aws-ebs-encryption-required
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1b"
  size              = 20
  encrypted         = "false" # expect: aws-ebs-encryption-required
}

resource "aws_ebs_volume" "nulled" {
  availability_zone = "eu-west-1b"
  size              = 20
  encrypted         = null # expect: aws-ebs-encryption-required
}
