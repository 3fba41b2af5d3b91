map_public_ip_on_launch = true
