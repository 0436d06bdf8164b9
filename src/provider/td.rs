//! TD ID verification, Indonesia (seed `001_007a0e1fdebc19c1.txt`).
//!
//! > api-base-url?partner_code=xxx&partner_key=xxx | POST | application/json
//! >
//! > id_number String Required — ID number. id_type String Required — Enumeration: KTP.
//! > phone_number String Required — Beginning with 08, 10 to 13 characters, e.g.,
//! > 081234567890. name String Required. country String Required — 2-letter country code
//! > (ISO 3166) Support: ID (Indonesia).
//!
//! `partner_code` and `partner_key` are credentials: the integrator's backend adds them to
//! the query. The request built here never carries them.
//!
//! Responses: `code` (200 charged; 301–305, 600, 11301, 11304, 11340, 11350 not charged),
//! `result` ("Enumeration: success, fail" in the table, `"pass"` in the example: both are
//! read as a pass), `id_phone_match` (pass, fail, no_record_for_phone_number) and
//! `id_name_match` (pass, fail, no_record_for_id_number). Retryable: 600 ("Service
//! Temporarily Unavailable") and 11350 ("Internal error").

use super::{
    at, check_fields, http_failure, Applicant, BuildOptions, Built, Endpoint, Field, FieldKind,
    Outcome, Provider, Reading, Request, Required,
};
use crate::issue::{Code, Issue};
use serde::{Deserialize, Serialize};

/// TD.
pub const PROVIDER: Provider = Provider {
    id: "td",
    name: "TD ID verification",
    seed: "001_007a0e1fdebc19c1.txt",
    endpoints: &[Endpoint {
        id: "id-verification",
        method: "POST",
        path: "/",
        fields: FIELDS,
        options: &[],
        build,
        read,
    }],
};

const FIELDS: &[Field] = &[
    Field {
        name: "nik",
        provider_name: "id_number",
        kind: FieldKind::Nik,
        required: Required::Yes,
        format: "16 digits (id_type KTP)",
        image: None,
    },
    Field {
        name: "phone",
        provider_name: "phone_number",
        kind: FieldKind::Phone,
        required: Required::Yes,
        format: "beginning with 08, 10 to 13 characters",
        image: None,
    },
    Field {
        name: "name",
        provider_name: "name",
        kind: FieldKind::Name,
        required: Required::Yes,
        format: "as on the KTP",
        image: None,
    },
];

#[derive(Serialize)]
struct Body<'a> {
    id_number: &'a str,
    id_type: &'static str,
    phone_number: &'a str,
    name: &'a str,
    country: &'static str,
}

fn build(applicant: &Applicant, options: &BuildOptions) -> Built {
    let (values, issues) = check_fields(applicant, FIELDS, options);
    let (Some(nik), Some(phone), Some(name)) = (&values.nik, &values.phone, &values.name) else {
        return Built::refused(issues);
    };
    let body = Body {
        id_number: nik,
        id_type: "KTP",
        phone_number: &phone.national,
        name,
        country: "ID",
    };
    let request = Request::post_json("/", serde_json::to_string(&body).unwrap_or_default());
    Built::sent(issues, request)
}

#[derive(Deserialize)]
struct Answer {
    code: Option<serde_json::Value>,
    message: Option<String>,
    sequence_id: Option<String>,
    result: Option<String>,
    id_phone_match: Option<String>,
    id_name_match: Option<String>,
}

/// The provider's field names that can appear in a parameter error's message, and the
/// neutral field each is.
const PARAMETERS: &[(&str, &str)] = &[
    ("id_number", "nik"),
    ("phone_number", "phone"),
    ("name", "name"),
];

fn read(http_status: u16, body: &str) -> Reading {
    let answer = serde_json::from_str::<Answer>(body).ok();
    // The code may come as a number (as documented) or a string.
    let code = answer.as_ref().and_then(|a| match &a.code {
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        _ => None,
    });
    let Some((answer, code)) = answer.zip(code) else {
        return http_failure(http_status, body)
            .unwrap_or_else(|| Reading::unknown(http_status, None));
    };
    let message = answer.message.clone().unwrap_or_default();
    let provider = |issue_code: Code| {
        Issue::new(issue_code)
            .with("providerCode", code.as_str())
            .with("providerMessage", message.as_str())
    };
    let mut reading = match code.as_str() {
        "200" => verdict(&answer),
        "301" | "302" | "303" | "304" | "305" | "11304" => {
            Reading::new(Outcome::Failed, None).with_issue(provider(Code::ResponseNotAvailable))
        }
        "600" | "11350" => {
            let mut reading = Reading::new(Outcome::Failed, None).with_issue(
                Issue::new(Code::ResponseServiceUnavailable).with("providerCode", code.as_str()),
            );
            reading.retryable = true;
            reading
        }
        "11301" | "11340" => {
            let issue = provider(Code::ResponseInvalidRequest);
            // "phone_number error": point at the field the message names, if any.
            let issue = match PARAMETERS.iter().find(|(name, _)| message.contains(name)) {
                Some((_, field)) => at(field, issue),
                None => issue,
            };
            Reading::new(Outcome::Failed, None).with_issue(issue)
        }
        _ => return Reading::unknown(http_status, Some(code)),
    };
    // "Charged: YES" for 200 only; every other documented code: NO.
    reading.charged = Some(code == "200");
    reading.provider_code = Some(code);
    reading.data = Some(serde_json::json!({ "sequenceId": answer.sequence_id }));
    reading
}

/// A 200 answer: verified, or rejected with the fields that did not match.
fn verdict(answer: &Answer) -> Reading {
    let passed = matches!(answer.result.as_deref(), Some("pass" | "success"));
    let mut reading = Reading::new(
        if passed {
            Outcome::Verified
        } else {
            Outcome::Rejected
        },
        None,
    );
    if passed {
        return reading;
    }
    match answer.id_phone_match.as_deref() {
        Some("fail") | Some("no_record_for_phone_number") => reading.issues.push(at(
            "phone",
            Issue::new(Code::ResponseFieldRejected)
                .with("field", "phone")
                .with("providerField", "id_phone_match"),
        )),
        _ => {}
    }
    match answer.id_name_match.as_deref() {
        Some("fail") => reading.issues.push(at(
            "name",
            Issue::new(Code::ResponseFieldRejected)
                .with("field", "name")
                .with("providerField", "id_name_match"),
        )),
        Some("no_record_for_id_number") => reading
            .issues
            .push(at("nik", Issue::new(Code::ResponseNotRegistered))),
        _ => {}
    }
    if reading.issues.is_empty() {
        reading.issues.push(Issue::new(Code::ResponseNotVerified));
    }
    reading
}
