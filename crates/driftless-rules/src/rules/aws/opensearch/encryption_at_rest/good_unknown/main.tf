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

  encrypt_at_rest {
    enabled = var.encrypt
  }
}

resource "aws_opensearch_domain" "from_parameter" {
  domain_name = "from-data"

  encrypt_at_rest {
    enabled = aws_ssm_parameter.encrypt.insecure_value
  }
}

resource "aws_opensearch_domain" "dynamic_block" {
  domain_name = "dynamic-block"

  dynamic "encrypt_at_rest" {
    for_each = var.options
    content {
      enabled = encrypt_at_rest.value.enabled
    }
  }
}
