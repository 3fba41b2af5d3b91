# Half-migrated from Terraform 0.11: this file does not parse, and driftless says where.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  kms_master_key_id = 
}
