//! WideKYC (seed `002_e89ab537b52101c3.txt`): `POST /widekyc/api/passive-liveness`,
//! `/widekyc/api/id-recognize`, `/widekyc/api/id-validation`, with the `token` header.
//!
//! A well-formed request gets HTTP 200 with the page's envelopes: `statusCode`
//! `SUCCESSFUL` and `content.result`, or `ERROR` with `responseStatusDetails`. The page's
//! ERROR envelopes are for the product and quota only, so a malformed request (no
//! `cust_ref_no`, a photo that is not base64 JPEG/PNG, a NIK that is not a real NIK, a
//! `birth_date` not DD-MM-YYYY) is HTTP 400
//! `{"error": "invalid_request", "message": "…", "fields": [...]}`.
//!
//! Magic `cust_ref_no` values: [`ERROR_CUST_REF_NOS`] give the three ERROR envelopes on
//! every endpoint; [`SPOOF`] makes liveness `result: "False"`; [`UNREADABLE`] makes
//! id-recognize `result: "False"` without data; [`MISMATCH`] makes id-validation answer
//! `false` for every optional field given. Otherwise: the page's success examples, the
//! recognised data being the page's own (the request carries no NIK to echo), and each
//! id-validation verdict `true` for a field given and `null` for one left out
//! (`selfie_photo` 10, as in the example, when a selfie is given). The page's bare
//! `"status": success` (not JSON) is sent as the string `"success"`.

use super::{check_real_nik, object, optional_text, photo_field, text, Problems};
use crate::clock;
use crate::credentials::Principal;
use crate::http::{Answer, Call};
use crate::server::Shared;
use kyc_precheck::{check_date, check_name, DateFormat, DateOptions, NameOptions};
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// `cust_ref_no` values that force the page's three ERROR envelopes, with their
/// descriptions.
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

/// The page's OCR example, key for key.
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
    nik: bool,
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
        photo_field(body, "selfie_image", "widekyc", "selfie", true, problems);
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
        photo_field(body, "id_image", "widekyc", "idCard", true, problems);
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
    let (trx_id, ref_id, timestamp) = ids();
    successful(Validation {
        status: "success",
        data: Verdicts {
            nik: true,
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
    // "nik | Integer" in the table, a string in the example: both are taken.
    let nik = match body.get("nik") {
        None | Some(Value::Null) => Err("is required".to_owned()),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(Value::Number(number)) if number.is_u64() => Ok(number.to_string()),
        Some(_) => Err("must be a string or an integer".to_owned()),
    };
    if let Err(message) = nik.and_then(|nik| check_real_nik(&nik)) {
        problems.add("nik", message);
    }
    match optional_text(body, "name") {
        Ok(Some(name)) => {
            if let Some(message) =
                super::first_error(&check_name(name, &NameOptions::default()).issues)
            {
                problems.add("name", message);
            }
        }
        Ok(None) => {}
        Err(message) => problems.add("name", message),
    }
    match optional_text(body, "birth_date") {
        Ok(Some(date)) => {
            let shaped =
                date.len() == 10 && date.as_bytes()[2] == b'-' && date.as_bytes()[5] == b'-';
            let checked = check_date(date, DateFormat::DayMonthYear, &DateOptions::default());
            if let Some(message) = super::first_error(&checked.issues) {
                problems.add("birth_date", message);
            } else if !shaped {
                problems.add("birth_date", "must be written DD-MM-YYYY (e.g. 31-01-1981)");
            }
        }
        Ok(None) => {}
        Err(message) => problems.add("birth_date", message),
    }
    for name in ["birth_place", "address"] {
        if let Err(message) = optional_text(body, name) {
            problems.add(name, message);
        }
    }
    photo_field(body, "selfie_image", "widekyc", "selfie", false, problems);
}
