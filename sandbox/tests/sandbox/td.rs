//! TD: the happy path, every status code by its magic input, the match failures, the
//! parameter errors and the credentials.

use crate::support::{applicant, build, post, read, sandbox, send, send_body, NIK};
use kyc_precheck::provider::{BuildOptions, Request};
use serde_json::{json, Value};

const ENDPOINT: &str = "id-verification";

fn request(name: &str, phone: &str) -> Request {
    let person = applicant(json!({ "nik": NIK, "name": name, "phone": phone }), &[]);
    build("td", ENDPOINT, &person, &BuildOptions::default())
}

/// The page's status codes and messages.
const CODES: &[(u64, &str)] = &[
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

#[test]
fn a_good_request_passes_with_the_examples_shape() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, "td", &request("Joe Santoso", "081234567890"));
    assert_eq!(reply.status, 200);
    let body = reply.json();
    let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert_eq!(body["code"], 200);
    assert_eq!(body["message"], "success");
    assert_eq!(body["result"], "pass");
    assert_eq!(body["id_phone_match"], "pass");
    assert_eq!(body["id_name_match"], "pass");
    assert_eq!(body["sequence_id"].as_str().map(str::len), Some(32));
    assert_eq!(keys.len(), 6);
    // The keys in the example's order.
    assert!(reply
        .body
        .starts_with("{\"code\":200,\"message\":\"success\",\"sequence_id\":"));
    let reading = read("td", ENDPOINT, &reply);
    assert_eq!(reading["outcome"], "verified");
    assert_eq!(reading["charged"], true);
}

#[test]
fn every_status_code_by_phone_and_by_name() {
    let sandbox = sandbox(|_| {});
    let plain = request("Joe Santoso", "081234567890");
    let template: Value = serde_json::from_str(&plain.body).expect("JSON");
    for (code, message) in CODES {
        // By phone: the library builds it (0812 + the code in six digits is a valid number).
        let phone = format!("0812{code:06}");
        assert_eq!(
            phone,
            kyc_precheck_sandbox::providers::td::magic_phone(*code as u32)
        );
        let reply = send(&sandbox, "td", &request("Joe Santoso", &phone));
        let body = reply.json();
        assert_eq!(body["code"], *code, "{phone}");
        assert_eq!(body["message"], *message, "{phone}");
        assert!(body["sequence_id"].is_string());
        assert!(reply
            .body
            .starts_with(&format!("{{\"code\":{code},\"sequence_id\":")));
        let reading = read("td", ENDPOINT, &reply);
        assert_eq!(reading["providerCode"], code.to_string());
        assert_eq!(reading["outcome"], "failed");
        assert_eq!(reading["charged"], false);
        assert_eq!(reading["retryable"], matches!(code, 600 | 11350), "{code}");

        // By name, "TD <code>", sent as is (the library would refuse digits in a name).
        let mut body = template.clone();
        body["name"] = json!(format!("TD {code}"));
        let reply = send_body(&sandbox, "td", "/", &body.to_string());
        assert_eq!(reply.json()["code"], *code, "TD {code}");
        assert_eq!(reply.json()["message"], *message);
    }
}

#[test]
fn match_failures_by_phone_and_name() {
    let sandbox = sandbox(|_| {});
    let cases = [
        (
            "Joe Santoso",
            "081234560000",
            "fail",
            "pass",
            json!([["phone"]]),
        ),
        (
            "Joe Santoso",
            "081234569999",
            "no_record_for_phone_number",
            "pass",
            json!([["phone"]]),
        ),
        (
            "Fail Name",
            "081234567890",
            "pass",
            "fail",
            json!([["name"]]),
        ),
        (
            "No Record",
            "081234567890",
            "pass",
            "no_record_for_id_number",
            json!([["nik"]]),
        ),
    ];
    for (name, phone, phone_match, name_match, paths) in cases {
        let reply = send(&sandbox, "td", &request(name, phone));
        let body = reply.json();
        assert_eq!(body["code"], 200);
        assert_eq!(body["result"], "fail", "{name} {phone}");
        assert_eq!(body["id_phone_match"], phone_match);
        assert_eq!(body["id_name_match"], name_match);
        let reading = read("td", ENDPOINT, &reply);
        assert_eq!(reading["outcome"], "rejected");
        let got: Vec<Value> = reading["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .map(|issue| issue["path"].clone())
            .collect();
        assert_eq!(Value::Array(got), paths, "{name} {phone}");
    }
}

#[test]
fn missing_and_invalid_parameters() {
    let sandbox = sandbox(|_| {});
    let good: Value =
        serde_json::from_str(&request("Joe Santoso", "081234567890").body).expect("JSON");
    let cases: Vec<(&str, Value, u64, &str)> = vec![
        ("phone_number", Value::Null, 11301, "phone_number empty"),
        ("name", json!("  "), 11301, "name empty"),
        (
            "phone_number",
            json!("+6281234567890"),
            11340,
            "phone_number error",
        ),
        ("phone_number", json!("08123"), 11340, "phone_number error"),
        (
            "id_number",
            json!("3310225629467"),
            11340,
            "id_number error",
        ),
        ("id_type", json!("PASSPORT"), 11340, "id_type error"),
        ("country", json!("SG"), 11304, "Country partner not open"),
        ("country", json!("Indonesia"), 11340, "country error"),
        ("name", json!(42), 11340, "name error"),
    ];
    for (field, value, code, message) in cases {
        let mut body = good.clone();
        if value.is_null() {
            body.as_object_mut().expect("object").remove(field);
        } else {
            body[field] = value;
        }
        let reply = send_body(&sandbox, "td", "/", &body.to_string());
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json()["code"], code, "{field}");
        assert_eq!(reply.json()["message"], message, "{field}");
    }
    // The library points a parameter error at the field its message names.
    let mut body = good.clone();
    body["phone_number"] = json!("+6281234567890");
    let reply = send_body(&sandbox, "td", "/", &body.to_string());
    assert_eq!(
        read("td", ENDPOINT, &reply)["issues"][0]["path"],
        json!(["phone"])
    );
    let reply = send_body(&sandbox, "td", "/", "[1, 2]");
    assert_eq!(reply.json()["code"], 11340);
}

#[test]
fn td_is_mounted_at_its_prefix_with_or_without_the_slash() {
    let sandbox = sandbox(|_| {});
    let body = request("Joe Santoso", "081234567890").body;
    let query = "?partner_code=sandbox-td-partner&partner_key=sandbox-td-partner-key";
    for path in ["/td/", "/td"] {
        let reply = post(&sandbox, &format!("{path}{query}"), &[], &body);
        assert_eq!(reply.json()["code"], 200, "{path}");
    }
    let reply = post(
        &sandbox,
        "/td/?partner_code=sandbox-td-partner&partner_key=wrong",
        &[],
        &body,
    );
    assert_eq!(reply.status, 401);
}
