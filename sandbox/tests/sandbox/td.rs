//! TD (seed 001): the page's own request example answered with its own success
//! example, every status code by its magic input, the match failures, the parameter
//! errors and the credentials.

use crate::support::{masked, post, sandbox, send_body, NIK};
use kyc_precheck_sandbox::Sandbox;
use serde_json::{json, Value};

/// The page's "Request Example" (lines 25–31), verbatim.
const PAGE_REQUEST: &str = r#"{
"country": "ID",
"phone_number": "081234567890",
"id_type": "KTP",
"id_number": "3310225629467",
"name": "Joe"
}"#;

/// A request as the page's table asks for it (lines 19–23).
fn request(name: &str, phone: &str) -> Value {
    json!({
        "id_number": NIK,
        "id_type": "KTP",
        "phone_number": phone,
        "name": name,
        "country": "ID",
    })
}

fn send(sandbox: &Sandbox, body: &Value) -> crate::support::Reply {
    send_body(sandbox, "td", "/", &body.to_string())
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
    let reply = send_body(&sandbox, "td", "/", PAGE_REQUEST);
    assert_eq!(reply.status, 200);
    let body = reply.json();
    // The page's "Success (Verification Passed)" (lines 56–63), but for sequence_id.
    let example: Value = serde_json::from_str(
        r#"{
"code": 200,
"message": "success",
"sequence_id": "1648777165770866F82AC7F326307055",
"result": "pass",
"id_phone_match": "pass",
"id_name_match": "pass"
}"#,
    )
    .expect("the page's JSON");
    assert_eq!(
        masked(body.clone(), &["sequence_id"]),
        masked(example, &["sequence_id"])
    );
    assert_eq!(body["sequence_id"].as_str().map(str::len), Some(32));
    // The keys in the example's order.
    assert!(reply
        .body
        .starts_with("{\"code\":200,\"message\":\"success\",\"sequence_id\":"));
    let again = send_body(&sandbox, "td", "/", PAGE_REQUEST).json();
    assert_ne!(
        again["sequence_id"], body["sequence_id"],
        "Unique response code"
    );
    assert_eq!(
        send(&sandbox, &request("Joe Santoso", "081234567890")).json()["code"],
        200
    );
}

#[test]
fn every_status_code_by_phone_and_by_name() {
    let sandbox = sandbox(|_| {});
    let template = request("Joe Santoso", "081234567890");
    for (code, message) in CODES {
        // By phone: 0812 + the code in six digits, which passes the page's phone rule.
        let phone = format!("0812{code:06}");
        assert_eq!(
            phone,
            kyc_precheck_sandbox::providers::td::magic_phone(*code as u32)
        );
        let reply = send(&sandbox, &request("Joe Santoso", &phone));
        let body = reply.json();
        assert_eq!(body["code"], *code, "{phone}");
        assert_eq!(body["message"], *message, "{phone}");
        assert!(body["sequence_id"].is_string());
        assert!(reply
            .body
            .starts_with(&format!("{{\"code\":{code},\"sequence_id\":")));
        assert_eq!(
            body.as_object().map(|keys| keys.len()),
            Some(3),
            "the failure example's three keys (lines 72–75)"
        );

        // By name, "TD <code>".
        let mut body = template.clone();
        body["name"] = json!(format!("TD {code}"));
        let reply = send(&sandbox, &body);
        assert_eq!(reply.json()["code"], *code, "TD {code}");
        assert_eq!(reply.json()["message"], *message);
    }
}

#[test]
fn match_failures_by_phone_and_name() {
    let sandbox = sandbox(|_| {});
    let cases = [
        ("Joe Santoso", "081234560000", "fail", "pass"),
        (
            "Joe Santoso",
            "081234569999",
            "no_record_for_phone_number",
            "pass",
        ),
        ("Fail Name", "081234567890", "pass", "fail"),
        (
            "No Record",
            "081234567890",
            "pass",
            "no_record_for_id_number",
        ),
    ];
    for (name, phone, phone_match, name_match) in cases {
        let reply = send(&sandbox, &request(name, phone));
        let body = reply.json();
        assert_eq!(body["code"], 200);
        assert_eq!(body["message"], "success");
        assert_eq!(body["result"], "fail", "{name} {phone}");
        assert_eq!(body["id_phone_match"], phone_match);
        assert_eq!(body["id_name_match"], name_match);
    }
}

#[test]
fn missing_and_invalid_parameters() {
    let sandbox = sandbox(|_| {});
    let good = request("Joe Santoso", "081234567890");
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
            "phone_number",
            json!("0812345678901234"),
            11340,
            "phone_number error",
        ),
        (
            "phone_number",
            json!("6281234567890"),
            11340,
            "phone_number error",
        ),
        (
            "id_number",
            json!(3310225629467u64),
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
        let reply = send(&sandbox, &body);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json()["code"], code, "{field}");
        assert_eq!(reply.json()["message"], message, "{field}");
    }
    // No rule on the page for id_number ("ID number") or name ("-"): the page's own
    // 13-digit example and a one-letter name are taken.
    let mut body = good.clone();
    body["id_number"] = json!("3310225629467");
    body["name"] = json!("J");
    assert_eq!(send(&sandbox, &body).json()["code"], 200);
    let reply = send_body(&sandbox, "td", "/", "[1, 2]");
    assert_eq!(reply.json()["code"], 11340);
}

#[test]
fn td_is_mounted_at_its_prefix_with_or_without_the_slash() {
    let sandbox = sandbox(|_| {});
    let body = request("Joe Santoso", "081234567890").to_string();
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
