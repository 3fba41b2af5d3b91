all_regions = false
