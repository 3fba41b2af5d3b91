variable "name" {
  type = string
}

variable "public_endpoint" {
  type    = bool
  default = false
}

resource "aws_eks_cluster" "this" {
  name     = var.name
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = var.public_endpoint # expect: aws-eks-public-endpoint-disabled
  }
}
