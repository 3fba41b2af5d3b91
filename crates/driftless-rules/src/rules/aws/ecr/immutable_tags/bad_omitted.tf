resource "aws_ecr_repository" "app" { # expect: aws-ecr-immutable-tags
  name = "app"

  image_scanning_configuration {
    scan_on_push = true
  }
}
