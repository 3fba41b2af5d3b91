variable "encrypt" {
  type = bool
}

variable "options" {
  type = list(object({ enabled = bool }))
}

resource "aws_ssm_parameter" "encrypt" {
  name           = "/platform/search/encrypt"
  type           = "String"
  insecure_value = "true"
}

resource "aws_opensearch_domain" "from_variable" {
  domain_name = "from-variable"

  node_to_node_encryption {
    enabled = var.encrypt
  }
}

resource "aws_opensearch_domain" "from_parameter" {
  domain_name = "from-data"

  node_to_node_encryption {
    enabled = aws_ssm_parameter.encrypt.insecure_value
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
