//! The provider vectors in `tests/providers/<provider>.json`: inputs to the exact request
//! (bodies compared as JSON values, photos as the base64 of their files), and every
//! documented answer to its reading. Also fails when a provider file in `src/provider/`
//! is not registered, or a registered provider has no vector file, and when any built
//! request carries a credential.
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::provider::{
    build_request, oy, read_response, Applicant, BuildOptions, Built, FormField, ReadOptions,
    Reading, Response, PROVIDERS,
};
use serde_json::{json, Value};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Names of the credentials the providers document. The integrator's relay adds them; a
/// request built here never contains one.
const CREDENTIALS: &[&str] = &[
    "partner_code",
    "partner_key",
    "token",
    "x-api-key",
    "x-oy-username",
    "authorization",
    "api-key",
    "apikey",
];

fn standard_base64(path: &str) -> String {
    use base64::Engine as _;
    let bytes = std::fs::read(root().join(path)).unwrap_or_else(|_| panic!("{path}"));
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Replaces every `"base64:<path>"` string with the base64 of that file.
fn substitute(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let Some(path) = text.strip_prefix("base64:") {
                *text = standard_base64(path);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(substitute),
        Value::Object(map) => map.values_mut().for_each(substitute),
        _ => {}
    }
}

fn applicant(input: &Value) -> Applicant {
    let mut rest = input.as_object().cloned().unwrap_or_default();
    let mut photo = |name: &str| {
        rest.remove(name).map(|path| {
            let path = path.as_str().expect("a photo is a file path");
            std::fs::read(root().join(path)).unwrap_or_else(|_| panic!("{path}"))
        })
    };
    let (selfie, id_card, dukcapil_photo) = (photo("selfie"), photo("idCard"), photo("photo"));
    let mut applicant: Applicant =
        serde_json::from_value(Value::Object(rest)).expect("a valid applicant");
    applicant.selfie = selfie;
    applicant.id_card = id_card;
    applicant.photo = dukcapil_photo;
    applicant
}

fn check_credentials(built: &Built, failures: &mut Vec<String>, row: &str) {
    let Some(request) = &built.request else {
        return;
    };
    let names = request.query.keys().chain(request.headers.keys());
    let body = request.body.to_ascii_lowercase();
    for name in names {
        if CREDENTIALS.contains(&name.to_ascii_lowercase().as_str()) {
            failures.push(format!("{row}: the request carries the credential {name}"));
        }
    }
    for credential in CREDENTIALS {
        if body.contains(&format!("\"{credential}\"")) {
            failures.push(format!(
                "{row}: the body carries the credential {credential}"
            ));
        }
    }
}

fn check_build(file: &Value, row: &Value, name: &str, failures: &mut Vec<String>) {
    let provider = file["provider"].as_str().expect("provider");
    let endpoint = row["endpoint"].as_str().expect("endpoint");
    let mut options = row.get("options").cloned().unwrap_or_else(|| json!({}));
    if options.get("today").is_none() {
        options["today"] = file["today"].clone();
    }
    // OY's key is test data kept beside the vectors; rows name it by file.
    if let Some(path) = options.get("publicKey").and_then(Value::as_str) {
        if let Some(path) = path.strip_prefix("file:") {
            let pem = std::fs::read_to_string(root().join(path)).expect("key file");
            options["publicKey"] = Value::String(pem);
        }
    }
    let options: BuildOptions = serde_json::from_value(options).expect("valid options");
    let built = build_request(provider, endpoint, &applicant(&row["input"]), &options)
        .unwrap_or_else(|message| panic!("{name}: {message}"));
    check_credentials(&built, failures, name);
    let mut fail = |what: &str, expected: &Value, got: &Value| {
        failures.push(format!("{name}: {what}: expected {expected}, got {got}"));
    };
    let got = serde_json::to_value(&built).expect("serialises");
    if row["ok"] != got["ok"] {
        fail("ok", &row["ok"], &got["ok"]);
    }
    let codes: Vec<Value> = built
        .issues
        .iter()
        .map(|i| json!(i.code.as_str()))
        .collect();
    if row["codes"] != Value::Array(codes.clone()) {
        fail("codes", &row["codes"], &Value::Array(codes));
    }
    if let Some(paths) = row.get("paths") {
        let got_paths: Vec<Value> = got["issues"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|issue| issue["path"].clone())
            .collect();
        if *paths != Value::Array(got_paths.clone()) {
            fail("paths", paths, &Value::Array(got_paths));
        }
    }
    match (&row["request"], &built.request) {
        (Value::Null, None) => {}
        (Value::Null, Some(_)) => fail("no request", &Value::Null, &json!("a request")),
        (expected, None) => fail("a request", expected, &Value::Null),
        (expected, Some(request)) => {
            for key in ["method", "path", "query", "headers", "sandbox"] {
                if let Some(want) = expected.get(key) {
                    if *want != got["request"][key] {
                        fail(key, want, &got["request"][key]);
                    }
                }
            }
            let body: Value = serde_json::from_str(&request.body).unwrap_or(Value::Null);
            match &expected["body"] {
                Value::String(marker) if marker == "encrypted" => {
                    let fields = body.as_object().map(|o| o.len()).unwrap_or(0);
                    let all_base64 = body.as_object().is_some_and(|o| {
                        o.values().all(|v| {
                            v.as_str().is_some_and(|s| {
                                use base64::Engine as _;
                                base64::engine::general_purpose::STANDARD.decode(s).is_ok()
                            })
                        })
                    });
                    if fields == 0 || !all_base64 {
                        fail("an encrypted body", &expected["body"], &body);
                    }
                    if let Some(keys) = expected.get("bodyKeys") {
                        let got_keys: Vec<Value> = body
                            .as_object()
                            .map(|o| o.keys().map(|k| json!(k)).collect())
                            .unwrap_or_default();
                        let mut want: Vec<Value> = keys.as_array().cloned().unwrap_or_default();
                        let mut got_sorted = got_keys.clone();
                        want.sort_by_key(|v| v.to_string());
                        got_sorted.sort_by_key(|v| v.to_string());
                        if want != got_sorted {
                            fail("body keys", keys, &Value::Array(got_keys));
                        }
                    }
                }
                want => {
                    let mut want = want.clone();
                    substitute(&mut want);
                    if want != body {
                        fail("body", &want, &body);
                    }
                }
            }
            if let Some(text) = expected.get("bodyText").and_then(Value::as_str) {
                if text != request.body {
                    fail("body text", &json!(text), &json!(request.body));
                }
            }
        }
    }
}

fn check_read(file: &Value, row: &Value, name: &str, failures: &mut Vec<String>) {
    let provider = file["provider"].as_str().expect("provider");
    let endpoint = row["endpoint"].as_str().unwrap_or_default();
    let body = match &row["body"] {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let reading: Reading = if row.get("callback") == Some(&Value::Bool(true)) {
        oy::read_callback(&body)
    } else {
        let status = row["status"].as_u64().expect("status") as u16;
        // `sent`: the fields the request carried, as `Request::fields` names them.
        let sent: Option<Vec<FormField>> = row.get("sent").map(|sent| {
            sent.as_array()
                .expect("sent is a list")
                .iter()
                .map(|name| {
                    let name = name.as_str().expect("a field name");
                    FormField::from_name(name).unwrap_or_else(|| panic!("{name}: no field {name}"))
                })
                .collect()
        });
        let options: ReadOptions = row
            .get("readOptions")
            .map(|options| serde_json::from_value(options.clone()).expect("valid read options"))
            .unwrap_or_default();
        let response = Response {
            status,
            body: &body,
            retry_after: row.get("retryAfter").and_then(Value::as_str),
            sent: sent.as_deref(),
            options,
        };
        read_response(provider, endpoint, &response)
            .unwrap_or_else(|message| panic!("{name}: {message}"))
    };
    let got = serde_json::to_value(&reading).expect("serialises");
    let expect = &row["expect"];
    for key in [
        "outcome",
        "retryable",
        "charged",
        "providerCode",
        "retryAfterSeconds",
    ] {
        if let Some(want) = expect.get(key) {
            if *want != got[key] {
                failures.push(format!("{name}: {key}: expected {want}, got {}", got[key]));
            }
        }
    }
    let issues: Vec<Value> = got["issues"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|issue| json!({ "code": issue["code"], "path": issue["path"], "severity": issue["severity"] }))
        .collect();
    let want_issues: Vec<Value> = expect["issues"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|issue| {
            let mut issue = issue.clone();
            if issue.get("path").is_none() {
                issue["path"] = json!([]);
            }
            if issue.get("severity").is_none() {
                issue["severity"] = json!("error");
            }
            issue
        })
        .collect();
    if want_issues != issues {
        failures.push(format!(
            "{name}: issues: expected {}, got {}",
            Value::Array(want_issues),
            Value::Array(issues)
        ));
    }
    if let Some(data) = expect.get("data") {
        if *data != got["data"] {
            failures.push(format!(
                "{name}: data: expected {data}, got {}",
                got["data"]
            ));
        }
    }
}

fn vector_file(provider: &str) -> PathBuf {
    root()
        .join("tests/providers")
        .join(format!("{provider}.json"))
}

#[test]
fn every_provider_file_is_registered_and_has_vectors() {
    let registered: Vec<&str> = PROVIDERS.iter().map(|p| p.id).collect();
    for entry in std::fs::read_dir(root().join("src/provider")).expect("src/provider") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        // The registry's own modules (the form, requests, readings, rules, slots)
        // define no provider.
        let source = std::fs::read_to_string(&path).expect("source");
        if !source.contains("pub const PROVIDER: Provider") {
            continue;
        }
        let id = stem.replace('_', "-");
        assert!(
            registered.contains(&id.as_str()),
            "src/provider/{stem}.rs is not in PROVIDERS"
        );
    }
    for provider in PROVIDERS {
        let path = vector_file(provider.id);
        assert!(
            path.exists(),
            "{} has no vector file {}",
            provider.id,
            path.display()
        );
    }
}

fn run(provider: &str) -> (usize, usize) {
    let path = vector_file(provider);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{}", path.display()));
    let file: Value = serde_json::from_str(&text).expect("vector file is JSON");
    assert_eq!(file["provider"], provider);
    let mut failures = Vec::new();
    let builds = file["build"].as_array().cloned().unwrap_or_default();
    let reads = file["read"].as_array().cloned().unwrap_or_default();
    for (index, row) in builds.iter().enumerate() {
        let name = format!(
            "{provider} build[{index}] ({})",
            row["note"].as_str().unwrap_or("")
        );
        check_build(&file, row, &name, &mut failures);
    }
    for (index, row) in reads.iter().enumerate() {
        let name = format!(
            "{provider} read[{index}] ({})",
            row["note"].as_str().unwrap_or("")
        );
        check_read(&file, row, &name, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        !builds.is_empty() && !reads.is_empty(),
        "{provider}: no build or read rows"
    );
    (builds.len(), reads.len())
}

#[test]
fn kredibel_vectors() {
    run("kredibel");
}

#[test]
fn td_vectors() {
    run("td");
}

#[test]
fn widekyc_vectors() {
    run("widekyc");
}

#[test]
fn quantum_elixir_vectors() {
    run("quantum-elixir");
}

#[test]
fn oy_vectors() {
    run("oy");
}

#[test]
fn every_endpoint_is_covered_by_build_and_read_rows() {
    for provider in PROVIDERS {
        let path = vector_file(provider.id);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let file: Value = serde_json::from_str(&text).expect("JSON");
        for endpoint in provider.endpoints {
            for section in ["build", "read"] {
                let covered = file[section]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|row| row["endpoint"] == endpoint.id);
                assert!(
                    covered,
                    "{} {}: no {section} rows",
                    provider.id, endpoint.id
                );
            }
        }
    }
}
