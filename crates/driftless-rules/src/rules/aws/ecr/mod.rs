//! ECR rules: repositories.
