scan_images = false
