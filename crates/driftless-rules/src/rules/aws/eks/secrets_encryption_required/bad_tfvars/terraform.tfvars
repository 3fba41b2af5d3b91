encrypted_resources = []
