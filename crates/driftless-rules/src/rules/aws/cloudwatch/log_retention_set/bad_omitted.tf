resource "aws_cloudwatch_log_group" "api" { # expect: aws-cloudwatch-log-retention-set
  name = "/app/api"
}

resource "aws_cloudwatch_log_group" "worker" { # expect: aws-cloudwatch-log-retention-set
  name            = "/app/worker"
  log_group_class = "STANDARD"
}

resource "aws_cloudwatch_log_group" "empty" {} # expect: aws-cloudwatch-log-retention-set

variable "log_class" {
  type = string
}

# Whatever the class turns out to be, the events are kept forever or 2 days.
resource "aws_cloudwatch_log_group" "class_from_variable" { # expect: aws-cloudwatch-log-retention-set
  name            = "/app/class-from-variable"
  log_group_class = var.log_class
}
