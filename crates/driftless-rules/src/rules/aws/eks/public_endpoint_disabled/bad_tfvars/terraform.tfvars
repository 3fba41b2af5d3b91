cluster_endpoint_public_access = true
