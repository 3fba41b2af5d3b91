//! CloudTrail rules: trails.
