resource "aws_ecr_repository" "app" {
  name = "app"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "services" {
  for_each = toset(["api", "web"])
  name     = each.key

  dynamic "image_scanning_configuration" {
    for_each = [true]
    content {
      scan_on_push = image_scanning_configuration.value
    }
  }
}
