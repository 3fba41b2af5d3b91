resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# The flow log is declared by a module that receives the VPC's id.
module "flow_logs" {
  source = "./modules/flow_logs"
  vpc_id = aws_vpc.main.id
}
