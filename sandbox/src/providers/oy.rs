//! OY! Indonesia KYC (seed `004_2895ca2f59c0c3f7.txt`, "the page" below):
//! `POST /oy/api/kyc/id-card` (line 206), `/oy/kyc/phone-number` (line 266) and
//! `/oy/kyc/status` (line 321), with the `x-oy-username` and `x-api-key` headers (lines
//! 19–20), and the result callback (lines 342–366).
//!
//! The request is opened with the test private key (see [`super::oy_crypto`]):
//! `personal_information` and `address` are "RSA" (lines 224–225, 281–282, 333), the
//! photos "AES" (lines 226–227), keyed by `personal_information.secret` (the project's
//! reading: standard base64 of a 32-byte key).
//!
//! Every answer is HTTP 200 with OY's `{"status": {"code", "message"}}` (lines 196–203,
//! 233), the messages being the "KYC Response Codes" table's (lines 372–384):
//! - `001` "Data on request body is empty or invalid" when the body is not JSON, a field
//!   is missing, anything fails to decrypt (wrong key or scheme), or a decrypted field
//!   breaks the page's tables: on id-card (lines 210–227) `name`, `nik`, `phone_number`
//!   ("True"), `home` and `business` non-blank, `email` an address if given ("False"),
//!   `secret` 32 bytes, each photo "encode to base64" of an image; on phone-number (lines
//!   270–282) `name`, `nik`, `home` non-blank and `phone_number` optional ("False") but
//!   "use +62 format" if given (`+62` and digits); on status (lines 325–333) `nik`
//!   non-blank;
//! - `008` "Image size more than 1MB" (line 382) when a photo, decrypted and decoded, is
//!   more than [`MAX_PHOTO_BYTES`];
//! - `000` "Request processed" (line 200) otherwise. The result is then decided by the NIK
//!   ([`result_for_nik`]: a NIK ending `0002` … `0008` gives that code, any other `000`
//!   "verified"), remembered for `/oy/kyc/status`, and POSTed to `--callback-url` after
//!   `--callback-delay-ms` as the page's callback (lines 346–357):
//!   `{"status": {...}, "data": {"nik", "signature"}}`, `nik` being the NIK RSA-encrypted
//!   with the same key and scheme ("<encrypted nik>", line 366), and `signature`
//!   [`SIGNATURE_ALGORITHM`] (the page calls it `OY_GENERATE_SIGNATURE` and documents no
//!   algorithm).
//!
//! `/oy/kyc/status` answers the remembered final result in the page's example body
//! (lines 307–318) with its `data`, from the moment the submission was processed, or
//! `007` "Data not found. ID Card number not registered" for a NIK never submitted. The
//! page leaves open which of its fields a reader may trust; the callback and the status
//! answer carry the same verdict.
//!
//! Lenient where the page is vague (a client's library is the strict one): a NIK, a name
//! and an id-card phone number are any non-blank text (the page gives them no format);
//! "an image" is any format in [`super::images::ANY_IMAGE`] (the page names none); "1MB"
//! is 1 MiB.
//!
//! Every decryption result goes to the request log (`decrypted`): the scheme, the RSA
//! block counts, the decrypted JSON (the AES `secret` replaced by its length), each
//! photo's byte length, SHA-256, format and stored size in pixels as its header gives them
//! (never its bytes), the problems found, or what failed to decrypt.

use super::fields::{check_email, decode_base64, is_digits, object, optional_text, text, Problems};
use super::images::{dimensions, sniff, Format, Rule, ANY_IMAGE, MB};
use super::oy_crypto::Keys;
use crate::clock;
use crate::config::Config;
use crate::credentials::{Principal, OY_API_KEY};
use crate::http::{After, Answer, Call};
use crate::request_log::Entry;
use crate::server::Shared;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The page's "KYC Response Codes" and their meanings (lines 372–384), used as messages.
/// (`000`'s message is "Request processed" on a submission and "verified" on a verdict,
/// as in the page's examples, lines 200 and 311.)
pub const RESPONSE_CODES: &[(&str, &str)] = &[
    ("000", "verified"),
    ("001", "Data on request body is empty or invalid"),
    (
        "002",
        "Request is rejected (Name is not the same as id card)",
    ),
    (
        "003",
        "Request is Rejected (Address is not the same as id card)",
    ),
    (
        "004",
        "Request is Rejected (NIK is not the same as id card)",
    ),
    ("005", "Request is Rejected (ID card photo is not clear)"),
    (
        "006",
        "Request is Rejected (Face is not the same as photo on id card)",
    ),
    ("007", "Data not found. ID Card number not registered"),
    ("008", "Image size more than 1MB"),
    (
        "429",
        "Request Rejected (Too Many Request to specific endpoint)",
    ),
    ("999", "Internal Server Error"),
];

/// How the callback's `data.signature` is made.
pub const SIGNATURE_ALGORITHM: &str =
    "lower-case hex of HMAC-SHA256, keyed with the x-api-key, over status.code + \":\" + data.nik";

/// "Image size more than 1MB" (line 382), read as 1 MiB: the looser of 10^6 and 2^20.
pub const MAX_PHOTO_BYTES: usize = MB;

/// A photo: "encode to base64 string" (lines 215–216) of any image, the page naming no
/// format.
const PHOTO: Rule = Rule::formats(ANY_IMAGE);

/// The most results remembered; past it the oldest are forgotten all at once.
const MAX_RESULTS: usize = 10_000;

/// The verdict a submitted NIK gets: its last four characters `0002` … `0008` give codes
/// `002` … `008` (serial digits, so that structurally valid NIKs can force each
/// rejection); any other NIK is `000`, verified.
pub fn result_for_nik(nik: &str) -> &'static str {
    match nik.get(nik.len().saturating_sub(4)..) {
        Some("0002") => "002",
        Some("0003") => "003",
        Some("0004") => "004",
        Some("0005") => "005",
        Some("0006") => "006",
        Some("0007") => "007",
        Some("0008") => "008",
        _ => "000",
    }
}

fn message(code: &str) -> &'static str {
    RESPONSE_CODES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("", |(_, message)| message)
}

/// OY's key pair and the results it has decided.
pub struct State {
    keys: Keys,
    results: Mutex<HashMap<String, &'static str>>,
}

impl State {
    /// Loads the private key `config` names.
    ///
    /// # Errors
    ///
    /// When the file cannot be read or holds no RSA private key.
    pub fn new(config: &Config) -> Result<State, String> {
        let path = config.oy_private_key_path();
        let pem = std::fs::read_to_string(&path).map_err(|error| {
            format!("cannot read the OY private key {}: {error}", path.display())
        })?;
        Ok(State {
            keys: Keys::from_pem(&pem, config.oy_rsa, config.oy_aes)?,
            results: Mutex::new(HashMap::new()),
        })
    }

    /// The public half of the key the sandbox decrypts with, as a PEM.
    pub fn public_key_pem(&self) -> String {
        self.keys.public_key_pem()
    }

    fn remember(&self, nik: &str, code: &'static str) {
        let mut results = self.results.lock().unwrap_or_else(|e| e.into_inner());
        if results.len() >= MAX_RESULTS {
            results.clear();
        }
        results.insert(nik.to_owned(), code);
    }

    fn recall(&self, nik: &str) -> Option<&'static str> {
        let results = self.results.lock().unwrap_or_else(|e| e.into_inner());
        results.get(nik).copied()
    }
}

#[derive(Serialize)]
struct Reply<'a> {
    status: Status<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Data>,
}

#[derive(Serialize)]
struct Status<'a> {
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Data {
    nik: String,
    signature: String,
}

/// What the request log records about one request's decryption.
struct Opened<'k> {
    keys: &'k Keys,
    log: Map<String, Value>,
}

impl<'k> Opened<'k> {
    fn new(keys: &'k Keys) -> Opened<'k> {
        let mut log = Map::new();
        log.insert("ok".into(), Value::Bool(true));
        log.insert("rsa".into(), keys.rsa.name().into());
        log.insert("aes".into(), keys.aes.name().into());
        Opened { keys, log }
    }

    /// Notes that `field` could not be read or decrypted.
    fn failed(&mut self, field: &str, message: &str) {
        self.log.insert("ok".into(), Value::Bool(false));
        self.log.insert(
            "error".into(),
            json!({ "field": field, "message": format!("{field} {message}") }),
        );
    }

    /// Decrypts the RSA field `name` of `body` to a JSON object.
    fn json(&mut self, body: &Map<String, Value>, name: &str) -> Option<Map<String, Value>> {
        let sealed = match text(body, name) {
            Ok(sealed) => sealed,
            Err(message) => {
                self.failed(name, message);
                return None;
            }
        };
        let (plaintext, blocks) = match self.keys.open_rsa(sealed) {
            Ok(opened) => opened,
            Err(message) => {
                self.failed(name, &message);
                return None;
            }
        };
        let blocks_log = self
            .log
            .entry("rsaBlocks")
            .or_insert_with(|| Value::Object(Map::new()));
        blocks_log[name] = blocks.into();
        match serde_json::from_slice::<Value>(&plaintext) {
            Ok(Value::Object(object)) => {
                let mut logged = object.clone();
                if let Some(secret) = logged.get_mut("secret") {
                    let length = secret
                        .as_str()
                        .and_then(|s| decode_base64(s).ok())
                        .map_or(0, |key| key.len());
                    *secret = json!({ "redacted": true, "bytes": length });
                }
                self.log.insert(name.to_owned(), Value::Object(logged));
                Some(object)
            }
            _ => {
                self.failed(name, "does not decrypt to a JSON object");
                None
            }
        }
    }

    /// Decrypts the AES photo `name` with `secret`: the photo's bytes.
    fn photo(&mut self, body: &Map<String, Value>, name: &str, secret: &[u8]) -> Option<Vec<u8>> {
        let sealed = match text(body, name) {
            Ok(sealed) => sealed,
            Err(message) => {
                self.failed(name, message);
                return None;
            }
        };
        let opened = match self.keys.open_aes(secret, sealed) {
            Ok(opened) => opened,
            Err(message) => {
                self.failed(name, &message);
                return None;
            }
        };
        let Some(bytes) = std::str::from_utf8(&opened)
            .ok()
            .and_then(|text| decode_base64(text).ok())
        else {
            self.failed(name, "does not decrypt to base64 text");
            return None;
        };
        let sha256: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let photos = self
            .log
            .entry("photos")
            .or_insert_with(|| Value::Object(Map::new()));
        // What a test needs to tell which file arrived and whether it fits the slot: the
        // header's reading, the same one the photo is judged by (see `images`).
        let format = sniff(&bytes);
        let size = format.and_then(|format| dimensions(&bytes, format));
        photos[name] = json!({
            "bytes": bytes.len(),
            "sha256": sha256,
            "format": format.map(Format::name),
            "width": size.map(|(width, _)| width),
            "height": size.map(|(_, height)| height),
        });
        Some(bytes)
    }

    fn finish(mut self, problems: &Problems) -> Value {
        if !problems.is_empty() {
            self.log
                .insert("problems".into(), json!(problems.messages.clone()));
        }
        Value::Object(self.log)
    }
}

fn reply(code: &str, message: &str, data: Option<Data>, decrypted: Value) -> Answer {
    let mut answer = Answer::json(
        200,
        &Reply {
            status: Status { code, message },
            data,
        },
    )
    .with_code(code);
    answer.decrypted = Some(Box::new(decrypted));
    answer
}

/// The result's `status` and `data` for `nik`, as the status endpoint and the callback
/// send them.
fn verdict(keys: &Keys, nik: &str, code: &str) -> Result<String, String> {
    let sealed = keys.seal_rsa(nik.as_bytes())?;
    let signature = sign(code, &sealed);
    let message = if code == "000" {
        "verified"
    } else {
        message(code)
    };
    serde_json::to_string(&Reply {
        status: Status { code, message },
        data: Some(Data {
            nik: sealed,
            signature,
        }),
    })
    .map_err(|error| error.to_string())
}

fn sign(code: &str, sealed_nik: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(OY_API_KEY.as_bytes()) else {
        return String::new();
    };
    mac.update(code.as_bytes());
    mac.update(b":");
    mac.update(sealed_nik.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    IdCard,
    PhoneNumber,
}

/// `POST /oy/api/kyc/id-card`.
pub fn id_card(shared: &Arc<Shared>, call: &Call, _: &Principal) -> Answer {
    submit(shared, call, Kind::IdCard)
}

/// `POST /oy/kyc/phone-number`.
pub fn phone_number(shared: &Arc<Shared>, call: &Call, _: &Principal) -> Answer {
    submit(shared, call, Kind::PhoneNumber)
}

fn submit(shared: &Arc<Shared>, call: &Call, kind: Kind) -> Answer {
    let mut opened = Opened::new(&shared.oy.keys);
    let mut problems = Problems::default();
    let invalid = |opened: Opened, problems: &Problems| {
        reply("001", message("001"), None, opened.finish(problems))
    };
    let body = match object(&call.body) {
        Ok(body) => body,
        Err(error) => {
            opened.failed("body", &error);
            return invalid(opened, &problems);
        }
    };
    let fields: &[&str] = match kind {
        Kind::IdCard => &[
            "personal_information",
            "address",
            "id_card_photo",
            "selfie_card_photo",
        ],
        Kind::PhoneNumber => &["personal_information", "address"],
    };
    for field in fields {
        if let Err(error) = text(&body, field) {
            opened.failed(field, error);
            return invalid(opened, &problems);
        }
    }
    let Some(personal) = opened.json(&body, "personal_information") else {
        return invalid(opened, &problems);
    };
    let Some(address) = opened.json(&body, "address") else {
        return invalid(opened, &problems);
    };
    let nik = check_personal(&personal, kind, &mut problems);
    check_address(&address, kind, &mut problems);
    if kind == Kind::IdCard {
        let secret = match optional_text(&personal, "secret") {
            Ok(Some(secret)) => decode_base64(secret).ok().filter(|key| key.len() == 32),
            _ => None,
        };
        let Some(secret) = secret else {
            problems.add(
                "personal_information.secret",
                "must be the standard base64 of a 32-byte AES key",
            );
            return invalid(opened, &problems);
        };
        let mut too_large = false;
        for name in ["id_card_photo", "selfie_card_photo"] {
            let Some(photo) = opened.photo(&body, name, &secret) else {
                return invalid(opened, &problems);
            };
            if photo.len() > MAX_PHOTO_BYTES {
                too_large = true;
            } else if let Err(error) = PHOTO.check(&photo) {
                problems.add(name, error);
            }
        }
        if too_large {
            return reply("008", message("008"), None, opened.finish(&problems));
        }
    }
    if !problems.is_empty() {
        return invalid(opened, &problems);
    }
    let nik = nik.unwrap_or_default();
    let code = result_for_nik(&nik);
    shared.oy.remember(&nik, code);
    let mut answer = reply("000", "Request processed", None, opened.finish(&problems));
    answer.after = Some(callback(Arc::clone(shared), nik, code));
    answer
}

/// Checks the decrypted `personal_information`; gives the NIK when it is there.
fn check_personal(
    personal: &Map<String, Value>,
    kind: Kind,
    problems: &mut Problems,
) -> Option<String> {
    let field = |name: &str| format!("personal_information.{name}");
    if let Err(error) = text(personal, "name") {
        problems.add(&field("name"), error);
    }
    let nik = match text(personal, "nik") {
        Ok(nik) => Some(nik.to_owned()),
        Err(error) => {
            problems.add(&field("nik"), error);
            None
        }
    };
    match (kind, optional_text(personal, "phone_number")) {
        // "Phone number to be verified", "True" (line 217): no format given.
        (Kind::IdCard, Ok(Some(_))) => {}
        (Kind::IdCard, Ok(None)) => problems.add(&field("phone_number"), "is required"),
        // "Phone number of user, use +62 format", "False" (line 275).
        (Kind::PhoneNumber, Ok(Some(phone))) => {
            if !phone.strip_prefix("+62").is_some_and(is_digits) {
                problems.add(&field("phone_number"), "must be in +62 format (+62812…)");
            }
        }
        (Kind::PhoneNumber, Ok(None)) => {}
        (_, Err(error)) => problems.add(&field("phone_number"), error),
    }
    if kind == Kind::IdCard {
        // "email | String | False | Email" (line 218).
        match optional_text(personal, "email") {
            Ok(Some(email)) => {
                if let Err(error) = check_email(email) {
                    problems.add(&field("email"), error);
                }
            }
            Ok(None) => {}
            Err(error) => problems.add(&field("email"), error),
        }
    }
    nik
}

fn check_address(address: &Map<String, Value>, kind: Kind, problems: &mut Problems) {
    let names: &[&str] = match kind {
        Kind::IdCard => &["home", "business"],
        Kind::PhoneNumber => &["home"],
    };
    for name in names {
        if let Err(error) = text(address, name) {
            problems.add(&format!("address.{name}"), error);
        }
    }
}

/// `POST /oy/kyc/status`.
pub fn status(shared: &Arc<Shared>, call: &Call, _: &Principal) -> Answer {
    let mut opened = Opened::new(&shared.oy.keys);
    let mut problems = Problems::default();
    let body = match object(&call.body) {
        Ok(body) => body,
        Err(error) => {
            opened.failed("body", &error);
            return reply("001", message("001"), None, opened.finish(&problems));
        }
    };
    let Some(personal) = opened.json(&body, "personal_information") else {
        return reply("001", message("001"), None, opened.finish(&problems));
    };
    let nik = match text(&personal, "nik") {
        Ok(nik) => nik.to_owned(),
        Err(error) => {
            problems.add("personal_information.nik", error);
            return reply("001", message("001"), None, opened.finish(&problems));
        }
    };
    let Some(code) = shared.oy.recall(&nik) else {
        return reply("007", message("007"), None, opened.finish(&problems));
    };
    match verdict(&shared.oy.keys, &nik, code) {
        Ok(body) => {
            let mut answer =
                Answer::new(200, "application/json", body.into_bytes()).with_code(code);
            answer.decrypted = Some(Box::new(opened.finish(&problems)));
            answer
        }
        Err(_) => reply("999", message("999"), None, opened.finish(&problems)),
    }
}

/// Sends the result to `--callback-url`, if set, after `--callback-delay-ms`, on its own
/// thread; logs the delivery (status or error) as an outbound entry.
fn callback(shared: Arc<Shared>, nik: String, code: &'static str) -> After {
    Box::new(move || {
        let Some(url) = shared.config.callback_url.clone() else {
            return;
        };
        let delay = shared.config.callback_delay;
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            let sent = clock::unix_millis();
            let (status, error) = match verdict(&shared.oy.keys, &nik, code) {
                Ok(body) => post(&url, body),
                Err(error) => (None, Some(error)),
            };
            shared.log.push(Entry {
                method: "POST".to_owned(),
                path: url,
                provider: "oy",
                endpoint: Some("callback"),
                time: clock::iso(sent),
                status,
                provider_code: Some(code.to_owned()),
                decrypted: None,
                forced: false,
                relayed: false,
                direction: "outbound",
                error,
            });
        });
    })
}

/// POSTs `body` as JSON; the status received, or why nothing was.
fn post(url: &str, body: String) -> (Option<u16>, Option<String>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(5)))
        .http_status_as_error(false)
        // Loopback only, never through a proxy from the environment.
        .proxy(None)
        .build()
        .into();
    match agent.post(url).content_type("application/json").send(body) {
        Ok(response) => (Some(response.status().as_u16()), None),
        Err(error) => (None, Some(error.to_string())),
    }
}
