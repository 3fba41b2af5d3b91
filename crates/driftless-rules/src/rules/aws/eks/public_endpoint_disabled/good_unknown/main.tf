variable "public" {
  type = bool
}

resource "aws_eks_cluster" "from_variable" {
  name     = "a"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = var.public
  }
}
