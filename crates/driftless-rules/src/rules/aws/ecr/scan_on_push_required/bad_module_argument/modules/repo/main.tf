variable "name" {
  type = string
}

variable "scan_on_push" {
  type    = bool
  default = true
}

resource "aws_ecr_repository" "this" {
  name = var.name

  image_scanning_configuration {
    scan_on_push = var.scan_on_push # expect: aws-ecr-scan-on-push-required
  }
}
