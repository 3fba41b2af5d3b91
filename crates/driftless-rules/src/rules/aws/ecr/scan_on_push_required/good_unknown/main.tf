variable "scan_on_push" {
  type = bool
}

variable "scanning" {
  type = list(bool)
}

resource "aws_ssm_parameter" "scan" {
  name           = "/platform/ecr/scan-on-push"
  type           = "String"
  insecure_value = "true"
}

resource "aws_ecr_repository" "from_variable" {
  name = "from-variable"

  image_scanning_configuration {
    scan_on_push = var.scan_on_push
  }
}

resource "aws_ecr_repository" "from_parameter" {
  name = "from-data"

  image_scanning_configuration {
    scan_on_push = aws_ssm_parameter.scan.insecure_value
  }
}

resource "aws_ecr_repository" "dynamic" {
  name = "dynamic"

  dynamic "image_scanning_configuration" {
    for_each = var.scanning
    content {
      scan_on_push = image_scanning_configuration.value
    }
  }
}
