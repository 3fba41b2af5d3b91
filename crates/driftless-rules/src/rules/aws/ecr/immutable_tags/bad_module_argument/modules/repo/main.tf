variable "name" {
  type = string
}

variable "tag_mutability" {
  type    = string
  default = "IMMUTABLE"
}

resource "aws_ecr_repository" "this" {
  name                 = var.name
  image_tag_mutability = var.tag_mutability # expect: aws-ecr-immutable-tags
}
