strict_headers = false
