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
//! upgrade the customer later) is [`fallback`], returned in `data.fallback` of every
//! reading of a 5xx answer. `reason` is optional ("used when valid=false"; the page marks
//! only `photo` as conditionally required).

use super::{
    base64, check_fields, http_failure, Applicant, BuildOptions, Built, Endpoint, Field, FieldKind,
    Outcome, Provider, Reading, Request, Required,
};
use crate::image::{ImageFormat, ImageRule, DEFAULT_MAX_PIXELS};
use crate::issue::{no_errors, Code, Issue};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

/// Quantum Elixir Identity Platform.
pub const PROVIDER: Provider = Provider {
    id: "quantum-elixir",
    name: "Quantum Elixir Identity Platform",
    seed: "003_7b188d88c052c7cf.txt",
    endpoints: &[Endpoint {
        id: "dukcapil",
        method: "POST",
        path: "/api/identity/nik/dukcapil",
        fields: FIELDS,
        options: &[],
        build,
        read,
    }],
};

/// The documented client-side rate limit, for pacing (requests per minute).
pub const RATE_LIMIT_PER_MINUTE: u32 = 30;

const FIELDS: &[Field] = &[
    Field {
        name: "customerId",
        provider_name: "customerId",
        kind: FieldKind::Text,
        required: Required::Yes,
        format: "CUID of the customer",
        image: None,
    },
    Field {
        name: "valid",
        provider_name: "valid",
        kind: FieldKind::Boolean,
        required: Required::Yes,
        format: "true if Dukcapil confirmed the lookup",
        image: None,
    },
    Field {
        name: "photo",
        provider_name: "photo",
        kind: FieldKind::Image,
        required: Required::When("valid is true"),
        format: "base64 of the official Dukcapil photo (JPEG/PNG)",
        image: Some(photo_rule),
    },
    Field {
        name: "raw",
        provider_name: "raw",
        kind: FieldKind::Object,
        required: Required::No,
        format: "Dukcapil's response envelope, passed through untouched",
        image: None,
    },
    Field {
        name: "reason",
        provider_name: "reason",
        kind: FieldKind::Text,
        required: Required::No,
        format: "human-readable, e.g. \"NIK not found in central registry\"",
        image: None,
    },
];

fn photo_rule() -> ImageRule {
    ImageRule {
        formats: vec![ImageFormat::Jpeg, ImageFormat::Png],
        min_bytes: None,
        max_bytes: None,
        min_width: None,
        min_height: None,
        max_pixels: DEFAULT_MAX_PIXELS,
        quality: None,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    customer_id: &'a str,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    photo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

fn build(applicant: &Applicant, options: &BuildOptions) -> Built {
    let (values, mut issues) = check_fields(applicant, FIELDS, options);
    let valid = applicant.valid;
    // The two conditional requirements the generic check cannot know.
    if valid == Some(true) && applicant.photo.is_none() {
        issues.push(super::at("photo", Issue::new(Code::ImageRequired)));
    }
    let (Some(customer_id), Some(valid), true) =
        (values.texts.get("customerId"), valid, no_errors(&issues))
    else {
        return Built::refused(issues);
    };
    let body = Body {
        customer_id,
        valid,
        photo: values.images.get("photo").map(|(bytes, _)| base64(bytes)),
        raw: applicant.raw.as_deref(),
        reason: values.texts.get("reason").map(String::as_str),
    };
    let body = serde_json::to_string(&body).unwrap_or_default();
    Built::sent(
        issues,
        Request::post_json("/api/identity/nik/dukcapil", body),
    )
}

/// The page's fallback chain for a Dukcapil outage, as data an integrator can act on.
pub fn fallback() -> Value {
    json!({
        "when": "Dukcapil times out or answers 5xx",
        "then": "continue with KTP capture only (POST /api/identity/document/ktp/capture)",
        "tier": "standard",
        "flagForUpgrade": true,
        "audit": "log the fallback path so compliance can upgrade the customer when Dukcapil is back",
        "retries": "Identity Platform has no retry hook: retry Dukcapil on your side and call this endpoint only with final verdicts",
    })
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

fn read(http_status: u16, body: &str) -> Reading {
    let mut reading = match http_failure(http_status, body) {
        Some(reading) => reading,
        None => verdict(http_status, body),
    };
    // The fallback is for an outage (the page: "On timeout/5xx"), not for a refusal.
    if reading.outcome == Outcome::Failed && http_status >= 500 {
        let mut data = reading.data.take().unwrap_or_else(|| json!({}));
        data["fallback"] = fallback();
        reading.data = Some(data);
    }
    reading
}

fn verdict(http_status: u16, body: &str) -> Reading {
    let Some(answer) = serde_json::from_str::<Answer>(body).ok() else {
        return Reading::unknown(http_status, None);
    };
    let Some(verification) = answer.verification else {
        return Reading::unknown(http_status, None);
    };
    let status = verification.status.unwrap_or_default();
    let mut reading = match status.as_str() {
        "verified" => Reading::new(Outcome::Verified, Some(status.clone())),
        "failed" => Reading::new(Outcome::Rejected, Some(status.clone()))
            .with_issue(Issue::new(Code::ResponseNotVerified)),
        _ => return Reading::unknown(http_status, Some(status)),
    };
    reading.data = Some(json!({
        "verificationId": verification.id,
        "score": verification.score,
        "enrolment": answer.enrolment,
        "tierChanged": status == "verified",
    }));
    reading
}
