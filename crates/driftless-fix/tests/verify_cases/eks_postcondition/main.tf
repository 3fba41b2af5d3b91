# What breaks: a postcondition requires the cluster's API server to stay reachable from
# somewhere (EKS itself refuses a cluster with both endpoints off). The fix of
# aws-eks-public-endpoint-disabled sets `endpoint_public_access = false` and leaves
# `endpoint_private_access = false`: `terraform plan` fails with "Resource postcondition
# failed".
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0aaa1111", "subnet-0bbb2222"]
    endpoint_public_access  = true
    endpoint_private_access = false
  }

  lifecycle {
    postcondition {
      condition     = self.vpc_config[0].endpoint_public_access || self.vpc_config[0].endpoint_private_access
      error_message = "The cluster's API server must be reachable through one endpoint."
    }
  }
}
