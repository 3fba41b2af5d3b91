//! Counting login attempts per client address, so password guessing slows down without
//! letting anyone lock a user out. [`AppState`](crate::AppState) holds one
//! [`LoginLimiter`]; the login handler asks it before checking a password.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Login attempts, to slow down password guessing without letting anyone lock a user out.
///
/// Two counters per window: attempts for (client address, user name), limited to `max`, and
/// attempts from a client address over every name, limited to `5 × max` (password spraying).
/// An attempt is counted *before* the password is checked, so parallel requests cannot all
/// slip under the limit; a successful login clears its (address, name) counter and gives its
/// attempt back to the address. Keying by address means a stranger's failures never lock a
/// user out from their own address. Behind a reverse proxy every client has the proxy's
/// address: put the proxy's own rate limiting in front.
#[derive(Debug, Default)]
pub(crate) struct LoginLimiter {
    attempts: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    fn keys(name: &str, client: IpAddr) -> (String, String) {
        (
            format!("{client}|{}", name.to_lowercase()),
            client.to_string(),
        )
    }

    /// Counts an attempt of `name` from `client`; `false` (and nothing counted) when either
    /// counter is at its limit for the current `window`.
    pub(crate) fn attempt(&self, name: &str, client: IpAddr, max: u32, window: Duration) -> bool {
        let mut map = self
            .attempts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 10_000 {
            map.retain(|_, (_, since)| since.elapsed() < window);
        }
        let (user_key, client_key) = Self::keys(name, client);
        let count = |map: &HashMap<String, (u32, Instant)>, key: &str| {
            map.get(key)
                .filter(|(_, since)| since.elapsed() < window)
                .map_or(0, |(n, _)| *n)
        };
        if count(&map, &user_key) >= max || count(&map, &client_key) >= max.saturating_mul(5) {
            return false;
        }
        for key in [user_key, client_key] {
            let entry = map.entry(key).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= window {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
        }
        true
    }

    /// Clears the (address, name) counter after a successful login and gives the attempt
    /// back to the address.
    pub(crate) fn succeeded(&self, name: &str, client: IpAddr) {
        let mut map = self
            .attempts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (user_key, client_key) = Self::keys(name, client);
        map.remove(&user_key);
        if let Some(entry) = map.get_mut(&client_key) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LoginLimiter;
    use std::net::{IpAddr, Ipv4Addr};
    use std::time::Duration;

    const A: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn attempts_are_counted_before_checking_and_per_address() {
        let l = LoginLimiter::default();
        let w = Duration::from_mins(5);
        for _ in 0..3 {
            assert!(l.attempt("dev", A, 3, w));
        }
        assert!(
            !l.attempt("dev", A, 3, w),
            "the fourth attempt from A is refused"
        );
        assert!(!l.attempt("DEV", A, 3, w), "names are case-insensitive");
        assert!(
            l.attempt("dev", B, 3, w),
            "the user can still log in from elsewhere"
        );
        l.succeeded("dev", B);
        // Spraying many names from one address stops at 5 x max attempts.
        let sprayed = (0..40)
            .filter(|i| l.attempt(&format!("u{i}"), B, 3, w))
            .count();
        assert_eq!(sprayed, 15);
    }
}
