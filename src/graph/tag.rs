//! linkwatch's own token requests carry a `client-request-id` it can recognise later without
//! storing it: a GUID whose second half is a keyed tag of its first half (FACTS.md §19). The
//! identity platform logs it as the sign-in record's `correlationId`, so the application's
//! own sign-ins can be told from linkwatch's, which use the same app, user and secret.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Issues and recognises tagged request ids.
#[derive(Clone)]
pub struct RequestTag {
    key: [u8; 32],
}

impl std::fmt::Debug for RequestTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RequestTag(***)")
    }
}

impl RequestTag {
    /// Tags under `key` (from [`crate::vault::Vault::tag_key`]).
    pub fn new(key: [u8; 32]) -> RequestTag {
        RequestTag { key }
    }

    /// A key of this process only (tests, tools without a vault).
    pub fn random() -> RequestTag {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        RequestTag { key }
    }

    fn tag(&self, head: &[u8]) -> [u8; 8] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(head);
        let full = mac.finalize().into_bytes();
        let mut t = [0u8; 8];
        t.copy_from_slice(&full[..8]);
        t
    }

    /// A new request id: random first half (with the GUID version 4 bits), tag second half
    /// (with the variant bits).
    pub fn issue(&self) -> String {
        let mut b = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut b[..8]);
        b[6] = (b[6] & 0x0f) | 0x40;
        let tag = self.tag(&b[..8]);
        b[8..].copy_from_slice(&tag);
        b[8] = (b[8] & 0x3f) | 0x80;
        uuid::Uuid::from_bytes(b).hyphenated().to_string()
    }

    /// Whether `id` is one this key issued.
    pub fn is_ours(&self, id: &str) -> bool {
        let Ok(u) = uuid::Uuid::parse_str(id.trim()) else {
            return false;
        };
        let b = u.as_bytes();
        let mut want = self.tag(&b[..8]);
        want[0] = (want[0] & 0x3f) | 0x80;
        b[8..] == want
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_ids_are_recognised_by_the_same_key_only() {
        let (a, b) = (RequestTag::new([1; 32]), RequestTag::new([2; 32]));
        for _ in 0..100 {
            let id = a.issue();
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
            assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 4);
            assert!(a.is_ours(&id) && a.is_ours(&id.to_uppercase()));
            assert!(!b.is_ours(&id));
        }
        assert!(!a.is_ours(&uuid::Uuid::new_v4().to_string()));
        assert!(!a.is_ours("not-a-guid"));
    }
}
