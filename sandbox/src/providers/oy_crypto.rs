//! The other half of OY's hybrid encryption: the private key opens what a client sealed
//! with the public one.
//!
//! The page names the ciphers and nothing more: `personal_information` and `address` are
//! "RSA", the photos "AES" (seed `004_2895ca2f59c0c3f7.txt`, lines 224–227), and
//! `personal_information` carries a `secret` (line 224). The project's reading, which the
//! sandbox shares with any client that wants to be opened here, is configurable:
//!
//! - RSA (`personal_information`, `address`): standard base64 of one or more k-byte blocks
//!   (k = the key's size; more than one when a long plaintext was split), each decrypted
//!   alone with the [`RsaScheme`] in force, the plaintexts concatenated.
//! - AES-256 (the photos), keyed by the `secret` (standard base64 of 32 bytes), in the
//!   [`AesMode`] in force: GCM with the 12-byte nonce first and the 16-byte tag last, or
//!   CBC with the 16-byte IV first and PKCS#7 padding. What comes out is the photo's
//!   base64 text.
//!
//! Decryption is blinded. The `rsa` crate's decryption has a known timing side channel
//! (RUSTSEC-2023-0071); it does not matter for a loopback test server holding a published
//! test key, and this is the only place in the project that decrypts.

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine as _;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, KeyIvInit};
use rand_core::OsRng;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use sha2::Sha256;

/// The RSA padding of `personal_information` and `address` (`--oy-rsa`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RsaScheme {
    /// `oaep-sha256`: OAEP with SHA-256 for the label hash and MGF1 (the default).
    #[default]
    OaepSha256,
    /// `oaep-sha1`: OAEP with SHA-1 for both.
    OaepSha1,
    /// `oaep-sha256-mgf1-sha1`: OAEP with SHA-256 for the label hash and MGF1-SHA-1, what
    /// Java's `RSA/ECB/OAEPWithSHA-256AndMGF1Padding` does by default.
    OaepSha256Mgf1Sha1,
    /// `pkcs1v15`: PKCS#1 v1.5 encryption padding.
    Pkcs1v15,
}

/// The AES mode of the photos (`--oy-aes`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AesMode {
    /// `gcm`: 12-byte nonce first, 16-byte tag last (the default).
    #[default]
    Gcm,
    /// `cbc`: 16-byte IV first, PKCS#7 padding.
    Cbc,
}

impl RsaScheme {
    /// Every scheme, in `--help` order.
    pub const ALL: [RsaScheme; 4] = [
        RsaScheme::OaepSha256,
        RsaScheme::OaepSha1,
        RsaScheme::OaepSha256Mgf1Sha1,
        RsaScheme::Pkcs1v15,
    ];

    /// Its name on the command line and in the request log.
    pub fn name(self) -> &'static str {
        match self {
            RsaScheme::OaepSha256 => "oaep-sha256",
            RsaScheme::OaepSha1 => "oaep-sha1",
            RsaScheme::OaepSha256Mgf1Sha1 => "oaep-sha256-mgf1-sha1",
            RsaScheme::Pkcs1v15 => "pkcs1v15",
        }
    }

    /// The scheme `name` names.
    pub fn from_name(name: &str) -> Option<RsaScheme> {
        RsaScheme::ALL
            .into_iter()
            .find(|scheme| scheme.name() == name)
    }
}

impl AesMode {
    /// Every mode, in `--help` order.
    pub const ALL: [AesMode; 2] = [AesMode::Gcm, AesMode::Cbc];

    /// Its name on the command line and in the request log.
    pub fn name(self) -> &'static str {
        match self {
            AesMode::Gcm => "gcm",
            AesMode::Cbc => "cbc",
        }
    }

    /// The mode `name` names.
    pub fn from_name(name: &str) -> Option<AesMode> {
        AesMode::ALL.into_iter().find(|mode| mode.name() == name)
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

    /// The public half, as the SPKI PEM (`PUBLIC KEY`) OY gives its integrators.
    pub fn public_key_pem(&self) -> String {
        use rsa::pkcs8::{EncodePublicKey, LineEnding};
        // Encoding a valid RSA public key as SPKI cannot fail; an empty string would show
        // up as the page's "key could not be loaded".
        self.public
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_default()
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
                RsaScheme::OaepSha256Mgf1Sha1 => self.private.decrypt_blinded(
                    &mut OsRng,
                    Oaep::new_with_mgf_hash::<Sha256, Sha1>(),
                    ciphertext,
                ),
                RsaScheme::Pkcs1v15 => {
                    self.private
                        .decrypt_blinded(&mut OsRng, Pkcs1v15Encrypt, ciphertext)
                }
            }
            .map_err(|_| format!("does not decrypt with RSA {}", self.rsa.name()))?;
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
                self.aes.name().to_uppercase()
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
            RsaScheme::OaepSha256Mgf1Sha1 => self.public.encrypt(
                &mut OsRng,
                Oaep::new_with_mgf_hash::<Sha256, Sha1>(),
                plaintext,
            ),
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
    fn the_mgf1_sha1_variant_is_its_own_scheme() {
        let java =
            Keys::from_pem(PRIVATE_KEY, RsaScheme::OaepSha256Mgf1Sha1, AesMode::Gcm).expect("key");
        let sealed = java.seal_rsa(b"{}").expect("seals");
        assert_eq!(java.open_rsa(&sealed).expect("opens").0, b"{}");
        for other in [RsaScheme::OaepSha256, RsaScheme::OaepSha1] {
            let keys = Keys::from_pem(PRIVATE_KEY, other, AesMode::Gcm).expect("key");
            assert!(keys.open_rsa(&sealed).is_err(), "{other:?}");
        }
    }

    #[test]
    fn names_read_back() {
        for scheme in RsaScheme::ALL {
            assert_eq!(RsaScheme::from_name(scheme.name()), Some(scheme));
        }
        for mode in AesMode::ALL {
            assert_eq!(AesMode::from_name(mode.name()), Some(mode));
        }
        assert_eq!(RsaScheme::from_name("OAEP-SHA256"), None);
        assert_eq!(AesMode::from_name("ecb"), None);
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
