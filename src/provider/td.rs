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
//! Responses: `code` (200 charged; 301–305, 600, 11301, 11304, 11340, 11350 not charged).
//! Only a 2xx HTTP answer carries a verdict; the registry holds every reader to that.
//!
//! - `result` is "Enumeration: success, fail" in the table and `"pass"` in the example:
//!   `success` and `pass` are a pass, `fail` a charged rejection. Any other value (or
//!   none) is no verdict: `failed`, charged (code 200 is billed), the raw value kept as
//!   the provider code.
//! - A pass whose `id_name_match` or `id_phone_match` is not `pass` (`fail`,
//!   `no_record_for_…`, or absent) is not a plain pass: it stays `verified` (the
//!   provider's verdict), with a warning (`response.field_unconfirmed`) on each such
//!   field.
//! - 600 ("Service Temporarily Unavailable") and 11350 ("Internal error") are retryable.
//! - 305 ("Daily maximum volume reached", "Quota exceeded") is not retried: the quota
//!   resets at a time the page does not give (a day's end, by its name), so an automatic
//!   retry within seconds cannot succeed; the issue tells the applicant to try again
//!   tomorrow. 301–304 and 11304 are the integrator's setup.

use super::{
    Body, BuildOptions, Checked, Endpoint, Field, FormField, JsonBody, Outcome, Provider, Reading,
    Required, Response,
};
use crate::issue::{Code, Issue, Severity};
use serde::Deserialize;

/// TD.
pub const PROVIDER: Provider = Provider {
    id: "td",
    name: "TD ID verification",
    seed: "001_007a0e1fdebc19c1.txt",
    endpoints: &[Endpoint::new("id-verification", "/", FIELDS, body, read)],
    callback: None,
};

const FIELDS: &[Field] = &[
    Field::new(
        FormField::Nik,
        "id_number",
        Required::Yes,
        "16 digits (id_type KTP)",
    ),
    Field::new(
        FormField::Phone,
        "phone_number",
        Required::Yes,
        "beginning with 08, 10 to 13 characters",
    ),
    Field::new(FormField::Name, "name", Required::Yes, "as on the KTP"),
];

fn body(checked: &Checked, _: &BuildOptions) -> Body {
    let nik = checked.nik()?;
    let phone = checked.phone()?;
    let name = checked.name()?;
    Ok(JsonBody::with_capacity(128)
        .text("id_number", nik)
        .text("id_type", "KTP")
        .text("phone_number", &phone.national)
        .text("name", name)
        .text("country", "ID")
        .finish())
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
/// form field each is.
const PARAMETERS: &[(&str, FormField)] = &[
    ("id_number", FormField::Nik),
    ("phone_number", FormField::Phone),
    ("name", FormField::Name),
];

fn read(response: &Response) -> Reading {
    let answer = super::parse_answer::<Answer>(response.body);
    // The code may come as a number (as documented) or a string.
    let code = answer.as_ref().and_then(|a| match &a.code {
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        _ => None,
    });
    let Some((answer, code)) = answer.zip(code) else {
        return if response.is_success() {
            Reading::unknown(response.status, None)
        } else {
            super::http_failure(response.status, response.body)
        };
    };
    let message = answer.message.clone().unwrap_or_default();
    let provider = |issue_code: Code| {
        Issue::new(issue_code)
            .with("providerCode", code.as_str())
            .with("providerMessage", message.as_str())
    };
    let mut reading = match code.as_str() {
        "200" => verdict(&answer, response.status),
        "305" => Reading::new(Outcome::Failed, None).with_issue(provider(Code::ResponseDailyQuota)),
        "301" | "302" | "303" | "304" | "11304" => {
            Reading::new(Outcome::Failed, None).with_issue(provider(Code::ResponseNotAvailable))
        }
        "600" | "11350" => Reading::new(Outcome::Failed, None)
            .with_issue(
                Issue::new(Code::ResponseServiceUnavailable).with("providerCode", code.as_str()),
            )
            .retryable(),
        "11301" | "11340" => {
            let issue = provider(Code::ResponseInvalidRequest);
            // "phone_number error": point at the field the message names, if any.
            let issue = match PARAMETERS.iter().find(|(name, _)| message.contains(name)) {
                Some((_, field)) => field.at(issue),
                None => issue,
            };
            Reading::new(Outcome::Failed, None).with_issue(issue)
        }
        _ => return Reading::unknown(response.status, Some(code)),
    };
    // "Charged: YES" for 200 only; every other documented code: NO.
    reading.charged = Some(code == "200");
    if reading.provider_code.is_none() {
        reading.provider_code = Some(code);
    }
    reading.data = Some(serde_json::json!({ "sequenceId": answer.sequence_id }));
    reading
}

/// The match verdicts of a 200 answer and the field each concerns.
fn matches(answer: &Answer) -> [(FormField, &'static str, Option<&str>); 2] {
    [
        (
            FormField::Phone,
            "id_phone_match",
            answer.id_phone_match.as_deref(),
        ),
        (
            FormField::Name,
            "id_name_match",
            answer.id_name_match.as_deref(),
        ),
    ]
}

/// A 200 answer: verified (with a warning on each match that did not pass), rejected
/// with the fields that did not match, or no verdict.
fn verdict(answer: &Answer, http_status: u16) -> Reading {
    match answer.result.as_deref() {
        Some("pass" | "success") => {
            let mut reading = Reading::new(Outcome::Verified, None);
            for (field, provider_field, verdict) in matches(answer) {
                // Absent (the table marks both Required) is not `pass` either.
                if verdict != Some("pass") {
                    let mut issue = field.at(Issue::new(Code::ResponseFieldUnconfirmed)
                        .with("field", field.name())
                        .with("providerField", provider_field));
                    issue.severity = Severity::Warning;
                    reading.issues.push(issue);
                }
            }
            reading
        }
        Some("fail") => {
            let mut reading = Reading::new(Outcome::Rejected, None);
            for (field, provider_field, verdict) in matches(answer) {
                match (field, verdict) {
                    (FormField::Name, Some("no_record_for_id_number")) => reading
                        .issues
                        .push(FormField::Nik.at(Issue::new(Code::ResponseNotRegistered))),
                    (_, Some("fail" | "no_record_for_phone_number")) => reading.issues.push(
                        field.at(Issue::new(Code::ResponseFieldRejected)
                            .with("field", field.name())
                            .with("providerField", provider_field)),
                    ),
                    _ => {}
                }
            }
            if reading.issues.is_empty() {
                reading.issues.push(Issue::new(Code::ResponseNotVerified));
            }
            reading
        }
        other => Reading::unknown(http_status, Some(other.unwrap_or("200").to_owned())),
    }
}
