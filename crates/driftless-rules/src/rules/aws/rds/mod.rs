//! RDS rules: DB instances and Aurora clusters.
