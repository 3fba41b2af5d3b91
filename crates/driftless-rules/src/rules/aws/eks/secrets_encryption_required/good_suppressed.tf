resource "aws_eks_cluster" "lab" {
  # checkov:skip=CKV_AWS_58:lab cluster, no secrets
  name     = "lab"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

#trivy:ignore:AVD-AWS-0039
resource "aws_eks_cluster" "ci" {
  name     = "ci"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}
