# driftless:ignore aws-vpc-sg-all-ports-open-to-world reason="honeypot" expires=2099-01-01
resource "aws_security_group" "honeypot" {
  name = "honeypot"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# kics-scan ignore-block
resource "aws_security_group_rule" "kics_style" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
