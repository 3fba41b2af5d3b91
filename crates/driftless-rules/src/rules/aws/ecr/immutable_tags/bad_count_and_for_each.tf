resource "aws_ecr_repository" "service" { # expect: aws-ecr-immutable-tags
  count = 2
  name  = "service-${count.index}"
}

resource "aws_ecr_repository" "team" {
  for_each             = { api = "IMMUTABLE", worker = "MUTABLE" }
  name                 = each.key
  image_tag_mutability = each.value # expect: aws-ecr-immutable-tags
}
