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
//!   the same hash), `"oaep-sha256-mgf1-sha1"` (Java's `OAEPWithSHA-256AndMGF1Padding`),
//!   `"oaep-sha1"` or `"pkcs1v15"`; `options.aes` is `"gcm"` (the default:
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
//! - **Photos**: "Image size more than 1MB" (code 008) on fields that carry the photo's
//!   base64: by default the base64 text stays within 1,000,000 bytes, so the file within
//!   750,000 (`options.limits: "file"` applies 1,000,000 to the file; see `slot`),
//!   JPEG or PNG (the page names no format; SVG is not a photograph), no pixel minimum
//!   (none is documented), and the quality measures on, as warnings, like Kredibel's.
//! - **Responses**: every code in "KYC Response Codes" is "Final"; whether a call is charged
//!   is not documented (`charged` is `None`). `000` on id-card and phone-number is "Request
//!   processed": `pending`, the verdict comes by callback. On status and in callbacks,
//!   `000` with the message "verified" is `verified`, with "Request processed" `pending`,
//!   and with any other message unknown: a verdict is never guessed. Codes and messages
//!   are compared without surrounding whitespace, messages without regard to case
//!   (`" 000"`, `"VERIFIED "`); a numeric code is zero-padded (`0` is `000`). `003`
//!   ("Address is not the same as id card") is at `["address", "home"]`. `008` is
//!   `rejected` (the person can fix it with a smaller photo) without a path, as the page
//!   does not say which photo.
//! - **Callbacks are never final.** Anything can POST to the integrator's callback URL,
//!   and nothing in the page authenticates the body (the signature's algorithm is not
//!   given). A callback is read as `pending` with `response.callback_unconfirmed`; the
//!   verdict it claims is kept in `data.claimedOutcome` and `data.claimedCode`. Only the
//!   status endpoint's answer, requested by the integrator, is final.
//! - **`data`** (`{nik: <encrypted nik>, signature: <OY! signature>}`) is kept exactly as
//!   received, never decrypted or checked: the page documents neither the NIK's encryption
//!   nor the signature's algorithm.
//! - **Headers**: `accept: application/json`, as the page's curl examples send it.
//! - **Options**: every endpoint takes `publicKey`, `rsa`, `aes`, `chunked` and `allowWeakKey`, so that one
//!   options object serves all three (`aes` changes nothing where there is no photo).
//!   `publicKey` is OY's RSA public key in PEM, SPKI (`-----BEGIN PUBLIC KEY-----`) or
//!   PKCS#1 (`-----BEGIN RSA PUBLIC KEY-----`), of at least 2048 bits (1024 with
//!   `allowWeakKey`); `cbc` and `pkcs1v15` have known weaknesses (see `crypto`); text before the
//!   `-----BEGIN` line is ignored. A missing, malformed or private key is a programmer
//!   mistake: `build_request` returns an error and builds nothing.
//! - **Issue paths** into the address follow the applicant's nested object:
//!   `["address", "home"]` and `["address", "business"]`.

use super::{
    Applicant, Body, BuildOptions, Checked, Endpoint, Field, FormField, Outcome, PhotoSlot,
    Provider, Reading, Required, Response,
};
use crate::crypto::{public_key, random, KeyPolicy, Sealer};
use crate::issue::{Code, Issue};
use serde::{Deserialize, Serialize};

/// The options every OY endpoint takes.
const OPTIONS: &[&str] = &["publicKey", "rsa", "aes", "chunked", "allowWeakKey"];

/// The headers of the page's curl examples, besides `content-type`.
const HEADERS: &[(&str, &str)] = &[("Accept", "application/json")];

/// An OY endpoint: its options, headers and key check.
const fn endpoint(
    id: &'static str,
    path: &'static str,
    fields: &'static [Field],
    check: Option<super::CrossCheck>,
    body: fn(&Checked, &BuildOptions) -> Body,
    read: fn(&Response) -> Reading,
) -> Endpoint {
    Endpoint {
        options: OPTIONS,
        headers: HEADERS,
        setup: Some(check_setup),
        check,
        ..Endpoint::new(id, path, fields, body, read)
    }
}

/// OY! Indonesia.
pub const PROVIDER: Provider = Provider {
    id: "oy",
    name: "OY! Indonesia KYC",
    seed: "004_2895ca2f59c0c3f7.txt",
    endpoints: &[
        endpoint(
            "id-card",
            "/api/kyc/id-card",
            ID_CARD_FIELDS,
            Some(check_id_card),
            id_card_body,
            read_submission,
        ),
        endpoint(
            "phone-number",
            "/kyc/phone-number",
            PHONE_NUMBER_FIELDS,
            Some(check_phone_number),
            phone_number_body,
            read_submission,
        ),
        endpoint(
            "status",
            "/kyc/status",
            STATUS_FIELDS,
            // One NIK: far below any RSA block, so nothing to check across fields.
            None,
            status_body,
            read_status,
        ),
    ],
    callback: Some(read_callback),
};

/// "Image size more than 1MB" (code 008), stated on the base64 the photo travels as.
pub const MAX_PHOTO_BYTES: u64 = 1_000_000;

/// JPEG or PNG (the page names no format; SVG is not a photograph), quality measured.
const PHOTO: PhotoSlot = PhotoSlot {
    max_bytes: MAX_PHOTO_BYTES,
    max_stated: Some("1 MB"),
    encoded: true,
    ..PhotoSlot::BASE
};

const NAME: Field = Field::new(
    FormField::Name,
    "personal_information.name",
    Required::Yes,
    "as on the KTP; RSA-encrypted",
);
const NIK: Field = Field::new(
    FormField::Nik,
    "personal_information.nik",
    Required::Yes,
    "16 digits; RSA-encrypted",
);
const PHONE: Field = Field::new(
    FormField::Phone,
    "personal_information.phone_number",
    // phone-number's table marks it "False", yet it is the number being verified.
    Required::Yes,
    "+62 format (+62812…); RSA-encrypted",
);

/// id-card's fields, in the order of the page's "Request Attribute" table.
const ID_CARD_FIELDS: &[Field] = &[
    NAME,
    Field::new(
        FormField::AddressHome,
        "address.home",
        Required::Yes,
        "home address as on the KTP; RSA-encrypted",
    ),
    NIK,
    Field::photo(
        FormField::IdCard,
        "id_card_photo",
        Required::Yes,
        "base64, then AES-encrypted",
        &PHOTO,
    ),
    Field::photo(
        FormField::Selfie,
        "selfie_card_photo",
        Required::Yes,
        "selfie holding the KTP; base64, then AES-encrypted",
        &PHOTO,
    ),
    PHONE,
    Field::new(
        FormField::Email,
        "personal_information.email",
        Required::No,
        "left out when not given; RSA-encrypted",
    ),
    Field::new(
        FormField::AddressBusiness,
        "address.business",
        Required::Yes,
        "business address; RSA-encrypted",
    ),
];

/// phone-number's fields, in the order of its "Request Attributes" table.
const PHONE_NUMBER_FIELDS: &[Field] = &[
    NAME,
    Field::new(
        FormField::AddressHome,
        "address.home",
        Required::Yes,
        "home address; RSA-encrypted",
    ),
    NIK,
    PHONE,
];

/// status's one field.
const STATUS_FIELDS: &[Field] = &[NIK];

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

/// The length of the base64 text of a 32-byte key, the `secret` in id-card's
/// `personal_information`, for measuring its plaintext before the key exists.
const SECRET_PLACEHOLDER: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/// Which body an endpoint writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    IdCard,
    PhoneNumber,
}

/// One RSA-encrypted part: its plaintext (`None` while a field it needs did not pass its
/// check) and the free-text fields it carries with their lengths.
type Part = (Option<String>, Vec<(FormField, usize)>);

/// The `personal_information` and `address` plaintexts of `kind`, with `secret` as
/// id-card's AES key text.
fn plaintexts(kind: Kind, checked: &Checked, secret: &str) -> [Part; 2] {
    let text = |field| checked.texts.get(&field).map(String::as_str);
    let length = |field, value: Option<&str>| value.map(|v| (field, v.len()));
    let (name, email, nik) = (
        checked.name.as_deref(),
        checked.email.as_deref(),
        checked.nik.as_deref(),
    );
    let phone = checked.phone.as_ref().map(|p| p.e164.as_str());
    let home = text(FormField::AddressHome);
    let business = match kind {
        Kind::IdCard => text(FormField::AddressBusiness),
        Kind::PhoneNumber => None,
    };
    let personal = match (kind, name, phone, nik) {
        (Kind::IdCard, Some(name), Some(phone_number), Some(nik)) => Some(json(&IdCardPersonal {
            name,
            email,
            phone_number,
            nik,
            secret,
        })),
        (Kind::PhoneNumber, Some(name), Some(phone_number), Some(nik)) => {
            Some(json(&PhoneNumberPersonal {
                name,
                phone_number,
                nik,
            }))
        }
        _ => None,
    };
    let address = match (kind, home, business) {
        (Kind::IdCard, Some(home), Some(business)) => Some(json(&AddressPlain {
            home,
            business: Some(business),
        })),
        (Kind::PhoneNumber, Some(home), _) => Some(json(&AddressPlain {
            home,
            business: None,
        })),
        _ => None,
    };
    [
        (
            personal,
            [
                length(FormField::Name, name),
                length(FormField::Email, email),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        (
            address,
            [
                length(FormField::AddressHome, home),
                length(FormField::AddressBusiness, business),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
    ]
}

/// The sealer the options choose.
fn sealer(options: &BuildOptions) -> Result<Sealer, String> {
    let policy = KeyPolicy {
        allow_weak: options.allow_weak_key,
    };
    Ok(Sealer::new(
        public_key(options.public_key.as_deref(), policy)?,
        options.rsa.unwrap_or_default(),
        options.aes.unwrap_or_default(),
        options.chunked,
    ))
}

/// Checks the setup `build_request` needs before an OY endpoint builds anything: a usable
/// public key in `options.publicKey` and a secure random source.
fn check_setup(options: &BuildOptions) -> Result<(), String> {
    sealer(options)?;
    random::<1>()?;
    Ok(())
}

/// `field.too_long_encrypted` for every plaintext longer than one RSA block (unless
/// chunked), at the longest free-text field it carries.
fn check_fits(kind: Kind, checked: &Checked, options: &BuildOptions) -> Vec<Issue> {
    let Ok(sealer) = sealer(options) else {
        return Vec::new();
    };
    let max = sealer.block_bytes();
    if sealer.chunked() {
        return Vec::new();
    }
    plaintexts(kind, checked, SECRET_PLACEHOLDER)
        .into_iter()
        .filter_map(|(plain, fields)| {
            let plain = plain.filter(|plain| plain.len() > max)?;
            let field = fields
                .iter()
                .max_by_key(|(_, length)| *length)
                .map_or(FormField::Name, |(field, _)| *field);
            Some(
                field.at(Issue::new(Code::FieldTooLongEncrypted)
                    .with("field", field.name())
                    .with("length", plain.len())
                    .with("maxLength", max)),
            )
        })
        .collect()
}

fn check_id_card(_: &Applicant, checked: &Checked, options: &BuildOptions) -> Vec<Issue> {
    check_fits(Kind::IdCard, checked, options)
}

fn check_phone_number(_: &Applicant, checked: &Checked, options: &BuildOptions) -> Vec<Issue> {
    check_fits(Kind::PhoneNumber, checked, options)
}

/// A JSON object of base64 fields written into one buffer.
fn sealed_body(fields: &[(&str, &str)]) -> String {
    let mut body = super::JsonBody::with_capacity(fields.iter().map(|(_, v)| v.len() + 32).sum());
    for (key, value) in fields {
        body = body.text(key, value);
    }
    body.finish()
}

/// The body when encryption fails: no secure randomness, or a block the key cannot hold.
fn unsealable(_: String) -> Vec<Issue> {
    Vec::new()
}

fn id_card_body(checked: &Checked, options: &BuildOptions) -> Body {
    let sealer = sealer(options).map_err(unsealable)?;
    let secret = random::<32>().map_err(unsealable)?;
    let secret_text = super::base64(&secret);
    let [(Some(personal), _), (Some(address), _)] = plaintexts(Kind::IdCard, checked, &secret_text)
    else {
        return Err(vec![super::form::missing(FormField::Name)]);
    };
    let id_card = checked.image(FormField::IdCard)?;
    let selfie = checked.image(FormField::Selfie)?;
    let personal_information = sealer.rsa(personal.as_bytes()).map_err(unsealable)?;
    let address = sealer.rsa(address.as_bytes()).map_err(unsealable)?;
    // The photos' sealed base64 is written straight into the body.
    let capacity = (id_card.len() + selfie.len()) / 9 * 16 + 2048;
    let mut body = String::with_capacity(capacity);
    body.push_str(&sealed_body(&[
        ("personal_information", &personal_information),
        ("address", &address),
    ]));
    body.pop();
    for (key, photo) in [("id_card_photo", id_card), ("selfie_card_photo", selfie)] {
        body.push_str(&format!(",\"{key}\":\""));
        sealer
            .aes_base64_of(&secret, photo, &mut body)
            .map_err(unsealable)?;
        body.push('"');
    }
    body.push('}');
    Ok(body)
}

fn phone_number_body(checked: &Checked, options: &BuildOptions) -> Body {
    let sealer = sealer(options).map_err(unsealable)?;
    let [(Some(personal), _), (Some(address), _)] = plaintexts(Kind::PhoneNumber, checked, "")
    else {
        return Err(vec![super::form::missing(FormField::Name)]);
    };
    Ok(sealed_body(&[
        (
            "personal_information",
            &sealer.rsa(personal.as_bytes()).map_err(unsealable)?,
        ),
        (
            "address",
            &sealer.rsa(address.as_bytes()).map_err(unsealable)?,
        ),
    ]))
}

fn status_body(checked: &Checked, options: &BuildOptions) -> Body {
    let sealer = sealer(options).map_err(unsealable)?;
    let nik = checked.nik()?;
    // A NIK's JSON is far below any RSA block, so no length check is needed.
    let personal = sealer
        .rsa(json(&StatusPersonal { nik }).as_bytes())
        .map_err(unsealable)?;
    Ok(sealed_body(&[("personal_information", &personal)]))
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
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
    /// status (and what a callback claims): the verdict itself.
    Verdict,
}

fn read_submission(response: &Response) -> Reading {
    read_answer(response.status, response.body, Success::Processed)
}

fn read_status(response: &Response) -> Reading {
    read_answer(response.status, response.body, Success::Verdict)
}

/// Reads the body of OY's KYC callback, which has the shape of the status answer:
/// `{status: {code, message}, data: {nik, signature}}`.
///
/// A callback is never final: nothing in the page authenticates it (the signature's
/// algorithm is not given), and anyone can POST to a callback URL. It is read as
/// `pending` with `response.callback_unconfirmed`; the verdict it claims is in
/// `data.claimedOutcome` (and `data.claimedCode`), beside its `nik` and `signature` as
/// received. Confirm with the status endpoint, from the backend, before acting on it.
///
/// ```
/// use kyc_precheck::provider::{oy, Outcome};
///
/// let reading = oy::read_callback(
///     r#"{"status":{"code":"000","message":"verified"},
///         "data":{"nik":"ENCRYPTED_NIK","signature":"OY_GENERATE_SIGNATURE"}}"#,
/// );
/// assert_eq!(reading.outcome, Outcome::Pending);
/// assert_eq!(reading.issues[0].code.as_str(), "response.callback_unconfirmed");
/// let data = reading.data.unwrap();
/// assert_eq!(data["claimedOutcome"], "verified");
/// assert_eq!(data["signature"], "OY_GENERATE_SIGNATURE");
/// ```
pub fn read_callback(body: &str) -> Reading {
    let claimed = read_answer(200, body, Success::Verdict);
    let mut data = match claimed.data {
        Some(serde_json::Value::Object(map)) => map,
        Some(other) => {
            let mut map = serde_json::Map::new();
            map.insert("data".to_owned(), other);
            map
        }
        None => serde_json::Map::new(),
    };
    data.insert(
        "claimedOutcome".to_owned(),
        serde_json::json!(claimed.outcome),
    );
    data.insert(
        "claimedCode".to_owned(),
        serde_json::json!(claimed.provider_code),
    );
    let mut reading = Reading::new(Outcome::Pending, claimed.provider_code);
    let mut issue = Issue::new(Code::ResponseCallbackUnconfirmed);
    issue.severity = crate::issue::Severity::Warning;
    reading.issues.push(issue);
    reading.data = Some(serde_json::Value::Object(data));
    reading
}

fn read_answer(http_status: u16, body: &str, success: Success) -> Reading {
    let answer = super::parse_answer::<Answer>(body);
    let status = answer.as_ref().and_then(|a| a.status.as_ref());
    // The code is a string in every example ("000"); a number is taken too, zero-padded.
    let code = status.and_then(|s| match &s.code {
        Some(serde_json::Value::String(code)) => Some(code.trim().to_owned()),
        Some(serde_json::Value::Number(code)) => code.as_u64().map(|code| format!("{code:03}")),
        _ => None,
    });
    let Some(code) = code else {
        return if (200..300).contains(&http_status) {
            Reading::unknown(http_status, None)
        } else {
            super::http_failure(http_status, body)
        };
    };
    let message = status.and_then(|s| s.message.clone()).unwrap_or_default();
    let rejected = |field: FormField, issue: Issue| {
        Reading::new(Outcome::Rejected, None).with_issue(field.at(issue))
    };
    let field_rejected = |field: FormField| {
        rejected(
            field,
            Issue::new(Code::ResponseFieldRejected)
                .with("field", field.name())
                .with("providerField", field.name()),
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
        "002" => field_rejected(FormField::Name),
        "003" => field_rejected(FormField::AddressHome),
        "004" => field_rejected(FormField::Nik),
        "005" => rejected(FormField::IdCard, Issue::new(Code::ResponsePhotoUnclear)),
        "006" => rejected(FormField::Selfie, Issue::new(Code::ResponseFaceMismatch)),
        "007" => rejected(FormField::Nik, Issue::new(Code::ResponseNotRegistered)),
        "008" => Reading::new(Outcome::Rejected, None)
            .with_issue(Issue::new(Code::ResponseImageTooLarge).with("maxBytes", MAX_PHOTO_BYTES)),
        "429" => Reading::new(Outcome::Failed, None)
            .with_issue(Issue::new(Code::ResponseRateLimited))
            .retryable(),
        "999" => Reading::new(Outcome::Failed, None)
            .with_issue(
                Issue::new(Code::ResponseServiceUnavailable).with("providerCode", code.as_str()),
            )
            .retryable(),
        _ => Reading::unknown(http_status, Some(code.clone())),
    };
    reading.provider_code = Some(code);
    reading.data = answer.and_then(|a| a.data).filter(|data| !data.is_null());
    reading
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{AesMode, RsaScheme};
    use crate::provider::{build_request, read_response, Built};
    use aes_gcm::aead::Aead;
    use aes_gcm::KeyInit;
    use cbc::cipher::block_padding::Pkcs7;
    use cbc::cipher::BlockDecryptMut;
    use cbc::cipher::KeyIvInit;
    use rsa::pkcs1::{EncodeRsaPublicKey, LineEnding};
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::traits::PublicKeyParts;
    use rsa::RsaPrivateKey;
    use rsa::{Oaep, Pkcs1v15Encrypt};
    use sha1::Sha1;
    use sha2::Sha256;

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

    static APPLICANT_FOR_SETUP: Applicant = Applicant {
        nik: None,
        name: None,
        birth_date: None,
        birth_place: None,
        email: None,
        phone: None,
        address: None,
        selfie: None,
        id_card: None,
        photo: None,
        cust_ref_no: None,
        customer_id: None,
        valid: None,
        raw: None,
        reason: None,
    };

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
                    RsaScheme::OaepSha256Mgf1Sha1 => {
                        key.decrypt(Oaep::new_with_mgf_hash::<Sha256, Sha1>(), block)
                    }
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
                aes_gcm::Aes256Gcm::new_from_slice(key)
                    .unwrap()
                    .decrypt(aes_gcm::Nonce::from_slice(nonce), ciphertext)
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
        let spki = public_key(Some(PUBLIC_KEY), KeyPolicy::default())
            .expect("SPKI with a comment before it");
        assert_eq!(spki.n().bits(), 2048);
        let pkcs1 = spki.to_pkcs1_pem(LineEnding::LF).unwrap();
        assert!(pkcs1.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
        assert_eq!(
            public_key(Some(&pkcs1), KeyPolicy::default()).expect("PKCS#1"),
            spki
        );
        let crlf = spki.to_pkcs1_pem(LineEnding::CRLF).unwrap();
        assert_eq!(
            public_key(Some(&format!("\r\n{crlf}\r\n")), KeyPolicy::default()).expect("CRLF"),
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
            "oy id-card needs options.publicKey to be an RSA key of at least 2048 bits; this one has 512"
        );
        // The same for the endpoints without photos.
        let status = build_request("oy", "status", &applicant(), &BuildOptions::default());
        assert_eq!(
            status.unwrap_err(),
            "oy status needs options.publicKey (PEM)"
        );
        // A body builder called around build_request builds nothing, and does not panic.
        let (checked, _) = crate::provider::check_fields(
            &APPLICANT_FOR_SETUP,
            ID_CARD_FIELDS,
            &Default::default(),
        );
        assert!(id_card_body(&checked, &BuildOptions::default()).is_err());
    }

    #[test]
    fn keys_under_2048_bits_need_allow_weak_key() {
        use rsa::pkcs8::{EncodePublicKey, LineEnding as Pkcs8LineEnding};
        let weak = RsaPrivateKey::new(&mut rand_core::OsRng, 1024)
            .expect("a 1024-bit key")
            .to_public_key()
            .to_public_key_pem(Pkcs8LineEnding::LF)
            .expect("PEM");
        let mut options = BuildOptions {
            public_key: Some(weak),
            ..Default::default()
        };
        let refused = build_request("oy", "status", &applicant(), &options).unwrap_err();
        assert!(
            refused.contains("at least 2048 bits; this one has 1024")
                && refused.contains("allowWeakKey"),
            "{refused}"
        );
        options.allow_weak_key = true;
        let built = build_request("oy", "status", &applicant(), &options).unwrap();
        assert!(built.ok, "{:?}", codes(&built));
        // Below 1024 bits nothing is allowed.
        options.public_key = Some(RSA_512_KEY.to_owned());
        let refused = build_request("oy", "status", &applicant(), &options).unwrap_err();
        assert!(
            refused.contains("at least 1024 bits; this one has 512"),
            "{refused}"
        );
    }

    #[test]
    fn every_scheme_round_trips() {
        for rsa in [
            RsaScheme::OaepSha256,
            RsaScheme::OaepSha256Mgf1Sha1,
            RsaScheme::OaepSha1,
            RsaScheme::Pkcs1v15,
        ] {
            for aes in [AesMode::Gcm, AesMode::Cbc] {
                let built =
                    build_request("oy", "id-card", &applicant(), &options(rsa, aes)).unwrap();
                assert!(built.ok, "{rsa:?} {aes:?}: {:?}", codes(&built));
                let request = built.request.as_ref().unwrap();
                assert_eq!((request.method, request.path), ("POST", "/api/kyc/id-card"));
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
                        crate::provider::base64(&secret)
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
        let sealer = |rsa| super::sealer(&options(rsa, AesMode::Gcm)).unwrap();
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
                crate::PathSegment::Key("address".into()),
                crate::PathSegment::Key("home".into())
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
            out.extend(std::iter::repeat_n(0, data));
            missing -= data + 4;
        }
        out.extend(&jpeg[2..]);
        assert_eq!(out.len(), length);
        out
    }

    #[test]
    fn photos_base64_is_at_most_1_000_000_bytes() {
        let mut options = options(RsaScheme::OaepSha256, AesMode::Gcm);
        // 750,000 bytes are 1,000,000 characters of base64: the page's "1MB".
        let at_limit = Applicant {
            id_card: Some(padded_jpeg(JPEG, 750_000)),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &at_limit, &options).unwrap();
        assert!(built.ok, "{:?}", codes(&built));
        let over = Applicant {
            id_card: Some(padded_jpeg(JPEG, 750_001)),
            ..applicant()
        };
        let built = build_request("oy", "id-card", &over, &options).unwrap();
        assert_eq!(
            codes(&built),
            [("image.file_too_large", r#"[Key("idCard")]"#.to_owned())]
        );
        assert_eq!(built.issues[0].param("maxBytes"), Some(&750_000.into()));
        // Read on the file, the page's number applies to the file.
        options.limits = Some(crate::provider::LimitsReading::File);
        let file = Applicant {
            id_card: Some(padded_jpeg(JPEG, 1_000_000)),
            ..applicant()
        };
        assert!(build_request("oy", "id-card", &file, &options).unwrap().ok);
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
                r#"[Key("address"), Key("home")]"#,
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
            let reading =
                read_response("oy", "id-card", &Response::new(200, &answer(code, "m"))).unwrap();
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
            // status reads every code but 000 the same way; a callback only claims it.
            if code != "000" {
                let status =
                    read_response("oy", "status", &Response::new(200, &answer(code, "m"))).unwrap();
                assert_eq!(
                    (status.outcome, status.retryable),
                    (outcome, retryable),
                    "{code}"
                );
                let callback = read_callback(&answer(code, "m"));
                assert_eq!(callback.outcome, Outcome::Pending, "{code}");
                assert_eq!(
                    callback.data.unwrap()["claimedOutcome"],
                    serde_json::json!(outcome),
                    "{code}"
                );
            }
        }
        let unknown =
            read_response("oy", "id-card", &Response::new(200, &answer("010", "m"))).unwrap();
        assert_eq!(unknown.issues[0].param("providerCode"), Some(&"010".into()));
        let too_large = read_response(
            "oy",
            "status",
            &Response::new(200, &answer("008", "Image size more than 1MB")),
        )
        .unwrap();
        assert_eq!(
            too_large.issues[0].message_en(),
            "A photo is larger than the provider accepts (1.0 MB). Choose a smaller photo."
        );
    }

    #[test]
    fn a_verdict_is_only_verified_when_it_says_so() {
        let status = |body: &str| read_response("oy", "status", &Response::new(200, body)).unwrap();
        let verified = status(&answer("000", "verified"));
        assert_eq!(verified.outcome, Outcome::Verified);
        assert_eq!(
            verified.data,
            Some(serde_json::json!({"nik": "ENCRYPTED_NIK", "signature": "OY_GENERATE_SIGNATURE"}))
        );
        assert_eq!(
            status(&answer("000", "Verified")).outcome,
            Outcome::Verified
        );
        // A callback claiming the same is only a claim.
        let callback = read_callback(&answer("000", "Verified"));
        assert_eq!(callback.outcome, Outcome::Pending);
        assert_eq!(callback.issues[0].code, Code::ResponseCallbackUnconfirmed);
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
            &Response::new(200, &answer("000", "Request processed")),
        );
        assert_eq!(submitted.unwrap().outcome, Outcome::Pending);
    }

    #[test]
    fn answers_without_a_status_code() {
        let reading = read_response(
            "oy",
            "id-card",
            &Response::new(502, "<html>Bad Gateway</html>"),
        )
        .unwrap();
        assert_eq!(reading.outcome, Outcome::Failed);
        assert!(reading.retryable);
        assert_eq!(reading.issues[0].code, Code::ResponseServiceUnavailable);
        let reading = read_response("oy", "status", &Response::new(200, "{}")).unwrap();
        assert_eq!(reading.issues[0].code, Code::ResponseUnknown);
        // A callback is never final, an unreadable one included.
        let garbage = read_callback("not json");
        assert_eq!(garbage.outcome, Outcome::Pending);
        assert_eq!(garbage.data.unwrap()["claimedOutcome"], "failed");
        // A numeric code, and OY's 429 with a Retry-After header.
        let reading = read_response(
            "oy",
            "id-card",
            &Response {
                retry_after: Some("30"),
                ..Response::new(429, r#"{"status":{"code":429}}"#)
            },
        )
        .unwrap();
        assert_eq!(reading.provider_code.as_deref(), Some("429"));
        assert_eq!(reading.retry_after_seconds, Some(30));
        let reading = read_response(
            "oy",
            "id-card",
            &Response::new(200, r#"{"status":{"code":0}}"#),
        )
        .unwrap();
        assert_eq!(reading.provider_code.as_deref(), Some("000"));
    }
}
