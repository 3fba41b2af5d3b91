encrypt_queue = false
