encrypt_database = false
