# What breaks: the retention comes from terraform.tfvars, and the variable accepts only the
# values of a list the team keeps (365 is not in it). The fix of
# aws-cloudwatch-log-retention-set writes 365 into terraform.tfvars: `terraform plan` fails
# with "Invalid value for variable".
variable "log_retention_days" {
  type = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90], var.log_retention_days)
    error_message = "Pick a retention from the team's list."
  }
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/app/worker"
  retention_in_days = var.log_retention_days
}
