resource "aws_ecr_repository" "services" { # expect: aws-ecr-scan-on-push-required
  for_each = toset(["api", "web"])
  name     = each.key
}

resource "aws_ecr_repository" "mirrors" {
  count = 2
  name  = "mirror-${count.index}"

  image_scanning_configuration {
    scan_on_push = count.index == 0 # expect: aws-ecr-scan-on-push-required
  }
}
