//! The request log, `fail-next`, `--latency-ms`, the relay mode and the credentials, and
//! what happens off the documented paths.

use crate::support::{
    delete, fixture, get, log, photo, post, raw, sandbox, send_body, Seal, DUKCAPIL_PHOTO, NIK,
    OY_PUBLIC_KEY, SELFIE,
};
use kyc_precheck_sandbox::{AesMode, RsaScheme, Sandbox};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn td_request() -> String {
    json!({
        "id_number": NIK,
        "id_type": "KTP",
        "phone_number": "081234567890",
        "name": "Joe Santoso",
        "country": "ID",
    })
    .to_string()
}

fn send_td(sandbox: &Sandbox) -> crate::support::Reply {
    send_body(sandbox, "td", "/", &td_request())
}

/// One request per credentialed provider: (provider, path below its prefix, body).
fn credentialed_requests() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("td", "/", td_request()),
        (
            "widekyc",
            "/api/passive-liveness",
            json!({ "cust_ref_no": "1", "selfie_image": photo(SELFIE) }).to_string(),
        ),
        (
            "quantum-elixir",
            "/api/identity/nik/dukcapil",
            json!({ "customerId": "c1", "valid": true, "photo": photo(DUKCAPIL_PHOTO) })
                .to_string(),
        ),
        (
            "oy",
            "/kyc/status",
            Seal::new(RsaScheme::OaepSha256, AesMode::Gcm).status(NIK),
        ),
    ]
}

#[test]
fn the_log_lists_provider_requests_and_clears() {
    let sandbox = sandbox(|_| {});
    assert_eq!(log(&sandbox), Vec::<Value>::new());
    send_td(&sandbox);
    get(&sandbox, "/www/");
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
        let reply = send_td(&sandbox);
        assert_eq!(reply.status, 503);
        assert_eq!(reply.header("retry-after"), Some("3"));
        assert_eq!(reply.json()["error"], "forced");
    }
    assert_eq!(send_td(&sandbox).json()["code"], 200);
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
    let reply = send_td(&sandbox);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.json()["code"], 200);
    // Used up: the next one is not delayed by it (no upper bound is asserted on timing).
    get(&sandbox, "/__sandbox/fail-next?count=0");
    assert_eq!(send_td(&sandbox).json()["code"], 200);
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
    let reply = send_td(&sandbox);
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
    for (provider, path, body) in credentialed_requests() {
        let path = format!("/{provider}{path}");
        let reply = post(&sandbox, &path, &[], &body);
        assert_eq!(reply.status, 401, "{provider}");
        assert_eq!(reply.json()["error"], "unauthorized", "{provider}");
        assert!(reply.json()["message"].is_string(), "{provider}");
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
    for (provider, path, body) in credentialed_requests() {
        let path = format!("/{provider}{path}");
        let reply = post(&sandbox, &path, &[], &body);
        assert_eq!(reply.status, 200, "{provider}: {}", reply.body);
        let reply = post(
            &sandbox,
            &format!("{path}?partner_key=wrong"),
            &[("token", "wrong"), ("x-api-key", "wrong")],
            &body,
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
    let reply = post(&sandbox, "/oy/kyc/status", &[], &status);
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
    assert_eq!(reply.header("connection"), Some("close"));
}

#[test]
fn the_oy_public_key_is_the_public_half_of_the_key_it_decrypts_with() {
    use rsa::pkcs8::DecodePublicKey;
    use rsa::RsaPublicKey;
    let sandbox = sandbox(|_| {});
    let reply = get(&sandbox, "/__sandbox/oy-public-key");
    assert_eq!(reply.status, 200);
    let served = RsaPublicKey::from_public_key_pem(reply.body.trim_end()).expect("an SPKI PEM");
    // The committed public key, made by openssl beside the private key (tests/providers/).
    let text = String::from_utf8(fixture(OY_PUBLIC_KEY)).expect("text");
    let start = text.find("-----BEGIN").expect("PEM");
    let committed = RsaPublicKey::from_public_key_pem(text[start..].trim_end()).expect("the key");
    assert_eq!(served, committed);
    assert!(!reply.body.contains("PRIVATE"));
    let refused = raw(
        &sandbox,
        "POST /__sandbox/oy-public-key HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    );
    assert_eq!(refused.status, 405);
}
