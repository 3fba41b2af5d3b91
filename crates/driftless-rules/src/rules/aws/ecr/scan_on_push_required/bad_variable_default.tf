variable "scan_on_push" {
  type    = bool
  default = false
}

resource "aws_ecr_repository" "app" {
  name = "app"

  image_scanning_configuration {
    scan_on_push = var.scan_on_push # expect: aws-ecr-scan-on-push-required
  }
}
