# The root module whose values make the fix valid (see envs/public).
module "web" {
  source         = "../../modules/web"
  nat_gateway_id = "nat-0abc1234"
}
