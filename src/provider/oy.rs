//! OY! Indonesia KYC (seed `004_2895ca2f59c0c3f7.txt`).
//!
//! > Verification using id-card will be handle asynchronous, and we will send KYC response
//! > via callback url. … `POST BASE_URL/api/kyc/id-card`
//! >
//! > personal_information | String | User personal information consisting of `{name:
//! > <name>, email: <email>, phone_number: <phone_number>, nik: <nik>, secret: <secret>}` |
//! > RSA. address | String | Address information consisting of `{home: <home>, business:
//! > <business>}` | RSA. id_card_photo | String | Base64 encode of Id card photo | AES.
//! > selfie_card_photo | String | Base64 encode of selfie card photo | AES.
//! >
//! > `POST BASE_URL/kyc/phone-number` … personal_information … `{name: <name>,
//! > phone_number: <phone_number>, nik: <nik>}` | RSA. address … `{home: <home>}` | RSA.
//! > phone_number | String | False | Phone number of user, use +62 format
//! >
//! > `POST BASE_URL/kyc/status` … personal_information … `{nik: <nik>}` | RSA
//! >
//! > 008 | Final | Image size more than 1MB
//!
//! `x-oy-username` and `x-api-key` are credentials: the integrator's backend adds them. The
//! request built here never carries them.
//!
//! # Readings
//!
//! The page leaves much open; each reading below is the one this file takes.
//!
//! - **Paths** are the "HTTPS Request" lines exactly: `/api/kyc/id-card`, but
//!   `/kyc/phone-number` and `/kyc/status` without `/api`. (The phone-number curl example
//!   posts a plaintext body to `/kyc/id-card`; its own "HTTPS Request" line and "Request
//!   Body" table say otherwise, and are followed.)
//! - **Encryption** is hybrid. `secret` is a fresh random AES-256 key for each request,
//!   written as the standard base64 of its 32 bytes; it travels RSA-encrypted inside
//!   `personal_information` and encrypts both photos. The page names neither padding nor
//!   mode, so both are options: `options.rsa` is `"oaep-sha256"` (the default, MGF1 with
//!   the same hash), `"oaep-sha1"` or `"pkcs1v15"`; `options.aes` is `"gcm"` (the default:
//!   a random 12-byte nonce, then the ciphertext, then the 16-byte tag) or `"cbc"` (a
//!   random 16-byte IV, then the PKCS#7-padded ciphertext). Each photo gets its own nonce
//!   or IV. Every ciphertext is sent as standard base64 with padding.
//! - **What AES encrypts** is the photo's base64 text, not its raw bytes: the page calls
//!   the value "aes_encrypted_base64_encode_of_id_card_photo", its attribute table says
//!   "Id Card Photo, encode to base64 string", and its body table puts "Base64 encode of Id
//!   card photo" under AES, just as it puts the JSON text of `personal_information` under
//!   RSA. Decrypting gives the base64 text; decoding that gives the photo's exact bytes.
//! - **One RSA block** holds k − 2·hLen − 2 bytes with OAEP (190 for a 2048-bit key with
//!   SHA-256, 214 with SHA-1) and k − 11 with PKCS#1 v1.5 (245). A longer JSON text is
//!   `field.too_long_encrypted` at the longest free-text field it carries, unless
//!   `options.chunked`: then the text is cut into blocks of that size (at byte
//!   boundaries), each block is encrypted alone, and the ciphertexts (k bytes each) are
//!   concatenated before base64. The page describes no chunking: confirm with OY first.
//! - **`email`** is optional ("email | String | False"). When absent it is left out of the
//!   JSON rather than sent empty, so that no empty value meets the validator behind code
//!   001 ("Data on request body is empty or invalid"), and the RSA budget is not spent on it.
//! - **`phone`** is written in the "+62 format" (`+62812…`) for both endpoints: only
//!   phone-number's table says so, and id-card uses the same spelling.
//! - **phone-number's `phone_number`** is marked "False" (optional), yet it is the number
//!   the endpoint verifies: it is required here. id-card's `business_address` is required,
//!   as its table says.
//! - **Photos**: at most 1,000,000 bytes each ("1MB", the stricter reading; code 008),
//!   JPEG or PNG (the page names no format; SVG is not a photograph), no pixel minimum
//!   (none is documented), and the quality measures on, as warnings, like Kredibel's.
//! - **Responses**: every code in "KYC Response Codes" is "Final"; whether a call is charged
//!   is not documented (`charged` is `None`). `000` on id-card and phone-number is "Request
//!   processed": `pending`, the verdict comes by callback. On status and in callbacks,
//!   `000` with the message "verified" is `verified`, with "Request processed" `pending`,
//!   and with any other message unknown: a verdict is never guessed. `008` is `rejected`
//!   (the person can fix it with a smaller photo) without a path, as the page does not say
//!   which photo.
//! - **`data`** (`{nik: <encrypted nik>, signature: <OY! signature>}`) is kept exactly as
//!   received, never decrypted or checked: the page documents neither the NIK's encryption
//!   nor the signature's algorithm. The integrator's backend must confirm a callback with
//!   OY (or the status endpoint) before trusting it.
//! - **Options**: every endpoint takes `publicKey`, `rsa`, `aes` and `chunked`, so that one
//!   options object serves all three (`aes` changes nothing where there is no photo).
//!   `publicKey` is OY's RSA public key in PEM, SPKI (`-----BEGIN PUBLIC KEY-----`) or
//!   PKCS#1 (`-----BEGIN RSA PUBLIC KEY-----`), of at least 1024 bits; text before the
//!   `-----BEGIN` line is ignored. A missing, malformed or private key is a programmer
//!   mistake: `build_request` returns an error and builds nothing.
//! - **Issue paths** into the address follow the applicant's nested object:
//!   `["address", "home"]` and `["address", "business"]`.

use super::{
    at, base64, check_fields, http_failure, AesMode, Applicant, BuildOptions, Built, Endpoint,
    Field, FieldKind, Outcome, Provider, Reading, Request, Required, RsaScheme,
};
use crate::image::{ImageFormat, ImageRule, QualityRule, DEFAULT_MAX_PIXELS};
use crate::issue::{no_errors, Code, Issue, PathSegment};
use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockEncryptMut, KeyIvInit};
use rand_core::{OsRng, RngCore};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, Pkcs1v15Encrypt, RsaPublicKey};
use serde::{Deserialize, Serialize};
use sha1::Sha1;
use sha2::Sha256;

/// OY! Indonesia.
pub const PROVIDER: Provider = Provider {
    id: "oy",
    name: "OY! Indonesia KYC",
    seed: "004_2895ca2f59c0c3f7.txt",
    endpoints: &[
        Endpoint {
            id: "id-card",
            method: "POST",
            path: ID_CARD_PATH,
            fields: ID_CARD_FIELDS,
            options: OPTIONS,
            build: build_id_card,
            read: read_submission,
        },
        Endpoint {
            id: "phone-number",
            method: "POST",
            path: PHONE_NUMBER_PATH,
            fields: PHONE_NUMBER_FIELDS,
            options: OPTIONS,
            build: build_phone_number,
            read: read_submission,
        },
        Endpoint {
            id: "status",
            method: "POST",
            path: STATUS_PATH,
            fields: STATUS_FIELDS,
            options: OPTIONS,
            build: build_status,
            read: read_status,
        },
    ],
};

const ID_CARD_PATH: &str = "/api/kyc/id-card";
const PHONE_NUMBER_PATH: &str = "/kyc/phone-number";
const STATUS_PATH: &str = "/kyc/status";

const OPTIONS: &[&str] = &["publicKey", "rsa", "aes", "chunked"];

/// The smallest RSA key accepted, in bits: anything smaller is not a provider's key.
const MIN_KEY_BITS: usize = 1024;

/// "Image size more than 1MB", read as 1,000,000 bytes.
const MAX_PHOTO_BYTES: u64 = 1_000_000;

/// id-card's fields, in the order of the page's "Request Attribute" table.
const ID_CARD_FIELDS: &[Field] = &[
    Field {
        name: "name",
        provider_name: "personal_information.name",
        kind: FieldKind::Name,
        required: Required::Yes,
        format: "as on the KTP; RSA-encrypted",
        image: None,
    },
    Field {
        name: "address.home",
        provider_name: "address.home",
        kind: FieldKind::Text,
        required: Required::Yes,
        format: "home address as on the KTP; RSA-encrypted",
        image: None,
    },
    Field {
        name: "nik",
        provider_name: "personal_information.nik",
        kind: FieldKind::Nik,
        required: Required::Yes,
        format: "16 digits; RSA-encrypted",
        image: None,
    },
    Field {
        name: "idCard",
        provider_name: "id_card_photo",
        kind: FieldKind::Image,
        required: Required::Yes,
        format: "base64, then AES-encrypted",
        image: Some(photo_rule),
    },
    Field {
        name: "selfie",
        provider_name: "selfie_card_photo",
        kind: FieldKind::Image,
        required: Required::Yes,
        format: "selfie holding the KTP; base64, then AES-encrypted",
        image: Some(photo_rule),
    },
    Field {
        name: "phone",
        provider_name: "personal_information.phone_number",
        kind: FieldKind::Phone,
        required: Required::Yes,
        format: "+62 format (+62812…); RSA-encrypted",
        image: None,
    },
    Field {
        name: "email",
        provider_name: "personal_information.email",
        kind: FieldKind::Email,
        required: Required::No,
        format: "left out when not given; RSA-encrypted",
        image: None,
    },
    Field {
        name: "address.business",
        provider_name: "address.business",
        kind: FieldKind::Text,
        required: Required::Yes,
        format: "business address; RSA-encrypted",
        image: None,
    },
];

/// phone-number's fields, in the order of its "Request Attributes" table.
const PHONE_NUMBER_FIELDS: &[Field] = &[
    Field {
        name: "name",
        provider_name: "personal_information.name",
        kind: FieldKind::Name,
        required: Required::Yes,
        format: "as on the KTP; RSA-encrypted",
        image: None,
    },
    Field {
        name: "address.home",
        provider_name: "address.home",
        kind: FieldKind::Text,
        required: Required::Yes,
        format: "home address; RSA-encrypted",
        image: None,
    },
    Field {
        name: "nik",
        provider_name: "personal_information.nik",
        kind: FieldKind::Nik,
        required: Required::Yes,
        format: "16 digits; RSA-encrypted",
        image: None,
    },
    Field {
        name: "phone",
        provider_name: "personal_information.phone_number",
        kind: FieldKind::Phone,
        // "False" in the table, but it is the number being verified.
        required: Required::Yes,
        format: "+62 format (+62812…); RSA-encrypted",
        image: None,
    },
];

/// status's one field.
const STATUS_FIELDS: &[Field] = &[Field {
    name: "nik",
    provider_name: "personal_information.nik",
    kind: FieldKind::Nik,
    required: Required::Yes,
    format: "16 digits; RSA-encrypted",
    image: None,
}];

fn photo_rule() -> ImageRule {
    ImageRule {
        formats: vec![ImageFormat::Jpeg, ImageFormat::Png],
        min_bytes: None,
        max_bytes: Some(MAX_PHOTO_BYTES),
        min_width: None,
        min_height: None,
        max_pixels: DEFAULT_MAX_PIXELS,
        quality: Some(QualityRule::default()),
    }
}

/// id-card's `personal_information` plaintext, in the page's key order.
#[derive(Serialize)]
struct IdCardPersonal<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    phone_number: &'a str,
    nik: &'a str,
    secret: &'a str,
}

/// phone-number's `personal_information` plaintext.
#[derive(Serialize)]
struct PhoneNumberPersonal<'a> {
    name: &'a str,
    phone_number: &'a str,
    nik: &'a str,
}

/// status's `personal_information` plaintext.
#[derive(Serialize)]
struct StatusPersonal<'a> {
    nik: &'a str,
}

/// The `address` plaintext: phone-number sends `home` alone.
#[derive(Serialize)]
struct AddressPlain<'a> {
    home: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    business: Option<&'a str>,
}

#[derive(Serialize)]
struct IdCardBody {
    personal_information: String,
    address: String,
    id_card_photo: String,
    selfie_card_photo: String,
}

#[derive(Serialize)]
struct PhoneNumberBody {
    personal_information: String,
    address: String,
}

#[derive(Serialize)]
struct StatusBody {
    personal_information: String,
}

fn build_id_card(applicant: &Applicant, options: &BuildOptions) -> Built {
    let (values, issues) = check_fields(applicant, ID_CARD_FIELDS, options);
    let mut issues: Vec<Issue> = issues.into_iter().map(nested).collect();
    let (Ok(sealer), Ok(secret)) = (Sealer::new(options), random::<32>()) else {
        return unbuildable(issues);
    };
    let secret_text = base64(&secret);
    let home = values.texts.get("address.home");
    let business = values.texts.get("address.business");
    let personal = match (&values.name, &values.phone, &values.nik) {
        (Some(name), Some(phone), Some(nik)) => {
            let plain = json(&IdCardPersonal {
                name,
                email: values.email.as_deref(),
                phone_number: &phone.e164,
                nik,
                secret: &secret_text,
            });
            issues.extend(sealer.check_fits(
                &plain,
                &[("name", Some(name)), ("email", values.email.as_ref())],
            ));
            Some(plain)
        }
        _ => None,
    };
    let address = match (home, business) {
        (Some(home), Some(business)) => {
            let plain = json(&AddressPlain {
                home,
                business: Some(business),
            });
            issues.extend(sealer.check_fits(
                &plain,
                &[
                    ("address.home", Some(home)),
                    ("address.business", Some(business)),
                ],
            ));
            Some(plain)
        }
        _ => None,
    };
    let (Some(personal), Some(address), Some((id_card, _)), Some((selfie, _))) = (
        personal,
        address,
        values.images.get("idCard"),
        values.images.get("selfie"),
    ) else {
        return Built::refused(issues);
    };
    if !no_errors(&issues) {
        return Built::refused(issues);
    }
    let sealed = || -> Result<IdCardBody, String> {
        Ok(IdCardBody {
            personal_information: sealer.rsa(personal.as_bytes())?,
            address: sealer.rsa(address.as_bytes())?,
            id_card_photo: sealer.aes(&secret, base64(id_card).as_bytes())?,
            selfie_card_photo: sealer.aes(&secret, base64(selfie).as_bytes())?,
        })
    };
    match sealed() {
        Ok(body) => Built::sent(issues, Request::post_json(ID_CARD_PATH, json(&body))),
        Err(_) => unbuildable(issues),
    }
}

fn build_phone_number(applicant: &Applicant, options: &BuildOptions) -> Built {
    let (values, issues) = check_fields(applicant, PHONE_NUMBER_FIELDS, options);
    let mut issues: Vec<Issue> = issues.into_iter().map(nested).collect();
    let Ok(sealer) = Sealer::new(options) else {
        return unbuildable(issues);
    };
    let personal = match (&values.name, &values.phone, &values.nik) {
        (Some(name), Some(phone), Some(nik)) => {
            let plain = json(&PhoneNumberPersonal {
                name,
                phone_number: &phone.e164,
                nik,
            });
            issues.extend(sealer.check_fits(&plain, &[("name", Some(name))]));
            Some(plain)
        }
        _ => None,
    };
    let address = values.texts.get("address.home").map(|home| {
        let plain = json(&AddressPlain {
            home,
            business: None,
        });
        issues.extend(sealer.check_fits(&plain, &[("address.home", Some(home))]));
        plain
    });
    let (Some(personal), Some(address)) = (personal, address) else {
        return Built::refused(issues);
    };
    if !no_errors(&issues) {
        return Built::refused(issues);
    }
    let sealed = || -> Result<PhoneNumberBody, String> {
        Ok(PhoneNumberBody {
            personal_information: sealer.rsa(personal.as_bytes())?,
            address: sealer.rsa(address.as_bytes())?,
        })
    };
    match sealed() {
        Ok(body) => Built::sent(issues, Request::post_json(PHONE_NUMBER_PATH, json(&body))),
        Err(_) => unbuildable(issues),
    }
}

fn build_status(applicant: &Applicant, options: &BuildOptions) -> Built {
    let (values, issues) = check_fields(applicant, STATUS_FIELDS, options);
    let Ok(sealer) = Sealer::new(options) else {
        return unbuildable(issues);
    };
    let Some(nik) = &values.nik else {
        return Built::refused(issues);
    };
    // A NIK's JSON is far below any RSA block, so no length check is needed.
    match sealer.rsa(json(&StatusPersonal { nik }).as_bytes()) {
        Ok(personal_information) => Built::sent(
            issues,
            Request::post_json(
                STATUS_PATH,
                json(&StatusBody {
                    personal_information,
                }),
            ),
        ),
        Err(_) => unbuildable(issues),
    }
}

/// The result when nothing can be encrypted. `build_request` refuses a missing or
/// malformed key (and a missing random source) before any builder runs, so this is only
/// reached by calling a builder around it.
fn unbuildable(issues: Vec<Issue>) -> Built {
    Built {
        ok: false,
        issues,
        request: None,
    }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// An issue's path into the applicant's nested `address` object, `["address", "home"]`,
/// instead of the one segment `"address.home"` its field's dotted name gives.
fn nested(mut issue: Issue) -> Issue {
    if let Some(PathSegment::Key(first)) = issue.path.first() {
        if first.contains('.') {
            let segments: Vec<PathSegment> = first
                .split('.')
                .map(|part| PathSegment::Key(part.to_owned()))
                .collect();
            issue.path.splice(0..1, segments);
        }
    }
    issue
}

/// Checks the setup `build_request` needs before an OY endpoint builds anything: a usable
/// public key in `options.publicKey` and a secure random source.
///
/// # Errors
///
/// What is missing or wrong, starting with "needs", for a message such as "oy id-card
/// needs options.publicKey (PEM)".
pub(crate) fn check_setup(options: &BuildOptions) -> Result<(), String> {
    public_key(options.public_key.as_deref())?;
    random::<1>()?;
    Ok(())
}

/// Reads OY's RSA public key from PEM: SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`).
fn public_key(pem: Option<&str>) -> Result<RsaPublicKey, String> {
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
    if bits < MIN_KEY_BITS {
        return Err(format!(
            "needs options.publicKey to be an RSA key of at least {MIN_KEY_BITS} bits; this one has {bits}"
        ));
    }
    Ok(key)
}

/// `N` bytes from the platform's secure random source (`crypto.getRandomValues` in a
/// browser).
fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0; N];
    OsRng.try_fill_bytes(&mut bytes).map_err(|error| {
        format!("needs a secure random source (crypto.getRandomValues) to encrypt: {error}")
    })?;
    Ok(bytes)
}

/// OY's public key with the padding, AES mode and block handling the options chose.
struct Sealer {
    key: RsaPublicKey,
    scheme: RsaScheme,
    aes: AesMode,
    chunked: bool,
}

impl Sealer {
    fn new(options: &BuildOptions) -> Result<Sealer, String> {
        Ok(Sealer {
            key: public_key(options.public_key.as_deref())?,
            scheme: options.rsa.unwrap_or_default(),
            aes: options.aes.unwrap_or_default(),
            chunked: options.chunked,
        })
    }

    /// The longest plaintext one RSA block holds (RFC 8017, 7.1.1 and 7.2.1).
    fn block_bytes(&self) -> usize {
        let overhead = match self.scheme {
            RsaScheme::OaepSha256 => 2 * 32 + 2,
            RsaScheme::OaepSha1 => 2 * 20 + 2,
            RsaScheme::Pkcs1v15 => 11,
        };
        self.key.size().saturating_sub(overhead)
    }

    /// The issue for a `plaintext` too long for one RSA block when blocks are not chunked,
    /// at the longest of the free-text `fields` it carries (the first when none is given).
    fn check_fits(
        &self,
        plaintext: &str,
        fields: &[(&'static str, Option<&String>)],
    ) -> Option<Issue> {
        let max = self.block_bytes();
        if self.chunked || plaintext.len() <= max {
            return None;
        }
        let field = fields
            .iter()
            .filter_map(|(name, value)| value.map(|value| (*name, value.len())))
            .max_by_key(|(_, length)| *length)
            .map_or(fields.first()?.0, |(name, _)| name);
        Some(nested(at(
            field,
            Issue::new(Code::FieldTooLongEncrypted)
                .with("field", field)
                .with("length", plaintext.len())
                .with("maxLength", max),
        )))
    }

    /// `plaintext` RSA-encrypted, in blocks when chunked, as standard base64.
    fn rsa(&self, plaintext: &[u8]) -> Result<String, String> {
        let blocks: Vec<&[u8]> = if self.chunked {
            plaintext.chunks(self.block_bytes().max(1)).collect()
        } else {
            vec![plaintext]
        };
        let mut sealed = Vec::with_capacity(blocks.len() * self.key.size());
        for block in blocks {
            let ciphertext = match self.scheme {
                RsaScheme::OaepSha256 => self.key.encrypt(&mut OsRng, Oaep::new::<Sha256>(), block),
                RsaScheme::OaepSha1 => self.key.encrypt(&mut OsRng, Oaep::new::<Sha1>(), block),
                RsaScheme::Pkcs1v15 => self.key.encrypt(&mut OsRng, Pkcs1v15Encrypt, block),
            }
            .map_err(|error| error.to_string())?;
            sealed.extend(ciphertext);
        }
        Ok(base64(&sealed))
    }

    /// `plaintext` AES-256-encrypted with `key`, the nonce or IV in front, as standard
    /// base64.
    fn aes(&self, key: &[u8; 32], plaintext: &[u8]) -> Result<String, String> {
        let sealed = match self.aes {
            AesMode::Gcm => {
                let nonce = random::<12>()?;
                let cipher = Aes256Gcm::new_from_slice(key).map_err(|error| error.to_string())?;
                let ciphertext = cipher
                    .encrypt(Nonce::from_slice(&nonce), plaintext)
                    .map_err(|error| error.to_string())?;
                [nonce.as_slice(), &ciphertext].concat()
            }
            AesMode::Cbc => {
                let iv = random::<16>()?;
                let cipher = cbc::Encryptor::<aes::Aes256>::new_from_slices(key, &iv)
                    .map_err(|error| error.to_string())?;
                let ciphertext = cipher.encrypt_padded_vec_mut::<Pkcs7>(plaintext);
                [iv.as_slice(), &ciphertext].concat()
            }
        };
        Ok(base64(&sealed))
    }
}

#[derive(Deserialize)]
struct Answer {
    status: Option<Status>,
    data: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Status {
    code: Option<serde_json::Value>,
    message: Option<String>,
}

/// What `000` means where it is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Success {
    /// id-card and phone-number: "Request processed", the verdict comes later.
    Processed,
    /// status and the callback: the verdict itself.
    Verdict,
}

fn read_submission(http_status: u16, body: &str) -> Reading {
    read_answer(http_status, body, Success::Processed)
}

fn read_status(http_status: u16, body: &str) -> Reading {
    read_answer(http_status, body, Success::Verdict)
}

/// Reads the body of OY's KYC callback, which has the shape of the status answer:
/// `{status: {code, message}, data: {nik, signature}}`. Its code is read with the same
/// table; `000` "verified" is `verified`. `data` is kept exactly as received.
///
/// The signature is not checked (the page does not say how): confirm the result with OY's
/// status endpoint, from the backend, before acting on it.
///
/// ```
/// use kyc_precheck::provider::{oy, Outcome};
///
/// let reading = oy::read_callback(
///     r#"{"status":{"code":"000","message":"verified"},
///         "data":{"nik":"ENCRYPTED_NIK","signature":"OY_GENERATE_SIGNATURE"}}"#,
/// );
/// assert_eq!(reading.outcome, Outcome::Verified);
/// assert_eq!(reading.provider_code.as_deref(), Some("000"));
/// assert_eq!(reading.data.unwrap()["signature"], "OY_GENERATE_SIGNATURE");
///
/// let reading = oy::read_callback(r#"{"status":{"code":"006","message":"Request is Rejected"}}"#);
/// assert_eq!(reading.outcome, Outcome::Rejected);
/// assert_eq!(reading.issues[0].code.as_str(), "response.face_mismatch");
/// ```
pub fn read_callback(body: &str) -> Reading {
    read_answer(200, body, Success::Verdict)
}

fn read_answer(http_status: u16, body: &str, success: Success) -> Reading {
    let answer = serde_json::from_str::<Answer>(body).ok();
    let status = answer.as_ref().and_then(|a| a.status.as_ref());
    // The code is a string in every example ("000"); a number is taken too, zero-padded.
    let code = status.and_then(|s| match &s.code {
        Some(serde_json::Value::String(code)) => Some(code.trim().to_owned()),
        Some(serde_json::Value::Number(code)) => code.as_u64().map(|code| format!("{code:03}")),
        _ => None,
    });
    let Some(code) = code else {
        return http_failure(http_status, body)
            .unwrap_or_else(|| Reading::unknown(http_status, None));
    };
    let message = status.and_then(|s| s.message.clone()).unwrap_or_default();
    let rejected = |field: &str, issue: Issue| {
        Reading::new(Outcome::Rejected, None).with_issue(nested(at(field, issue)))
    };
    let field_rejected = |field: &str| {
        rejected(
            field,
            Issue::new(Code::ResponseFieldRejected)
                .with("field", field)
                .with("providerField", field),
        )
    };
    let mut reading = match code.as_str() {
        "000" => match (success, message.trim().to_ascii_lowercase().as_str()) {
            (Success::Processed, _) | (Success::Verdict, "request processed") => {
                Reading::new(Outcome::Pending, None)
            }
            (Success::Verdict, "verified") => Reading::new(Outcome::Verified, None),
            _ => Reading::unknown(http_status, Some(code.clone())),
        },
        "001" => Reading::new(Outcome::Failed, None).with_issue(
            Issue::new(Code::ResponseInvalidRequest)
                .with("providerCode", code.as_str())
                .with("providerMessage", message.as_str()),
        ),
        "002" => field_rejected("name"),
        "003" => field_rejected("address"),
        "004" => field_rejected("nik"),
        "005" => rejected("idCard", Issue::new(Code::ResponsePhotoUnclear)),
        "006" => rejected("selfie", Issue::new(Code::ResponseFaceMismatch)),
        "007" => rejected("nik", Issue::new(Code::ResponseNotRegistered)),
        "008" => Reading::new(Outcome::Rejected, None)
            .with_issue(Issue::new(Code::ResponseImageTooLarge).with("maxBytes", MAX_PHOTO_BYTES)),
        "429" => {
            let mut reading = Reading::new(Outcome::Failed, None)
                .with_issue(Issue::new(Code::ResponseRateLimited));
            reading.retryable = true;
            reading
        }
        "999" => {
            let mut reading = Reading::new(Outcome::Failed, None).with_issue(
                Issue::new(Code::ResponseServiceUnavailable).with("providerCode", code.as_str()),
            );
            reading.retryable = true;
            reading
        }
        _ => Reading::unknown(http_status, Some(code.clone())),
    };
    reading.provider_code = Some(code);
    reading.data = answer.and_then(|a| a.data).filter(|data| !data.is_null());
    reading
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::{build_request, read_response};
    use aes_gcm::aead::Aead;
    use cbc::cipher::BlockDecryptMut;
    use rsa::pkcs1::{EncodeRsaPublicKey, LineEnding};
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::RsaPrivateKey;

    /// The test key pair committed as test data (not OY's key).
    const PUBLIC_KEY: &str = include_str!("../../tests/providers/oy-test-key.pub.pem");
    const PRIVATE_KEY: &str = include_str!("../../tests/providers/oy-test-key.pem");
    const JPEG: &[u8] = include_bytes!("../../tests/images/calibration/camera-sharp.jpg");
    const PNG: &[u8] = include_bytes!("../../tests/images/good/png-8bit-rgb-640x480.png");
    const EC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKi6lMHqN9+4QniDeVlWlIMqFX2o+
6DNd+oYU9mPFYMTWOgMiCY+NV9tx3dqxdzM7AXhHMaq6+1165Oxum3WuYw==
-----END PUBLIC KEY-----";
    const RSA_512_KEY: &str = "-----BEGIN PUBLIC KEY-----
MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMv/rzS6jM4aPRQ41tPLsa1X3RkzkKOj
AIfN6loKbNEUFEwnc5PZGXH8mjBB3ekaqcsGwa0E5QUN4uMYEp84hg8CAwEAAQ==
-----END PUBLIC KEY-----";

    fn applicant() -> Applicant {
        Applicant {
            nik: Some("3273015205900001".into()),
            name: Some("Siti Aminah".into()),
            email: Some("siti@example.com".into()),
            phone: Some("0812-3456-7890".into()),
            address: Some(crate::provider::Address {
                home: Some("Jl. Merdeka No. 1, Bandung".into()),
                business: Some("Jl. Asia Afrika No. 8, Bandung".into()),
            }),
            id_card: Some(JPEG.to_vec()),
            selfie: Some(PNG.to_vec()),
            ..Default::default()
        }
    }

    fn options(rsa: RsaScheme, aes: AesMode) -> BuildOptions {
        BuildOptions {
            public_key: Some(PUBLIC_KEY.into()),
            rsa: Some(rsa),
            aes: Some(aes),
            ..Default::default()
        }
    }

    fn body(built: &Built) -> serde_json::Map<String, serde_json::Value> {
        let request = built.request.as_ref().expect("a request");
        serde_json::from_str(&request.body).expect("a JSON object")
    }

    fn unbase64(text: &serde_json::Value) -> Vec<u8> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_str().expect("a string"))
            .expect("standard base64")
    }

    /// Decrypts an RSA field, block by block (one block unless chunked).
    fn open_rsa(sealed: &serde_json::Value, scheme: RsaScheme) -> String {
        let key = RsaPrivateKey::from_pkcs8_pem(PRIVATE_KEY).expect("the test private key");
        let mut plain = Vec::new();
        for block in unbase64(sealed).chunks(256) {
            plain.extend(
                match scheme {
                    RsaScheme::OaepSha256 => key.decrypt(Oaep::new::<Sha256>(), block),
                    RsaScheme::OaepSha1 => key.decrypt(Oaep::new::<Sha1>(), block),
                    RsaScheme::Pkcs1v15 => key.decrypt(Pkcs1v15Encrypt, block),
                }
                .expect("decrypts"),
            );
        }
        String::from_utf8(plain).expect("UTF-8")
    }

    /// Decrypts a photo field and decodes the base64 text inside.
    fn open_aes(sealed: &serde_json::Value, key: &[u8], mode: AesMode) -> Vec<u8> {
        let sealed = unbase64(sealed);
        let text = match mode {
            AesMode::Gcm => {
                let (nonce, ciphertext) = sealed.split_at(12);
                Aes256Gcm::new_from_slice(key)
                    .unwrap()
                    .decrypt(Nonce::from_slice(nonce), ciphertext)
                    .expect("the tag verifies")
            }
            AesMode::Cbc => {
                let (iv, ciphertext) = sealed.split_at(16);
                cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
                    .unwrap()
                    .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                    .expect("PKCS#7 padding")
            }
        };
        unbase64(&serde_json::Value::String(String::from_utf8(text).unwrap()))
    }

    fn codes(built: &Built) -> Vec<(&'static str, String)> {
        built
            .issues
            .iter()
            .map(|issue| (issue.code.as_str(), format!("{:?}", issue.path)))
            .collect()
    }

    #[test]
    fn reads_spki_and_pkcs1_keys() {
        let spki = public_key(Some(PUBLIC_KEY)).expect("SPKI with a comment before it");
        assert_eq!(spki.n().bits(), 2048);
        let pkcs1 = spki.to_pkcs1_pem(LineEnding::LF).unwrap();
        assert!(pkcs1.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
        assert_eq!(public_key(Some(&pkcs1)).expect("PKCS#1"), spki);
        let crlf = spki.to_pkcs1_pem(LineEnding::CRLF).unwrap();
        assert_eq!(
            public_key(Some(&format!("\r\n{crlf}\r\n"))).expect("CRLF"),
            spki
        );
    }

    #[test]
    fn a_missing_or_unusable_key_is_a_programmer_mistake() {
        let error = |pem: Option<&str>| {
            let options = BuildOptions {
                public_key: pem.map(str::to_owned),
                ..Default::default()
            };
            build_request("oy", "id-card", &applicant(), &options).unwrap_err()
        };
        assert_eq!(error(None), "oy id-card needs options.publicKey (PEM)");
        assert_eq!(
            error(Some("  \n")),
            "oy id-card needs options.publicKey (PEM)"
        );
        assert!(error(Some(PRIVATE_KEY)).contains("not a private key (\"PRIVATE KEY\")"));
        assert!(error(Some("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"))
            .contains("no -----BEGIN line"));
        assert!(error(Some(
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"
        ))
        .contains("this one is \"CERTIFICATE\""));
        assert!(error(Some(EC_KEY)).starts_with(
            "oy id-card needs options.publicKey to be an RSA public key in PEM (PUBLIC KEY): "
        ));
        let truncated = &PUBLIC_KEY[..PUBLIC_KEY.len() - 40];
        assert!(error(Some(truncated)).contains("to be an RSA public key in PEM"));
        assert_eq!(
            error(Some(RSA_512_KEY)),
            "oy id-card needs options.publicKey to be an RSA key of at least 1024 bits; this one has 512"
        );
        // The same for the endpoints without photos.
        let status = build_request("oy", "status", &applicant(), &BuildOptions::default());
        assert_eq!(
            status.unwrap_err(),
            "oy status needs options.publicKey (PEM)"
        );
        // A builder called around build_request builds nothing, and does not panic.
        let built = build_id_card(&applicant(), &BuildOptions::default());
        assert!(!built.ok && built.request.is_none());
    }

    #[test]
    fn every_scheme_round_trips() {
        for rsa in [
            RsaScheme::OaepSha256,
            RsaScheme::OaepSha1,
            RsaScheme::Pkcs1v15,
        ] {
            for aes in [AesMode::Gcm, AesMode::Cbc] {
                let built =
                    build_request("oy", "id-card", &applicant(), &options(rsa, aes)).unwrap();
                assert!(built.ok, "{rsa:?} {aes:?}: {:?}", codes(&built));
                let request = built.request.as_ref().unwrap();
                assert_eq!(
                    (request.method, request.path.as_str()),
                    ("POST", "/api/kyc/id-card")
                );
                let body = body(&built);
                let keys: Vec<&str> = body.keys().map(String::as_str).collect();
                assert_eq!(
                    keys,
                    [
                        "address",
                        "id_card_photo",
                        "personal_information",
                        "selfie_card_photo"
                    ]
                );
                let personal: serde_json::Value =
                    serde_json::from_str(&open_rsa(&body["personal_information"], rsa)).unwrap();
                let secret = unbase64(&personal["secret"]);
                assert_eq!(secret.len(), 32);
                assert_eq!(
                    open_rsa(&body["personal_information"], rsa),
                    format!(
                        r#"{{"name":"Siti Aminah","email":"siti@example.com","phone_number":"+6281234567890","nik":"3273015205900001","secret":"{}"}}"#,
                        base64(&secret)
                    )
                );
                assert_eq!(
                    open_rsa(&body["address"], rsa),
                    r#"{"home":"Jl. Merdeka No. 1, Bandung","business":"Jl. Asia Afrika No. 8, Bandung"}"#
                );
                assert_eq!(open_aes(&body["id_card_photo"], &secret, aes), JPEG);
                assert_eq!(open_aes(&body["selfie_card_photo"], &secret, aes), PNG);
            }
        }
    }

    #[test]
    fn each_request_has_its_own_key_and_nonces() {
        let options = options(RsaScheme::OaepSha256, AesMode::Gcm);
        let first = body(&build_request("oy", "id-card", &applicant(), &options).unwrap());
        let second = body(&build_request("oy", "id-card", &applicant(), &options).unwrap());
        let secret = |body: &serde_json::Map<String, serde_json::Value>| {
            let personal: serde_json::Value = serde_json::from_str(&open_rsa(
                &body["personal_information"],
                RsaScheme::OaepSha256,
            ))
            .unwrap();
            personal["secret"].as_str().unwrap().to_owned()
        };
        assert_ne!(secret(&first), secret(&second));
        // One key, two photos: each has its own nonce.
        let nonce = |field: &str| unbase64(&first[field])[..12].to_vec();
        assert_ne!(nonce("id_card_photo"), nonce("selfie_card_photo"));
    }

    #[test]
    fn phone_number_and_status_bodies() {
        let options = options(RsaScheme::OaepSha256, AesMode::Gcm);
        let built = build_request("oy", "phone-number", &applicant(), &options).unwrap();
        assert!(built.ok, "{:?}", codes(&built));
        assert_eq!(built.request.as_ref().unwrap().path, "/kyc/phone-number");
        let sent = body(&built);
        assert_eq!(sent.len(), 2);
        assert_eq!(
            open_rsa(&sent["personal_information"], RsaScheme::OaepSha256),
            r#"{"name":"Siti Aminah","phone_number":"+6281234567890","nik":"3273015205900001"}"#
        );
        assert_eq!(
            open_rsa(&sent["address"], RsaScheme::OaepSha256),
            r#"{"home":"Jl. Merdeka No. 1, Bandung"}"#
        );

        let built = build_request("oy", "status", &applicant(), &options).unwrap();
        assert_eq!(built.request.as_ref().unwrap().path, "/kyc/status");
        let sent = body(&built);
        assert_eq!(sent.len(), 1);
        assert_eq!(
            open_rsa(&sent["personal_information"], RsaScheme::OaepSha256),
            r#"{"nik":"3273015205900001"}"#
        );
    }

    #[test]
    fn email_is_optional_and_left_out() {
        let applicant = Applicant {
            email: None,
            ..applicant()
        };
        let options = options(RsaScheme::OaepSha1, AesMode::Cbc);
        let built = build_request("oy", "id-card", &applicant, &options).unwrap();
        let personal = open_rsa(&body(&built)["personal_information"], RsaScheme::OaepSha1);
        assert!(personal.starts_with(r#"{"name":"Siti Aminah","phone_number":"+6281234567890","#));
    }

    #[test]
    fn required_fields_are_reported_at_once_with_nested_address_paths() {
        let applicant = Applicant {
            name: None,
            phone: None,
            address: Some(crate::provider::Address::default()),
            id_card: None,
            ..applicant()
        };
        let built = build_request(
            "oy",
            "id-card",
            &applicant,
            &options(RsaScheme::OaepSha256, AesMode::Gcm),
        )
        .unwrap();
        assert!(!built.ok && built.request.is_none());
        assert_eq!(
            codes(&built),
            [
                ("name.required", r#"[Key("name")]"#.to_owned()),
                (
                    "field.required",
                    r#"[Key("address"), Key("home")]"#.to_owned()
                ),
                ("image.required", r#"[Key("idCard")]"#.to_owned()),
                ("phone.required", r#"[Key("phone")]"#.to_owned()),
                (
                    "field.required",
                    r#"[Key("address"), Key("business")]"#.to_owned()
                ),
            ]
        );
    }

    /// An address whose JSON text is exactly `length` bytes.
    fn address_of(length: usize) -> crate::provider::Address {
        let overhead = r#"{"home":"","business":""}"#.len();
        let business = "Jl. Asia Afrika No. 8, Bandung".to_owned();
        crate::provider::Address {
            home: Some("A".repeat(length - overhead - business.len())),
            business: Some(business),
        }
    }

    #[test]
    fn one_rsa_block_holds_190_bytes_with_oaep_sha256() {
        let sealer = |rsa| Sealer::new(&options(rsa, AesMode::Gcm)).unwrap();
        assert_eq!(sealer(RsaScheme::OaepSha256).block_bytes(), 190);
        assert_eq!(sealer(RsaScheme::OaepSha1).block_bytes(), 214);
        assert_eq!(sealer(RsaScheme::Pkcs1v15).block_bytes(), 245);

        let options = options(RsaScheme::OaepSha256, AesMode::Gcm);
        let fits = Applicant {
            address: Some(address_of(190)),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &fits, &options).unwrap();
        assert!(built.ok, "{:?}", codes(&built));
        assert_eq!(
            open_rsa(&body(&built)["address"], RsaScheme::OaepSha256).len(),
            190
        );

        let too_long = Applicant {
            address: Some(address_of(191)),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &too_long, &options).unwrap();
        assert!(!built.ok && built.request.is_none());
        let issue = &built.issues[0];
        assert_eq!(issue.code, Code::FieldTooLongEncrypted);
        assert_eq!(
            issue.path,
            [
                PathSegment::Key("address".into()),
                PathSegment::Key("home".into())
            ]
        );
        assert_eq!(issue.param("length"), Some(&191.into()));
        assert_eq!(issue.param("maxLength"), Some(&190.into()));
        assert_eq!(
            issue.message_en(),
            "Your home address is too long to be sent encrypted: with the details sent along \
             with it, it takes 191 bytes, and at most 190 fit. Shorten it, for example with \
             common abbreviations."
        );

        // personal_information: the secret alone takes 44 of the 190 bytes.
        let long_email = Applicant {
            email: Some(format!("{}@example.com", "a".repeat(50))),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &long_email, &options).unwrap();
        assert_eq!(
            codes(&built),
            [("field.too_long_encrypted", r#"[Key("email")]"#.to_owned())]
        );
        // The same text fits SHA-1's 214 bytes.
        let sha1 = super::tests::options(RsaScheme::OaepSha1, AesMode::Gcm);
        assert!(
            build_request("oy", "id-card", &long_email, &sha1)
                .unwrap()
                .ok
        );
    }

    #[test]
    fn chunked_splits_long_plaintexts_into_blocks() {
        let options = BuildOptions {
            chunked: true,
            ..options(RsaScheme::OaepSha256, AesMode::Gcm)
        };
        // Multi-byte characters, so that a block boundary falls inside one.
        let home = format!("No {}", "Jalan Ké ".repeat(40));
        let applicant = Applicant {
            address: Some(crate::provider::Address {
                home: Some(home.trim().to_owned()),
                business: Some("Ruko Émerald".into()),
            }),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &applicant, &options).unwrap();
        assert!(built.ok, "{:?}", codes(&built));
        let body = body(&built);
        let expected = format!(r#"{{"home":"{}","business":"Ruko Émerald"}}"#, home.trim());
        assert_eq!(expected.len(), 440);
        assert!(
            !expected.is_char_boundary(190),
            "the first block ends inside an é"
        );
        // 440 bytes in blocks of 190: three blocks, three 256-byte ciphertexts.
        assert_eq!(unbase64(&body["address"]).len(), 3 * 256);
        assert_eq!(open_rsa(&body["address"], RsaScheme::OaepSha256), expected);
        // A short text is one block, as without chunking.
        assert_eq!(unbase64(&body["personal_information"]).len(), 256);
    }

    /// `jpeg` with an APP15 segment after SOI that makes it exactly `length` bytes.
    fn padded_jpeg(jpeg: &[u8], length: usize) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        let mut missing = length - jpeg.len();
        while missing > 0 {
            // A segment is 4 bytes of marker and length, then up to 65,533 bytes.
            let data = (missing - 4).min(65_533);
            let data = if missing - 4 - data > 0 && missing - 4 - data < 4 {
                data - 4
            } else {
                data
            };
            out.extend([0xFF, 0xEF]);
            out.extend(u16::try_from(data + 2).unwrap().to_be_bytes());
            out.extend(std::iter::repeat(0).take(data));
            missing -= data + 4;
        }
        out.extend(&jpeg[2..]);
        assert_eq!(out.len(), length);
        out
    }

    #[test]
    fn photos_are_at_most_1_000_000_bytes() {
        let options = options(RsaScheme::OaepSha256, AesMode::Gcm);
        let at_limit = Applicant {
            id_card: Some(padded_jpeg(JPEG, 1_000_000)),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &at_limit, &options).unwrap();
        assert!(built.ok, "{:?}", codes(&built));
        let over = Applicant {
            id_card: Some(padded_jpeg(JPEG, 1_000_001)),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &over, &options).unwrap();
        assert_eq!(
            codes(&built),
            [("image.file_too_large", r#"[Key("idCard")]"#.to_owned())]
        );
        assert_eq!(built.issues[0].param("maxBytes"), Some(&1_000_000.into()));
        let svg = Applicant {
            selfie: Some(include_bytes!("../../tests/images/good/svg-px-640x480.svg").to_vec()),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &svg, &options).unwrap();
        assert_eq!(
            codes(&built),
            [("image.format_unsupported", r#"[Key("selfie")]"#.to_owned())]
        );
    }

    #[test]
    fn options_of_other_providers_are_refused() {
        let options = BuildOptions {
            sandbox: true,
            ..options(RsaScheme::OaepSha256, AesMode::Gcm)
        };
        let error = build_request("oy", "status", &applicant(), &options).unwrap_err();
        assert_eq!(error, "option \"sandbox\" does not apply to oy status");
    }

    fn answer(code: &str, message: &str) -> String {
        format!(
            r#"{{"status":{{"code":"{code}","message":"{message}"}},"data":{{"nik":"ENCRYPTED_NIK","signature":"OY_GENERATE_SIGNATURE"}}}}"#
        )
    }

    #[test]
    fn every_documented_code_is_read() {
        // (code, outcome on id-card, retryable, issue code, issue path)
        let table: &[(&str, Outcome, bool, Option<&str>, &str)] = &[
            ("000", Outcome::Pending, false, None, ""),
            (
                "001",
                Outcome::Failed,
                false,
                Some("response.invalid_request"),
                "[]",
            ),
            (
                "002",
                Outcome::Rejected,
                false,
                Some("response.field_rejected"),
                r#"[Key("name")]"#,
            ),
            (
                "003",
                Outcome::Rejected,
                false,
                Some("response.field_rejected"),
                r#"[Key("address")]"#,
            ),
            (
                "004",
                Outcome::Rejected,
                false,
                Some("response.field_rejected"),
                r#"[Key("nik")]"#,
            ),
            (
                "005",
                Outcome::Rejected,
                false,
                Some("response.photo_unclear"),
                r#"[Key("idCard")]"#,
            ),
            (
                "006",
                Outcome::Rejected,
                false,
                Some("response.face_mismatch"),
                r#"[Key("selfie")]"#,
            ),
            (
                "007",
                Outcome::Rejected,
                false,
                Some("response.not_registered"),
                r#"[Key("nik")]"#,
            ),
            (
                "008",
                Outcome::Rejected,
                false,
                Some("response.image_too_large"),
                "[]",
            ),
            (
                "429",
                Outcome::Failed,
                true,
                Some("response.rate_limited"),
                "[]",
            ),
            (
                "999",
                Outcome::Failed,
                true,
                Some("response.service_unavailable"),
                "[]",
            ),
            (
                "010",
                Outcome::Failed,
                false,
                Some("response.unknown"),
                "[]",
            ),
        ];
        for &(code, outcome, retryable, issue, path) in table {
            let reading = read_response("oy", "id-card", 200, &answer(code, "m"), None).unwrap();
            assert_eq!(reading.outcome, outcome, "{code}");
            assert_eq!(reading.retryable, retryable, "{code}");
            assert_eq!(reading.charged, None, "{code}");
            assert_eq!(reading.provider_code.as_deref(), Some(code));
            let issues: Vec<(&str, String)> = reading
                .issues
                .iter()
                .map(|i| (i.code.as_str(), format!("{:?}", i.path)))
                .collect();
            match issue {
                Some(issue) => assert_eq!(issues, [(issue, path.to_owned())], "{code}"),
                None => assert!(issues.is_empty(), "{code}"),
            }
            // status and the callback read every code but 000 the same way.
            if code != "000" {
                for other in [
                    read_response("oy", "status", 200, &answer(code, "m"), None).unwrap(),
                    read_callback(&answer(code, "m")),
                ] {
                    assert_eq!(
                        (other.outcome, other.retryable),
                        (outcome, retryable),
                        "{code}"
                    );
                }
            }
        }
        let unknown = read_response("oy", "id-card", 200, &answer("010", "m"), None).unwrap();
        assert_eq!(unknown.issues[0].param("providerCode"), Some(&"010".into()));
        let too_large = read_callback(&answer("008", "Image size more than 1MB"));
        assert_eq!(
            too_large.issues[0].message_en(),
            "A photo is larger than the provider accepts (1.0 MB). Choose a smaller photo."
        );
    }

    #[test]
    fn a_verdict_is_only_verified_when_it_says_so() {
        let status = |body: &str| read_response("oy", "status", 200, body, None).unwrap();
        let verified = status(&answer("000", "verified"));
        assert_eq!(verified.outcome, Outcome::Verified);
        assert_eq!(
            verified.data,
            Some(serde_json::json!({"nik": "ENCRYPTED_NIK", "signature": "OY_GENERATE_SIGNATURE"}))
        );
        assert_eq!(
            read_callback(&answer("000", "Verified")).outcome,
            Outcome::Verified
        );
        assert_eq!(
            status(&answer("000", "Request processed")).outcome,
            Outcome::Pending
        );
        let other = status(&answer("000", "in progress"));
        assert_eq!(other.outcome, Outcome::Failed);
        assert_eq!(other.issues[0].code, Code::ResponseUnknown);
        // id-card's 000 is the acknowledgement, whatever its message.
        let submitted = read_response(
            "oy",
            "id-card",
            200,
            &answer("000", "Request processed"),
            None,
        );
        assert_eq!(submitted.unwrap().outcome, Outcome::Pending);
    }

    #[test]
    fn answers_without_a_status_code() {
        let reading =
            read_response("oy", "id-card", 502, "<html>Bad Gateway</html>", None).unwrap();
        assert_eq!(reading.outcome, Outcome::Failed);
        assert!(reading.retryable);
        assert_eq!(reading.issues[0].code, Code::ResponseServiceUnavailable);
        let reading = read_response("oy", "status", 200, "{}", None).unwrap();
        assert_eq!(reading.issues[0].code, Code::ResponseUnknown);
        assert_eq!(read_callback("not json").outcome, Outcome::Failed);
        // A numeric code, and OY's 429 with a Retry-After header.
        let reading = read_response(
            "oy",
            "id-card",
            429,
            r#"{"status":{"code":429}}"#,
            Some("30"),
        )
        .unwrap();
        assert_eq!(reading.provider_code.as_deref(), Some("429"));
        assert_eq!(reading.retry_after_seconds, Some(30));
        let reading =
            read_response("oy", "id-card", 200, r#"{"status":{"code":0}}"#, None).unwrap();
        assert_eq!(reading.provider_code.as_deref(), Some("000"));
    }
}
