variable "http_tokens" {
  type = string
}

data "aws_ssm_parameter" "tokens" {
  name = "/platform/imds/tokens"
}

resource "aws_instance" "from_variable" {
  ami = "ami-0abc1234"

  metadata_options {
    http_tokens = var.http_tokens
  }
}

resource "aws_instance" "from_data" {
  ami = "ami-0abc1234"

  metadata_options {
    http_tokens = data.aws_ssm_parameter.tokens.value
  }
}

resource "aws_launch_template" "dynamic" {
  dynamic "metadata_options" {
    for_each = var.http_tokens == "" ? [] : [1]
    content {
      http_tokens = var.http_tokens
    }
  }
}
