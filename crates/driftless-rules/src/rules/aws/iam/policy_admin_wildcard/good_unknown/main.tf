variable "actions" {
  type = list(string)
}

variable "effect" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

data "aws_iam_policy_document" "from_variables" {
  statement {
    effect    = var.effect
    actions   = ["*"]
    resources = ["*"]
  }

  statement {
    actions   = var.actions
    resources = ["*"]
  }
}

# Built from the data source above: checked there.
resource "aws_iam_policy" "from_document" {
  name   = "from-document"
  policy = data.aws_iam_policy_document.from_variables.json
}

# Refers to a bucket ARN, known only after apply.
resource "aws_iam_role_policy" "bucket" {
  name = "bucket"
  role = "app"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = aws_s3_bucket.data.arn }]
  })
}

resource "aws_iam_user_policy" "from_file" {
  name   = "from-file"
  user   = "ops"
  policy = file("${path.module}/policy.json")
}
