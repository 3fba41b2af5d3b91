resource "aws_eks_cluster" "main" { # expect: aws-eks-secrets-encryption-required
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}
