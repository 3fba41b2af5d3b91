locals {
  clusters = {
    dev  = true
    prod = false
  }
}

resource "aws_eks_cluster" "by_env" {
  for_each = local.clusters
  name     = each.key
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = each.value # expect: aws-eks-public-endpoint-disabled
  }
}

resource "aws_eks_cluster" "pool" {
  count    = 2
  name     = "pool-${count.index}"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config { # expect: aws-eks-public-endpoint-disabled
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}
