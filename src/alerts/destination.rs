//! Where alerts may go (DESIGN.md "Where alerts may go"): a destination entered in the
//! dashboard — a channel's URL or SMTP host, or a test of one — may not reach this machine or
//! the internal network, so the dashboard cannot be used as a port scanner. It is checked when
//! saved, when tested and at every delivery, after DNS resolution: every address a name
//! resolves to must be public, and the connection goes to the address that was checked (the
//! HTTP client resolves through [`GuardedResolver`]; SMTP connects to the checked address), so a
//! second lookup cannot change it. Redirects are not followed. Destinations declared in the
//! configuration file are the operator's and are not checked, nor anything when `[alerts]
//! allow_private_destinations = true`.

use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::LazyLock;

/// A destination that resolves to an address alerts may not go to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is {}: alerts set up in the dashboard may not go to this machine or the internal network (the operator can allow it with [alerts] allow_private_destinations = true)", shown(.host, .addr), .range)]
pub struct Refused {
    /// The host as entered.
    pub host: String,
    /// The address it is or resolves to.
    pub addr: IpAddr,
    /// What kind of address that is ("a loopback address").
    pub range: &'static str,
}

impl Refused {
    /// The refusal for a form field, in the reader's language, naming the address.
    pub fn form_text(&self, l: crate::explain::Lang) -> String {
        let bare = self.host.trim_start_matches('[').trim_end_matches(']');
        let address = if bare.parse::<IpAddr>().ok() == Some(self.addr) {
            self.addr.to_string()
        } else {
            format!("{} ({})", self.host, self.addr)
        };
        l.with("destination-is-internal", &[("address", &address)])
    }
}

/// A channel's destination checked as at delivery (on the calling thread): the form field to
/// name and why it is refused.
pub fn check_channel_now(channel: &super::Channel) -> Result<(), (&'static str, Refused)> {
    use super::ChannelKind;
    match &channel.kind {
        ChannelKind::Email(s) => check_now(&s.host, s.port).map_err(|r| ("smtp_host", r)),
        ChannelKind::Webhook { url, .. }
        | ChannelKind::Slack { url }
        | ChannelKind::Teams { url } => check_url_now(url.expose()).map_err(|r| ("url", r)),
    }
}

fn shown(host: &str, addr: &IpAddr) -> String {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<IpAddr>().ok() == Some(*addr) {
        addr.to_string()
    } else if literal(host).is_some() {
        format!("{host} means {addr}, which")
    } else {
        format!("{host} resolves to {addr}, which")
    }
}

/// The ranges refused, with what they are.
static RANGES: LazyLock<Vec<(IpNet, &'static str)>> = LazyLock::new(|| {
    [
        ("0.0.0.0/8", "an address of this machine (0.0.0.0/8)"),
        ("127.0.0.0/8", "a loopback address"),
        ("10.0.0.0/8", "a private address"),
        ("172.16.0.0/12", "a private address"),
        ("192.168.0.0/16", "a private address"),
        ("169.254.0.0/16", "a link-local address"),
        ("100.64.0.0/10", "a shared address (carrier-grade NAT)"),
        ("192.0.0.0/24", "an IETF protocol address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("::/128", "an address of this machine (::)"),
        ("::1/128", "a loopback address"),
        ("fc00::/7", "a unique-local address"),
        ("fe80::/10", "a link-local address"),
        ("ff00::/8", "a multicast address"),
    ]
    .into_iter()
    .map(|(net, what)| (net.parse().expect("a valid range"), what))
    .collect()
});

/// What kind of address `ip` is, when alerts may not go there. IPv4 addresses written as IPv6
/// (`::ffff:127.0.0.1`, and NAT64's `64:ff9b::/96`) are judged as the IPv4 address they carry.
pub fn forbidden(ip: IpAddr) -> Option<&'static str> {
    let ip = match ip {
        IpAddr::V6(v6) => match (v6.to_ipv4_mapped(), v6.segments()) {
            (Some(v4), _) => IpAddr::V4(v4),
            (None, [0x64, 0xff9b, 0, 0, 0, 0, _, _]) => IpAddr::V4(std::net::Ipv4Addr::from(
                (u128::from(v6) & 0xffff_ffff) as u32,
            )),
            _ => ip,
        },
        v4 => v4,
    };
    RANGES
        .iter()
        .find(|(net, _)| net.contains(&ip))
        .map(|(_, what)| *what)
}

/// `host` as an address when it is written as one, in any of the forms browsers accept
/// (`2130706433`, `0x7f.1`, `127.1`, `[::ffff:127.0.0.1]`).
pub fn literal(host: &str) -> Option<IpAddr> {
    let host = host.trim();
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Some(ip);
    }
    match url::Host::parse(host).ok()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

/// Checks addresses `host` resolved to: all of them must be allowed.
pub fn check(host: &str, addrs: &[IpAddr]) -> Result<(), Refused> {
    match addrs.iter().find_map(|a| forbidden(*a).map(|r| (*a, r))) {
        Some((addr, range)) => Err(Refused {
            host: host.to_string(),
            addr,
            range,
        }),
        None => Ok(()),
    }
}

/// Resolves `host` (or reads it as an address) and checks every address, on the calling thread
/// (the dashboard's forms run on the blocking pool). A name that does not resolve now passes:
/// it cannot reach anything, and each delivery checks again.
pub fn check_now(host: &str, port: u16) -> Result<(), Refused> {
    if let Some(ip) = literal(host) {
        return check(host, &[ip]);
    }
    let addrs: Vec<IpAddr> = (host.trim(), port)
        .to_socket_addrs()
        .map(|a| a.map(|s| s.ip()).collect())
        .unwrap_or_default();
    check(host, &addrs)
}

/// A URL's host, as [`literal`] and [`resolve`] read it (`[::1]` for an IPv6 address), and
/// its port; `None` for a URL without a host or one that does not parse (its own check says
/// so).
fn url_host(url: &str) -> Option<(String, u16)> {
    let u = url::Url::parse(url).ok()?;
    let port = u.port_or_known_default().unwrap_or(443);
    Some((u.host()?.to_string(), port))
}

/// Checks the host of a URL (its literal address, or every address its name resolves to), on
/// the calling thread.
pub fn check_url_now(url: &str) -> Result<(), Refused> {
    url_host(url).map_or(Ok(()), |(host, port)| check_now(&host, port))
}

/// [`check_url_now`] without holding a thread while the name resolves.
pub async fn check_url(url: &str) -> Result<(), ResolveError> {
    match url_host(url) {
        Some((host, port)) => resolve(&host, port).await.map(|_| ()),
        None => Ok(()),
    }
}

/// Resolves `host:port` and checks every address; the addresses to connect to.
pub async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
    if let Some(ip) = literal(host) {
        check(host, &[ip])?;
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.trim(), port))
        .await
        .map_err(|e| ResolveError::Lookup(format!("{host}: {e}")))?
        .collect();
    if addrs.is_empty() {
        return Err(ResolveError::Lookup(format!("{host}: no address")));
    }
    let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
    check(host, &ips)?;
    Ok(addrs)
}

/// Why a guarded name could not be used.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ResolveError {
    /// It resolves to a refused address.
    #[error(transparent)]
    Refused(#[from] Refused),
    /// It does not resolve.
    #[error("the address does not resolve: {0}")]
    Lookup(String),
}

/// A resolver for the HTTP client of dashboard-entered destinations: every address a name
/// resolves to is checked, and the client connects to the addresses returned here.
#[derive(Debug, Default)]
pub struct GuardedResolver;

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs = resolve(&host, 0).await.map_err(Box::new)?;
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

/// Whether an error's text says a destination was refused: the client's resolver refused an
/// address that a second lookup gave after the first was checked (the HTTP client hides the
/// resolver's error type behind its own boxes, so its text is what is left).
pub fn is_refusal(text: &str) -> bool {
    text.contains("alerts set up in the dashboard may not go to")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_of_writing_an_internal_address_is_refused() {
        for host in [
            "127.0.0.1",
            "[::1]",
            "::1",
            "0.0.0.0",
            "2130706433",
            "0x7f.1",
            "127.1",
            "017700000001",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "169.254.169.254",
            "10.0.0.25",
            "172.16.5.4",
            "192.168.1.1",
            "100.64.0.1",
            "[fd00::1]",
            "[fe80::1]",
            "[64:ff9b::7f00:1]",
        ] {
            let ip = literal(host).unwrap_or_else(|| panic!("{host} is an address"));
            assert!(forbidden(ip).is_some(), "{host} ({ip}) must be refused");
        }
        for host in ["8.8.8.8", "[2606:4700::1111]", "172.32.0.1", "100.128.0.1"] {
            let ip = literal(host).unwrap();
            assert_eq!(forbidden(ip), None, "{host} is public");
        }
        assert_eq!(literal("hooks.example.org"), None);
    }

    #[test]
    fn a_refusal_names_the_address_and_what_it_is() {
        let e = check_now("0x7f.1", 25).unwrap_err();
        assert_eq!(e.addr, "127.0.0.1".parse::<IpAddr>().unwrap());
        assert!(
            e.to_string()
                .starts_with("0x7f.1 means 127.0.0.1, which is a loopback address"),
            "{e}"
        );
        let e = check_now("127.0.0.1", 25).unwrap_err();
        assert!(
            e.to_string().starts_with("127.0.0.1 is a loopback address"),
            "{e}"
        );
        let e = check_now("localhost", 25).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("localhost resolves to 127.0.0.1, which is a loopback")
                || e.to_string()
                    .starts_with("localhost resolves to ::1, which is a loopback"),
            "{e}"
        );
        let e = check_url_now("http://169.254.169.254/latest/meta-data").unwrap_err();
        assert!(e.to_string().contains("link-local"), "{e}");
        assert!(check_url_now("https://[::ffff:127.0.0.1]:8080/x").is_err());
        assert!(check_url_now("http://2130706433:9101/").is_err());
        assert_eq!(
            url_host("https://hooks.example.org/x"),
            Some(("hooks.example.org".into(), 443))
        );
        assert_eq!(url_host("http://[::1]:25/"), Some(("[::1]".into(), 25)));
    }

    #[tokio::test]
    async fn resolving_checks_every_address() {
        assert!(matches!(
            resolve("localhost", 80).await,
            Err(ResolveError::Refused(_))
        ));
        assert!(matches!(
            resolve("127.1", 80).await,
            Err(ResolveError::Refused(_))
        ));
    }
}
