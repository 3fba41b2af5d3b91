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

  encrypt_at_rest {
    enabled = var.encrypt
  }
}

resource "aws_opensearch_domain" "from_data" {
  domain_name = "from-data"

  encrypt_at_rest {
    enabled = data.aws_ssm_parameter.encrypt.value
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
