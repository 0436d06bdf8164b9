//! Quantum Elixir: the two documented answers, 403 for a disabled capability, the 30/min
//! limit with Retry-After, and the API key.

use crate::support::{applicant, build, post, read, sandbox, send, send_body, DUKCAPIL_PHOTO};
use kyc_precheck::provider::{BuildOptions, Request};
use kyc_precheck_sandbox::credentials::QUANTUM_ELIXIR_API_KEYS;
use serde_json::{json, Value};

const ENDPOINT: &str = "dukcapil";
const PATH: &str = "/quantum-elixir/api/identity/nik/dukcapil";

fn verified(customer_id: &str) -> Request {
    let person = applicant(
        json!({ "customerId": customer_id, "valid": true, "raw": { "responseCode": "00" } }),
        &[("photo", DUKCAPIL_PHOTO)],
    );
    build(
        "quantum-elixir",
        ENDPOINT,
        &person,
        &BuildOptions::default(),
    )
}

fn declined(customer_id: &str) -> Request {
    let person = applicant(
        json!({
            "customerId": customer_id,
            "valid": false,
            "reason": "NIK not found in central registry"
        }),
        &[],
    );
    build(
        "quantum-elixir",
        ENDPOINT,
        &person,
        &BuildOptions::default(),
    )
}

#[test]
fn a_confirmed_verdict_is_verified_with_an_enrolment() {
    let sandbox = sandbox(|_| {});
    let reply = send(
        &sandbox,
        "quantum-elixir",
        &verified("ckv9x0000000008l6b0y3t2wz"),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["verification"]["status"], "verified");
    assert_eq!(body["verification"]["score"], 100);
    assert!(body["verification"]["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("ver_01") && id.len() == 30));
    assert_eq!(body["enrolment"]["source"], "dukcapil");
    assert_eq!(body["enrolment"]["fallbackStub"], false);
    assert!(body["enrolment"]["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("fe_")));
    let reading = read("quantum-elixir", ENDPOINT, &reply);
    assert_eq!(reading["outcome"], "verified");
    assert_eq!(reading["data"]["tierChanged"], true);
}

#[test]
fn a_declined_verdict_is_failed_without_enrolment() {
    let sandbox = sandbox(|_| {});
    let reply = send(
        &sandbox,
        "quantum-elixir",
        &declined("ckv9x0000000008l6b0y3t2wz"),
    );
    let body = reply.json();
    assert_eq!(body["verification"]["status"], "failed");
    assert!(body["verification"].get("score").is_none());
    assert_eq!(body["enrolment"], Value::Null);
    assert_eq!(
        read("quantum-elixir", ENDPOINT, &reply)["outcome"],
        "rejected"
    );
}

#[test]
fn a_disabled_capability_is_403() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, "quantum-elixir", &declined("noperm-org-customer"));
    assert_eq!(reply.status, 403);
    let reading = read("quantum-elixir", ENDPOINT, &reply);
    assert_eq!(reading["outcome"], "failed");
    assert_eq!(reading["issues"][0]["code"], "response.not_available");
}

#[test]
fn thirty_a_minute_per_key_then_429_with_retry_after() {
    let sandbox = sandbox(|_| {});
    let body = declined("ckv9x0000000008l6b0y3t2wz").body;
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
    let reading = read("quantum-elixir", ENDPOINT, &reply);
    assert_eq!(reading["outcome"], "failed");
    assert_eq!(reading["retryable"], true);
    assert_eq!(reading["retryAfterSeconds"], seconds);
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
    ];
    for (body, fields) in cases {
        let reply = send_body(
            &sandbox,
            "quantum-elixir",
            "/api/identity/nik/dukcapil",
            &body.to_string(),
        );
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.json()["fields"], fields, "{body}");
    }
    let body = declined("c1").body;
    let reply = post(&sandbox, PATH, &[], &body);
    assert_eq!(reply.status, 401);
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    let reply = post(&sandbox, PATH, &[("Authorization", "Bearer wrong")], &body);
    assert_eq!(reply.status, 401);
    let lower_case = format!("bearer {}", QUANTUM_ELIXIR_API_KEYS[1]);
    let reply = post(&sandbox, PATH, &[("Authorization", &lower_case)], &body);
    assert_eq!(reply.status, 200, "the scheme name is case-insensitive");
}
