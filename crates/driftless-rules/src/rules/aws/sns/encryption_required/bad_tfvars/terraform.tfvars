topic_key = ""
