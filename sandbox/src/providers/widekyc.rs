//! WideKYC (seed `002_e89ab537b52101c3.txt`, "the page" below):
//! `POST /widekyc/api/passive-liveness` (line 37), `/widekyc/api/id-recognize` (line 120)
//! and `/widekyc/api/id-validation` (line 221), each with the `token` header ("Access
//! token of each merchant", lines 40, 123, 224).
//!
//! # Checks, from each "Request Body" table
//!
//! | endpoint | field | the page | the sandbox's check |
//! |---|---|---|---|
//! | all | `cust_ref_no` | "String, Yes", lines 44, 127, 228 | a non-blank string |
//! | passive-liveness | `selfie_image` | "Base64, Yes, Base64 format of selfie image", line 45 | base64 of an image |
//! | id-recognize | `id_image` | "Base64, Yes, Base64 format of eKTP image", line 128 | base64 of an image |
//! | id-validation | `nik` | "Integer, Yes", line 229; a string in the example, line 238 | an unsigned JSON integer, or a string of digits |
//! | id-validation | `name`, `birth_place`, `address` | "String, No", lines 230, 232, 233 | a string if given |
//! | id-validation | `birth_date` | "String, No … DD-MM-YYYY (e.g. 31-01-1981)", line 231 | `DD-MM-YYYY`, a real date, if given |
//! | id-validation | `selfie_image` | "Base64, No", line 234 | base64 of an image, if given |
//!
//! The page names no image format, so "an image" is any format in
//! [`super::images::ANY_IMAGE`]; a NIK is not required to have 16 digits or a valid
//! structure (the page says "Integer"). The page's ERROR envelopes are for the product and
//! quota only, so a request failing these checks is HTTP 400
//! `{"error": "invalid_request", "message": "…", "fields": [...]}`.
//!
//! # Answers
//!
//! HTTP 200 with the page's envelopes, copied from its examples: `statusCode`
//! `SUCCESSFUL` and `content.result` (lines 52–63, 135–164, 246–264), or `ERROR` with
//! `responseStatusDetails` (lines 72–80, 89–97, 106–114). `trx_id`, `ref_id` and
//! `timestamp` are made for each answer in the examples' shapes.
//!
//! - [`ERROR_CUST_REF_NOS`]: the three ERROR envelopes, on every endpoint.
//! - [`SPOOF`]: passive-liveness `result: "False"`.
//! - [`UNREADABLE`]: id-recognize `result: "False"`, no `data`.
//! - [`MISMATCH`]: id-validation `nik: true`, `false` for every optional field given,
//!   `selfie_photo: 0`.
//! - [`NIK_NULL`], [`NIK_MISSING`], [`STATUS_FAILED`]: id-validation answers a reader must
//!   not take for a verified NIK: `"nik": null`; no `nik` in `data`; `result.status`
//!   `"failed"` with every verdict `true`.
//! - Otherwise the success examples: id-recognize returns the page's OCR data (the
//!   request carries no NIK to echo); id-validation answers `true` for `nik` and each
//!   optional field given, `null` for each left out, and `selfie_photo: 10` (a number, as
//!   in the example) with a selfie, `null` without. The example's bare `"status": success`
//!   (line 250, not JSON) is sent as the string `"success"`.

use super::fields::{check_date, is_digits, object, optional_text, text, Problems};
use super::images::{Rule, ANY_IMAGE};
use crate::clock;
use crate::credentials::Principal;
use crate::http::{Answer, Call};
use crate::server::Shared;
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// `cust_ref_no` values that force the page's three ERROR envelopes, with their
/// descriptions (lines 76, 93, 110).
pub const ERROR_CUST_REF_NOS: &[(&str, &str)] = &[
    (
        "NOT-ACTIVATED",
        "Product is not activated. Please Check Available Products in Manage Product Menu",
    ),
    ("QUOTA", "Quota Exceeded"),
    ("NOT-APPROVED", "Product is not activated yet by Admin"),
];

/// `cust_ref_no` that makes passive liveness fail (`result: "False"`).
pub const SPOOF: &str = "SPOOF";
/// `cust_ref_no` that makes id-recognize fail (`result: "False"`, no data).
pub const UNREADABLE: &str = "UNREADABLE";
/// `cust_ref_no` that makes id-validation answer `false` for every optional field given.
pub const MISMATCH: &str = "MISMATCH";
/// `cust_ref_no` that makes id-validation answer `"nik": null`.
pub const NIK_NULL: &str = "NIK-NULL";
/// `cust_ref_no` that makes id-validation answer without a `nik` verdict.
pub const NIK_MISSING: &str = "NIK-MISSING";
/// `cust_ref_no` that makes id-validation answer `result.status: "failed"`, every verdict
/// `true`.
pub const STATUS_FAILED: &str = "STATUS-FAILED";

/// A photo: any image, since the page names no format.
const PHOTO: Rule = Rule::formats(ANY_IMAGE);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Successful<T> {
    status_code: &'static str,
    content: Content<T>,
}

#[derive(Serialize)]
struct Content<T> {
    result: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorEnvelope {
    status_code: &'static str,
    response_status_details: [Detail; 1],
}

#[derive(Serialize)]
struct Detail {
    description: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Liveness {
    status: &'static str,
    result: &'static str,
    trx_id: String,
    ref_id: String,
    timestamp: u64,
}

#[derive(Serialize)]
struct Recognize {
    status: &'static str,
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Ocr>,
    trx_id: String,
    ref_id: String,
    timestamp: u64,
}

/// The page's OCR example (lines 141–158), key for key.
#[derive(Clone, Copy, Serialize)]
struct Ocr {
    nik: &'static str,
    nama: &'static str,
    tempat_lahir: &'static str,
    tanggal_lahir: &'static str,
    jenis_kelamin: &'static str,
    gol_darah: &'static str,
    alamat: &'static str,
    #[serde(rename = "rt/rw")]
    rt_rw: &'static str,
    #[serde(rename = "kelurahan/desa")]
    kelurahan_desa: &'static str,
    kecamatan: &'static str,
    agama: &'static str,
    status_perkawinan: &'static str,
    pekerjaan: &'static str,
    kewarganegaraan: &'static str,
    provinsi: &'static str,
    kota: &'static str,
}

const SEED_OCR: Ocr = Ocr {
    nik: "3671121401010004",
    nama: "Yu Andi Chen",
    tempat_lahir: "Fujian",
    tanggal_lahir: "25-03-1977",
    jenis_kelamin: "LAKI-LAKI",
    gol_darah: "-",
    alamat: "JL. S*L*M*T, P*R*M*H*N R*NC*B*L* N*. 41",
    rt_rw: "001/009",
    kelurahan_desa: "KARANG TENGAH",
    kecamatan: "KARANG TENGAH",
    agama: "KRISTEN",
    status_perkawinan: "BELUM KAWIN",
    pekerjaan: "PELAJAR / MAHASISWA",
    kewarganegaraan: "WNI",
    provinsi: "BANTEN",
    kota: "KOTA TANGERANG",
};

#[derive(Serialize)]
struct Validation {
    status: &'static str,
    data: Verdicts,
    trx_id: String,
    ref_id: String,
    timestamp: u64,
}

#[derive(Serialize)]
struct Verdicts {
    /// `Some(None)` is sent as `null`; `None` leaves the key out.
    #[serde(skip_serializing_if = "Option::is_none")]
    nik: Option<Option<bool>>,
    full_name: Option<bool>,
    birth_date: Option<bool>,
    birth_place: Option<bool>,
    address: Option<bool>,
    selfie_photo: Option<u32>,
}

fn successful<T: Serialize>(result: T) -> Answer {
    Answer::json(
        200,
        &Successful {
            status_code: "SUCCESSFUL",
            content: Content { result },
        },
    )
    .with_code("SUCCESSFUL")
}

/// The ids every result carries: `trx_id`, `ref_id` (ten digits, like the example's) and
/// the timestamp in milliseconds.
fn ids() -> (String, String, u64) {
    let now = clock::unix_millis();
    (
        clock::widekyc_trx_id(now),
        format!("{:010}", clock::random_u64() % 10_000_000_000),
        now,
    )
}

/// Parses the body, answers a magic ERROR `cust_ref_no`, runs `fields` and answers 400 for
/// any problem; otherwise gives the body and its `cust_ref_no`.
fn checked(
    call: &Call,
    fields: impl FnOnce(&Map<String, Value>, &mut Problems),
) -> Result<(Map<String, Value>, String), Answer> {
    let body = object(&call.body)
        .map_err(|message| Answer::error(400, "invalid_request", &message, &[]))?;
    let mut problems = Problems::default();
    let cust_ref_no = match text(&body, "cust_ref_no") {
        Ok(value) => value.to_owned(),
        Err(message) => {
            problems.add("cust_ref_no", message);
            String::new()
        }
    };
    if let Some((_, description)) = ERROR_CUST_REF_NOS
        .iter()
        .find(|(magic, _)| *magic == cust_ref_no)
    {
        return Err(Answer::json(
            200,
            &ErrorEnvelope {
                status_code: "ERROR",
                response_status_details: [Detail {
                    description,
                    kind: "Exception",
                }],
            },
        )
        .with_code("ERROR"));
    }
    fields(&body, &mut problems);
    if !problems.is_empty() {
        return Err(problems.answer());
    }
    Ok((body, cust_ref_no))
}

/// `POST /widekyc/api/passive-liveness`.
pub fn passive_liveness(_: &Arc<Shared>, call: &Call, _: &Principal) -> Answer {
    let (_, cust_ref_no) = match checked(call, |body, problems| {
        problems.photo(body, "selfie_image", &PHOTO, true);
    }) {
        Ok(checked) => checked,
        Err(answer) => return answer,
    };
    let (trx_id, ref_id, timestamp) = ids();
    successful(Liveness {
        status: "success",
        result: if cust_ref_no == SPOOF {
            "False"
        } else {
            "True"
        },
        trx_id,
        ref_id,
        timestamp,
    })
}

/// `POST /widekyc/api/id-recognize`.
pub fn id_recognize(_: &Arc<Shared>, call: &Call, _: &Principal) -> Answer {
    let (_, cust_ref_no) = match checked(call, |body, problems| {
        problems.photo(body, "id_image", &PHOTO, true);
    }) {
        Ok(checked) => checked,
        Err(answer) => return answer,
    };
    let (trx_id, ref_id, timestamp) = ids();
    let readable = cust_ref_no != UNREADABLE;
    successful(Recognize {
        status: "success",
        result: if readable { "True" } else { "False" },
        data: readable.then_some(SEED_OCR),
        trx_id,
        ref_id,
        timestamp,
    })
}

/// `POST /widekyc/api/id-validation`.
pub fn id_validation(_: &Arc<Shared>, call: &Call, _: &Principal) -> Answer {
    let (body, cust_ref_no) = match checked(call, check_validation_fields) {
        Ok(checked) => checked,
        Err(answer) => return answer,
    };
    let verdict = |name: &str| {
        matches!(optional_text(&body, name), Ok(Some(_))).then_some(cust_ref_no != MISMATCH)
    };
    let selfie = verdict("selfie_image");
    let nik = match cust_ref_no.as_str() {
        NIK_NULL => Some(None),
        NIK_MISSING => None,
        _ => Some(Some(true)),
    };
    let (trx_id, ref_id, timestamp) = ids();
    successful(Validation {
        status: if cust_ref_no == STATUS_FAILED {
            "failed"
        } else {
            "success"
        },
        data: Verdicts {
            nik,
            full_name: verdict("name"),
            birth_date: verdict("birth_date"),
            birth_place: verdict("birth_place"),
            address: verdict("address"),
            selfie_photo: selfie.map(|matched| if matched { 10 } else { 0 }),
        },
        trx_id,
        ref_id,
        timestamp,
    })
}

fn check_validation_fields(body: &Map<String, Value>, problems: &mut Problems) {
    // "nik | Integer" in the table (line 229), a string in the example (line 238): both.
    match body.get("nik") {
        None | Some(Value::Null) => problems.add("nik", "is required"),
        Some(Value::String(text)) if is_digits(text) => {}
        Some(Value::Number(number)) if number.is_u64() => {}
        Some(_) => problems.add("nik", "must be an integer (or a string of digits)"),
    }
    problems.optional_text(body, "name", |_| Ok(()));
    problems.optional_text(body, "birth_date", |date| check_date(date, "DD-MM-YYYY"));
    problems.optional_text(body, "birth_place", |_| Ok(()));
    problems.optional_text(body, "address", |_| Ok(()));
    problems.photo(body, "selfie_image", &PHOTO, false);
}
