//! Kredibel: the happy path, the nine documented NIKs, `verified_with_reason`, and 400s.

use crate::support::{applicant, build, read, sandbox, send, send_body, KTP, NIK, SELFIE};
use kyc_precheck::provider::{BuildOptions, Request};
use serde_json::{json, Value};

const ENDPOINT: &str = "certificate-issuance";

fn request(nik: &str, name: &str, sandbox_nik: bool) -> Request {
    let person = applicant(
        json!({
            "nik": nik,
            "name": name,
            "birthDate": "1990-05-12",
            "email": "siti@example.co.id",
            "phone": "0812-3456-7890",
        }),
        &[("selfie", SELFIE), ("idCard", KTP)],
    );
    let options = BuildOptions {
        sandbox: sandbox_nik,
        ..Default::default()
    };
    build("kredibel", ENDPOINT, &person, &options)
}

#[test]
fn any_other_nik_is_verified() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, "kredibel", &request(NIK, "Siti Aminah", false));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["status"], "verified");
    assert_eq!(body["rejectFields"], json!([]));
    assert!(body["id"].as_str().is_some_and(|id| !id.is_empty()));
    assert!(body["referenceId"]
        .as_str()
        .is_some_and(|id| !id.is_empty()));
    let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert_eq!(read("kredibel", ENDPOINT, &reply)["outcome"], "verified");
}

#[test]
fn the_nine_documented_niks_force_their_rejections() {
    let sandbox = sandbox(|_| {});
    // One request built by the library in sandbox mode; only identityId changes.
    let built = request("1234567890111111", "Siti Aminah", true);
    let mut body: Value = serde_json::from_str(&built.body).expect("JSON");
    let expected: [(&str, Value, Value); 9] = [
        ("1234567890111111", json!(["identityId"]), json!([["nik"]])),
        ("1234567890111112", json!(["fullName"]), json!([["name"]])),
        (
            "1234567890111113",
            json!(["birthDate"]),
            json!([["birthDate"]]),
        ),
        (
            "1234567890111114",
            json!(["faceImage"]),
            json!([["selfie"]]),
        ),
        (
            "1234567890111115",
            json!(["identityImage"]),
            json!([["idCard"]]),
        ),
        (
            "1234567890111116",
            json!(["emailAddress"]),
            json!([["email"]]),
        ),
        (
            "1234567890111117",
            json!(["phoneNumber"]),
            json!([["phone"]]),
        ),
        (
            "1234567890111118",
            json!(["emailAddress", "phoneNumber"]),
            json!([["email"], ["phone"]]),
        ),
        ("1234567890111119", json!(["liveness"]), json!([["selfie"]])),
    ];
    for (nik, reject_fields, paths) in expected {
        body["identityId"] = json!(nik);
        let reply = send_body(&sandbox, "kredibel", &built.path, &body.to_string());
        assert_eq!(reply.status, 200, "{nik}: {}", reply.body);
        let answer = reply.json();
        assert_eq!(answer["status"], "not_verified", "{nik}");
        assert_eq!(answer["rejectFields"], reject_fields, "{nik}");
        // The library maps each entry back to the form field it names.
        let reading = read("kredibel", ENDPOINT, &reply);
        assert_eq!(reading["outcome"], "rejected", "{nik}");
        let got: Vec<Value> = reading["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .map(|issue| issue["path"].clone())
            .collect();
        assert_eq!(Value::Array(got), paths, "{nik}");
    }
    // The liveness rejection is the one documented as charged.
    body["identityId"] = json!("1234567890111119");
    let reply = send_body(&sandbox, "kredibel", &built.path, &body.to_string());
    assert_eq!(read("kredibel", ENDPOINT, &reply)["charged"], true);
}

#[test]
fn the_reason_marker_gives_verified_with_reason() {
    let sandbox = sandbox(|_| {});
    let reply = send(
        &sandbox,
        "kredibel",
        &request(NIK, "Siti Aminah Test Reason", false),
    );
    let body = reply.json();
    assert_eq!(body["status"], "verified_with_reason");
    assert_eq!(body["rejectFields"], json!([]));
    let reading = read("kredibel", ENDPOINT, &reply);
    assert_eq!(reading["outcome"], "verified");
    assert_eq!(
        reading["issues"][0]["code"],
        "response.verified_with_reason"
    );
}

#[test]
fn malformed_requests_are_400_naming_every_field() {
    let sandbox = sandbox(|_| {});
    let built = request(NIK, "Siti Aminah", false);
    let good: Value = serde_json::from_str(&built.body).expect("JSON");

    let reply = send_body(&sandbox, "kredibel", &built.path, "{}");
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.json()["fields"],
        json!([
            "identityId",
            "fullName",
            "birthDate",
            "emailAddress",
            "phoneNumber",
            "faceImage",
            "identityImage"
        ])
    );

    let mut bad = good.clone();
    bad["identityId"] = json!("327301520590001");
    bad["birthDate"] = json!("12-05-1990");
    bad["phoneNumber"] = json!("+6281234567890");
    bad["emailAddress"] = json!("siti@");
    bad["faceImage"] = json!(format!(
        "data:image/jpeg;base64,{}",
        good["faceImage"].as_str().unwrap_or_default()
    ));
    bad["identityImage"] = json!("bm90IGEgcGhvdG8=");
    let reply = send_body(&sandbox, "kredibel", &built.path, &bad.to_string());
    assert_eq!(reply.status, 400);
    let answer = reply.json();
    assert_eq!(
        answer["fields"],
        json!([
            "identityId",
            "birthDate",
            "emailAddress",
            "phoneNumber",
            "faceImage",
            "identityImage"
        ]),
        "{answer}"
    );
    assert!(answer["message"]
        .as_str()
        .is_some_and(|m| m.contains("data: prefix")));
    let reading = read("kredibel", ENDPOINT, &reply);
    assert_eq!(reading["outcome"], "failed");
    assert_eq!(reading["issues"][0]["code"], "response.invalid_request");

    let reply = send_body(&sandbox, "kredibel", &built.path, "not json");
    assert_eq!(reply.status, 400);
}
