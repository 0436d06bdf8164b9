//! The request log, `fail-next`, `--latency-ms`, the relay mode and the credentials, and
//! what happens off the documented paths.

use crate::support::{
    applicant, build, delete, get, log, post, raw, read, sandbox, send, DUKCAPIL_PHOTO, NIK,
    OY_PUBLIC_KEY, SELFIE,
};
use kyc_precheck::provider::{BuildOptions, Request};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn td_request() -> Request {
    let person = applicant(
        json!({ "nik": NIK, "name": "Joe Santoso", "phone": "081234567890" }),
        &[],
    );
    build("td", "id-verification", &person, &BuildOptions::default())
}

/// One request per credentialed provider, built by the library: (provider, endpoint, request).
fn credentialed_requests() -> Vec<(&'static str, &'static str, Request)> {
    let oy_options = BuildOptions {
        public_key: Some(String::from_utf8(crate::support::fixture(OY_PUBLIC_KEY)).expect("text")),
        ..Default::default()
    };
    vec![
        ("td", "id-verification", td_request()),
        (
            "widekyc",
            "passive-liveness",
            build(
                "widekyc",
                "passive-liveness",
                &applicant(json!({ "custRefNo": "1" }), &[("selfie", SELFIE)]),
                &BuildOptions::default(),
            ),
        ),
        (
            "quantum-elixir",
            "dukcapil",
            build(
                "quantum-elixir",
                "dukcapil",
                &applicant(
                    json!({ "customerId": "c1", "valid": true }),
                    &[("photo", DUKCAPIL_PHOTO)],
                ),
                &BuildOptions::default(),
            ),
        ),
        (
            "oy",
            "status",
            build(
                "oy",
                "status",
                &applicant(json!({ "nik": NIK }), &[]),
                &oy_options,
            ),
        ),
    ]
}

#[test]
fn the_log_lists_provider_requests_and_clears() {
    let sandbox = sandbox(|_| {});
    assert_eq!(log(&sandbox), Vec::<Value>::new());
    send(&sandbox, "td", &td_request());
    get(&sandbox, "/tests/providers/oy-test-key.pub.pem");
    let entries = log(&sandbox);
    assert_eq!(entries.len(), 1, "static files are not logged: {entries:?}");
    let entry = &entries[0];
    assert_eq!(entry["method"], "POST");
    assert_eq!(
        entry["path"], "/td/",
        "without the query and its credentials"
    );
    assert_eq!(entry["provider"], "td");
    assert_eq!(entry["endpoint"], "id-verification");
    assert_eq!(entry["status"], 200);
    assert_eq!(entry["providerCode"], "200");
    assert_eq!(entry["decrypted"], Value::Null);
    assert_eq!(entry["forced"], false);
    let time = entry["time"].as_str().expect("time");
    assert_eq!(time.len(), 24, "{time}");
    assert!(time.ends_with('Z') && time.as_bytes()[10] == b'T', "{time}");
    assert_eq!(
        delete(&sandbox, "/__sandbox/log").json(),
        json!({ "cleared": 1 })
    );
    assert_eq!(log(&sandbox), Vec::<Value>::new());
}

#[test]
fn fail_next_forces_a_status_then_lets_requests_through() {
    let sandbox = sandbox(|_| {});
    let armed = get(
        &sandbox,
        "/__sandbox/fail-next?status=503&count=2&retryAfter=3",
    );
    assert_eq!(armed.status, 200);
    assert_eq!(armed.json()["armed"]["remaining"], 2);
    for _ in 0..2 {
        let reply = send(&sandbox, "td", &td_request());
        assert_eq!(reply.status, 503);
        assert_eq!(reply.header("retry-after"), Some("3"));
        let reading = read("td", "id-verification", &reply);
        assert_eq!(reading["outcome"], "failed");
        assert_eq!(reading["retryable"], true);
    }
    assert_eq!(send(&sandbox, "td", &td_request()).json()["code"], 200);
    let forced: Vec<bool> = log(&sandbox)
        .iter()
        .map(|entry| entry["forced"] == true)
        .collect();
    assert_eq!(forced, [true, true, false]);
}

#[test]
fn fail_next_can_delay_an_answer() {
    let sandbox = sandbox(|_| {});
    get(&sandbox, "/__sandbox/fail-next?delayMs=300");
    let started = Instant::now();
    let reply = send(&sandbox, "td", &td_request());
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.json()["code"], 200);
    // Used up: the next one is not delayed by it (no upper bound is asserted on timing).
    get(&sandbox, "/__sandbox/fail-next?count=0");
    assert_eq!(send(&sandbox, "td", &td_request()).json()["code"], 200);
}

#[test]
fn fail_next_refuses_what_it_cannot_do() {
    let sandbox = sandbox(|_| {});
    for query in [
        "",
        "?status=42",
        "?status=abc",
        "?delayMs=9999999",
        "?count=-1",
    ] {
        let reply = get(&sandbox, &format!("/__sandbox/fail-next{query}"));
        assert_eq!(reply.status, 400, "{query}");
    }
    assert_eq!(get(&sandbox, "/__sandbox/fail-next?count=0").status, 200);
    assert_eq!(
        post(&sandbox, "/__sandbox/fail-next?status=503", &[], "").status,
        405
    );
    assert_eq!(get(&sandbox, "/__sandbox/nothing").status, 404);
}

#[test]
fn latency_delays_every_provider_answer() {
    let sandbox = sandbox(|config| config.latency = Duration::from_millis(250));
    let started = Instant::now();
    let reply = send(&sandbox, "td", &td_request());
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(reply.json()["code"], 200);
    let started = Instant::now();
    let reply = post(&sandbox, "/td/", &[], "{}");
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(reply.status, 401);
}

#[test]
fn without_relay_a_request_without_credentials_is_401() {
    let sandbox = sandbox(|_| {});
    for (provider, endpoint, request) in credentialed_requests() {
        let path = format!("/{provider}{}", request.path);
        let reply = post(&sandbox, &path, &[], &request.body);
        assert_eq!(reply.status, 401, "{provider}");
        assert_eq!(reply.json()["error"], "unauthorized", "{provider}");
        let reading = read(provider, endpoint, &reply);
        assert_eq!(reading["outcome"], "failed", "{provider}");
        assert_eq!(reading["issues"][0]["code"], "response.not_available");
    }
    // Kredibel documents no credentials: an empty body reaches its field checks.
    assert_eq!(
        post(&sandbox, "/kredibel/v1/certificate/issuance", &[], "{}").status,
        400
    );
}

#[test]
fn relay_mode_adds_the_credentials_and_replaces_the_clients() {
    let sandbox = sandbox(|config| config.relay = true);
    for (provider, _, request) in credentialed_requests() {
        let path = format!("/{provider}{}", request.path);
        let reply = post(&sandbox, &path, &[], &request.body);
        assert_eq!(reply.status, 200, "{provider}: {}", reply.body);
        let reply = post(
            &sandbox,
            &format!("{path}?partner_key=wrong"),
            &[("token", "wrong"), ("x-api-key", "wrong")],
            &request.body,
        );
        assert_eq!(reply.status, 200, "{provider}: {}", reply.body);
    }
    let relayed: Vec<bool> = log(&sandbox)
        .iter()
        .map(|entry| entry["relayed"] == true)
        .collect();
    assert_eq!(relayed, [true; 8]);
    // OY's status of a NIK never submitted is 007, but it is OY's answer, not a 401.
    let (_, _, status) = credentialed_requests().pop().expect("oy");
    let reply = post(&sandbox, "/oy/kyc/status", &[], &status.body);
    assert_eq!(reply.json()["status"]["code"], "007");
}

#[test]
fn off_the_documented_paths() {
    let sandbox = sandbox(|_| {});
    let reply = post(&sandbox, "/oy/kyc/nothing", &[], "{}");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(log(&sandbox)[0]["endpoint"], Value::Null);
    let reply = get(&sandbox, "/td/");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("POST"));
    assert_eq!(
        post(&sandbox, "/kredibel", &[], "{}").status,
        405,
        "a static path"
    );
    // A declared body over the limit is refused before it is read.
    let reply = raw(
        &sandbox,
        "POST /kredibel/v1/certificate/issuance HTTP/1.1\r\nContent-Length: 20000000",
    );
    assert_eq!(reply.status, 413);
}
