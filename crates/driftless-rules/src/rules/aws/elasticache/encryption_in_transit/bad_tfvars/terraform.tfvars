encrypt = false
