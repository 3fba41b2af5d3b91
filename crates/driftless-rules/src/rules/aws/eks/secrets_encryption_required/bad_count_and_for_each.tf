locals {
  clusters = {
    dev  = []
    prod = ["secrets"]
  }
}

resource "aws_eks_cluster" "pool" { # expect: aws-eks-secrets-encryption-required
  count    = 2
  name     = "pool-${count.index}"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

resource "aws_eks_cluster" "by_env" {
  for_each = local.clusters
  name     = each.key
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = each.value # expect: aws-eks-secrets-encryption-required

    provider {
      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
}
