# driftless:ignore aws-kms-key-rotation-required reason="rotated by the HSM team's runbook"
resource "aws_kms_key" "manual" {
  description = "manually rotated"
}

resource "aws_kms_key" "legacy" {
  # checkov:skip=CKV_AWS_7:short-lived key, deleted after the migration
  description = "migration key"
}
