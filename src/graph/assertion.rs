//! A certificate as the client credential: the signed JWT (`client_assertion`, RFC 7523,
//! OpenID Connect's `private_key_jwt`) that the identity platform takes instead of a client
//! secret. The certificate and its private key travel as one PEM text, held as a
//! [`Secret`](crate::targets::Secret) like a client secret (encrypted at rest, never shown).

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use chrono::{DateTime, Utc};
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::json;

/// `client_assertion_type` of a signed JWT.
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long an assertion is valid (Microsoft: "5-10 minutes after nbf").
const LIFETIME_SECS: i64 = 600;

/// Whether a credential's text is a certificate bundle (PEM) rather than a client secret.
/// Entra client secrets are 40 characters of `[A-Za-z0-9~._-]`: never a space, so never
/// a PEM header.
pub fn is_certificate(text: &str) -> bool {
    text.trim_start().starts_with("-----BEGIN ")
}

/// What is wrong with a certificate bundle.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CertError {
    /// No `CERTIFICATE` block.
    #[error("no certificate in it (a PEM block \"-----BEGIN CERTIFICATE-----\" is expected)")]
    NoCertificate,
    /// No private key block.
    #[error("no private key in it (a PEM block \"-----BEGIN PRIVATE KEY-----\" or \"-----BEGIN RSA PRIVATE KEY-----\" is expected)")]
    NoKey,
    /// Not PEM at all, or a damaged block.
    #[error("it is not readable PEM ({0})")]
    Unreadable(String),
    /// An EC key, a key shorter than 2048 bits or otherwise refused.
    #[error("the private key is not an RSA key of 2048 bits or more, which Microsoft Entra requires for certificate credentials ({0})")]
    NotRsa(String),
    /// The key does not belong to the certificate.
    #[error("the private key does not belong to the certificate")]
    Mismatch,
}

/// A certificate with its private key, ready to sign assertions.
pub struct Certificate {
    der: Vec<u8>,
    key: RsaKeyPair,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Certificate({})", self.thumbprint())
    }
}

impl Certificate {
    /// Reads the first certificate and the private key of a PEM text (in any order), and
    /// checks that they belong together.
    pub fn from_pem(text: &str) -> Result<Certificate, CertError> {
        let der = match CertificateDer::from_pem_slice(text.as_bytes()) {
            Ok(c) => c.as_ref().to_vec(),
            Err(rustls_pki_types::pem::Error::NoItemsFound) => {
                return Err(CertError::NoCertificate)
            }
            Err(e) => return Err(CertError::Unreadable(e.to_string())),
        };
        let key = match PrivateKeyDer::from_pem_slice(text.as_bytes()) {
            Ok(PrivateKeyDer::Pkcs1(k)) => RsaKeyPair::from_der(k.secret_pkcs1_der()),
            Ok(PrivateKeyDer::Pkcs8(k)) => RsaKeyPair::from_pkcs8(k.secret_pkcs8_der()),
            Ok(_) => return Err(CertError::NotRsa("an elliptic-curve key".into())),
            Err(rustls_pki_types::pem::Error::NoItemsFound) => return Err(CertError::NoKey),
            Err(e) => return Err(CertError::Unreadable(e.to_string())),
        }
        .map_err(|e| CertError::NotRsa(e.to_string()))?;
        let cert = Certificate { der, key };
        cert.check_pair()?;
        Ok(cert)
    }

    /// Signs a probe and verifies it with the certificate's public key.
    fn check_pair(&self) -> Result<(), CertError> {
        let probe = b"linkwatch certificate check";
        let signature = self.sign(probe).map_err(|_| CertError::Mismatch)?;
        verify(&self.der, probe, &signature, false).map_err(|_| CertError::Mismatch)
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, ring::error::Unspecified> {
        let mut signature = vec![0; self.key.public().modulus_len()];
        self.key.sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            message,
            &mut signature,
        )?;
        Ok(signature)
    }

    /// The SHA-1 thumbprint in hex, as the Azure portal lists it.
    pub fn thumbprint(&self) -> String {
        thumbprint_hex(&self.der)
    }

    /// The signed JWT that authenticates `client_id` to the token endpoint `audience`
    /// (RS256 with the `x5t` thumbprint, which every Entra cloud accepts).
    pub fn assertion(
        &self,
        client_id: &str,
        audience: &str,
        now: DateTime<Utc>,
    ) -> Result<String, ring::error::Unspecified> {
        let header =
            json!({"alg": "RS256", "typ": "JWT", "x5t": B64.encode(thumbprint_sha1(&self.der))});
        let t = now.timestamp();
        let claims = json!({
            "aud": audience,
            "iss": client_id,
            "sub": client_id,
            "jti": uuid::Uuid::new_v4().to_string(),
            "nbf": t,
            "iat": t,
            "exp": t + LIFETIME_SECS,
        });
        let signing_input = format!(
            "{}.{}",
            B64.encode(header.to_string()),
            B64.encode(claims.to_string())
        );
        let signature = self.sign(signing_input.as_bytes())?;
        Ok(format!("{signing_input}.{}", B64.encode(signature)))
    }
}

/// The SHA-1 thumbprint of a certificate's DER, in upper-case hex.
pub fn thumbprint_hex(der: &[u8]) -> String {
    thumbprint_sha1(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// The SHA-256 thumbprint of a certificate's DER (for `x5t#S256`).
pub fn thumbprint_sha256(der: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, der)
        .as_ref()
        .to_vec()
}

/// The SHA-1 thumbprint of a certificate's DER (for `x5t`).
pub fn thumbprint_sha1(der: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, der)
        .as_ref()
        .to_vec()
}

/// Verifies an RSA signature (PKCS#1 v1.5, or PSS for PS256) made with the key of the
/// certificate `der`.
pub fn verify(der: &[u8], message: &[u8], signature: &[u8], pss: bool) -> Result<(), String> {
    let cert_der = CertificateDer::from(der);
    let cert = webpki::EndEntityCert::try_from(&cert_der).map_err(|e| e.to_string())?;
    let alg = if pss {
        webpki::ring::RSA_PSS_2048_8192_SHA256_LEGACY_KEY
    } else {
        webpki::ring::RSA_PKCS1_2048_8192_SHA256
    };
    cert.verify_signature(alg, message, signature)
        .map_err(|e| e.to_string())
}

/// The DER of every certificate in a PEM text.
pub fn certificates(pem: &str) -> Vec<Vec<u8>> {
    CertificateDer::pem_slice_iter(pem.as_bytes())
        .filter_map(Result::ok)
        .map(|c| c.as_ref().to_vec())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = include_str!("../../tests/fixtures/certificates/monitor.key");
    const CERT: &str = include_str!("../../tests/fixtures/certificates/monitor.crt");
    const OTHER_CERT: &str = include_str!("../../tests/fixtures/certificates/other.crt");
    const EC_KEY: &str = include_str!("../../tests/fixtures/certificates/ec.key");

    #[test]
    fn an_assertion_is_signed_by_the_certificate_and_names_the_client() {
        let cert = Certificate::from_pem(&format!("{CERT}\n{KEY}")).unwrap();
        let jwt = cert
            .assertion("client-1", "https://login/t/oauth2/v2.0/token", Utc::now())
            .unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&B64.decode(parts[0]).unwrap()).unwrap();
        let claims: serde_json::Value =
            serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
        let der = &certificates(CERT)[0];
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["x5t"], B64.encode(thumbprint_sha1(der)));
        assert_eq!(claims["iss"], "client-1");
        assert_eq!(claims["sub"], "client-1");
        assert_eq!(claims["aud"], "https://login/t/oauth2/v2.0/token");
        let signed = format!("{}.{}", parts[0], parts[1]);
        let sig = B64.decode(parts[2]).unwrap();
        verify(der, signed.as_bytes(), &sig, false).unwrap();
        assert!(verify(&certificates(OTHER_CERT)[0], signed.as_bytes(), &sig, false).is_err());
    }

    #[test]
    fn a_bundle_that_cannot_sign_is_named() {
        assert_eq!(
            Certificate::from_pem(KEY).unwrap_err(),
            CertError::NoCertificate
        );
        assert_eq!(Certificate::from_pem(CERT).unwrap_err(), CertError::NoKey);
        assert_eq!(
            Certificate::from_pem(&format!("{OTHER_CERT}{KEY}")).unwrap_err(),
            CertError::Mismatch
        );
        assert!(matches!(
            Certificate::from_pem(&format!("{CERT}{EC_KEY}")).unwrap_err(),
            CertError::NotRsa(_)
        ));
        assert!(is_certificate(&format!("\n{CERT}")));
        assert!(!is_certificate("abc8Q~defGHIjkl.mno-pqr_stu~vwx.yz0123456"));
    }
}
