//! The five providers, one file each, and the table that mounts their endpoints under one
//! prefix per provider.
//!
//! Each endpoint's path is the library's `Endpoint::path` below the provider's prefix
//! (TD's path is `/`, so TD answers at `/td/`). `tests/routes.rs` fails if a library
//! endpoint has no route here.

pub mod kredibel;
pub mod oy;
mod oy_crypto;
pub mod quantum_elixir;
pub mod td;
pub mod widekyc;

use crate::credentials::{Principal, Scheme};
use crate::http::{Answer, Call};
use crate::server::Shared;
use base64::Engine as _;
use kyc_precheck::{check_image, check_nik, NikOptions, Severity};
use serde_json::{Map, Value};
use std::fmt::Display;
use std::sync::Arc;

/// An endpoint's handler: the request, once its credentials are accepted.
pub type Handler = fn(&Arc<Shared>, &Call, &Principal) -> Answer;

/// One endpoint.
pub struct Route {
    /// The full path on the sandbox.
    pub path: &'static str,
    /// The library's provider id.
    pub provider: &'static str,
    /// The library's endpoint id.
    pub endpoint: &'static str,
    /// Where its credentials travel.
    pub credentials: Scheme,
    /// What answers it.
    pub handle: Handler,
}

/// Each provider's prefix.
pub const PREFIXES: &[(&str, &str)] = &[
    ("/kredibel/", "kredibel"),
    ("/td/", "td"),
    ("/widekyc/", "widekyc"),
    ("/quantum-elixir/", "quantum-elixir"),
    ("/oy/", "oy"),
];

/// Every endpoint.
pub const ROUTES: &[Route] = &[
    Route {
        path: "/kredibel/v1/certificate/issuance",
        provider: "kredibel",
        endpoint: "certificate-issuance",
        credentials: Scheme::None,
        handle: kredibel::certificate_issuance,
    },
    Route {
        path: "/td/",
        provider: "td",
        endpoint: "id-verification",
        credentials: Scheme::TdQuery,
        handle: td::id_verification,
    },
    Route {
        path: "/widekyc/api/passive-liveness",
        provider: "widekyc",
        endpoint: "passive-liveness",
        credentials: Scheme::WideKycToken,
        handle: widekyc::passive_liveness,
    },
    Route {
        path: "/widekyc/api/id-recognize",
        provider: "widekyc",
        endpoint: "id-recognize",
        credentials: Scheme::WideKycToken,
        handle: widekyc::id_recognize,
    },
    Route {
        path: "/widekyc/api/id-validation",
        provider: "widekyc",
        endpoint: "id-validation",
        credentials: Scheme::WideKycToken,
        handle: widekyc::id_validation,
    },
    Route {
        path: "/quantum-elixir/api/identity/nik/dukcapil",
        provider: "quantum-elixir",
        endpoint: "dukcapil",
        credentials: Scheme::QuantumElixirKey,
        handle: quantum_elixir::dukcapil,
    },
    Route {
        path: "/oy/api/kyc/id-card",
        provider: "oy",
        endpoint: "id-card",
        credentials: Scheme::OyHeaders,
        handle: oy::id_card,
    },
    Route {
        path: "/oy/kyc/phone-number",
        provider: "oy",
        endpoint: "phone-number",
        credentials: Scheme::OyHeaders,
        handle: oy::phone_number,
    },
    Route {
        path: "/oy/kyc/status",
        provider: "oy",
        endpoint: "status",
        credentials: Scheme::OyHeaders,
        handle: oy::status,
    },
];

/// A path under a provider's prefix, and the endpoint it names if any.
pub struct Target {
    /// The provider whose prefix the path is under.
    pub provider: &'static str,
    /// The endpoint, or `None` for a path that names none (404).
    pub route: Option<&'static Route>,
}

/// The provider and endpoint `path` (as sent) names, or `None` when it is not under a
/// provider's prefix.
pub fn find(path: &str) -> Option<Target> {
    // TD's endpoint is its base URL itself; a relay may forward it with or without the slash.
    let path = if path == "/td" { "/td/" } else { path };
    let (_, provider) = PREFIXES
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))?;
    Some(Target {
        provider,
        route: ROUTES.iter().find(|route| route.path == path),
    })
}

/// What is wrong with a request, field by field, all at once.
#[derive(Default, Debug)]
pub struct Problems {
    /// The provider's names of the fields at fault, in the order found.
    pub fields: Vec<String>,
    /// One message per problem, each naming its field.
    pub messages: Vec<String>,
}

impl Problems {
    /// Notes a problem with `field`.
    pub fn add(&mut self, field: &str, message: impl Display) {
        if !self.fields.iter().any(|f| f == field) {
            self.fields.push(field.to_owned());
        }
        self.messages.push(format!("{field}: {message}"));
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The messages joined, for one JSON `message`.
    pub fn message(&self) -> String {
        self.messages.join("; ")
    }

    /// The sandbox's 400 answer for providers that document no error shape.
    pub fn answer(&self) -> Answer {
        Answer::error(400, "invalid_request", &self.message(), &self.fields)
    }
}

/// The JSON object a body holds.
///
/// # Errors
///
/// A message when the body is not JSON or not an object.
pub fn object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("the body must be a JSON object".to_owned()),
        Err(error) => Err(format!("the body is not JSON ({error})")),
    }
}

/// A field's value when it is a string that is not blank.
///
/// # Errors
///
/// "is required" when absent, null or blank; "must be a string" for another type.
pub fn text<'a>(object: &'a Map<String, Value>, name: &str) -> Result<&'a str, &'static str> {
    match object.get(name) {
        None | Some(Value::Null) => Err("is required"),
        Some(Value::String(text)) if text.trim().is_empty() => Err("is required"),
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err("must be a string"),
    }
}

/// Like [`text`], for a field that may be absent: `Ok(None)` when it is.
///
/// # Errors
///
/// "must be a string" for another type.
pub fn optional_text<'a>(
    object: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, &'static str> {
    match text(object, name) {
        Ok(text) => Ok(Some(text)),
        Err("is required") => Ok(None),
        Err(error) => Err(error),
    }
}

/// Decodes a photo's standard base64 (padding optional), refusing the `data:` prefix the
/// providers forbid.
///
/// # Errors
///
/// What is wrong with the text.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    if text.trim_start().starts_with("data:") {
        return Err("must be base64 without a data: prefix".to_owned());
    }
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
        .map_err(|_| "is not valid base64".to_owned())
}

/// Checks a photo with the library's rule for `provider`'s `field` (formats, byte and
/// pixel bounds, structure), without the quality measures: a provider judges the file,
/// and blur is only ever a warning.
///
/// # Errors
///
/// The first blocking problem, in English.
pub fn check_photo(bytes: &[u8], provider: &str, field: &str) -> Result<(), String> {
    let mut rule = kyc_precheck::provider::image_rule(provider, field)?;
    rule.quality = None;
    let checked = check_image(bytes, &rule);
    match checked
        .issues
        .iter()
        .find(|issue| issue.severity == Severity::Error)
    {
        Some(issue) => Err(issue.message_en()),
        None => Ok(()),
    }
}

/// A base64 photo field checked as [`check_photo`] does, noted in `problems` if wrong.
pub fn photo_field(
    object: &Map<String, Value>,
    name: &str,
    provider: &str,
    field: &str,
    required: bool,
    problems: &mut Problems,
) {
    let text = match optional_text(object, name) {
        Ok(Some(text)) => text,
        Ok(None) if required => return problems.add(name, "is required"),
        Ok(None) => return,
        Err(error) => return problems.add(name, error),
    };
    if let Err(error) = decode_base64(text).and_then(|bytes| check_photo(&bytes, provider, field)) {
        problems.add(name, error);
    }
}

/// True for exactly 16 ASCII digits.
pub fn is_sixteen_digits(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a NIK as the providers that validate it against Dukcapil would: 16 digits and
/// a real structure (the library's strict check).
///
/// # Errors
///
/// The first problem, in English.
pub fn check_real_nik(text: &str) -> Result<(), String> {
    if !is_sixteen_digits(text) {
        return Err("must be 16 digits".to_owned());
    }
    let checked = check_nik(text, &NikOptions::default());
    match checked
        .issues
        .iter()
        .find(|issue| issue.severity == Severity::Error)
    {
        Some(issue) => Err(issue.message_en()),
        None => Ok(()),
    }
}

/// The first blocking issue's English message, if any.
pub fn first_error(issues: &[kyc_precheck::Issue]) -> Option<String> {
    issues
        .iter()
        .find(|issue| issue.severity == Severity::Error)
        .map(kyc_precheck::Issue::message_en)
}
