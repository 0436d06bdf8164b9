//! TD ID verification (seed `001_007a0e1fdebc19c1.txt`, "the page" below):
//! `POST /td/?partner_code=…&partner_key=…` ("api-base-url?partner_code=xxx&partner_key=xxx",
//! line 10: TD's endpoint is its base URL itself).
//!
//! Every answer is HTTP 200 with TD's own `code`, in the shapes of the page's examples
//! (lines 54–75): `{code, message, sequence_id, result, id_phone_match, id_name_match}`
//! for 200 and `{code, sequence_id, message}` otherwise, keys in the examples' order.
//! `sequence_id` ("Unique response code … Tracks each request", line 36) is fresh for
//! each answer, 32 characters like the examples'.
//!
//! # Checks, from "Request Parameters" (lines 16–23), in this order
//!
//! 1. the body is a JSON object, else 11340 `parameter error`;
//! 2. each of `id_number`, `id_type`, `phone_number`, `name`, `country` ("Required",
//!    lines 19–23) is present and not blank, else 11301 `<parameter> empty` (11301 is
//!    "parameter empty … Missing required parameter", line 51); a non-string is 11340
//!    `<parameter> error`;
//! 3. the magic inputs of [`STATUS_CODES`]: `name` equal to `TD <code>` (e.g. `TD 301`), or
//!    `phone_number` equal to [`magic_phone`]`(code)` (`0812` and the code in six digits:
//!    `0812000301`, `0812011340`, …, which pass the phone rule below), answer that code
//!    with the table's message;
//! 4. `country`: "2-letter country code (ISO 3166) Support: ID (Indonesia)" (line 23):
//!    another two capital letters is 11304 `Country partner not open` ("Partner not
//!    available", line 52), anything else 11340 `country error`; `id_type`: "Enumeration:
//!    KTP" (line 20), else 11340 `id_type error`; `phone_number`: "Beginning with 08, 10 to
//!    13 characters" (line 21), else 11340 `phone_number error`, the page's own example
//!    message (line 75). `id_number` ("ID number", line 19) and `name` ("-", line 22) have
//!    no rule on the page: any non-blank string is taken (the page's own example
//!    `id_number` is 13 digits, line 29);
//! 5. the verdict: a phone ending in `0000` is `id_phone_match: fail`, in `9999`
//!    `no_record_for_phone_number`; the name `FAIL NAME` is `id_name_match: fail`, `NO
//!    RECORD` `no_record_for_id_number` (the enumerations of lines 38–39); `result` is
//!    `pass` when both pass, else `fail`. The table says "Enumeration: success, fail" (line
//!    37); both examples say `pass` and `fail` (lines 60 and 68), which is what is sent.

use super::fields::{object, text};
use crate::clock;
use crate::credentials::Principal;
use crate::http::{Answer, Call};
use crate::server::Shared;
use serde::Serialize;
use std::sync::Arc;

/// The page's status codes and messages ("API Status Codes", lines 40–53); 200's message
/// is the examples' `success` (line 58), not the table's `Success`.
pub const STATUS_CODES: &[(u32, &str)] = &[
    (200, "success"),
    (301, "Service not purchased"),
    (302, "Traffic blocked"),
    (303, "Traffic insufficient"),
    (304, "Service expired"),
    (305, "Daily maximum volume reached"),
    (600, "Service Temporarily Unavailable"),
    (11350, "Internal error"),
    (11301, "parameter empty"),
    (11304, "Country partner not open"),
    (11340, "parameter error"),
];

/// The request's parameters, in the page's table order (lines 19–23).
const PARAMETERS: [&str; 5] = ["id_number", "id_type", "phone_number", "name", "country"];

/// The phone number that forces `code`: `0812` and the code in six digits.
pub fn magic_phone(code: u32) -> String {
    format!("0812{code:06}")
}

/// The code a magic `name` or `phone_number` forces, if any.
fn forced_code(name: &str, phone: &str) -> Option<(u32, &'static str)> {
    STATUS_CODES
        .iter()
        .filter(|(code, _)| *code != 200)
        .find(|(code, _)| {
            name.trim().eq_ignore_ascii_case(&format!("TD {code}")) || phone == magic_phone(*code)
        })
        .copied()
}

#[derive(Serialize)]
struct Verdict {
    code: u32,
    message: &'static str,
    sequence_id: String,
    result: &'static str,
    id_phone_match: &'static str,
    id_name_match: &'static str,
}

#[derive(Serialize)]
struct Failure {
    code: u32,
    sequence_id: String,
    message: String,
}

fn failure(code: u32, message: String) -> Answer {
    Answer::json(
        200,
        &Failure {
            code,
            sequence_id: clock::td_sequence_id(),
            message,
        },
    )
    .with_code(code.to_string())
}

/// `POST /td/`.
pub fn id_verification(_: &Arc<Shared>, call: &Call, _: &Principal) -> Answer {
    let Ok(body) = object(&call.body) else {
        return failure(11340, "parameter error".to_owned());
    };
    let mut values = [""; 5];
    for (value, parameter) in values.iter_mut().zip(PARAMETERS) {
        match text(&body, parameter) {
            Ok(text) => *value = text,
            Err("is required") => return failure(11301, format!("{parameter} empty")),
            Err(_) => return failure(11340, format!("{parameter} error")),
        }
    }
    let [_id_number, id_type, phone, name, country] = values;
    if let Some((code, message)) = forced_code(name, phone) {
        return failure(code, message.to_owned());
    }
    if country != "ID" {
        return if country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()) {
            failure(11304, "Country partner not open".to_owned())
        } else {
            failure(11340, "country error".to_owned())
        };
    }
    if id_type != "KTP" {
        return failure(11340, "id_type error".to_owned());
    }
    let phone_ok = phone.starts_with("08") && (10..=13).contains(&phone.chars().count());
    if !phone_ok {
        return failure(11340, "phone_number error".to_owned());
    }
    let id_phone_match = if phone.ends_with("0000") {
        "fail"
    } else if phone.ends_with("9999") {
        "no_record_for_phone_number"
    } else {
        "pass"
    };
    let id_name_match = match name.trim().to_ascii_uppercase().as_str() {
        "FAIL NAME" => "fail",
        "NO RECORD" => "no_record_for_id_number",
        _ => "pass",
    };
    let passed = id_phone_match == "pass" && id_name_match == "pass";
    Answer::json(
        200,
        &Verdict {
            code: 200,
            message: "success",
            sequence_id: clock::td_sequence_id(),
            result: if passed { "pass" } else { "fail" },
            id_phone_match,
            id_name_match,
        },
    )
    .with_code("200")
}
