invoker = "*"
