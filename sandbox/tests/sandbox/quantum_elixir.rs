//! Quantum Elixir (seed 003): the two documented answers against the page's examples, 403
//! for a disabled capability, the 30/min limit with Retry-After, and the API key.

use crate::support::{masked, photo, post, sandbox, send_body, DUKCAPIL_PHOTO};
use kyc_precheck_sandbox::credentials::QUANTUM_ELIXIR_API_KEYS;
use kyc_precheck_sandbox::Sandbox;
use serde_json::{json, Value};

const PATH: &str = "/quantum-elixir/api/identity/nik/dukcapil";

/// A confirmed verdict as the request table has it (lines 35–45).
fn verified(customer_id: &str) -> Value {
    json!({
        "customerId": customer_id,
        "valid": true,
        "photo": photo(DUKCAPIL_PHOTO),
        "raw": { "responseCode": "00" },
    })
}

fn declined(customer_id: &str) -> Value {
    json!({
        "customerId": customer_id,
        "valid": false,
        "reason": "NIK not found in central registry",
    })
}

fn send(sandbox: &Sandbox, body: &Value) -> crate::support::Reply {
    send_body(
        sandbox,
        "quantum-elixir",
        "/api/identity/nik/dukcapil",
        &body.to_string(),
    )
}

#[test]
fn a_confirmed_verdict_is_verified_with_an_enrolment() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, &verified("ckv9x0000000008l6b0y3t2wz"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    // "Response (success)", lines 49–60, but for the ids the page cuts short.
    let page: Value = serde_json::from_str(
        r#"{
  "verification": {
    "id": "ver_01HXY...",
    "status": "verified",
    "score": 100
  },
  "enrolment": {
    "id": "fe_01HXY...",
    "source": "dukcapil",
    "fallbackStub": false
  }
}"#,
    )
    .expect("the page's JSON");
    let ids = ["verification.id", "enrolment.id"];
    assert_eq!(masked(body.clone(), &ids), masked(page, &ids));
    assert!(body["verification"]["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("ver_01") && id.len() == 30));
    assert!(body["enrolment"]["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("fe_01") && id.len() == 29));
}

#[test]
fn a_declined_verdict_is_failed_without_enrolment() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, &declined("ckv9x0000000008l6b0y3t2wz"));
    let body = reply.json();
    // "Response (declined verdict)", lines 66–72.
    let page: Value = serde_json::from_str(
        r#"{
  "verification": {
    "id": "ver_01HXY...",
    "status": "failed"
  },
  "enrolment": null
}"#,
    )
    .expect("the page's JSON");
    let ids = ["verification.id"];
    assert_eq!(masked(body, &ids), masked(page, &ids));
}

#[test]
fn a_disabled_capability_is_403() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, &declined("noperm-org-customer"));
    assert_eq!(reply.status, 403);
    assert!(reply.json()["message"]
        .as_str()
        .is_some_and(|message| message.contains("dukcapilEnabled")));
}

#[test]
fn thirty_a_minute_per_key_then_429_with_retry_after() {
    let sandbox = sandbox(|_| {});
    let body = declined("ckv9x0000000008l6b0y3t2wz").to_string();
    let bearer = format!("Bearer {}", QUANTUM_ELIXIR_API_KEYS[0]);
    for index in 0..30 {
        let reply = post(&sandbox, PATH, &[("Authorization", &bearer)], &body);
        assert_eq!(reply.status, 200, "request {index}");
    }
    let reply = post(&sandbox, PATH, &[("Authorization", &bearer)], &body);
    assert_eq!(reply.status, 429);
    let seconds: u64 = reply
        .header("retry-after")
        .and_then(|value| value.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=60).contains(&seconds), "{seconds}");
    assert_eq!(reply.json()["error"], "rate_limited");
    // The same key as x-api-key is the same window; the other key has its own.
    let reply = post(
        &sandbox,
        PATH,
        &[("x-api-key", QUANTUM_ELIXIR_API_KEYS[0])],
        &body,
    );
    assert_eq!(reply.status, 429);
    let reply = post(
        &sandbox,
        PATH,
        &[("x-api-key", QUANTUM_ELIXIR_API_KEYS[1])],
        &body,
    );
    assert_eq!(reply.status, 200);
}

#[test]
fn missing_fields_and_a_missing_key() {
    let sandbox = sandbox(|_| {});
    let cases = [
        (json!({}), json!(["customerId", "valid"])),
        (
            json!({ "customerId": "c1", "valid": true }),
            json!(["photo"]),
        ),
        (
            json!({ "customerId": "c1", "valid": "yes" }),
            json!(["valid"]),
        ),
        (
            json!({ "customerId": "c1", "valid": false, "raw": "text" }),
            json!(["raw"]),
        ),
        (
            json!({ "customerId": "c1", "valid": true, "photo": "bm90IGEgcGhvdG8=" }),
            json!(["photo"]),
        ),
        // JPEG/PNG only (line 40): a GIF is an image, but not one of those.
        (
            json!({ "customerId": "c1", "valid": true, "photo": "R0lGODlhAQABAAAAACw=" }),
            json!(["photo"]),
        ),
        (
            json!({ "customerId": "c1", "valid": false, "reason": 404 }),
            json!(["reason"]),
        ),
    ];
    for (body, fields) in cases {
        let reply = send(&sandbox, &body);
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.json()["fields"], fields, "{body}");
    }
    let body = declined("c1").to_string();
    let reply = post(&sandbox, PATH, &[], &body);
    assert_eq!(reply.status, 401);
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    let reply = post(&sandbox, PATH, &[("Authorization", "Bearer wrong")], &body);
    assert_eq!(reply.status, 401);
    let lower_case = format!("bearer {}", QUANTUM_ELIXIR_API_KEYS[1]);
    let reply = post(&sandbox, PATH, &[("Authorization", &lower_case)], &body);
    assert_eq!(reply.status, 200, "the scheme name is case-insensitive");
}
