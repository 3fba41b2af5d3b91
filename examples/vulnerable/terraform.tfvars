web_http_tokens = "optional"
