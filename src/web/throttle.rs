//! The sign-in limit, kept so that a stranger cannot lock an admin out (OWASP's
//! authentication cheat sheet: prefer delays to lock-out).
//!
//! Failed sign-ins are counted in a sliding window of 15 minutes, under the name as it is
//! looked up (trimmed, lower case), three ways:
//! - per name and address: after 5 failures that address may not try that name again until the
//!   window has passed;
//! - per address: after 30 failures, whatever the names, that address may not try any name;
//! - per name, from any address: from the 6th failure on, each further wrong password is
//!   answered after a delay that doubles (1 s, 2 s, 4 s … 30 s at most). A correct password is
//!   answered at once, and an address that has not failed for the name is never held, so the
//!   owner signs in from their own device while someone else guesses.

use actix_web::HttpRequest;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures that hold an address for one name.
pub const PER_PAIR: usize = 5;
/// Failures that hold an address for every name.
pub const PER_ADDRESS: usize = 30;
/// Failures for a name, from all addresses together, after which wrong answers are slowed.
pub const PER_NAME: usize = 5;
/// The window failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The longest delay of a wrong answer.
pub const MAX_DELAY: Duration = Duration::from_secs(30);

/// The name as it is looked up and counted: trimmed and lower case, so `"Anna "` and `"anna"`
/// share their attempts.
pub fn normalise(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Why an attempt is not tried at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Too many failures for this name from this address.
    NameFromAddress,
    /// Too many failures from this address.
    Address,
}

/// An attempt that is held, and for how much longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    /// Why.
    pub held: Held,
    /// Until the oldest counted failure leaves the window.
    pub remaining: Duration,
}

/// What a failure recorded did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failed {
    /// How long to wait before answering this wrong password.
    pub delay: Duration,
    /// The hold this failure started (to be audited once), if any.
    pub started: Option<Held>,
    /// Whether this failure started slowing the name down (to be audited once).
    pub slowed: bool,
}

/// Failed sign-ins per key, and which peers are trusted reverse proxies (to find the client's
/// address behind them).
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
    trusted_proxies: Vec<IpAddr>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::behind(Vec::new())
    }
}

fn pair_key(name: &str, ip: &str) -> String {
    format!("pair:{ip} {name}")
}

fn address_key(ip: &str) -> String {
    format!("ip:{ip}")
}

fn name_key(name: &str) -> String {
    format!("name:{name}")
}

impl LoginLimiter {
    /// A limiter for a server behind `trusted_proxies` (`[server] trusted_proxies`).
    pub fn behind(trusted_proxies: Vec<IpAddr>) -> LoginLimiter {
        LoginLimiter {
            failures: Mutex::default(),
            trusted_proxies,
        }
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the nearest
    /// address in `X-Forwarded-For` that is not a trusted proxy itself. Entries are read from
    /// the right (the ones the proxies appended); one that is not an address stops the walk.
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let chain: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in chain.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) if self.trusts(ip) => continue,
                Ok(ip) => return Some(ip),
                Err(_) => break,
            }
        }
        Some(peer)
    }

    /// Whether `peer` is one of the trusted reverse proxies.
    pub fn trusts(&self, peer: IpAddr) -> bool {
        self.trusted_proxies.contains(&peer)
    }

    /// Forgets what has aged out, so names tried once do not pile up.
    fn prune(map: &mut HashMap<String, Vec<Instant>>, now: Instant) {
        map.retain(|_, list| {
            list.retain(|t| now.saturating_duration_since(*t) < WINDOW);
            !list.is_empty()
        });
    }

    /// Whether an attempt for `name` (normalised) from `ip` is held, checked before the
    /// password is.
    pub fn hold(&self, name: &str, ip: &str, now: Instant) -> Option<Hold> {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        Self::prune(&mut map, now);
        let over = |key: String, max: usize, held: Held| {
            let list = map.get(&key)?;
            (list.len() >= max).then(|| Hold {
                held,
                remaining: WINDOW.saturating_sub(now.saturating_duration_since(list[0])),
            })
        };
        over(pair_key(name, ip), PER_PAIR, Held::NameFromAddress)
            .or_else(|| over(address_key(ip), PER_ADDRESS, Held::Address))
    }

    /// Records a wrong password for `name` (normalised) from `ip`.
    pub fn fail(&self, name: &str, ip: &str, now: Instant) -> Failed {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        Self::prune(&mut map, now);
        let mut push = |key: String| {
            let list = map.entry(key).or_default();
            list.push(now);
            list.len()
        };
        let pair = push(pair_key(name, ip));
        let address = push(address_key(ip));
        let by_name = push(name_key(name));
        let started = if pair == PER_PAIR {
            Some(Held::NameFromAddress)
        } else if address == PER_ADDRESS {
            Some(Held::Address)
        } else {
            None
        };
        Failed {
            delay: name_delay(by_name),
            started,
            slowed: by_name == PER_NAME + 1,
        }
    }

    /// Clears this address's failures for `name` after a correct password; the name's and
    /// the address's own counts stay, so one success does not reset someone else's guessing.
    pub fn succeed(&self, name: &str, ip: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&pair_key(name, ip));
    }
}

/// The delay of a wrong answer after `failures` for one name: none up to [`PER_NAME`], then
/// 1 s doubling up to [`MAX_DELAY`].
fn name_delay(failures: usize) -> Duration {
    if failures <= PER_NAME {
        return Duration::ZERO;
    }
    let doublings = (failures - PER_NAME - 1).min(16) as u32;
    Duration::from_secs(1u64 << doublings).min(MAX_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn client(l: &LoginLimiter, peer: &str, forwarded: Option<&str>) -> String {
        let mut r = TestRequest::default().peer_addr(peer.parse().unwrap());
        if let Some(f) = forwarded {
            r = r.insert_header(("x-forwarded-for", f));
        }
        l.client_ip(&r.to_http_request()).unwrap().to_string()
    }

    #[test]
    fn client_address_is_read_behind_trusted_proxies_only() {
        let direct = LoginLimiter::default();
        let proxied = LoginLimiter::behind(vec![
            "127.0.0.1".parse().unwrap(),
            "10.0.0.2".parse().unwrap(),
        ]);
        let local = "127.0.0.1:5000";
        // Without trusted proxies the header is ignored: anyone can write it.
        assert_eq!(client(&direct, local, Some("203.0.113.5")), "127.0.0.1");
        assert_eq!(client(&proxied, local, Some("203.0.113.5")), "203.0.113.5");
        // A forged left-most entry does not count: the nearest untrusted hop does.
        assert_eq!(
            client(&proxied, local, Some("6.6.6.6, 203.0.113.5, 10.0.0.2")),
            "203.0.113.5"
        );
        // A peer that is not a trusted proxy is not believed.
        assert_eq!(
            client(&proxied, "198.51.100.7:5000", Some("203.0.113.5")),
            "198.51.100.7"
        );
        // Garbage where a proxy writes, or no header: the peer.
        assert_eq!(
            client(&proxied, local, Some("203.0.113.5, junk")),
            "127.0.0.1"
        );
        assert_eq!(client(&proxied, local, None), "127.0.0.1");
    }

    #[test]
    fn names_are_counted_as_they_are_looked_up() {
        assert_eq!(normalise("  Anna "), "anna");
        assert_eq!(normalise("anna\t"), normalise("ANNA"));
    }

    #[test]
    fn an_address_is_held_for_a_name_others_are_not() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for i in 0..PER_PAIR {
            assert_eq!(l.hold("anna", "10.0.0.9", t0), None);
            let f = l.fail("anna", "10.0.0.9", t0);
            let last = i + 1 == PER_PAIR;
            assert_eq!(f.started, last.then_some(Held::NameFromAddress));
        }
        let hold = l.hold("anna", "10.0.0.9", t0).unwrap();
        assert_eq!(hold.held, Held::NameFromAddress);
        assert_eq!(hold.remaining, WINDOW);
        // Anna's own address, and another name from the guessing address, are not held.
        assert_eq!(l.hold("anna", "10.0.0.7", t0), None);
        assert_eq!(l.hold("bert", "10.0.0.9", t0), None);
        // The hold ends with the window.
        let later = t0 + WINDOW - Duration::from_secs(60);
        assert_eq!(
            l.hold("anna", "10.0.0.9", later).unwrap().remaining,
            Duration::from_secs(60)
        );
        assert_eq!(l.hold("anna", "10.0.0.9", t0 + WINDOW), None);
    }

    #[test]
    fn an_address_that_guesses_many_names_is_held_for_all() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        let mut started = Vec::new();
        for i in 0..PER_ADDRESS {
            started.extend(l.fail(&format!("user{i}"), "10.0.0.9", t0).started);
        }
        assert_eq!(started, vec![Held::Address]);
        assert_eq!(
            l.hold("anyone", "10.0.0.9", t0).unwrap().held,
            Held::Address
        );
        assert_eq!(l.hold("anyone", "10.0.0.8", t0), None);
    }

    #[test]
    fn a_name_under_attack_is_slowed_with_growing_delays_not_locked() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        let delays: Vec<u64> = (0..12)
            .map(|i| l.fail("anna", &format!("10.0.1.{i}"), t0).delay.as_secs())
            .collect();
        assert_eq!(delays, vec![0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30]);
        // No address is held for Anna: each tried once.
        assert_eq!(l.hold("anna", "10.0.1.1", t0), None);
        assert_eq!(l.hold("anna", "192.0.2.1", t0), None);
    }

    #[test]
    fn a_success_clears_only_its_own_address() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..4 {
            l.fail("anna", "10.0.0.9", t0);
        }
        l.succeed("anna", "10.0.0.9");
        for _ in 0..4 {
            l.fail("anna", "10.0.0.9", t0);
        }
        assert_eq!(l.hold("anna", "10.0.0.9", t0), None);
        // The name's count went on: the 9th failure is slowed.
        assert_eq!(l.fail("anna", "10.0.0.8", t0).delay, Duration::from_secs(8));
    }
}
