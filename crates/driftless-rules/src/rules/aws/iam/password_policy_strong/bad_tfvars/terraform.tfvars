min_length = 10
