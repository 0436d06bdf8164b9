//! The five providers, one file each, registered in [`PROVIDERS`].
//!
//! One form, five providers: every endpoint reads the same provider-neutral [`Applicant`]
//! (`nik`, `name`, `birthDate`, `phone`, `selfie`, `idCard`, …) and maps it to its own field
//! names and formats. Issue paths use the neutral names, so a form can switch providers
//! without changing its field wiring.
//!
//! Each provider file holds the provider's field rules, its request builder and its
//! response reader, with the seed page it implements quoted in its module docs.
//! `tests/providers.rs` fails when a provider file is not registered here or has no vector
//! file.

pub mod kredibel;
pub mod oy;
pub mod quantum_elixir;
pub mod td;
pub mod widekyc;

use crate::date::{check_date, Date, DateFormat, DateOptions};
use crate::email::check_email;
use crate::image::{check_image, ImageInfo, ImageRule};
use crate::issue::{no_errors, Code, Issue, PathSegment};
use crate::name::{check_name, NameOptions};
use crate::nik::{check_nik, NikMode, NikOptions};
use crate::phone::{check_phone, PhoneDetails, PhoneOptions};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Every provider.
pub const PROVIDERS: &[&Provider] = &[
    &kredibel::PROVIDER,
    &td::PROVIDER,
    &widekyc::PROVIDER,
    &quantum_elixir::PROVIDER,
    &oy::PROVIDER,
];

/// A provider: its id (as every export names it) and its endpoints.
#[derive(Debug)]
pub struct Provider {
    /// `"kredibel"`, `"td"`, `"widekyc"`, `"quantum-elixir"` or `"oy"`.
    pub id: &'static str,
    /// The provider's name, for people.
    pub name: &'static str,
    /// The seed page in `shared/seeds/` this file implements.
    pub seed: &'static str,
    /// Its endpoints.
    pub endpoints: &'static [Endpoint],
}

/// One endpoint: what it needs from the applicant, how its request is built and how its
/// answer is read.
#[derive(Debug)]
pub struct Endpoint {
    /// The endpoint id, such as `"certificate-issuance"`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path below the integrator's base URL.
    pub path: &'static str,
    /// The fields it reads, in the order of the provider's table.
    pub fields: &'static [Field],
    /// The build options it accepts besides the common ones.
    pub options: &'static [&'static str],
    /// Checks every field and, when all pass, writes the request.
    pub build: fn(&Applicant, &BuildOptions) -> Built,
    /// Reads the provider's answer.
    pub read: fn(u16, &str) -> Reading,
}

/// A field an endpoint reads.
#[derive(Debug)]
pub struct Field {
    /// The provider-neutral name (the issue path).
    pub name: &'static str,
    /// The provider's own name for it, as in its request.
    pub provider_name: &'static str,
    /// What kind of value it is, which decides the check that runs.
    pub kind: FieldKind,
    /// Whether the provider requires it.
    pub required: Required,
    /// The format the provider asks for, in words.
    pub format: &'static str,
    /// For a photo, its rule.
    pub image: Option<fn() -> ImageRule>,
}

/// What kind of value a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    /// A NIK: `check_nik`.
    Nik,
    /// A person's name: `check_name`.
    Name,
    /// A birth date, `YYYY-MM-DD` in the applicant: `check_date`.
    BirthDate,
    /// An email address: `check_email`.
    Email,
    /// A phone number as typed: `check_phone`.
    Phone,
    /// A photo: `check_image` with the field's rule.
    Image,
    /// Free text that must not be empty when required.
    Text,
    /// A yes/no value.
    Boolean,
    /// A JSON object passed through untouched.
    Object,
}

/// Whether a field must be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    /// Always.
    Yes,
    /// Never.
    No,
    /// When another condition holds, described in words (for `rules()`).
    When(&'static str),
}

/// The applicant's address, as OY asks for it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    /// The home address, as on the KTP.
    pub home: Option<String>,
    /// The business address.
    pub business: Option<String>,
}

/// The provider-neutral applicant every endpoint reads.
///
/// The photos are bytes; the JS bindings take them as `Uint8Array`s.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Applicant {
    /// The NIK as typed.
    pub nik: Option<String>,
    /// The full name as on the KTP.
    pub name: Option<String>,
    /// The birth date, `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// The birth place.
    pub birth_place: Option<String>,
    /// The email address.
    pub email: Option<String>,
    /// The phone number as typed.
    pub phone: Option<String>,
    /// Home and business address.
    pub address: Option<Address>,
    /// The selfie photo.
    #[serde(skip)]
    pub selfie: Option<Vec<u8>>,
    /// The KTP photo.
    #[serde(skip)]
    pub id_card: Option<Vec<u8>>,
    /// Quantum Elixir: the official Dukcapil photo.
    #[serde(skip)]
    pub photo: Option<Vec<u8>>,
    /// WideKYC: the integrator's customer reference number.
    pub cust_ref_no: Option<String>,
    /// Quantum Elixir: the customer's CUID.
    pub customer_id: Option<String>,
    /// Quantum Elixir: whether Dukcapil confirmed the lookup.
    pub valid: Option<bool>,
    /// Quantum Elixir: Dukcapil's response envelope, passed through untouched.
    pub raw: Option<Box<RawValue>>,
    /// Quantum Elixir: why Dukcapil declined.
    pub reason: Option<String>,
}

impl Applicant {
    /// The neutral names of the photo fields, which cross the JS boundary as bytes.
    pub const IMAGE_FIELDS: [&'static str; 3] = ["selfie", "idCard", "photo"];
}

/// Which RSA padding OY's fields are encrypted with; the page does not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum RsaScheme {
    /// RSA-OAEP with SHA-256 and MGF1-SHA-256 (the default: the modern choice).
    #[default]
    #[serde(rename = "oaep-sha256")]
    OaepSha256,
    /// RSA-OAEP with SHA-1 and MGF1-SHA-1 (what many Java and PHP defaults produce).
    #[serde(rename = "oaep-sha1")]
    OaepSha1,
    /// RSAES-PKCS1-v1_5.
    #[serde(rename = "pkcs1v15")]
    Pkcs1v15,
}

/// Which AES mode OY's photos are encrypted with; the page does not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AesMode {
    /// AES-256-GCM, the 12-byte nonce prepended to the ciphertext and tag (the default).
    #[default]
    Gcm,
    /// AES-256-CBC with PKCS#7 padding, the 16-byte IV prepended.
    Cbc,
}

/// Options of `build_request`. Each endpoint accepts `today` and the ones it lists in
/// [`Endpoint::options`]; any other is a programmer mistake.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuildOptions {
    /// The date against which birth dates are checked; default today.
    pub today: Option<Date>,
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
}

impl BuildOptions {
    /// The names of the options that are set, for checking them against an endpoint.
    fn given(&self) -> Vec<&'static str> {
        let mut given = Vec::new();
        if self.sandbox {
            given.push("sandbox");
        }
        if self.nik_as_number {
            given.push("nikAsNumber");
        }
        if self.public_key.is_some() {
            given.push("publicKey");
        }
        if self.rsa.is_some() {
            given.push("rsa");
        }
        if self.aes.is_some() {
            given.push("aes");
        }
        if self.chunked {
            given.push("chunked");
        }
        given
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
    pub path: String,
    /// Query parameters; credentials are never among them (the relay adds those).
    pub query: BTreeMap<String, String>,
    /// Headers; credentials are never among them.
    pub headers: BTreeMap<String, String>,
    /// The exact JSON text to send.
    pub body: String,
    /// True for a request built for the provider's sandbox (Kredibel's test NIKs).
    pub sandbox: bool,
}

impl Request {
    /// A JSON `POST` to `path` with `body`.
    pub(crate) fn post_json(path: &str, body: String) -> Request {
        let mut headers = BTreeMap::new();
        headers.insert("Content-Type".to_owned(), "application/json".to_owned());
        Request {
            provider: "",
            endpoint: "",
            method: "POST",
            path: path.to_owned(),
            query: BTreeMap::new(),
            headers,
            body,
            sandbox: false,
        }
    }
}

/// The result of `build_request`.
#[derive(Clone, Debug, Serialize)]
pub struct Built {
    /// False exactly when an issue of severity error is present.
    pub ok: bool,
    /// Every problem found, across all fields, at once.
    pub issues: Vec<Issue>,
    /// The request, when `ok`.
    pub request: Option<Request>,
}

impl Built {
    /// A result with `issues` and no request.
    pub(crate) fn refused(issues: Vec<Issue>) -> Built {
        Built {
            ok: no_errors(&issues),
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

/// What the provider's answer means for the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The provider verified the applicant.
    Verified,
    /// The provider checked and refused: `issues` say which field to fix.
    Rejected,
    /// Accepted for processing; the result comes later (OY's callback).
    Pending,
    /// The call did not produce a verdict: an outage, a quota, a configuration problem,
    /// or an answer this library does not recognise.
    Failed,
}

/// A provider's answer, read.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    /// What the answer means.
    pub outcome: Outcome,
    /// Whether sending the same request again later may succeed.
    pub retryable: bool,
    /// Whether the call is billed, where the provider documents it; `None` otherwise.
    pub charged: Option<bool>,
    /// The provider's own status code, as it sent it.
    pub provider_code: Option<String>,
    /// The fields the provider rejected and why, in both languages.
    pub issues: Vec<Issue>,
    /// Seconds to wait before retrying, when the provider says (`Retry-After`).
    pub retry_after_seconds: Option<u64>,
    /// What else the answer carries, typed per endpoint (OCR data, verification ids, the
    /// documented fallback); `None` when nothing.
    pub data: Option<serde_json::Value>,
}

impl Reading {
    /// A reading with no issues and no data.
    pub(crate) fn new(outcome: Outcome, provider_code: Option<String>) -> Reading {
        Reading {
            outcome,
            retryable: false,
            charged: None,
            provider_code,
            issues: Vec::new(),
            retry_after_seconds: None,
            data: None,
        }
    }

    /// The reading of an answer this library does not recognise: failed, with the raw
    /// code kept.
    pub(crate) fn unknown(http_status: u16, provider_code: Option<String>) -> Reading {
        let code = provider_code
            .clone()
            .unwrap_or_else(|| http_status.to_string());
        let mut reading = Reading::new(Outcome::Failed, provider_code.or(Some(code.clone())));
        reading.issues.push(
            Issue::new(Code::ResponseUnknown)
                .with("providerCode", code)
                .with("httpStatus", i64::from(http_status)),
        );
        reading
    }

    /// Adds `issue` and returns the reading.
    pub(crate) fn with_issue(mut self, issue: Issue) -> Reading {
        self.issues.push(issue);
        self
    }
}

/// The reading of an HTTP status outside 2xx, which carries no verdict, or `None` for a
/// 2xx. Statuses the providers' pages name are read as they say (WideKYC: 401, 404, 500,
/// 503, 504; Quantum Elixir: 403 when the capability is off, and its 30/min limit, taken
/// as 429); the rest as HTTP defines them.
pub(crate) fn http_failure(http_status: u16, body: &str) -> Option<Reading> {
    if (200..300).contains(&http_status) {
        return None;
    }
    let code = http_status.to_string();
    let mut reading = Reading::new(Outcome::Failed, Some(code.clone()));
    let message: String = body.chars().take(200).collect();
    let issue = match http_status {
        401 | 403 | 404 => Issue::new(Code::ResponseNotAvailable)
            .with("providerCode", code)
            .with("providerMessage", message),
        408 | 425 | 429 => {
            reading.retryable = true;
            Issue::new(Code::ResponseRateLimited)
        }
        500..=599 => {
            reading.retryable = true;
            Issue::new(Code::ResponseServiceUnavailable).with("providerCode", code)
        }
        400 | 413 | 422 => Issue::new(Code::ResponseInvalidRequest)
            .with("providerCode", code)
            .with("providerMessage", message),
        _ => return Some(Reading::unknown(http_status, None)),
    };
    reading.issues.push(issue);
    Some(reading)
}

/// Seconds to wait from a `Retry-After` header: delay-seconds only (an HTTP-date would need
/// the server's clock, which the browser's may not match).
fn retry_after_seconds(header: &str) -> Option<u64> {
    header.trim().parse().ok()
}

/// `issue` at the path of `field`; a nested field (`address.home`) becomes two segments.
pub(crate) fn at(field: &str, issue: Issue) -> Issue {
    field.rsplit('.').fold(issue, |issue, segment| {
        issue.prefixed(PathSegment::Key(segment.to_owned()))
    })
}

/// The values of the checked fields, in the forms the builders need.
#[derive(Clone, Debug, Default)]
pub(crate) struct Values {
    pub nik: Option<String>,
    pub name: Option<String>,
    pub birth_date: Option<Date>,
    pub email: Option<String>,
    pub phone: Option<PhoneDetails>,
    pub images: BTreeMap<&'static str, (Vec<u8>, ImageInfo)>,
    pub texts: BTreeMap<&'static str, String>,
}

/// Runs the check of every field in `fields` and returns the normalised values with every
/// issue found (paths prefixed with the field's neutral name).
pub(crate) fn check_fields(
    applicant: &Applicant,
    fields: &[Field],
    options: &BuildOptions,
) -> (Values, Vec<Issue>) {
    let mut values = Values::default();
    let mut issues = Vec::new();
    let today = options.today.or_else(Date::today);
    for field in fields {
        let path = |issue: Issue| at(field.name, issue);
        let required = field.required == Required::Yes;
        match field.kind {
            FieldKind::Nik => {
                let Some(input) = present(applicant.nik.as_deref(), required) else {
                    continue;
                };
                let nik_options = NikOptions {
                    today,
                    // Compared only where the endpoint sends a birth date, and read the
                    // way the birth date field itself is read (1990/05/21 included).
                    birth_date: fields
                        .iter()
                        .any(|f| f.kind == FieldKind::BirthDate)
                        .then_some(applicant.birth_date.as_deref())
                        .flatten()
                        .and_then(|text| {
                            let date_options = DateOptions {
                                today,
                                ..Default::default()
                            };
                            check_date(text, DateFormat::YearMonthDay, &date_options).value
                        })
                        .and_then(|iso| Date::parse_iso(&iso).ok()),
                    mode: if options.sandbox {
                        NikMode::Sandbox
                    } else {
                        NikMode::Strict
                    },
                    ..Default::default()
                };
                let checked = check_nik(input, &nik_options);
                if checked.ok {
                    values.nik = Some(checked.value);
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Name => {
                let Some(input) = present(applicant.name.as_deref(), required) else {
                    continue;
                };
                let checked = check_name(input, &NameOptions::default());
                if checked.ok {
                    values.name = Some(checked.value);
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::BirthDate => {
                let Some(input) = present(applicant.birth_date.as_deref(), required) else {
                    continue;
                };
                let date_options = DateOptions {
                    today,
                    ..Default::default()
                };
                let checked = check_date(input, DateFormat::YearMonthDay, &date_options);
                if checked.ok {
                    values.birth_date = checked
                        .value
                        .as_deref()
                        .and_then(|v| Date::parse_iso(v).ok());
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Email => {
                let Some(input) = present(applicant.email.as_deref(), required) else {
                    continue;
                };
                let checked = check_email(input);
                if checked.ok {
                    values.email = Some(checked.value);
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Phone => {
                let Some(input) = present(applicant.phone.as_deref(), required) else {
                    continue;
                };
                let checked = check_phone(input, &PhoneOptions::default());
                values.phone = checked.phone;
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Image => {
                let bytes = match field.name {
                    "selfie" => &applicant.selfie,
                    "idCard" => &applicant.id_card,
                    _ => &applicant.photo,
                };
                let bytes = match bytes {
                    Some(bytes) => bytes,
                    None if required => &Vec::new(),
                    None => continue,
                };
                let rule = field.image.map(|rule| rule()).unwrap_or_default();
                let checked = check_image(bytes, &rule);
                if let (true, Some(info)) = (checked.ok, checked.image) {
                    values.images.insert(field.name, (bytes.clone(), info));
                }
                issues.extend(checked.issues.into_iter().map(path));
            }
            FieldKind::Text => {
                let text = text_field(applicant, field.name);
                match text.map(str::trim).filter(|t| !t.is_empty()) {
                    Some(text) => {
                        values.texts.insert(field.name, text.to_owned());
                    }
                    None if required => issues.push(path(
                        Issue::new(Code::FieldRequired).with("field", field.name),
                    )),
                    None => {}
                }
            }
            FieldKind::Boolean | FieldKind::Object => {
                let given = match field.name {
                    "valid" => applicant.valid.is_some(),
                    _ => applicant.raw.is_some(),
                };
                if required && !given {
                    issues.push(path(
                        Issue::new(Code::FieldRequired).with("field", field.name),
                    ));
                }
            }
        }
    }
    (values, issues)
}

/// The input of a field, or `None` when it is absent and optional. A required field that
/// is absent is checked as empty, so that it gets its own `….required` issue.
fn present(input: Option<&str>, required: bool) -> Option<&str> {
    match input {
        Some(text) if !text.trim().is_empty() || required => Some(text),
        None if required => Some(""),
        _ => None,
    }
}

fn text_field<'a>(applicant: &'a Applicant, name: &str) -> Option<&'a str> {
    let address = applicant.address.as_ref();
    match name {
        "birthPlace" => applicant.birth_place.as_deref(),
        "custRefNo" => applicant.cust_ref_no.as_deref(),
        "customerId" => applicant.customer_id.as_deref(),
        "reason" => applicant.reason.as_deref(),
        "address.home" | "address" => address.and_then(|a| a.home.as_deref()),
        "address.business" => address.and_then(|a| a.business.as_deref()),
        _ => None,
    }
}

/// The standard base64 of `bytes`, with padding and without any `data:` prefix, as every
/// provider asks for photos.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Finds `provider` and its `endpoint`.
///
/// # Errors
///
/// A message naming what is known, for a programmer's typo.
pub fn endpoint(provider: &str, endpoint: &str) -> Result<&'static Endpoint, String> {
    let found = find_provider(provider)?;
    found
        .endpoints
        .iter()
        .find(|e| e.id == endpoint)
        .ok_or_else(|| {
            let known: Vec<&str> = found.endpoints.iter().map(|e| e.id).collect();
            format!(
                "{provider} has no endpoint {endpoint:?}; its endpoints: {}",
                known.join(", ")
            )
        })
}

/// The static id of a known provider.
fn provider_id(provider: &str) -> &'static str {
    PROVIDERS
        .iter()
        .find(|p| p.id == provider)
        .map_or("", |p| p.id)
}

fn find_provider(provider: &str) -> Result<&'static Provider, String> {
    PROVIDERS
        .iter()
        .copied()
        .find(|p| p.id == provider)
        .ok_or_else(|| {
            let known: Vec<&str> = PROVIDERS.iter().map(|p| p.id).collect();
            format!("unknown provider {provider:?}; known: {}", known.join(", "))
        })
}

/// Checks every field `endpoint` of `provider` needs and, when all pass, builds the exact
/// request. Every problem is returned at once.
///
/// # Errors
///
/// A message for a programmer mistake: an unknown provider or endpoint, an option the
/// endpoint does not take, or (OY) a missing or malformed `publicKey`.
///
/// ```
/// use kyc_precheck::provider::{build_request, Applicant, BuildOptions};
///
/// let applicant = Applicant { nik: Some("3273015205900001".into()), ..Default::default() };
/// let built = build_request("td", "id-verification", &applicant, &BuildOptions::default()).unwrap();
/// assert!(!built.ok);
/// let paths: Vec<_> = built.issues.iter().map(|i| format!("{:?}", i.path)).collect();
/// assert!(paths.iter().any(|p| p.contains("phone")));
/// assert!(built.request.is_none());
/// ```
pub fn build_request(
    provider: &str,
    endpoint_id: &str,
    applicant: &Applicant,
    options: &BuildOptions,
) -> Result<Built, String> {
    let endpoint = endpoint(provider, endpoint_id)?;
    if let Some(option) = options
        .given()
        .into_iter()
        .find(|name| !endpoint.options.contains(name))
    {
        return Err(format!(
            "option {option:?} does not apply to {provider} {endpoint_id}"
        ));
    }
    // An endpoint that encrypts (OY's) builds nothing without a usable public key and a
    // secure random source: both are the integrator's setup, not the applicant's data.
    if endpoint.options.contains(&"publicKey") {
        oy::check_setup(options)
            .map_err(|message| format!("{provider} {endpoint_id} {message}"))?;
    }
    let mut built = (endpoint.build)(applicant, options);
    if let Some(request) = &mut built.request {
        request.provider = provider_id(provider);
        request.endpoint = endpoint.id;
    }
    Ok(built)
}

/// Reads `provider`'s answer to `endpoint`: the HTTP status, the body text as received,
/// and the `Retry-After` header if there was one. Never fails on the answer itself:
/// anything unrecognised is `failed` with the raw code kept.
///
/// # Errors
///
/// A message for an unknown provider or endpoint.
pub fn read_response(
    provider: &str,
    endpoint_id: &str,
    http_status: u16,
    body: &str,
    retry_after: Option<&str>,
) -> Result<Reading, String> {
    let endpoint = endpoint(provider, endpoint_id)?;
    let mut reading = (endpoint.read)(http_status, body);
    if reading.retryable {
        reading.retry_after_seconds = retry_after.and_then(retry_after_seconds);
    }
    Ok(reading)
}

/// Reads a result callback `provider` posted to the integrator (OY's, the one provider
/// that answers asynchronously).
///
/// # Errors
///
/// A message for a provider that sends no callbacks.
pub fn read_callback(provider: &str, body: &str) -> Result<Reading, String> {
    match find_provider(provider)?.id {
        "oy" => Ok(oy::read_callback(body)),
        other => Err(format!("{other} sends no callbacks; only oy does")),
    }
}

/// One field's requirement, as `rules()` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldRule {
    /// The neutral name.
    pub field: &'static str,
    /// The provider's name for it.
    pub provider_field: &'static str,
    /// What kind of value it is.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// `true`, `false`, or the condition in words.
    pub required: serde_json::Value,
    /// The format the provider asks for.
    pub format: &'static str,
    /// For a photo, its limits.
    pub image: Option<ImageLimits>,
}

/// A photo slot's limits, as `rules()` lists them.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageLimits {
    /// Accepted formats.
    pub formats: Vec<&'static str>,
    /// The smallest file, in bytes.
    pub min_bytes: Option<u64>,
    /// The largest file, in bytes.
    pub max_bytes: Option<u64>,
    /// The smallest displayed width.
    pub min_width: Option<u32>,
    /// The smallest displayed height.
    pub min_height: Option<u32>,
}

/// One endpoint, as `rules()` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointRules {
    /// The endpoint id.
    pub id: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path.
    pub path: &'static str,
    /// Its fields.
    pub fields: Vec<FieldRule>,
    /// The build options it takes.
    pub options: &'static [&'static str],
}

/// One provider, as `rules()` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderRules {
    /// The provider id.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The seed page it comes from.
    pub seed: &'static str,
    /// Its endpoints.
    pub endpoints: Vec<EndpointRules>,
}

/// Every provider's endpoints and field requirements as plain data, so a form can render
/// hints; or one provider's.
///
/// # Errors
///
/// A message for an unknown provider.
pub fn rules(provider: Option<&str>) -> Result<Vec<ProviderRules>, String> {
    let providers: Vec<&Provider> = match provider {
        Some(id) => vec![find_provider(id)?],
        None => PROVIDERS.to_vec(),
    };
    Ok(providers
        .into_iter()
        .map(|p| ProviderRules {
            id: p.id,
            name: p.name,
            seed: p.seed,
            endpoints: p
                .endpoints
                .iter()
                .map(|e| EndpointRules {
                    id: e.id,
                    method: e.method,
                    path: e.path,
                    options: e.options,
                    fields: e.fields.iter().map(field_rule).collect(),
                })
                .collect(),
        })
        .collect())
}

fn field_rule(field: &Field) -> FieldRule {
    FieldRule {
        field: field.name,
        provider_field: field.provider_name,
        kind: field.kind,
        required: match field.required {
            Required::Yes => serde_json::Value::Bool(true),
            Required::No => serde_json::Value::Bool(false),
            Required::When(condition) => serde_json::Value::String(condition.to_owned()),
        },
        format: field.format,
        image: field.image.map(|rule| {
            let rule = rule();
            ImageLimits {
                formats: rule.formats.iter().map(|f| f.as_str()).collect(),
                min_bytes: rule.min_bytes,
                max_bytes: rule.max_bytes,
                min_width: rule.min_width,
                min_height: rule.min_height,
            }
        }),
    }
}

/// The rule of `provider`'s photo field `field` (`selfie`, `idCard` or `photo`), as the
/// first endpoint that reads it states it.
///
/// # Errors
///
/// A message naming the known providers or photo fields, for a programmer's typo.
pub fn image_rule(provider: &str, field: &str) -> Result<ImageRule, String> {
    let found = find_provider(provider)?;
    let slots: Vec<&Field> = found
        .endpoints
        .iter()
        .flat_map(|e| e.fields.iter())
        .filter(|f| f.image.is_some())
        .collect();
    slots
        .iter()
        .find(|f| f.name == field)
        .and_then(|f| f.image.map(|rule| rule()))
        .ok_or_else(|| {
            let mut known: Vec<&str> = slots.iter().map(|f| f.name).collect();
            known.dedup();
            format!(
                "{provider} has no photo field {field:?}; its photo fields: {}",
                known.join(", ")
            )
        })
}
