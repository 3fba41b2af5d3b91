variable "http_tokens" {
  type = string
}

resource "aws_ssm_parameter" "tokens" {
  name           = "/platform/imds/tokens"
  type           = "String"
  insecure_value = "required"
}

resource "aws_instance" "from_variable" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = var.http_tokens
  }
}

resource "aws_instance" "from_parameter" {
  ami           = "ami-0abc1234"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = aws_ssm_parameter.tokens.insecure_value
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
