//! Encryption at rest for client secrets and refresh tokens: ChaCha20-Poly1305 under one
//! 32-byte key from `LINKWATCH_KEY` (base64) or the file named by `LINKWATCH_KEY_FILE`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use std::path::Path;

const VERSION: u8 = 1;

/// Why the vault could not be opened or a value decrypted.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The key is not 32 bytes of base64.
    #[error(
        "{0}: the key must be 32 bytes in base64 (make one with: head -c32 /dev/urandom | base64)"
    )]
    BadKey(String),
    /// The key file could not be read or created.
    #[error("key file {path}: {source}")]
    KeyFile {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Decryption failed: wrong key or damaged data.
    #[error("cannot decrypt stored {0}: the encryption key is not the one this database was written with, or the data is damaged")]
    WrongKey(String),
}

/// Encrypts and decrypts values bound to a purpose string (the associated data).
#[derive(Clone)]
pub struct Vault {
    cipher: ChaCha20Poly1305,
    /// A key derived from the master key for tagging (never used to encrypt).
    tag_key: [u8; 32],
    /// A key derived from the master key for signing form tokens (never used to encrypt).
    form_key: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

impl Vault {
    /// A vault from raw key bytes.
    pub fn from_key(key: &[u8; 32]) -> Vault {
        use hmac::Mac;
        let derive = |purpose: &[u8]| -> [u8; 32] {
            let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(key)
                .expect("HMAC takes any key length");
            mac.update(purpose);
            mac.finalize().into_bytes().into()
        };
        Vault {
            cipher: ChaCha20Poly1305::new(Key::from_slice(key)),
            tag_key: derive(b"linkwatch request tag v1"),
            form_key: derive(b"linkwatch form token v1"),
        }
    }

    /// A key derived from the master key for signing form tokens (the sign-in form's): every
    /// process with the same key accepts them.
    pub fn form_key(&self) -> [u8; 32] {
        self.form_key
    }

    /// A key derived from the master key for marking linkwatch's own requests: every process
    /// with the same key (`serve` and `check --once` on one database) recognises them.
    pub fn tag_key(&self) -> [u8; 32] {
        self.tag_key
    }

    /// A vault from a base64 key; `origin` names where it came from for the error.
    pub fn from_base64(text: &str, origin: &str) -> Result<Vault, VaultError> {
        let bytes = B64
            .decode(text.trim())
            .map_err(|_| VaultError::BadKey(origin.into()))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| VaultError::BadKey(origin.into()))?;
        Ok(Vault::from_key(&key))
    }

    /// Opens the key from `LINKWATCH_KEY`, else from `key_file` (created with mode 0600 when missing).
    pub fn open(env_key: Option<&str>, key_file: &Path) -> Result<Vault, VaultError> {
        if let Some(k) = env_key {
            return Vault::from_base64(k, "LINKWATCH_KEY");
        }
        let origin = key_file.display().to_string();
        let io = |source| VaultError::KeyFile {
            path: origin.clone(),
            source,
        };
        match std::fs::read_to_string(key_file) {
            Ok(text) => Vault::from_base64(&text, &origin),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut key);
                write_private(key_file, &B64.encode(key)).map_err(io)?;
                tracing::info!(file = %origin, "created a new encryption key; back it up with the database");
                Ok(Vault::from_key(&key))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// Encrypts `plain` for `purpose` (e.g. `"refresh_token"`).
    pub fn seal(&self, purpose: &str, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: purpose.as_bytes(),
                },
            )
            .expect("ChaCha20-Poly1305 encryption of an in-memory buffer cannot fail");
        let mut out = Vec::with_capacity(1 + 12 + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Decrypts a value sealed for `purpose`.
    pub fn open_sealed(&self, purpose: &str, data: &[u8]) -> Result<Vec<u8>, VaultError> {
        if data.len() < 13 || data[0] != VERSION {
            return Err(VaultError::WrongKey(purpose.into()));
        }
        self.cipher
            .decrypt(
                Nonce::from_slice(&data[1..13]),
                Payload {
                    msg: &data[13..],
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| VaultError::WrongKey(purpose.into()))
    }

    /// Decrypts a value sealed for `purpose` as UTF-8 text.
    pub fn open_string(&self, purpose: &str, data: &[u8]) -> Result<String, VaultError> {
        String::from_utf8(self.open_sealed(purpose, data)?)
            .map_err(|_| VaultError::WrongKey(purpose.into()))
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_key() {
        let a = Vault::from_key(&[7; 32]);
        let b = Vault::from_key(&[8; 32]);
        let sealed = a.seal("refresh_token", b"rt-value");
        assert!(!sealed.windows(8).any(|w| w == b"rt-value"));
        assert_eq!(
            a.open_sealed("refresh_token", &sealed).unwrap(),
            b"rt-value"
        );
        assert!(matches!(
            b.open_sealed("refresh_token", &sealed),
            Err(VaultError::WrongKey(_))
        ));
        // Bound to its purpose: a token cannot be replayed as a secret.
        assert!(a.open_sealed("client_secret", &sealed).is_err());
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let v1 = Vault::open(None, &path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let v2 = Vault::open(None, &path).unwrap();
        let sealed = v1.seal("x", b"y");
        assert_eq!(v2.open_sealed("x", &sealed).unwrap(), b"y");
        assert!(matches!(
            Vault::from_base64("short", "LINKWATCH_KEY"),
            Err(VaultError::BadKey(_))
        ));
    }
}
