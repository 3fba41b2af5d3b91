resource "aws_kms_key" "per_tenant" { # expect: aws-kms-key-rotation-required
  for_each    = toset(["acme", "globex"])
  description = "key of ${each.key}"
}

resource "aws_kms_key" "shards" {
  count               = 3
  description         = "shard ${count.index}"
  enable_key_rotation = count.index != 2 # expect: aws-kms-key-rotation-required
}
