//! Hybrid encryption for a provider that asks for RSA- and AES-encrypted fields (OY's):
//! RSA public-key encryption of short JSON texts and AES-256 encryption of longer ones
//! under a per-request key. It takes plain values (a PEM key, a scheme, a mode) and knows
//! nothing of providers.
//!
//! Only encryption happens here, with RustCrypto's crates; the timing attack on `rsa`'s
//! decryption (RUSTSEC-2023-0071) does not apply.
//!
//! # Weak choices
//!
//! [`RsaScheme::Pkcs1v15`] encryption is open to padding-oracle attacks (Bleichenbacher
//! 1998) wherever the receiver reveals whether a padding was valid, and RFC 8017 keeps it
//! only for compatibility; [`AesMode::Cbc`] has no integrity (a ciphertext can be altered
//! undetected, and padding oracles apply). Use them only when the provider confirms it
//! decrypts nothing else. Keys under 2048 bits are refused unless the caller allows them.

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine as _;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockEncryptMut, KeyIvInit};
use rand_core::{OsRng, RngCore};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, Pkcs1v15Encrypt, RsaPublicKey};
use serde::Deserialize;
use sha1::Sha1;
use sha2::Sha256;

/// The RSA padding a field is encrypted with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum RsaScheme {
    /// RSA-OAEP with SHA-256 and MGF1-SHA-256 (the default: the modern choice).
    #[default]
    #[serde(rename = "oaep-sha256")]
    OaepSha256,
    /// RSA-OAEP with SHA-256 and MGF1-SHA-1: Java's `RSA/ECB/OAEPWithSHA-256AndMGF1Padding`
    /// default, which keeps SHA-1 for the mask.
    #[serde(rename = "oaep-sha256-mgf1-sha1")]
    OaepSha256Mgf1Sha1,
    /// RSA-OAEP with SHA-1 and MGF1-SHA-1 (what many Java and PHP defaults produce).
    #[serde(rename = "oaep-sha1")]
    OaepSha1,
    /// RSAES-PKCS1-v1_5 (see the module docs: a weak choice).
    #[serde(rename = "pkcs1v15")]
    Pkcs1v15,
}

/// The AES mode a long field is encrypted with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AesMode {
    /// AES-256-GCM, the 12-byte nonce prepended to the ciphertext and tag (the default).
    #[default]
    Gcm,
    /// AES-256-CBC with PKCS#7 padding, the 16-byte IV prepended (see the module docs).
    Cbc,
}

/// The smallest RSA key accepted without [`KeyPolicy::allow_weak`].
pub const MIN_KEY_BITS: usize = 2048;

/// The smallest RSA key accepted at all.
pub const MIN_WEAK_KEY_BITS: usize = 1024;

/// Which keys are accepted.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyPolicy {
    /// Accept keys of [`MIN_WEAK_KEY_BITS`] to [`MIN_KEY_BITS`] − 1 bits.
    pub allow_weak: bool,
}

/// Reads an RSA public key from PEM: SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`).
///
/// # Errors
///
/// What is wrong, starting with "needs", for a message such as "oy id-card needs
/// options.publicKey (PEM)".
pub fn public_key(pem: Option<&str>, policy: KeyPolicy) -> Result<RsaPublicKey, String> {
    let Some(pem) = pem.filter(|pem| !pem.trim().is_empty()) else {
        return Err("needs options.publicKey (PEM)".to_owned());
    };
    const EXPECTED: &str =
        "-----BEGIN PUBLIC KEY----- (SPKI) or -----BEGIN RSA PUBLIC KEY----- (PKCS#1)";
    // Explanatory text before the boundary is allowed by RFC 7468 and common in key files.
    let Some(start) = pem.find("-----BEGIN ") else {
        return Err(format!(
            "needs options.publicKey in PEM, {EXPECTED}; this text has no -----BEGIN line"
        ));
    };
    let pem = pem[start..].trim_end();
    let label = pem["-----BEGIN ".len()..]
        .split("-----")
        .next()
        .unwrap_or_default();
    let key = match label {
        "PUBLIC KEY" => RsaPublicKey::from_public_key_pem(pem).map_err(|e| e.to_string()),
        "RSA PUBLIC KEY" => RsaPublicKey::from_pkcs1_pem(pem).map_err(|e| e.to_string()),
        _ if label.contains("PRIVATE KEY") => {
            return Err(format!(
                "needs options.publicKey to be OY's public key, not a private key ({label:?}): \
                 a private key must never reach the browser"
            ))
        }
        _ => {
            return Err(format!(
                "needs options.publicKey in PEM, {EXPECTED}; this one is {label:?}"
            ))
        }
    }
    .map_err(|error| {
        format!("needs options.publicKey to be an RSA public key in PEM ({label}): {error}")
    })?;
    let bits = key.n().bits();
    let min = if policy.allow_weak {
        MIN_WEAK_KEY_BITS
    } else {
        MIN_KEY_BITS
    };
    if bits < min {
        let hint = if policy.allow_weak || bits < MIN_WEAK_KEY_BITS {
            String::new()
        } else {
            " (options.allowWeakKey accepts keys from 1024 bits, if the provider has no other)"
                .to_owned()
        };
        return Err(format!(
            "needs options.publicKey to be an RSA key of at least {min} bits; this one has {bits}{hint}"
        ));
    }
    Ok(key)
}

/// `N` bytes from the platform's secure random source (`crypto.getRandomValues` in a
/// browser).
///
/// # Errors
///
/// When there is no secure random source.
pub fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0; N];
    OsRng.try_fill_bytes(&mut bytes).map_err(|error| {
        format!("needs a secure random source (crypto.getRandomValues) to encrypt: {error}")
    })?;
    Ok(bytes)
}

/// A public key with the padding, AES mode and block handling chosen.
pub struct Sealer {
    key: RsaPublicKey,
    scheme: RsaScheme,
    aes: AesMode,
    chunked: bool,
}

impl Sealer {
    /// A sealer for `key`.
    pub fn new(key: RsaPublicKey, scheme: RsaScheme, aes: AesMode, chunked: bool) -> Sealer {
        Sealer {
            key,
            scheme,
            aes,
            chunked,
        }
    }

    /// Whether a plaintext longer than one block is cut into blocks.
    pub fn chunked(&self) -> bool {
        self.chunked
    }

    /// The longest plaintext one RSA block holds (RFC 8017, 7.1.1 and 7.2.1: the label
    /// hash sets OAEP's overhead; MGF1's hash does not).
    pub fn block_bytes(&self) -> usize {
        let overhead = match self.scheme {
            RsaScheme::OaepSha256 | RsaScheme::OaepSha256Mgf1Sha1 => 2 * 32 + 2,
            RsaScheme::OaepSha1 => 2 * 20 + 2,
            RsaScheme::Pkcs1v15 => 11,
        };
        self.key.size().saturating_sub(overhead)
    }

    /// `plaintext` RSA-encrypted, in blocks when chunked, as standard base64.
    ///
    /// # Errors
    ///
    /// When the plaintext does not fit one block (unchunked) or randomness fails.
    pub fn rsa(&self, plaintext: &[u8]) -> Result<String, String> {
        let blocks: Vec<&[u8]> = if self.chunked {
            plaintext.chunks(self.block_bytes().max(1)).collect()
        } else {
            vec![plaintext]
        };
        let mut sealed = Vec::with_capacity(blocks.len() * self.key.size());
        for block in blocks {
            let ciphertext = match self.scheme {
                RsaScheme::OaepSha256 => self.key.encrypt(&mut OsRng, Oaep::new::<Sha256>(), block),
                RsaScheme::OaepSha256Mgf1Sha1 => {
                    self.key
                        .encrypt(&mut OsRng, Oaep::new_with_mgf_hash::<Sha256, Sha1>(), block)
                }
                RsaScheme::OaepSha1 => self.key.encrypt(&mut OsRng, Oaep::new::<Sha1>(), block),
                RsaScheme::Pkcs1v15 => self.key.encrypt(&mut OsRng, Pkcs1v15Encrypt, block),
            }
            .map_err(|error| error.to_string())?;
            sealed.extend(ciphertext);
        }
        Ok(base64::engine::general_purpose::STANDARD.encode(sealed))
    }

    /// The standard base64 text of `bytes`, AES-256-encrypted with `key` (the nonce or IV
    /// in front), appended to `out` as standard base64. The base64 text is written once,
    /// into the buffer that is then encrypted in place.
    ///
    /// # Errors
    ///
    /// When randomness or the cipher fails.
    pub fn aes_base64_of(
        &self,
        key: &[u8; 32],
        bytes: &[u8],
        out: &mut String,
    ) -> Result<(), String> {
        let encoded = bytes.len().div_ceil(3) * 4;
        let prefix = match self.aes {
            AesMode::Gcm => 12,
            AesMode::Cbc => 16,
        };
        // Room for the nonce or IV, the text, and the tag or the padding.
        let mut buffer = vec![0u8; prefix + encoded];
        buffer.reserve(16);
        base64::engine::general_purpose::STANDARD
            .encode_slice(bytes, &mut buffer[prefix..])
            .map_err(|error| error.to_string())?;
        match self.aes {
            AesMode::Gcm => {
                let nonce = random::<12>()?;
                buffer[..12].copy_from_slice(&nonce);
                let cipher = Aes256Gcm::new_from_slice(key).map_err(|error| error.to_string())?;
                let tag = cipher
                    .encrypt_in_place_detached(Nonce::from_slice(&nonce), b"", &mut buffer[12..])
                    .map_err(|error| error.to_string())?;
                buffer.extend_from_slice(&tag);
            }
            AesMode::Cbc => {
                let iv = random::<16>()?;
                buffer[..16].copy_from_slice(&iv);
                let text = buffer.len() - 16;
                buffer.resize(16 + (text / 16 + 1) * 16, 0);
                let cipher = cbc::Encryptor::<aes::Aes256>::new_from_slices(key, &iv)
                    .map_err(|error| error.to_string())?;
                let sealed = cipher
                    .encrypt_padded_mut::<Pkcs7>(&mut buffer[16..], text)
                    .map_err(|error| error.to_string())?
                    .len();
                buffer.truncate(16 + sealed);
            }
        }
        base64::engine::general_purpose::STANDARD.encode_string(&buffer, out);
        Ok(())
    }
}
