resource "aws_eks_cluster" "lab" {
  # checkov:skip=CKV_AWS_39:lab cluster, reached from the office range only
  name     = "lab"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0"]
    public_access_cidrs = ["192.0.2.0/24"]
  }
}

# driftless:ignore aws-eks-public-endpoint-disabled reason="hosted CI runners" expires=2099-12-31
resource "aws_eks_cluster" "ci" {
  name     = "ci"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}
