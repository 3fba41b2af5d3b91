sse_algorithm = "kms"
