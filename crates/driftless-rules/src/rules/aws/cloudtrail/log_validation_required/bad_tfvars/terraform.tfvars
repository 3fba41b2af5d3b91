validate_logs = false
