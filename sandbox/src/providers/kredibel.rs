//! Kredibel electronic certificate issuance (seed `000_4d13518fd6d3c005.txt`):
//! `POST /kredibel/v1/certificate/issuance`.
//!
//! Credentials: none documented on the page, so none are required.
//!
//! Checks, as the page's table states them: `identityId` 16 digits ("String (len: 16)");
//! `fullName` a name; `birthDate` exactly `yyyy-mm-dd` and a real date; `emailAddress` an
//! address; `phoneNumber` with the country code and no `+` (`62812…`); `faceImage` and
//! `identityImage` base64 without a `data:` prefix, JPG/JPEG/PNG/SVG, 100KB–4MB (2MB) and
//! at least 480×640 (480×360) px, with the library's readings of those bounds. The page
//! documents no error shape, so a bad request is HTTP 400
//! `{"error": "invalid_request", "message": "…", "fields": ["faceImage", …]}`.
//!
//! Answers, `{id, status, rejectFields, referenceId}`: "You can use any identityId to
//! produce verified status"; the nine documented NIKs [`MAGIC_NIKS`] force their
//! rejections (`not_verified`, `rejectFields` naming the request's own field names, plus
//! `liveness`); a `fullName` ending in [`REASON_MARKER`] gives `verified_with_reason`
//! (the page documents that status but no input that produces it).

use super::{is_sixteen_digits, object, photo_field, text, Problems};
use crate::clock;
use crate::credentials::Principal;
use crate::http::{Answer, Call};
use crate::server::Shared;
use kyc_precheck::{
    check_date, check_email, check_name, check_phone, DateFormat, DateOptions, NameOptions,
    PhoneOptions,
};
use serde::Serialize;
use std::sync::Arc;

/// The page's sandbox NIKs and the `rejectFields` each forces ("You can use
/// identityId=1234567890111112 to produce invalid fullName", …). The entries are the
/// request's field names, which is what the library's reader maps back to form fields.
pub const MAGIC_NIKS: &[(&str, &[&str])] = &[
    ("1234567890111111", &["identityId"]),
    ("1234567890111112", &["fullName"]),
    ("1234567890111113", &["birthDate"]),
    ("1234567890111114", &["faceImage"]),
    ("1234567890111115", &["identityImage"]),
    ("1234567890111116", &["emailAddress"]),
    ("1234567890111117", &["phoneNumber"]),
    ("1234567890111118", &["emailAddress", "phoneNumber"]),
    ("1234567890111119", &["liveness"]),
];

/// A `fullName` ending in this (case-insensitive) is `verified_with_reason`.
pub const REASON_MARKER: &str = " TEST REASON";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Verdict<'a> {
    id: String,
    status: &'a str,
    reject_fields: &'a [&'a str],
    reference_id: String,
}

/// `POST /kredibel/v1/certificate/issuance`.
pub fn certificate_issuance(_: &Arc<Shared>, call: &Call, _: &Principal) -> Answer {
    let body = match object(&call.body) {
        Ok(body) => body,
        Err(message) => return Answer::error(400, "invalid_request", &message, &[]),
    };
    let mut problems = Problems::default();
    let mut field = |name: &str, check: &dyn Fn(&str) -> Result<(), String>| match text(&body, name)
    {
        Ok(value) => {
            if let Err(message) = check(value) {
                problems.add(name, message);
            }
            Some(value.to_owned())
        }
        Err(message) => {
            problems.add(name, message);
            None
        }
    };
    let nik = field("identityId", &|value| {
        if is_sixteen_digits(value) {
            Ok(())
        } else {
            Err("must be 16 digits".to_owned())
        }
    });
    let name = field("fullName", &|value| {
        let checked = check_name(value, &NameOptions::default());
        super::first_error(&checked.issues).map_or(Ok(()), Err)
    });
    field("birthDate", &|value| {
        let checked = check_date(value, DateFormat::YearMonthDay, &DateOptions::default());
        if let Some(message) = super::first_error(&checked.issues) {
            return Err(message);
        }
        match checked.value {
            Some(iso) if iso == value => Ok(()),
            _ => Err("must be written yyyy-mm-dd".to_owned()),
        }
    });
    field("emailAddress", &|value| {
        super::first_error(&check_email(value).issues).map_or(Ok(()), Err)
    });
    field("phoneNumber", &|value| {
        let checked = check_phone(value, &PhoneOptions::default());
        if let Some(message) = super::first_error(&checked.issues) {
            return Err(message);
        }
        match checked.phone {
            Some(phone) if phone.international == value => Ok(()),
            _ => Err("must be written with the country code and no + (62812…)".to_owned()),
        }
    });
    photo_field(
        &body,
        "faceImage",
        "kredibel",
        "selfie",
        true,
        &mut problems,
    );
    photo_field(
        &body,
        "identityImage",
        "kredibel",
        "idCard",
        true,
        &mut problems,
    );
    if !problems.is_empty() {
        return problems.answer();
    }
    let (nik, name) = (nik.unwrap_or_default(), name.unwrap_or_default());
    let rejected = MAGIC_NIKS
        .iter()
        .find(|(magic, _)| *magic == nik)
        .map(|(_, fields)| *fields);
    let status = match rejected {
        Some(_) => "not_verified",
        None if name.to_ascii_uppercase().ends_with(REASON_MARKER) => "verified_with_reason",
        None => "verified",
    };
    Answer::json(
        200,
        &Verdict {
            id: clock::uuid(),
            status,
            reject_fields: rejected.unwrap_or(&[]),
            reference_id: clock::uuid(),
        },
    )
    .with_code(status)
}
