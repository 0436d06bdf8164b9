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
//! Response: `status` is `verified`, `verified_with_reason` or `not_verified`;
//! `rejectFields` is an "indicator if there's a false response to a or any parameter".
//! The page gives no example of its entries, so they are read as the request's field
//! names (`identityId`, `fullName`, …, matched without regard to case), plus `liveness`.
//! "Failed because of liveness check, only liveness will be charged": a liveness
//! rejection is the one answer documented as charged.

use super::{
    at, base64, check_fields, http_failure, Applicant, BuildOptions, Built, Endpoint, Field,
    FieldKind, Outcome, Provider, Reading, Request, Required,
};
use crate::image::{ImageFormat, ImageRule, QualityRule, DEFAULT_MAX_PIXELS};
use crate::issue::{Code, Issue, Severity};
use serde::{Deserialize, Serialize};

/// Kredibel.
pub const PROVIDER: Provider = Provider {
    id: "kredibel",
    name: "Kredibel electronic certificate issuance",
    seed: "000_4d13518fd6d3c005.txt",
    endpoints: &[Endpoint {
        id: "certificate-issuance",
        method: "POST",
        path: "/v1/certificate/issuance",
        fields: FIELDS,
        options: &["sandbox"],
        build,
        read,
    }],
};

const FIELDS: &[Field] = &[
    Field {
        name: "nik",
        provider_name: "identityId",
        kind: FieldKind::Nik,
        required: Required::Yes,
        format: "16 digits",
        image: None,
    },
    Field {
        name: "name",
        provider_name: "fullName",
        kind: FieldKind::Name,
        required: Required::Yes,
        format: "as on the KTP",
        image: None,
    },
    Field {
        name: "birthDate",
        provider_name: "birthDate",
        kind: FieldKind::BirthDate,
        required: Required::Yes,
        format: "yyyy-mm-dd",
        image: None,
    },
    Field {
        name: "email",
        provider_name: "emailAddress",
        kind: FieldKind::Email,
        required: Required::Yes,
        format: "unique per NIK",
        image: None,
    },
    Field {
        name: "phone",
        provider_name: "phoneNumber",
        kind: FieldKind::Phone,
        required: Required::Yes,
        format: "country code without + (62…), unique per NIK",
        image: None,
    },
    Field {
        name: "selfie",
        provider_name: "faceImage",
        kind: FieldKind::Image,
        required: Required::Yes,
        format: "base64 without a data: prefix",
        image: Some(selfie_rule),
    },
    Field {
        name: "idCard",
        provider_name: "identityImage",
        kind: FieldKind::Image,
        required: Required::Yes,
        format: "base64 without a data: prefix",
        image: Some(id_card_rule),
    },
];

fn photo_rule(max_bytes: u64, min_width: u32, min_height: u32) -> ImageRule {
    ImageRule {
        formats: vec![ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Svg],
        min_bytes: Some(102_400),
        max_bytes: Some(max_bytes),
        min_width: Some(min_width),
        min_height: Some(min_height),
        max_pixels: DEFAULT_MAX_PIXELS,
        quality: Some(QualityRule::default()),
    }
}

fn selfie_rule() -> ImageRule {
    photo_rule(4_000_000, 480, 640)
}

fn id_card_rule() -> ImageRule {
    photo_rule(2_000_000, 480, 360)
}

/// The request body, in the page's field order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    identity_id: &'a str,
    full_name: &'a str,
    birth_date: String,
    email_address: &'a str,
    phone_number: &'a str,
    face_image: String,
    identity_image: String,
}

fn build(applicant: &Applicant, options: &BuildOptions) -> Built {
    let (values, issues) = check_fields(applicant, FIELDS, options);
    let (
        Some(nik),
        Some(name),
        Some(birth_date),
        Some(email),
        Some(phone),
        Some((selfie, _)),
        Some((id_card, _)),
    ) = (
        &values.nik,
        &values.name,
        values.birth_date,
        &values.email,
        &values.phone,
        values.images.get("selfie"),
        values.images.get("idCard"),
    )
    else {
        return Built::refused(issues);
    };
    let body = Body {
        identity_id: nik,
        full_name: name,
        birth_date: birth_date.to_iso(),
        email_address: email,
        phone_number: &phone.international,
        face_image: base64(selfie),
        identity_image: base64(id_card),
    };
    let mut request = Request::post_json(
        "/v1/certificate/issuance",
        serde_json::to_string(&body).unwrap_or_default(),
    );
    request.sandbox = options.sandbox;
    Built::sent(issues, request)
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

/// The neutral field a `rejectFields` entry names.
fn field_of(entry: &str) -> Option<&'static str> {
    let entry = entry.to_ascii_lowercase();
    let found = FIELDS.iter().find(|f| {
        f.provider_name.to_ascii_lowercase() == entry || f.name.to_ascii_lowercase() == entry
    })?;
    Some(found.name)
}

fn read(http_status: u16, body: &str) -> Reading {
    if let Some(reading) = http_failure(http_status, body) {
        return reading;
    }
    let Ok(answer) = serde_json::from_str::<Answer>(body) else {
        return Reading::unknown(http_status, None);
    };
    let Some(status) = answer.status.clone() else {
        return Reading::unknown(http_status, None);
    };
    let (outcome, severity) = match status.as_str() {
        "verified" => (Outcome::Verified, Severity::Warning),
        "verified_with_reason" => (Outcome::Verified, Severity::Warning),
        "not_verified" => (Outcome::Rejected, Severity::Error),
        _ => return Reading::unknown(http_status, Some(status)),
    };
    let mut reading = Reading::new(outcome, Some(status.clone()));
    if status == "verified_with_reason" {
        reading
            .issues
            .push(Issue::new(Code::ResponseVerifiedWithReason));
    }
    for entry in answer.reject_fields.iter().flatten() {
        let issue = match (entry.to_ascii_lowercase().as_str(), field_of(entry)) {
            ("liveness", _) => {
                reading.charged = Some(true);
                at("selfie", Issue::new(Code::ResponseLivenessFailed))
            }
            (_, Some(field @ ("email" | "phone"))) => at(
                field,
                Issue::new(Code::ResponseFieldInUse)
                    .with("field", field)
                    .with("providerField", entry.as_str()),
            ),
            (_, Some(field)) => at(
                field,
                Issue::new(Code::ResponseFieldRejected)
                    .with("field", field)
                    .with("providerField", entry.as_str()),
            ),
            (_, None) => Issue::new(Code::ResponseFieldRejected)
                .with("field", entry.as_str())
                .with("providerField", entry.as_str()),
        };
        let mut issue = issue;
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
