trail_key = ""
