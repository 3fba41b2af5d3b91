resource "aws_iam_policy" "reader" {
  name = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = "*" },
      { Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::acme-sandbox/*" },
      { Effect = "Deny", Action = "*", Resource = "*" },
    ]
  })
}

resource "aws_iam_role_policy" "ec2" {
  name   = "ec2"
  role   = "ec2"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": ["s3:*", "ec2:*", "rds:*"],
      "Effect": "Allow",
      "Resource": "*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "deny_all" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }

  statement {
    actions   = ["*"]
    resources = ["arn:aws:s3:::acme-data/*"]
  }
}
