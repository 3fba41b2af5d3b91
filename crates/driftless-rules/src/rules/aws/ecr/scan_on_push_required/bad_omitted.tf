resource "aws_ecr_repository" "app" { # expect: aws-ecr-scan-on-push-required
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name = "worker"

  image_scanning_configuration {} # expect: aws-ecr-scan-on-push-required
}
