# driftless:ignore aws-ecr-scan-on-push-required reason="scanned by the registry-wide Inspector configuration"
resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_ecr_repository" "cache" {
  # checkov:skip=CKV_AWS_163:pull-through cache of already scanned images
  name = "cache"
}
