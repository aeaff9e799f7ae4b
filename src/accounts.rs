//! Dashboard accounts: roles, argon2id password hashes, and random tokens for sessions and
//! CSRF. The store keeps them; this module holds the rules.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// What an account may do. Viewers read; operators also check now, re-link and silence;
/// admins also manage targets, users and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads.
    Viewer,
    /// Reads and acts on targets.
    Operator,
    /// Everything.
    Admin,
}

impl Role {
    /// Parses `admin`, `operator` or `viewer`.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "viewer" => Some(Role::Viewer),
            "operator" => Some(Role::Operator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The name is not usable.
    #[error("name: {0}")]
    Name(String),
    /// The password is too weak.
    #[error("password: {0}")]
    Password(String),
    /// Hashing failed.
    #[error("password hashing failed: {0}")]
    Hash(String),
}

/// Checks a new account's name.
pub fn validate_name(name: &str) -> Result<(), AccountError> {
    if name.is_empty() || name.len() > 64 {
        return Err(AccountError::Name("must be 1 to 64 characters".into()));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c))
    {
        return Err(AccountError::Name(
            "may contain letters, digits and . _ - @ only".into(),
        ));
    }
    Ok(())
}

/// Hashes a password with argon2id (after checking it is long enough).
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    if password.chars().count() < 10 {
        return Err(AccountError::Password(
            "must be at least 10 characters".into(),
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A random URL-safe token of 32 bytes.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The SHA-256 of a token, hex: what the store keeps of a session cookie.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_refuse() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(!verify_password("x", "not a hash"));
        assert!(hash_password("short").is_err());
    }

    #[test]
    fn names_and_roles() {
        assert!(validate_name("anna.devries@contoso.nl").is_ok());
        assert!(validate_name("anna devries").is_err());
        assert_eq!(Role::parse("operator"), Some(Role::Operator));
        assert!(Role::Admin > Role::Operator && Role::Operator > Role::Viewer);
    }
}
