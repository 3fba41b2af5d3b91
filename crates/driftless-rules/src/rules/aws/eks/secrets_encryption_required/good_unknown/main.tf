variable "encrypted_resources" {
  type = list(string)
}

variable "encryption" {
  type = list(string)
}

resource "aws_eks_cluster" "from_variable" {
  name     = "a"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = var.encrypted_resources

    provider {
      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
}

resource "aws_eks_cluster" "dynamic" {
  name     = "b"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  dynamic "encryption_config" {
    for_each = var.encryption
    content {
      resources = ["secrets"]

      provider {
        key_arn = encryption_config.value
      }
    }
  }
}
