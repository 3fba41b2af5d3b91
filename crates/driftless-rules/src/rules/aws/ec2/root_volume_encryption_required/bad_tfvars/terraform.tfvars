encrypt_volumes = false
