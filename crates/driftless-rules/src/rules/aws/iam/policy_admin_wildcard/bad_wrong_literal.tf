locals {
  admin_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["ec2:*", "*"],
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_user_policy" "ops" {
  name   = "ops"
  user   = "ops"
  policy = local.admin_policy # expect: aws-iam-policy-admin-wildcard
}

resource "aws_iam_policy" "everything" {
  name = "everything"
  policy = jsonencode({ # expect: aws-iam-policy-admin-wildcard
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::acme-data/*"
      },
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_group_policy" "admins" {
  name   = "admins"
  group  = "admins"
  policy = "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": [\"*\"]}}" # expect: aws-iam-policy-admin-wildcard
}

data "aws_iam_policy_document" "mixed" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::acme-data"]
  }

  statement { # expect: aws-iam-policy-admin-wildcard
    effect    = "Allow"
    actions   = ["s3:*", "*"]
    resources = ["*"]
  }
}
