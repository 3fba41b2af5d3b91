default_egress = [{
  from_port        = 0
  to_port          = 0
  protocol         = "-1"
  cidr_blocks      = ["0.0.0.0/0"]
  description      = "all out"
  ipv6_cidr_blocks = []
  prefix_list_ids  = []
  security_groups  = []
  self             = false
}]
