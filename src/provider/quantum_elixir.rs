//! Quantum Elixir Identity Platform: the Dukcapil verdict ingest (seed
//! `003_7b188d88c052c7cf.txt`).
//!
//! > POST /api/identity/nik/dukcapil — Auth · API key, Scope · verifications:view, Rate
//! > limit · 30/min. This endpoint is gated by a per-org dukcapilEnabled capability.
//! > Returns 403 if not enabled.
//! >
//! > customerId string Required — CUID of the customer. valid boolean Required — true if
//! > Dukcapil confirmed the lookup, false if no match / declined. photo string (base64) —
//! > Official Dukcapil photo (JPEG/PNG). Required when valid=true. raw object — Opaque
//! > pass-through of Dukcapil response envelope — stored for audit. reason string —
//! > Human-readable reason (used when valid=false).
//!
//! The integrator's server calls this endpoint after its own call to Dukcapil, so the
//! request is built in Node with the same package. The API key is a credential the
//! server adds. `raw` is written into the body exactly as given (its JSON text is kept,
//! not re-serialised). The official photo gets no quality checks: it is Dukcapil's
//! reference photo, not a capture that could be retaken.
//!
//! Answers: the success shape (`verification.status` `verified`, an `enrolment` with
//! `source` `dukcapil`; "The customer's KYC tier moves to standard immediately (or premium
//! if they already had a passed face match)") and the declined shape
//! (`verification.status` `failed`, `enrolment: null`; "Tier doesn't change"). 403 means
//! the capability is off. The page names no status for its 30/min limit: 429 (with its
//! `Retry-After`) is read as retryable later.
//!
//! "What if Dukcapil is down?": the page's fallback chain (on a Dukcapil timeout or 5xx,
//! continue with KTP capture only at tier standard, and log the fallback so compliance can
//! upgrade the customer later) concerns the integrator's own call to Dukcapil, made
//! before this endpoint is called. It is offered as data, [`fallback`], in this
//! endpoint's `guidance` in `rules()`. A 5xx from this ingest endpoint is a Quantum Elixir
//! outage, not Dukcapil's: a plain retryable failure.
//!
//! `reason` is optional ("used when valid=false"; the page marks only `photo` as
//! conditionally required). `raw` is documented as an object: anything else is refused
//! (`field.not_object`). The photo has no stated byte limit: the library's ceiling of
//! 10,000,000 bytes bounds it.
//!
//! `enrolment.fallbackStub` is read too: the success example has `false`; `true` means
//! the face enrolment is a stand-in rather than the Dukcapil photo, so the verification
//! stays `verified` with a warning (`response.fallback_enrolment`); the enrolment
//! is in `data.enrolment` as received.

use super::{
    http_failure, Applicant, Body, BuildOptions, Checked, Endpoint, Field, FormField, JsonBody,
    Outcome, PhotoSlot, Provider, Reading, Required, Response,
};
use crate::issue::{Code, Issue, Severity};
use serde::Deserialize;
use serde_json::{json, Value};

/// Quantum Elixir Identity Platform.
pub const PROVIDER: Provider = Provider {
    id: "quantum-elixir",
    name: "Quantum Elixir Identity Platform",
    seed: "003_7b188d88c052c7cf.txt",
    endpoints: &[Endpoint {
        check: Some(check),
        guidance: Some(guidance),
        ..Endpoint::new("dukcapil", "/api/identity/nik/dukcapil", FIELDS, body, read)
    }],
    callback: None,
};

/// The documented client-side rate limit, for pacing (requests per minute).
pub const RATE_LIMIT_PER_MINUTE: u32 = 30;

/// "Official Dukcapil photo (JPEG/PNG)": no stated bounds, and no quality checks (it is
/// Dukcapil's reference photo, not a capture that could be retaken).
const PHOTO: PhotoSlot = PhotoSlot {
    quality: false,
    ..PhotoSlot::BASE
};

const FIELDS: &[Field] = &[
    Field::new(
        FormField::CustomerId,
        "customerId",
        Required::Yes,
        "CUID of the customer",
    ),
    Field::new(
        FormField::Valid,
        "valid",
        Required::Yes,
        "true if Dukcapil confirmed the lookup",
    ),
    Field::photo(
        FormField::Photo,
        "photo",
        Required::When("valid is true"),
        "base64 of the official Dukcapil photo (JPEG/PNG)",
        &PHOTO,
    ),
    Field::new(
        FormField::Raw,
        "raw",
        Required::No,
        "Dukcapil's response envelope (a JSON object), passed through untouched",
    ),
    Field::new(
        FormField::Reason,
        "reason",
        Required::No,
        "human-readable, e.g. \"NIK not found in central registry\"",
    ),
];

/// "Required when valid=true", which the field table cannot say.
fn check(applicant: &Applicant, _: &Checked, _: &BuildOptions) -> Vec<Issue> {
    if applicant.valid == Some(true) && applicant.photo.is_none() {
        vec![FormField::Photo.at(Issue::new(Code::ImageRequired))]
    } else {
        Vec::new()
    }
}

fn body(checked: &Checked, _: &BuildOptions) -> Body {
    let customer_id = checked.text(FormField::CustomerId)?;
    let valid = checked
        .valid
        .ok_or_else(|| vec![super::form::missing(FormField::Valid)])?;
    let photo = checked
        .images
        .get(&FormField::Photo)
        .map(|(bytes, _)| *bytes);
    let body = JsonBody::with_capacity(photo.map_or(0, <[u8]>::len) / 3 * 4 + 256)
        .text("customerId", customer_id)
        .raw("valid", if valid { "true" } else { "false" })
        .base64_opt("photo", photo);
    // `raw` is written exactly as given: its JSON text is kept, not re-serialised.
    let body = match checked.raw {
        Some(raw) => body.raw("raw", raw.get()),
        None => body,
    };
    Ok(body
        .text_opt(
            "reason",
            checked.texts.get(&FormField::Reason).map(String::as_str),
        )
        .finish())
}

/// The page's fallback chain for a Dukcapil outage, as data an integrator can act on
/// around its own Dukcapil call.
pub fn fallback() -> Value {
    json!({
        "when": "your call to Dukcapil times out or answers 5xx",
        "then": "continue with KTP capture only (POST /api/identity/document/ktp/capture)",
        "tier": "standard",
        "flagForUpgrade": true,
        "audit": "log the fallback path so compliance can upgrade the customer when Dukcapil is back",
        "retries": "Identity Platform has no retry hook: retry Dukcapil on your side and call this endpoint only with final verdicts",
    })
}

fn guidance() -> Value {
    json!({ "dukcapilFallback": fallback() })
}

#[derive(Deserialize)]
struct Answer {
    verification: Option<Verification>,
    enrolment: Option<Value>,
}

#[derive(Deserialize)]
struct Verification {
    id: Option<String>,
    status: Option<String>,
    score: Option<Value>,
}

fn read(response: &Response) -> Reading {
    let http_status = response.status;
    if !response.is_success() {
        return http_failure(http_status, response.body);
    }
    let Some(answer) = super::parse_answer::<Answer>(response.body) else {
        return Reading::unknown(http_status, None);
    };
    let Some(verification) = answer.verification else {
        return Reading::unknown(http_status, None);
    };
    let status = verification.status.unwrap_or_default();
    let fallback_stub = answer
        .enrolment
        .as_ref()
        .and_then(|enrolment| enrolment.get("fallbackStub"))
        .and_then(Value::as_bool);
    let mut reading = match status.as_str() {
        "verified" => Reading::new(Outcome::Verified, Some(status.clone())),
        "failed" => Reading::new(Outcome::Rejected, Some(status.clone()))
            .with_issue(Issue::new(Code::ResponseNotVerified)),
        _ => return Reading::unknown(http_status, Some(status)),
    };
    if status == "verified" && fallback_stub == Some(true) {
        let mut issue = Issue::new(Code::ResponseFallbackEnrolment);
        issue.severity = Severity::Warning;
        reading.issues.push(issue);
    }
    reading.data = Some(json!({
        "verificationId": verification.id,
        "score": verification.score,
        "enrolment": answer.enrolment,
        "tierChanged": status == "verified",
    }));
    reading
}
