//! Kredibel (seed 000): the happy path, the nine documented NIKs in the page's own words,
//! `verified_with_reason`, the photo bounds, and 400s.

use crate::support::{base64, fixture, photo, sandbox, send_body, KTP, NIK, SELFIE};
use serde_json::{json, Value};

const PATH: &str = "/v1/certificate/issuance";

/// A request as the page's table asks for it (lines 14–45), written by hand.
fn body(nik: &str, name: &str) -> Value {
    json!({
        "identityId": nik,
        "fullName": name,
        "birthDate": "1990-05-12",
        "emailAddress": "siti@example.co.id",
        "phoneNumber": "6281234567890",
        "faceImage": photo(SELFIE),
        "identityImage": photo(KTP),
    })
}

fn send(sandbox: &kyc_precheck_sandbox::Sandbox, body: &Value) -> crate::support::Reply {
    send_body(sandbox, "kredibel", PATH, &body.to_string())
}

/// An SVG of `width`×`height` px padded with a comment to at least `bytes`.
fn svg(width: u32, height: u32, bytes: usize) -> Vec<u8> {
    let mut text = format!(
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" \
         height=\"{height}\"><!--"
    );
    while text.len() < bytes {
        text.push_str("padding ");
    }
    text.push_str("--></svg>\n");
    text.into_bytes()
}

#[test]
fn any_other_nik_is_verified() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, &body(NIK, "Siti Aminah"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let answer = reply.json();
    assert_eq!(answer["status"], "verified");
    assert_eq!(answer["rejectFields"], json!([]));
    assert!(answer["id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(answer["referenceId"]
        .as_str()
        .is_some_and(|id| id.len() == 36));
    // Exactly the response table's four fields (lines 76–90).
    let keys: Vec<&String> = answer.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["id", "referenceId", "rejectFields", "status"]);
    assert!(reply.body.starts_with("{\"id\":"), "{}", reply.body);
}

#[test]
fn the_nine_documented_niks_force_their_rejections() {
    let sandbox = sandbox(|_| {});
    // The page's words for what each NIK produces (lines 50–70), not field names.
    let expected = [
        ("1234567890111111", json!(["identityId"])),
        ("1234567890111112", json!(["fullName"])),
        ("1234567890111113", json!(["birthDate"])),
        ("1234567890111114", json!(["face image"])),
        ("1234567890111115", json!(["identityImage"])),
        ("1234567890111116", json!(["emailAddress"])),
        ("1234567890111117", json!(["phoneNumber"])),
        ("1234567890111118", json!(["Email Address", "phoneNumber"])),
        ("1234567890111119", json!(["liveness"])),
    ];
    let mut request = body(NIK, "Siti Aminah");
    for (nik, reject_fields) in expected {
        request["identityId"] = json!(nik);
        let reply = send(&sandbox, &request);
        assert_eq!(reply.status, 200, "{nik}: {}", reply.body);
        let answer = reply.json();
        assert_eq!(answer["status"], "not_verified", "{nik}");
        assert_eq!(answer["rejectFields"], reject_fields, "{nik}");
    }
}

#[test]
fn the_reason_marker_gives_verified_with_reason() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, &body(NIK, "Siti Aminah Test Reason"));
    let answer = reply.json();
    assert_eq!(answer["status"], "verified_with_reason");
    assert_eq!(answer["rejectFields"], json!([]));
}

#[test]
fn malformed_requests_are_400_naming_every_field() {
    let sandbox = sandbox(|_| {});
    let good = body(NIK, "Siti Aminah");

    let reply = send_body(&sandbox, "kredibel", PATH, "{}");
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
    bad["faceImage"] = json!(format!("data:image/jpeg;base64,{}", photo(SELFIE)));
    bad["identityImage"] = json!("bm90IGEgcGhvdG8=");
    let reply = send(&sandbox, &bad);
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
    assert_eq!(answer["error"], "invalid_request");

    // A national number (no country code) and an impossible date.
    let mut bad = good.clone();
    bad["phoneNumber"] = json!("081234567890");
    bad["birthDate"] = json!("1990-02-30");
    assert_eq!(
        send(&sandbox, &bad).json()["fields"],
        json!(["birthDate", "phoneNumber"])
    );

    let reply = send_body(&sandbox, "kredibel", PATH, "not json");
    assert_eq!(reply.status, 400);
}

#[test]
fn photos_are_judged_by_the_pages_bounds() {
    let sandbox = sandbox(|_| {});
    let fields = |face: &[u8], identity: &[u8]| {
        let mut request = body(NIK, "Siti Aminah");
        request["faceImage"] = json!(base64(face));
        request["identityImage"] = json!(base64(identity));
        let reply = send(&sandbox, &request);
        match reply.status {
            200 => json!([]),
            _ => reply.json()["fields"].clone(),
        }
    };
    let (selfie, ktp) = (fixture(SELFIE), fixture(KTP));
    // Under 100KB; under 480x640 px (the page's "Min Size", "Min Pixel", line 40).
    let small = fixture("tests/images/providers/selfie-under-100kb.jpg");
    let tiny = fixture("tests/images/providers/selfie-too-small-360x480.jpg");
    assert_eq!(fields(&small, &ktp), json!(["faceImage"]));
    assert_eq!(fields(&tiny, &ktp), json!(["faceImage"]));
    // 360x480 is under the identity card's 480x360 in no orientation: accepted there.
    assert_eq!(fields(&selfie, &tiny), json!([]));
    // SVG is supported; its size is read from width and height.
    assert_eq!(fields(&svg(480, 640, 100_000), &ktp), json!([]));
    assert_eq!(fields(&svg(479, 640, 100_000), &ktp), json!(["faceImage"]));
    // Over 2MB (read as 2 MiB) for the identity card; a HEIC is not among the formats.
    assert_eq!(
        fields(&selfie, &svg(480, 360, 2 * 1024 * 1024 + 1)),
        json!(["identityImage"])
    );
    assert_eq!(
        fields(&selfie, &svg(480, 360, 2 * 1024 * 1024 - 64)),
        json!([])
    );
    let heic = fixture("tests/images/bad/format-heic.heic");
    assert_eq!(fields(&heic, &ktp), json!(["faceImage"]));
}
