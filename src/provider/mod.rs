//! The five providers, one file each, registered in [`PROVIDERS`].
//!
//! One form, five providers: every endpoint reads the same provider-neutral [`Applicant`]
//! (`nik`, `name`, `birthDate`, `phone`, `selfie`, `idCard`, …) and maps it to its own field
//! names and formats. Issue paths use the neutral names, so a form can switch providers
//! without changing its field wiring.
//!
//! Data flows one way. [`build_request`] finds the endpoint in its provider's table,
//! checks the applicant's fields once ([`check_fields`]), and hands the checked values to
//! the endpoint's body builder, which returns only the body; the [`Request`] around it is
//! made here from the table (method, path, headers, provider and endpoint ids, written
//! once). [`read_response`] hands the answer to the endpoint's reader and holds every
//! reading to one rule: only a 2xx answer can carry a verdict.
//!
//! Each provider file holds the provider's field table, its body builders and its
//! answer readers, with the seed page it implements quoted in its module docs.
//! `tests/providers.rs` fails when a provider file is not registered here or has no vector
//! file.

mod form;
mod reading;
mod request;
mod rules;
mod slot;

pub mod kredibel;
pub mod oy;
pub mod quantum_elixir;
pub mod td;
pub mod widekyc;

pub use crate::crypto::{AesMode, RsaScheme};
pub use form::{
    check_fields, Address, Applicant, Checked, Field, FieldKind, FieldOptions, FormField, Label,
    Required,
};
pub use reading::{Outcome, ReadOptions, Reading, Response, VerifiedWithReason};
pub use request::{BuildOptions, Built, Request};
pub use rules::{
    image_rule, rules, EndpointRules, FieldRule, ImageLimits, ImageRuleSpec, ProviderRules,
    QualitySpec,
};
pub use slot::{LimitsReading, PhotoSlot, StatedBounds, UNSTATED_MAX_BYTES};

pub(crate) use reading::{http_failure, parse_answer};
pub(crate) use request::{base64, JsonBody};

use crate::issue::{no_errors, Issue};
use serde::Serialize;
use std::collections::BTreeMap;

/// Every provider.
pub const PROVIDERS: &[&Provider] = &[
    &kredibel::PROVIDER,
    &td::PROVIDER,
    &widekyc::PROVIDER,
    &quantum_elixir::PROVIDER,
    &oy::PROVIDER,
];

/// A provider: its id (as every export names it), its endpoints, and its result
/// callback if it sends one.
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
    /// Reads a result callback the provider posts to the integrator (OY's).
    pub callback: Option<fn(&str) -> Reading>,
}

/// The body builder's result: the JSON text, or the issues that stopped it.
pub type Body = Result<String, Vec<Issue>>;

/// An endpoint's setup check: an error is a programmer mistake, in words.
pub type Setup = fn(&BuildOptions) -> Result<(), String>;

/// An endpoint's check across fields, on the values that passed their own checks.
pub type CrossCheck = fn(&Applicant, &Checked, &BuildOptions) -> Vec<Issue>;

/// One endpoint: what it needs from the applicant, how its body is written and how its
/// answer is read.
#[derive(Debug)]
pub struct Endpoint {
    /// The endpoint id, such as `"certificate-issuance"`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path below the integrator's base URL.
    pub path: &'static str,
    /// Headers besides `Content-Type: application/json`, as the page's examples send them.
    pub headers: &'static [(&'static str, &'static str)],
    /// The fields it reads, in the order of the provider's table.
    pub fields: &'static [Field],
    /// The build options it accepts besides `today` and `limits`.
    pub options: &'static [&'static str],
    /// Checks the integrator's setup (OY's key) before anything else; an error is a
    /// programmer mistake, and nothing is built.
    pub setup: Option<Setup>,
    /// Checks that span fields (a conditional requirement, an RSA block's fit), run after
    /// the field checks on the values that passed.
    pub check: Option<CrossCheck>,
    /// Writes the body; called only when no check found an error.
    pub body: fn(&Checked, &BuildOptions) -> Body,
    /// Reads the provider's answer.
    pub read: fn(&Response) -> Reading,
    /// What the page recommends around the call, as data for `rules()`.
    pub guidance: Option<fn() -> serde_json::Value>,
    /// What a `verified` answer of this endpoint proves.
    pub verifies: Verifies,
}

/// What a `verified` answer of an endpoint proves, as `rules()` lists it, so that a form
/// says what was checked and an integrator does not onboard on a check that proves less
/// than identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verifies {
    /// The applicant's identity: their data matched the population registry (Dukcapil).
    Identity,
    /// That the selfie shows a live person, and nothing about who (WideKYC
    /// passive-liveness).
    Liveness,
    /// That the KTP photo could be read: its OCR text comes in the reading's `data`,
    /// checked against nothing (WideKYC id-recognize).
    Document,
}

impl Endpoint {
    /// An endpoint with the common parts: no extra headers, options, setup, checks or
    /// guidance, and a verdict on the applicant's identity.
    pub const fn new(
        id: &'static str,
        path: &'static str,
        fields: &'static [Field],
        body: fn(&Checked, &BuildOptions) -> Body,
        read: fn(&Response) -> Reading,
    ) -> Endpoint {
        Endpoint {
            id,
            method: "POST",
            path,
            headers: &[],
            fields,
            options: &[],
            setup: None,
            check: None,
            body,
            read,
            guidance: None,
            verifies: Verifies::Identity,
        }
    }
}

/// Finds `provider` and its `endpoint`.
///
/// # Errors
///
/// A message naming what is known, for a programmer's typo.
pub fn endpoint(
    provider: &str,
    endpoint: &str,
) -> Result<(&'static Provider, &'static Endpoint), String> {
    let found = find_provider(provider)?;
    let endpoint_found = found
        .endpoints
        .iter()
        .find(|e| e.id == endpoint)
        .ok_or_else(|| {
            let known: Vec<&str> = found.endpoints.iter().map(|e| e.id).collect();
            format!(
                "{provider} has no endpoint {endpoint:?}; its endpoints: {}",
                known.join(", ")
            )
        })?;
    Ok((found, endpoint_found))
}

pub(crate) fn find_provider(provider: &str) -> Result<&'static Provider, String> {
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
    let (provider, endpoint) = endpoint(provider, endpoint_id)?;
    if let Some(option) = options
        .given()
        .into_iter()
        .find(|name| !endpoint.options.contains(name))
    {
        return Err(format!(
            "option {option:?} does not apply to {} {endpoint_id}",
            provider.id
        ));
    }
    if let Some(setup) = endpoint.setup {
        setup(options).map_err(|message| format!("{} {endpoint_id} {message}", provider.id))?;
    }
    let field_options = FieldOptions {
        today: options.today,
        sandbox: options.sandbox,
        limits: options.limits.unwrap_or_default(),
        message_format: options.message_format,
    };
    let (checked, mut issues) = check_fields(applicant, endpoint.fields, &field_options);
    if let Some(check) = endpoint.check {
        issues.extend(check(applicant, &checked, options));
    }
    if !no_errors(&issues) {
        return Ok(Built::refused(issues));
    }
    let body = match (endpoint.body)(&checked, options) {
        Ok(body) => body,
        Err(more) => {
            issues.extend(more);
            return Ok(Built::refused(issues));
        }
    };
    let mut headers = BTreeMap::new();
    headers.insert("Content-Type".to_owned(), "application/json".to_owned());
    for (name, value) in endpoint.headers {
        headers.insert((*name).to_owned(), (*value).to_owned());
    }
    let request = Request {
        provider: provider.id,
        endpoint: endpoint.id,
        method: endpoint.method,
        path: endpoint.path,
        query: BTreeMap::new(),
        headers,
        body,
        sandbox: options.sandbox,
        fields: endpoint
            .fields
            .iter()
            .map(|f| f.field)
            .filter(|&field| checked.has(field))
            .collect(),
    };
    Ok(Built::sent(issues, request))
}

/// Reads `provider`'s answer to `endpoint`. Never fails on the answer itself: anything
/// unrecognised is `failed` with the raw code kept, and a body under a status outside
/// 2xx is never a verdict, whatever it says.
///
/// # Errors
///
/// A message for an unknown provider or endpoint.
///
/// ```
/// use kyc_precheck::provider::{read_response, Outcome, Response};
///
/// let body = r#"{"code":200,"message":"success","result":"pass","id_phone_match":"pass","id_name_match":"pass"}"#;
/// let reading = read_response("td", "id-verification", &Response::new(200, body)).unwrap();
/// assert_eq!(reading.outcome, Outcome::Verified);
/// // The same body from a failing server is no verdict.
/// let reading = read_response("td", "id-verification", &Response::new(500, body)).unwrap();
/// assert_eq!(reading.outcome, Outcome::Failed);
/// ```
pub fn read_response(
    provider: &str,
    endpoint_id: &str,
    response: &Response,
) -> Result<Reading, String> {
    let (_, endpoint) = endpoint(provider, endpoint_id)?;
    let mut reading = (endpoint.read)(response);
    if !response.is_success() && reading.outcome != Outcome::Failed {
        reading = http_failure(response.status, response.body);
    }
    if reading.retryable {
        reading.retry_after_seconds = response.retry_after.and_then(reading::retry_after_seconds);
    }
    Ok(reading)
}

/// Reads a result callback `provider` posted to the integrator (OY's, the one provider
/// that answers asynchronously). A callback is never final: see [`oy::read_callback`].
///
/// # Errors
///
/// A message for a provider that sends no callbacks.
pub fn read_callback(provider: &str, body: &str) -> Result<Reading, String> {
    let found = find_provider(provider)?;
    let callback = found.callback.ok_or_else(|| {
        let senders: Vec<&str> = PROVIDERS
            .iter()
            .filter(|p| p.callback.is_some())
            .map(|p| p.id)
            .collect();
        format!(
            "{} sends no callbacks; only {} does",
            found.id,
            senders.join(", ")
        )
    })?;
    Ok(callback(body))
}
