resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config { # expect: aws-eks-public-endpoint-disabled
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "restricted"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config { # expect: aws-eks-public-endpoint-disabled
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    public_access_cidrs     = ["192.0.2.0/24"]
  }
}
