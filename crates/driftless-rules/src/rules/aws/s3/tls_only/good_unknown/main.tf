variable "bucket_name" {
  type = string
}

variable "extra_documents" {
  type = list(string)
}

# The policy's `bucket` is not known: it may configure this bucket.
resource "aws_s3_bucket" "data" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_policy" "data" {
  bucket = var.bucket_name
  policy = "{}"
}

# Built from a template: not known before apply.
resource "aws_s3_bucket" "templated" {
  bucket = "acme-templated"
}

resource "aws_s3_bucket_policy" "templated" {
  bucket = aws_s3_bucket.templated.id
  policy = templatefile("${path.module}/policy.json.tpl", { bucket = aws_s3_bucket.templated.arn })
}

# Merges other documents, which may hold the statement.
resource "aws_s3_bucket" "merged" {
  bucket = "acme-merged"
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = var.extra_documents

  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.merged.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
  }
}

resource "aws_s3_bucket_policy" "merged" {
  bucket = aws_s3_bucket.merged.id
  policy = data.aws_iam_policy_document.merged.json
}
