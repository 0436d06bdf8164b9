//! The other half of `src/provider/oy.rs`'s hybrid encryption: the private key opens what
//! the library sealed with the public one.
//!
//! - RSA (`personal_information`, `address`): standard base64 of one or more k-byte blocks
//!   (k = the key's size; more than one when the library's `chunked` option split a long
//!   plaintext), each decrypted alone with the configured padding, the plaintexts
//!   concatenated.
//! - AES-256 (the photos), keyed by the `secret` from `personal_information`: GCM with the
//!   12-byte nonce first and the 16-byte tag last, or CBC with the 16-byte IV first and
//!   PKCS#7 padding. What comes out is the photo's base64 text.
//!
//! Decryption is blinded. The `rsa` crate's decryption has a known timing side channel
//! (RUSTSEC-2023-0071); it does not matter for a loopback test server holding a published
//! test key, and this is the only place in the project that decrypts.

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine as _;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, KeyIvInit};
use kyc_precheck::provider::{AesMode, RsaScheme};
use rand_core::OsRng;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use sha2::Sha256;

/// The name the library's options use for `scheme`.
pub fn rsa_name(scheme: RsaScheme) -> &'static str {
    match scheme {
        RsaScheme::OaepSha256 => "oaep-sha256",
        RsaScheme::OaepSha1 => "oaep-sha1",
        RsaScheme::Pkcs1v15 => "pkcs1v15",
    }
}

/// The name the library's options use for `mode`.
pub fn aes_name(mode: AesMode) -> &'static str {
    match mode {
        AesMode::Gcm => "gcm",
        AesMode::Cbc => "cbc",
    }
}

/// OY's key pair and the schemes in force.
pub struct Keys {
    private: RsaPrivateKey,
    public: RsaPublicKey,
    /// The RSA padding.
    pub rsa: RsaScheme,
    /// The AES mode.
    pub aes: AesMode,
}

impl Keys {
    /// Reads a private key in PEM, PKCS#8 (`PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`);
    /// text before the `-----BEGIN` line is ignored (the test key file starts with a
    /// note).
    ///
    /// # Errors
    ///
    /// What is wrong with the PEM.
    pub fn from_pem(pem: &str, rsa: RsaScheme, aes: AesMode) -> Result<Keys, String> {
        let start = pem
            .find("-----BEGIN ")
            .ok_or("the OY private key file has no -----BEGIN line")?;
        let pem = pem[start..].trim_end();
        let label = pem["-----BEGIN ".len()..]
            .split("-----")
            .next()
            .unwrap_or_default();
        let private = match label {
            "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| e.to_string()),
            "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_pem(pem).map_err(|e| e.to_string()),
            _ => Err(format!(
                "expected PRIVATE KEY or RSA PRIVATE KEY, found {label:?}"
            )),
        }
        .map_err(|error| format!("the OY private key cannot be read: {error}"))?;
        let public = private.to_public_key();
        Ok(Keys {
            private,
            public,
            rsa,
            aes,
        })
    }

    /// Opens an RSA-encrypted field: the plaintext and the number of blocks it came in.
    ///
    /// # Errors
    ///
    /// Why it does not open (never anything of the plaintext).
    pub fn open_rsa(&self, sealed: &str) -> Result<(Vec<u8>, usize), String> {
        let sealed = base64::engine::general_purpose::STANDARD
            .decode(sealed.trim())
            .map_err(|_| "is not standard base64".to_owned())?;
        let block = self.private.size();
        if sealed.is_empty() || sealed.len() % block != 0 {
            return Err(format!(
                "is {} bytes, not a whole number of {block}-byte RSA blocks",
                sealed.len()
            ));
        }
        let mut plaintext = Vec::new();
        for ciphertext in sealed.chunks(block) {
            let opened = match self.rsa {
                RsaScheme::OaepSha256 => {
                    self.private
                        .decrypt_blinded(&mut OsRng, Oaep::new::<Sha256>(), ciphertext)
                }
                RsaScheme::OaepSha1 => {
                    self.private
                        .decrypt_blinded(&mut OsRng, Oaep::new::<Sha1>(), ciphertext)
                }
                RsaScheme::Pkcs1v15 => {
                    self.private
                        .decrypt_blinded(&mut OsRng, Pkcs1v15Encrypt, ciphertext)
                }
            }
            .map_err(|_| format!("does not decrypt with RSA {}", rsa_name(self.rsa)))?;
            plaintext.extend(opened);
        }
        Ok((plaintext, sealed.len() / block))
    }

    /// Opens an AES-encrypted photo with the 32-byte `key`.
    ///
    /// # Errors
    ///
    /// Why it does not open.
    pub fn open_aes(&self, key: &[u8], sealed: &str) -> Result<Vec<u8>, String> {
        let sealed = base64::engine::general_purpose::STANDARD
            .decode(sealed.trim())
            .map_err(|_| "is not standard base64".to_owned())?;
        let failed = || {
            format!(
                "does not decrypt with AES-256-{}",
                aes_name(self.aes).to_uppercase()
            )
        };
        match self.aes {
            AesMode::Gcm => {
                if sealed.len() < 12 + 16 {
                    return Err(failed());
                }
                let (nonce, ciphertext) = sealed.split_at(12);
                let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| failed())?;
                cipher
                    .decrypt(Nonce::from_slice(nonce), ciphertext)
                    .map_err(|_| failed())
            }
            AesMode::Cbc => {
                if sealed.len() < 32 || sealed.len() % 16 != 0 {
                    return Err(failed());
                }
                let (iv, ciphertext) = sealed.split_at(16);
                cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
                    .map_err(|_| failed())?
                    .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                    .map_err(|_| failed())
            }
        }
    }

    /// `plaintext` RSA-encrypted with the public half and the configured padding, as
    /// standard base64: the callback's `data.nik`.
    ///
    /// # Errors
    ///
    /// When the plaintext does not fit one block.
    pub fn seal_rsa(&self, plaintext: &[u8]) -> Result<String, String> {
        let sealed = match self.rsa {
            RsaScheme::OaepSha256 => {
                self.public
                    .encrypt(&mut OsRng, Oaep::new::<Sha256>(), plaintext)
            }
            RsaScheme::OaepSha1 => self
                .public
                .encrypt(&mut OsRng, Oaep::new::<Sha1>(), plaintext),
            RsaScheme::Pkcs1v15 => self.public.encrypt(&mut OsRng, Pkcs1v15Encrypt, plaintext),
        }
        .map_err(|error| error.to_string())?;
        Ok(base64::engine::general_purpose::STANDARD.encode(sealed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRIVATE_KEY: &str = include_str!("../../../tests/providers/oy-test-key.pem");

    #[test]
    fn what_is_sealed_opens_and_a_wrong_scheme_does_not() {
        let keys = Keys::from_pem(PRIVATE_KEY, RsaScheme::OaepSha256, AesMode::Gcm).expect("key");
        let sealed = keys
            .seal_rsa(b"{\"nik\":\"3273015205900001\"}")
            .expect("seals");
        let (opened, blocks) = keys.open_rsa(&sealed).expect("opens");
        assert_eq!(opened, b"{\"nik\":\"3273015205900001\"}");
        assert_eq!(blocks, 1);
        let other = Keys::from_pem(PRIVATE_KEY, RsaScheme::Pkcs1v15, AesMode::Cbc).expect("key");
        assert!(other.open_rsa(&sealed).is_err());
        assert!(keys.open_rsa("not base64!").is_err());
        assert!(keys.open_rsa("AAAA").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_private_key() {
        for pem in [
            "no key here",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
        ] {
            assert!(Keys::from_pem(pem, RsaScheme::default(), AesMode::default()).is_err());
        }
    }
}
