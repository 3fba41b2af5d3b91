variable "tag_mutability" {
  type    = string
  default = "MUTABLE"
}

resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = var.tag_mutability # expect: aws-ecr-immutable-tags
}
