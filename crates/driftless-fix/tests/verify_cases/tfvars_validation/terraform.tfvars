log_retention_days = 3
