resource "aws_security_group" "lab" {
  name = "lab"

  # driftless:ignore aws-vpc-sg-rdp-open-to-world reason="isolated training lab"
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "checkov_style" {
  # checkov:skip=CKV_AWS_25:kiosk machines behind a gateway
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
