//! Kredibel ("Synapses") electronic certificate issuance (seed `000_4d13518fd6d3c005.txt`).
//!
//! > POST $synapses/v1/certificate/issuance
//! >
//! > identityId (required) String (len: 16) — Nomor induk kependudukan (NIK) based on the
//! > identity card. fullName (required) String. birthDate (required) String (format:
//! > yyyy-mm-dd). emailAddress (required) String — Email address (must be unique per NIK).
//! > phoneNumber (required) String — Valid phone number, use country code but without
//! > symbol (+), (must be unique per nik). faceImage (required) Base64 — Selfie photo of
//! > the identity card holder. Image binary encoded in base64 without <data:image/png;>.
//! > Supports: JPG, JPEG, PNG, SVG - Min Size: 100KB - Max Size: 4MB - Min Pixel: 480px x
//! > 640px. identityImage (required) Base64 — Identity card photo. … Max Size: 2MB - Min
//! > Pixel: 480px x 360px.
//!
//! Readings: "100KB" is 102,400 bytes and "4MB"/"2MB" 4,000,000/2,000,000 (the stricter
//! bound on each side); "480px x 640px" is width × height as displayed.
//!
//! Sandbox: "You can use identityId = 1234567890111111 to produce invalid identityId" …
//! through …119 ("liveness error"). Those NIKs are not valid NIKs, so only
//! `options.sandbox` lets them through, and marks the request `sandbox: true`.
//!
//! Limits are stated on base64 fields ("Image binary encoded in base64 … Max Size: 4MB"):
//! under the default reading the base64 text stays within 4,000,000 / 2,000,000 bytes,
//! so the file within 3,000,000 / 1,500,000 (see `slot`'s docs; `options.limits: "file"`
//! applies the numbers to the file).
//!
//! Response: `status` is `verified`, `verified_with_reason` or `not_verified`;
//! `rejectFields` is an "indicator if there's a false response to a or any parameter".
//! The page gives no example of its entries, and names the fields in its own words
//! ("invalid face image", "invalid Email Address & phoneNumber"), so an entry is matched
//! after normalising (case, spaces, underscores and hyphens dropped) against every
//! spelling the page uses: the request's field names (`identityId`, `fullName`, …), its
//! prose ("face image", "Email Address", "identity image"), and the neutral names. An
//! entry naming two fields ("Email Address & phoneNumber", or with a comma) names both.
//! Unknown entries are kept, unmapped.
//!
//! - `not_verified` is `rejected`, every named field an error.
//! - `verified_with_reason`, and `verified` with a non-empty `rejectFields` (a verdict
//!   that flags a false field is not a plain pass, even when its entry names nothing
//!   readable, such as `""`), are read by
//!   `ReadOptions::verified_with_reason`: `verified` (the default) with a warning on every
//!   named field, or `review`: `pending`, for the integrator to review.
//! - "Failed because of liveness check, only liveness will be charged": a liveness
//!   rejection is the one answer documented as charged.

use super::{
    http_failure, Body, BuildOptions, Checked, Endpoint, Field, FormField, JsonBody, Outcome,
    PhotoSlot, Provider, ReadOptions, Reading, Required, Response, VerifiedWithReason,
};
use crate::image::ImageFormat;
use crate::issue::{Code, Issue, Severity};
use serde::Deserialize;

/// Kredibel.
pub const PROVIDER: Provider = Provider {
    id: "kredibel",
    name: "Kredibel electronic certificate issuance",
    seed: "000_4d13518fd6d3c005.txt",
    endpoints: &[Endpoint {
        options: &["sandbox"],
        ..Endpoint::new(
            "certificate-issuance",
            "/v1/certificate/issuance",
            FIELDS,
            body,
            read,
        )
    }],
    callback: None,
};

/// "Supports: JPG, JPEG, PNG, SVG - Min Size: 100KB - Max Size: 4MB - Min Pixel: 480px x
/// 640px", the limits stated on the base64 field.
const SELFIE: PhotoSlot = PhotoSlot {
    formats: &[ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Svg],
    min_bytes: Some(102_400),
    min_stated: Some("100 KB"),
    max_bytes: 4_000_000,
    max_stated: Some("4 MB"),
    encoded: true,
    min_width: Some(480),
    min_height: Some(640),
    ..PhotoSlot::BASE
};

/// The same, with "Max Size: 2MB - Min Pixel: 480px x 360px".
const ID_CARD: PhotoSlot = PhotoSlot {
    max_bytes: 2_000_000,
    max_stated: Some("2 MB"),
    min_height: Some(360),
    ..SELFIE
};

const FIELDS: &[Field] = &[
    Field::new(FormField::Nik, "identityId", Required::Yes, "16 digits"),
    Field::new(FormField::Name, "fullName", Required::Yes, "as on the KTP"),
    Field::new(
        FormField::BirthDate,
        "birthDate",
        Required::Yes,
        "yyyy-mm-dd",
    ),
    Field::new(
        FormField::Email,
        "emailAddress",
        Required::Yes,
        "unique per NIK",
    ),
    Field::new(
        FormField::Phone,
        "phoneNumber",
        Required::Yes,
        "country code without + (62…), unique per NIK",
    ),
    Field::photo(
        FormField::Selfie,
        "faceImage",
        Required::Yes,
        "base64 without a data: prefix",
        &SELFIE,
    ),
    Field::photo(
        FormField::IdCard,
        "identityImage",
        Required::Yes,
        "base64 without a data: prefix",
        &ID_CARD,
    ),
];

/// The request body, in the page's field order.
fn body(checked: &Checked, _: &BuildOptions) -> Body {
    let nik = checked.nik()?;
    let name = checked.name()?;
    let birth_date = checked.birth_date()?;
    let email = checked.email()?;
    let phone = checked.phone()?;
    let selfie = checked.image(FormField::Selfie)?;
    let id_card = checked.image(FormField::IdCard)?;
    Ok(
        JsonBody::with_capacity((selfie.len() + id_card.len()) / 3 * 4 + 512)
            .text("identityId", nik)
            .text("fullName", name)
            .text("birthDate", &birth_date.to_iso())
            .text("emailAddress", email)
            .text("phoneNumber", &phone.international)
            .base64("faceImage", selfie)
            .base64("identityImage", id_card)
            .finish(),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    status: Option<String>,
    /// `null` and absent both mean none.
    reject_fields: Option<Vec<String>>,
    id: Option<String>,
    reference_id: Option<String>,
}

/// Every spelling of a field the page uses (request names, the prose of its test NIKs,
/// the neutral names), normalised by [`normalise`], and the form field it names.
const SPELLINGS: &[(&str, FormField)] = &[
    ("identityid", FormField::Nik),
    ("nik", FormField::Nik),
    ("fullname", FormField::Name),
    ("name", FormField::Name),
    ("birthdate", FormField::BirthDate),
    ("emailaddress", FormField::Email),
    ("email", FormField::Email),
    ("phonenumber", FormField::Phone),
    ("phone", FormField::Phone),
    ("faceimage", FormField::Selfie),
    ("face", FormField::Selfie),
    ("selfie", FormField::Selfie),
    ("identityimage", FormField::IdCard),
    ("idcard", FormField::IdCard),
];

/// `entry` in lower case without spaces, underscores or hyphens: "Email Address",
/// "email_address" and "emailAddress" are one spelling.
///
/// Only ASCII letters are lowered, and the Kelvin sign, which Unicode lowers to `k`:
/// every other letter's lower case holds a letter beyond ASCII, as the letter itself
/// does, so neither ever equals a spelling (all ASCII). This matches as `char::to_lowercase`
/// would without core's lower-case table (about 11 KB of the wasm module).
fn normalise(entry: &str) -> String {
    entry
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '_' | '-')))
        .map(|c| match c {
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// What one `rejectFields` entry names.
enum Named {
    Field(FormField),
    Liveness,
    Unknown,
}

fn named(entry: &str) -> Named {
    let entry = normalise(entry);
    if entry == "liveness" {
        return Named::Liveness;
    }
    SPELLINGS
        .iter()
        .find(|(spelling, _)| *spelling == entry)
        .map_or(Named::Unknown, |(_, field)| Named::Field(*field))
}

fn read(response: &Response) -> Reading {
    if !response.is_success() {
        return http_failure(response.status, response.body);
    }
    let Some(answer) = super::parse_answer::<Answer>(response.body) else {
        return Reading::unknown(response.status, None);
    };
    let Some(status) = answer.status.clone() else {
        return Reading::unknown(response.status, None);
    };
    // "Email Address & phoneNumber" names two fields.
    let entries: Vec<&str> = answer
        .reject_fields
        .iter()
        .flatten()
        .flat_map(|entry| entry.split(['&', ',']))
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .collect();
    // An entry that names nothing ("", " & ") still indicates a false response.
    let flagged = answer.reject_fields.as_ref().is_some_and(|f| !f.is_empty());
    let with_reason = status == "verified_with_reason" || (status == "verified" && flagged);
    let options: &ReadOptions = &response.options;
    let (outcome, severity) = match status.as_str() {
        "verified" | "verified_with_reason" if with_reason => match options.verified_with_reason {
            VerifiedWithReason::Verified => (Outcome::Verified, Severity::Warning),
            VerifiedWithReason::Review => (Outcome::Pending, Severity::Warning),
        },
        "verified" => (Outcome::Verified, Severity::Warning),
        "not_verified" => (Outcome::Rejected, Severity::Error),
        _ => return Reading::unknown(response.status, Some(status)),
    };
    let mut reading = Reading::new(outcome, Some(status.clone()));
    if with_reason {
        reading
            .issues
            .push(Issue::new(Code::ResponseVerifiedWithReason));
    }
    for entry in entries {
        let mut issue = match named(entry) {
            Named::Liveness => {
                reading.charged = Some(true);
                FormField::Selfie.at(Issue::new(Code::ResponseLivenessFailed))
            }
            Named::Field(field @ (FormField::Email | FormField::Phone)) => {
                field.at(Issue::new(Code::ResponseFieldInUse)
                    .with("field", field.name())
                    .with("providerField", entry))
            }
            Named::Field(field) => field.at(Issue::new(Code::ResponseFieldRejected)
                .with("field", field.name())
                .with("providerField", entry)),
            Named::Unknown => Issue::new(Code::ResponseFieldRejected)
                .with("field", entry)
                .with("providerField", entry),
        };
        issue.severity = severity;
        reading.issues.push(issue);
    }
    if outcome == Outcome::Rejected && reading.issues.is_empty() {
        reading.issues.push(Issue::new(Code::ResponseNotVerified));
    }
    reading.data = Some(serde_json::json!({
        "id": answer.id,
        "referenceId": answer.reference_id,
    }));
    reading
}

#[cfg(test)]
mod tests {
    use super::normalise;

    /// Each character lowers as `char::to_lowercase` does, or both hold a character beyond
    /// ASCII, so that an entry matches an (ASCII) spelling exactly when its Unicode lower
    /// case would.
    #[test]
    fn normalise_matches_as_unicode_lower_case_would() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            if c.is_whitespace() || matches!(c, '_' | '-') {
                assert_eq!(normalise(&c.to_string()), "");
                continue;
            }
            let unicode: String = c.to_lowercase().collect();
            let ours = normalise(&c.to_string());
            assert!(
                ours == unicode || !(ours.is_ascii() || unicode.is_ascii()),
                "U+{:04X}: {ours:?} against {unicode:?}",
                u32::from(c)
            );
        }
        assert_eq!(normalise("Email_Address \u{212A}"), "emailaddressk");
    }
}
