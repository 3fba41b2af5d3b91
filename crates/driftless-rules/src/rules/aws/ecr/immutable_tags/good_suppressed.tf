# driftless:ignore aws-ecr-immutable-tags reason="base images rebuilt nightly under the same tag"
resource "aws_ecr_repository" "base" {
  name = "base"
}

resource "aws_ecr_repository" "cache" {
  # checkov:skip=CKV_AWS_51:build cache layers, overwritten on purpose
  name                 = "cache"
  image_tag_mutability = "MUTABLE"
}
