locals {
  services = {
    api    = 731
    worker = 14
  }
}

resource "aws_cloudwatch_log_group" "shard" { # expect: aws-cloudwatch-log-retention-set
  count = 2
  name  = "/app/shard-${count.index}"
}

resource "aws_cloudwatch_log_group" "service" {
  for_each          = local.services
  name              = "/app/${each.key}"
  retention_in_days = each.value # expect: aws-cloudwatch-log-retention-set
}
