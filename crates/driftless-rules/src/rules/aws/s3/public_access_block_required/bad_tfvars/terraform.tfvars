public_access_blocked = false
