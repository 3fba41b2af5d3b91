allowed_actions = ["*"]
