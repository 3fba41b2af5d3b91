variable "encrypt" {
  type = bool
}

variable "options" {
  type = list(object({ enabled = bool }))
}

data "aws_ssm_parameter" "encrypt" {
  name = "/platform/search/encrypt"
}

resource "aws_opensearch_domain" "from_variable" {
  domain_name = "from-variable"

  node_to_node_encryption {
    enabled = var.encrypt
  }
}

resource "aws_opensearch_domain" "from_data" {
  domain_name = "from-data"

  node_to_node_encryption {
    enabled = data.aws_ssm_parameter.encrypt.value
  }
}

resource "aws_opensearch_domain" "dynamic_block" {
  domain_name = "dynamic-block"

  dynamic "node_to_node_encryption" {
    for_each = var.options
    content {
      enabled = node_to_node_encryption.value.enabled
    }
  }
}
