//! S3 rules: buckets and their split-out configuration resources.
