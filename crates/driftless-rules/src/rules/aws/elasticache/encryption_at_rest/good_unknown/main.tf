variable "encrypt" {
  type = bool
}

resource "aws_ssm_parameter" "encrypt" {
  name           = "/platform/cache/encrypt"
  type           = "String"
  insecure_value = "true"
}

resource "aws_elasticache_replication_group" "from_variable" {
  replication_group_id       = "from-variable"
  description                = "from a variable"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = var.encrypt
}

resource "aws_elasticache_replication_group" "from_parameter" {
  replication_group_id       = "from-data"
  description                = "from a data source"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = aws_ssm_parameter.encrypt.insecure_value
}

variable "engine" {
  type = string
}

# Without the attribute, the default depends on the engine, which is not known.
resource "aws_elasticache_replication_group" "engine_from_variable" {
  replication_group_id = "engine-from-variable"
  description          = "engine unknown"
  node_type            = "cache.t4g.small"
  engine               = var.engine
}
