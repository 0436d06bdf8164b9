//! Kredibel electronic certificate issuance (seed `000_4d13518fd6d3c005.txt`, "the page"
//! below): `POST /kredibel/v1/certificate/issuance` ("POST $synapses/v1/certificate/issuance",
//! lines 7–8).
//!
//! Credentials: the page's "Headers" section (line 9) is empty, so none are required.
//!
//! # Checks, from the request table (lines 11–45)
//!
//! | field | the page | the sandbox's check |
//! |---|---|---|
//! | `identityId` | "(required) String (len: 16)", lines 14–18 | a string of 16 characters |
//! | `fullName` | "(required) String", lines 19–22 | a non-blank string |
//! | `birthDate` | "(required) String (format: yyyy-mm-dd)", lines 23–27 | `YYYY-MM-DD`, a real date |
//! | `emailAddress` | "(required) String Email address", lines 28–31 | [`fields::check_email`] |
//! | `phoneNumber` | "Valid phone number, use country code but without symbol (+)", lines 32–35 | digits only, not starting `0` (a country code never does), at most 15 (E.164) |
//! | `faceImage` | "Base64 … without <data:image/png;>. Supports: JPG, JPEG, PNG, SVG - Min Size: 100KB - Max Size: 4MB - Min Pixel: 480px x 640px", lines 36–40 | [`FACE_IMAGE`] |
//! | `identityImage` | the same with "Max Size: 2MB - Min Pixel: 480px x 360px", lines 41–45 | [`IDENTITY_IMAGE`] |
//!
//! Lenient where the page is vague (the library is the strict one), each choice here:
//! `identityId` is not required to be digits (the page says only "len: 16", and its own
//! test NIKs are not valid NIKs); a name may be anything not blank; a phone's country
//! code is not required to be Indonesia's; the photo bounds are read as
//! [`super::images`] explains (100KB = 100,000 bytes, 4MB = 4 MiB, the pixel minimum in
//! either orientation, an SVG without a pixel size not refused for it); the byte bounds
//! apply to the decoded file, not its base64. The page's errors are on another page
//! ("Responses & Errors", line 92) that is not in the seeds, so a request that fails these
//! checks is HTTP 400 `{"error": "invalid_request", "message": "…", "fields": [...]}`,
//! every problem at once.
//!
//! # Answers, from the response table (lines 72–90)
//!
//! `{id, status, rejectFields, referenceId}`, `status` one of `verified`,
//! `verified_with_reason`, `not_verified` (lines 81–84). The page's examples are lost in
//! its scrape (each "Example:" is followed by nothing), so the shape is the table's; `id`
//! ("unique for every transactions", line 78) and `referenceId` are fresh UUIDs.
//!
//! - "You can use any identityId to produce verified status" (line 48): `verified`,
//!   `rejectFields: []`.
//! - The nine test NIKs of lines 50–70 ([`MAGIC_NIKS`]): `not_verified`, with
//!   `rejectFields` in the page's own words for what each produces ("invalid face image",
//!   "invalid Email Address & phoneNumber", "liveness error"), not the request's field
//!   names: a reader has to map the provider's words.
//! - A `fullName` ending in [`REASON_MARKER`]: `verified_with_reason` (the page lists the
//!   status but no input that produces it; this one is the sandbox's).

use super::fields::{check_date, check_email, is_digits, object, Problems};
use super::images::{Format, Rule, KB, MB};
use crate::clock;
use crate::credentials::Principal;
use crate::http::{Answer, Call};
use crate::server::Shared;
use serde::Serialize;
use std::sync::Arc;

/// "Supports: JPG, JPEG, PNG, SVG" (lines 40 and 45).
pub const FORMATS: &[Format] = &[Format::Jpeg, Format::Png, Format::Svg];

/// `faceImage`: "Min Size: 100KB - Max Size: 4MB - Min Pixel: 480px x 640px" (line 40).
pub const FACE_IMAGE: Rule = Rule {
    formats: FORMATS,
    min_bytes: Some(100 * KB),
    max_bytes: Some(4 * MB),
    min_pixels: Some((480, 640)),
};

/// `identityImage`: "Min Size: 100KB - Max Size: 2MB - Min Pixel: 480px x 360px" (line 45).
pub const IDENTITY_IMAGE: Rule = Rule {
    formats: FORMATS,
    min_bytes: Some(100 * KB),
    max_bytes: Some(2 * MB),
    min_pixels: Some((360, 480)),
};

/// The page's test NIKs and the `rejectFields` each produces, in the page's words.
pub const MAGIC_NIKS: &[(&str, &[&str])] = &[
    // "…1111 to produce invalid identityId", line 50.
    ("1234567890111111", &["identityId"]),
    // "…1112 to produce invalid fullName", line 52.
    ("1234567890111112", &["fullName"]),
    // "…1113 to produce invalid birthDate", line 54.
    ("1234567890111113", &["birthDate"]),
    // "…1114 to produce invalid face image", line 56.
    ("1234567890111114", &["face image"]),
    // "…1115 to produce invalid identityImage", line 58.
    ("1234567890111115", &["identityImage"]),
    // "…1116 to produce invalid emailAddress", line 61.
    ("1234567890111116", &["emailAddress"]),
    // "…1117 to produce invalid phoneNumber", line 64.
    ("1234567890111117", &["phoneNumber"]),
    // "…1118 to produce invalid Email Address & phoneNumber", line 67.
    ("1234567890111118", &["Email Address", "phoneNumber"]),
    // "…1119 to produce liveness error", line 70.
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
    let nik = problems.text(&body, "identityId", |value| {
        if value.chars().count() == 16 {
            Ok(())
        } else {
            Err("must be 16 characters (len: 16)".to_owned())
        }
    });
    let name = problems.text(&body, "fullName", |_| Ok(()));
    problems.text(&body, "birthDate", |value| check_date(value, "YYYY-MM-DD"));
    problems.text(&body, "emailAddress", check_email);
    problems.text(&body, "phoneNumber", |value| {
        if is_digits(value) && !value.starts_with('0') && value.len() <= 15 {
            Ok(())
        } else {
            Err(
                "must be the number with its country code, digits only, without + (62812…)"
                    .to_owned(),
            )
        }
    });
    problems.photo(&body, "faceImage", &FACE_IMAGE, true);
    problems.photo(&body, "identityImage", &IDENTITY_IMAGE, true);
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
        None if name.to_uppercase().ends_with(REASON_MARKER) => "verified_with_reason",
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
