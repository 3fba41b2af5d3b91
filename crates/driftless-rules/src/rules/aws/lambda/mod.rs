//! Lambda rules: functions and their permissions.

pub mod permission_restricted_principal;
