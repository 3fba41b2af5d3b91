//! Elastic Load Balancing rules: Application and Network Load Balancers and their listeners.

pub mod drop_invalid_headers;
pub mod https_listener;
