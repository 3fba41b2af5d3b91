resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
  kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_efs_file_system" "home" {
  creation_token = "home"
  encrypted      = "true"
}

resource "aws_efs_file_system" "none" {
  count          = 0
  creation_token = "none"
}
