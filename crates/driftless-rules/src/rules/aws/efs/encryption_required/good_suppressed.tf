# Holds public build artefacts only.
# driftless:ignore aws-efs-encryption-required reason="public artefacts" expires=2099-12-31
resource "aws_efs_file_system" "artefacts" {
  creation_token = "artefacts"
}

resource "aws_efs_file_system" "checkov_style" {
  # checkov:skip=CKV_AWS_42:migrating to an encrypted file system
  creation_token = "legacy"
  encrypted      = false
}
