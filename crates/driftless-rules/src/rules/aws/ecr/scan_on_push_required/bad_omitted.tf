resource "aws_ecr_repository" "app" { # expect: aws-ecr-scan-on-push-required
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}
