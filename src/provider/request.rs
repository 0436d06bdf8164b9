//! What `build_request` takes besides the applicant ([`BuildOptions`]) and what it gives
//! back ([`Built`], carrying the exact [`Request`]).

use super::form::FormField;
use super::slot::LimitsReading;
use crate::crypto::{AesMode, RsaScheme};
use crate::date::{Date, DateFormat};
use crate::issue::{no_errors, Issue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Options of `build_request`. Every endpoint accepts `today`, `limits` and
/// `messageFormat`, and the ones it lists in its `options`; any other is a programmer
/// mistake.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuildOptions {
    /// The date against which birth dates are checked; default today.
    pub today: Option<Date>,
    /// How photo limits stated on base64 fields are read; default
    /// [`LimitsReading::Encoded`], the safe reading.
    pub limits: Option<LimitsReading>,
    /// How the dates in messages are written: the form's own format (`DD-MM-YYYY` for a
    /// form that asks for dates that way); default `YYYY-MM-DD`, as the applicant's
    /// `birthDate` is given.
    pub message_format: Option<DateFormat>,
    /// Kredibel: let the documented sandbox NIKs through and mark the request a sandbox one.
    #[serde(default)]
    pub sandbox: bool,
    /// WideKYC: write `nik` as a JSON number (its table types it Integer).
    #[serde(default)]
    pub nik_as_number: bool,
    /// OY: the provider's RSA public key, PEM (SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`).
    pub public_key: Option<String>,
    /// OY: the RSA padding.
    pub rsa: Option<RsaScheme>,
    /// OY: the AES mode.
    pub aes: Option<AesMode>,
    /// OY: split a plaintext longer than one RSA block into blocks (each encrypted alone,
    /// the ciphertexts concatenated before base64) instead of refusing it.
    #[serde(default)]
    pub chunked: bool,
    /// OY: accept an RSA key of 1024 to 2047 bits (refused by default: such keys are
    /// below every current recommendation).
    #[serde(default)]
    pub allow_weak_key: bool,
}

impl BuildOptions {
    /// The names of the endpoint-specific options that are set, for checking them
    /// against an endpoint.
    pub(crate) fn given(&self) -> Vec<&'static str> {
        [
            ("sandbox", self.sandbox),
            ("nikAsNumber", self.nik_as_number),
            ("publicKey", self.public_key.is_some()),
            ("rsa", self.rsa.is_some()),
            ("aes", self.aes.is_some()),
            ("chunked", self.chunked),
            ("allowWeakKey", self.allow_weak_key),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect()
    }
}

/// The request to send, exactly.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {
    /// The provider it is for, so the answer can be read with `read_response`.
    pub provider: &'static str,
    /// The endpoint it is for.
    pub endpoint: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path below the integrator's base URL (their relay adds the provider's host).
    pub path: &'static str,
    /// Query parameters; credentials are never among them (the relay adds those).
    pub query: BTreeMap<String, String>,
    /// Headers; credentials are never among them.
    pub headers: BTreeMap<String, String>,
    /// The exact JSON text to send.
    pub body: String,
    /// True for a request built for the provider's sandbox (Kredibel's test NIKs).
    pub sandbox: bool,
    /// The form fields the body carries, so that `read_response` knows which verdicts
    /// the answer owes.
    pub fields: Vec<FormField>,
}

/// The result of `build_request`.
#[derive(Clone, Debug, Serialize)]
pub struct Built {
    /// False when an issue of severity error is present, and when no request could be
    /// made although every field passed (encryption failing after `build_request`'s setup
    /// check found a key and a random source: not seen in practice).
    pub ok: bool,
    /// Every problem found, across all fields, at once.
    pub issues: Vec<Issue>,
    /// The request, when `ok`.
    pub request: Option<Request>,
}

impl Built {
    /// A result with `issues` and no request; never `ok`, even if every issue is a
    /// warning (a request that could not be built cannot be sent).
    pub(crate) fn refused(issues: Vec<Issue>) -> Built {
        Built {
            ok: false,
            issues,
            request: None,
        }
    }

    /// A result with `request`, keeping any warnings in `issues`.
    pub(crate) fn sent(issues: Vec<Issue>, request: Request) -> Built {
        let ok = no_errors(&issues);
        Built {
            ok,
            issues,
            request: ok.then_some(request),
        }
    }
}

/// Appends the standard base64 of `bytes` (with padding, without any `data:` prefix, as
/// every provider asks for photos) to `out`, without an intermediate copy.
fn push_base64(out: &mut String, bytes: &[u8]) {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
}

/// The standard base64 of `bytes`.
pub(crate) fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    push_base64(&mut out, bytes);
    out
}

/// A JSON object written field by field into one buffer, so that a body carrying
/// megabytes of base64 is written once (serde would first build each base64 `String`,
/// then copy it into the body).
pub(crate) struct JsonBody {
    out: String,
}

impl JsonBody {
    /// An object with room for about `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> JsonBody {
        let mut out = String::with_capacity(capacity + 2);
        out.push('{');
        JsonBody { out }
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        self.string(key);
        self.out.push(':');
    }

    fn string(&mut self, text: &str) {
        // serde_json's escaping of one string cannot fail.
        self.out
            .push_str(&serde_json::to_string(text).unwrap_or_default());
    }

    /// `"key":"text"`.
    pub(crate) fn text(mut self, key: &str, text: &str) -> JsonBody {
        self.key(key);
        self.string(text);
        self
    }

    /// `"key":"text"` when `text` is given.
    pub(crate) fn text_opt(self, key: &str, text: Option<&str>) -> JsonBody {
        match text {
            Some(text) => self.text(key, text),
            None => self,
        }
    }

    /// `"key":` followed by `json`, which must be valid JSON (a number, `true`, a raw
    /// value kept as given).
    pub(crate) fn raw(mut self, key: &str, json: &str) -> JsonBody {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// `"key":"<base64 of bytes>"`; base64 needs no escaping in JSON.
    pub(crate) fn base64(mut self, key: &str, bytes: &[u8]) -> JsonBody {
        self.key(key);
        self.out.reserve(bytes.len().div_ceil(3) * 4 + 2);
        self.out.push('"');
        push_base64(&mut self.out, bytes);
        self.out.push('"');
        self
    }

    /// `"key":"<base64 of bytes>"` when `bytes` are given.
    pub(crate) fn base64_opt(self, key: &str, bytes: Option<&[u8]>) -> JsonBody {
        match bytes {
            Some(bytes) => self.base64(key, bytes),
            None => self,
        }
    }

    /// The JSON text.
    pub(crate) fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}
