resource "aws_efs_file_system" "shared" { # expect: aws-efs-encryption-required
  creation_token   = "shared"
  performance_mode = "generalPurpose"
}

resource "aws_efs_file_system" "empty" {} # expect: aws-efs-encryption-required
