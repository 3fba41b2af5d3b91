resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = false # expect: aws-efs-encryption-required
}

resource "aws_efs_file_system" "home" {
  creation_token = "home"
  encrypted      = "false" # expect: aws-efs-encryption-required
}

resource "aws_efs_file_system" "nulled" {
  creation_token = "nulled"
  encrypted      = null # expect: aws-efs-encryption-required
}
