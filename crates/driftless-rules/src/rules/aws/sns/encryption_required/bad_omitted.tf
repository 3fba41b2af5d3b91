resource "aws_sns_topic" "alerts" { # expect: aws-sns-encryption-required
  name = "alerts"
}

resource "aws_sns_topic" "orders" { # expect: aws-sns-encryption-required
  name       = "orders.fifo"
  fifo_topic = true
}

resource "aws_sns_topic" "empty" {} # expect: aws-sns-encryption-required
