associate_public_ip_address = true
