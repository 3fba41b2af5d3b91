# Exclusion filters (AWS provider 6; 5.100.0 lacks them): a recommendation, no edit.
resource "aws_ecr_repository" "web" {
  name                 = "web"
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION" # expect: aws-ecr-immutable-tags

  image_tag_mutability_exclusion_filter {
    filter      = "latest"
    filter_type = "WILDCARD"
  }
}

resource "aws_ecr_repository" "tools" {
  name                 = "tools"
  image_tag_mutability = "MUTABLE_WITH_EXCLUSION" # expect: aws-ecr-immutable-tags

  image_tag_mutability_exclusion_filter {
    filter      = "release-*"
    filter_type = "WILDCARD"
  }
}
