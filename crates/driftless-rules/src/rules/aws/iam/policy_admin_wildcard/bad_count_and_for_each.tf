resource "aws_iam_role_policy" "admin" {
  for_each = toset(["ci", "deploy"])
  name     = "${each.key}-admin"
  role     = each.key
  policy = jsonencode({ # expect: aws-iam-policy-admin-wildcard
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "staged" {
  count = 2
  name  = "staged-${count.index}"
  role  = "staged"
  policy = jsonencode({ # expect: aws-iam-policy-admin-wildcard
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = count.index == 0 ? "s3:GetObject" : "*", Resource = "*" }]
  })
}
