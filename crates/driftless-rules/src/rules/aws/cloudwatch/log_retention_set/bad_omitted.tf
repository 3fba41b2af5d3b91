resource "aws_cloudwatch_log_group" "api" { # expect: aws-cloudwatch-log-retention-set
  name = "/app/api"
}

resource "aws_cloudwatch_log_group" "worker" { # expect: aws-cloudwatch-log-retention-set
  name            = "/app/worker"
  log_group_class = "STANDARD"
}

resource "aws_cloudwatch_log_group" "empty" {} # expect: aws-cloudwatch-log-retention-set

resource "aws_ssm_parameter" "log_class" {
  name           = "/platform/logs/class"
  type           = "String"
  insecure_value = "STANDARD"
}

# Whatever the class turns out to be, the events are kept forever or 2 days.
resource "aws_cloudwatch_log_group" "class_from_variable" { # expect: aws-cloudwatch-log-retention-set
  name            = "/app/class-from-variable"
  log_group_class = aws_ssm_parameter.log_class.insecure_value
}
