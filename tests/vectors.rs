//! Runs the field-check vectors in `tests/vectors/*.json`.
//!
//! The same harness runs natively (`cargo test`) and, compiled to wasm32, under
//! wasm-bindgen-test in Node and in headless Chromium, so a rule cannot behave differently
//! in the browser. The JS harness (`tests/js/vector-harness.mjs`) runs the same files
//! through the built npm package.
//!
//! Each case is checked through the result's serialised form, the exact shape the npm
//! package returns, so the field names are tested too.

use kyc_precheck::{
    check_date, check_email, check_name, check_nik, check_phone, DateFormat, DateOptions,
    NameOptions, NikOptions, PhoneOptions,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Which check a vector file exercises.
#[derive(Clone, Copy)]
enum Field {
    Nik,
    Phone,
    Email,
    Name,
    Date,
}

impl Field {
    /// The key of the details object in the result, where the check has one.
    fn details_key(self) -> Option<&'static str> {
        match self {
            Field::Nik => Some("nik"),
            Field::Phone => Some("phone"),
            Field::Date => Some("date"),
            Field::Email | Field::Name => None,
        }
    }

    fn takes_today(self) -> bool {
        matches!(self, Field::Nik | Field::Date)
    }
}

fn options<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("vector options are valid options")
}

/// Runs one case and returns its serialised result.
fn run(field: Field, case: &Map<String, Value>, options_value: Value) -> Value {
    let input = case["input"].as_str().expect("input is a string");
    let result = match field {
        Field::Nik => serde_json::to_value(check_nik(input, &options::<NikOptions>(options_value))),
        Field::Phone => {
            serde_json::to_value(check_phone(input, &options::<PhoneOptions>(options_value)))
        }
        Field::Email => serde_json::to_value(check_email(input)),
        Field::Name => {
            serde_json::to_value(check_name(input, &options::<NameOptions>(options_value)))
        }
        Field::Date => {
            let format =
                DateFormat::parse(case["format"].as_str().expect("date rows name a format"))
                    .expect("a known format");
            serde_json::to_value(check_date(
                input,
                format,
                &options::<DateOptions>(options_value),
            ))
        }
    };
    result.expect("results serialise")
}

/// Checks every case of one file; returns one line per mismatch.
fn check_file(field: Field, name: &str, text: &str) -> (usize, Vec<String>) {
    let file: Value = serde_json::from_str(text).expect("vector file is JSON");
    let cases = file["cases"].as_array().expect("cases is an array");
    assert!(!cases.is_empty(), "{name} has no cases");
    let mut failures = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let case = case.as_object().expect("a case is an object");
        let mut options = case.get("options").cloned().unwrap_or_else(|| json!({}));
        if field.takes_today() && options.get("today").is_none() {
            options["today"] = file["today"].clone();
        }
        let result = run(field, case, options);
        let mut fail = |what: &str, expected: &Value, got: &Value| {
            failures.push(format!(
                "{name}[{index}] {input:?} ({note}): {what}: expected {expected}, got {got}",
                input = case["input"],
                note = case.get("note").and_then(Value::as_str).unwrap_or(""),
            ))
        };
        let codes: Vec<Value> = result["issues"]
            .as_array()
            .expect("issues is an array")
            .iter()
            .map(|issue| issue["code"].clone())
            .collect();
        let codes = Value::Array(codes);
        if case["ok"] != result["ok"] {
            fail("ok", &case["ok"], &result["ok"]);
        }
        if case["codes"] != codes {
            fail("codes", &case["codes"], &codes);
        }
        let mut keys = vec!["value"];
        keys.extend(field.details_key());
        for key in keys {
            if let Some(expected) = case.get(key) {
                if *expected != result[key] {
                    fail(key, expected, &result[key]);
                }
            }
        }
        for issue in result["issues"].as_array().into_iter().flatten() {
            for language in ["en", "id"] {
                let message = issue["message"][language].as_str().unwrap_or_default();
                if message.is_empty() || message.contains('{') {
                    fail("a complete message", &json!(language), &issue["message"]);
                }
            }
        }
        let has_error = result["issues"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|issue| issue["severity"] == "error");
        if result["ok"] != json!(!has_error) {
            fail("ok to mirror the errors", &json!(!has_error), &result["ok"]);
        }
    }
    (cases.len(), failures)
}

fn assert_file(field: Field, name: &str, text: &str, minimum: usize) {
    let (count, failures) = check_file(field, name, text);
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        count >= minimum,
        "{name}: {count} cases, expected at least {minimum}"
    );
}

#[test]
fn nik_vectors() {
    assert_file(Field::Nik, "nik.json", include_str!("vectors/nik.json"), 60);
}

#[test]
fn phone_vectors() {
    assert_file(
        Field::Phone,
        "phone.json",
        include_str!("vectors/phone.json"),
        60,
    );
}

#[test]
fn email_vectors() {
    assert_file(
        Field::Email,
        "email.json",
        include_str!("vectors/email.json"),
        20,
    );
}

#[test]
fn name_vectors() {
    assert_file(
        Field::Name,
        "name.json",
        include_str!("vectors/name.json"),
        20,
    );
}

#[test]
fn date_vectors() {
    assert_file(
        Field::Date,
        "date.json",
        include_str!("vectors/date.json"),
        20,
    );
}
