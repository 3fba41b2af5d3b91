resource "aws_s3_bucket" "mirror" {
  count  = 2
  bucket = "acme-mirror-${count.index}"
  acl    = "public-read" # expect: aws-s3-no-public-acl
}

resource "aws_s3_bucket" "team" {
  for_each = toset(["red", "blue"])
  bucket   = "acme-${each.key}"
}

resource "aws_s3_bucket_acl" "team" {
  for_each = { red = "private", blue = "public-read" }
  bucket   = aws_s3_bucket.team[each.key].id
  acl      = each.value # expect: aws-s3-no-public-acl
}
