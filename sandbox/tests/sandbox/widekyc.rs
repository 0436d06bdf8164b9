//! WideKYC: the three endpoints' success envelopes, the three ERROR envelopes, the magic
//! failures, and malformed requests.

use crate::support::{applicant, build, post, read, sandbox, send, send_body, KTP, NIK, SELFIE};
use kyc_precheck::provider::{BuildOptions, Request};
use serde_json::{json, Value};

fn liveness(cust_ref_no: &str) -> Request {
    let person = applicant(json!({ "custRefNo": cust_ref_no }), &[("selfie", SELFIE)]);
    build(
        "widekyc",
        "passive-liveness",
        &person,
        &BuildOptions::default(),
    )
}

fn recognize(cust_ref_no: &str) -> Request {
    let person = applicant(json!({ "custRefNo": cust_ref_no }), &[("idCard", KTP)]);
    build("widekyc", "id-recognize", &person, &BuildOptions::default())
}

fn validation(cust_ref_no: &str, nik_as_number: bool) -> Request {
    let person = applicant(
        json!({
            "custRefNo": cust_ref_no,
            "nik": NIK,
            "name": "GuoHui Chen",
            "birthDate": "1990-05-12",
            "birthPlace": "Fujian",
            "address": { "home": "Jl Selamet" },
        }),
        &[("selfie", SELFIE)],
    );
    let options = BuildOptions {
        nik_as_number,
        ..Default::default()
    };
    build("widekyc", "id-validation", &person, &options)
}

#[test]
fn passive_liveness_succeeds_and_spoof_fails() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, "widekyc", &liveness("3322873"));
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["statusCode"], "SUCCESSFUL");
    let result = &body["content"]["result"];
    assert_eq!(result["status"], "success");
    assert_eq!(result["result"], "True");
    assert_eq!(result["trx_id"].as_str().map(str::len), Some(18));
    assert_eq!(result["ref_id"].as_str().map(str::len), Some(10));
    assert!(result["timestamp"].as_u64().is_some());
    assert_eq!(
        read("widekyc", "passive-liveness", &reply)["outcome"],
        "verified"
    );

    let reply = send(&sandbox, "widekyc", &liveness("SPOOF"));
    assert_eq!(reply.json()["content"]["result"]["result"], "False");
    let reading = read("widekyc", "passive-liveness", &reply);
    assert_eq!(reading["outcome"], "rejected");
    assert_eq!(reading["issues"][0]["code"], "response.liveness_failed");
}

#[test]
fn id_recognize_returns_the_pages_data() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, "widekyc", &recognize("4222873"));
    let body = reply.json();
    let data = &body["content"]["result"]["data"];
    assert_eq!(data["nik"], "3671121401010004");
    assert_eq!(data["nama"], "Yu Andi Chen");
    assert_eq!(data["rt/rw"], "001/009");
    assert_eq!(data["kelurahan/desa"], "KARANG TENGAH");
    assert_eq!(data["kota"], "KOTA TANGERANG");
    assert_eq!(data.as_object().map(|d| d.len()), Some(16));
    let reading = read("widekyc", "id-recognize", &reply);
    assert_eq!(reading["outcome"], "verified");
    assert_eq!(reading["data"]["ocr"]["birthDate"], "1977-03-25");

    let reply = send(&sandbox, "widekyc", &recognize("UNREADABLE"));
    assert_eq!(reply.json()["content"]["result"]["result"], "False");
    assert!(reply.json()["content"]["result"].get("data").is_none());
    assert_eq!(
        read("widekyc", "id-recognize", &reply)["outcome"],
        "rejected"
    );
}

#[test]
fn id_validation_takes_the_nik_as_string_or_number() {
    let sandbox = sandbox(|_| {});
    for as_number in [false, true] {
        let request = validation("5102873", as_number);
        assert_eq!(request.body.contains(&format!("\"{NIK}\"")), !as_number);
        let reply = send(&sandbox, "widekyc", &request);
        assert_eq!(reply.status, 200, "{}", reply.body);
        let result = &reply.json()["content"]["result"];
        assert_eq!(result["status"], "success");
        assert_eq!(
            result["data"],
            json!({
                "nik": true, "full_name": true, "birth_date": true,
                "birth_place": true, "address": true, "selfie_photo": 10
            })
        );
        assert_eq!(
            read("widekyc", "id-validation", &reply)["outcome"],
            "verified"
        );
    }
    let reply = send(&sandbox, "widekyc", &validation("MISMATCH", false));
    let data = &reply.json()["content"]["result"]["data"];
    assert_eq!(data["nik"], true);
    assert_eq!(data["full_name"], false);
    assert_eq!(data["selfie_photo"], 0);
    assert_eq!(
        read("widekyc", "id-validation", &reply)["outcome"],
        "rejected"
    );
    // Optional fields left out are null, not judged.
    let reply = send_body(
        &sandbox,
        "widekyc",
        "/api/id-validation",
        &json!({ "cust_ref_no": "1", "nik": NIK }).to_string(),
    );
    assert_eq!(
        reply.json()["content"]["result"]["data"]["full_name"],
        Value::Null
    );
}

#[test]
fn the_three_error_envelopes_on_every_endpoint() {
    let sandbox = sandbox(|_| {});
    let cases = [
        (
            "NOT-ACTIVATED",
            "Product is not activated. Please Check Available Products in Manage Product Menu",
        ),
        ("QUOTA", "Quota Exceeded"),
        ("NOT-APPROVED", "Product is not activated yet by Admin"),
    ];
    for (cust_ref_no, description) in cases {
        for (endpoint, request) in [
            ("passive-liveness", liveness(cust_ref_no)),
            ("id-recognize", recognize(cust_ref_no)),
            ("id-validation", validation(cust_ref_no, false)),
        ] {
            let reply = send(&sandbox, "widekyc", &request);
            assert_eq!(reply.status, 200);
            assert_eq!(
                reply.json(),
                json!({
                    "statusCode": "ERROR",
                    "responseStatusDetails": [{ "description": description, "type": "Exception" }]
                }),
                "{endpoint} {cust_ref_no}"
            );
            let reading = read("widekyc", endpoint, &reply);
            assert_eq!(reading["outcome"], "failed");
            assert_eq!(reading["issues"][0]["code"], "response.not_available");
            assert_eq!(
                reading["issues"][0]["params"]["providerMessage"],
                description
            );
        }
    }
}

#[test]
fn malformed_requests_are_400() {
    let sandbox = sandbox(|_| {});
    let cases = [
        (
            "/api/passive-liveness",
            json!({ "selfie_image": "" }),
            json!(["cust_ref_no", "selfie_image"]),
        ),
        (
            "/api/passive-liveness",
            json!({ "cust_ref_no": "1", "selfie_image": "bm90IGEgcGhvdG8=" }),
            json!(["selfie_image"]),
        ),
        (
            "/api/id-recognize",
            json!({ "cust_ref_no": 7 }),
            json!(["cust_ref_no", "id_image"]),
        ),
        (
            "/api/id-validation",
            json!({ "cust_ref_no": "1", "nik": "1234567890111111" }),
            json!(["nik"]),
        ),
        (
            "/api/id-validation",
            json!({ "cust_ref_no": "1", "nik": NIK, "birth_date": "1990-05-12" }),
            json!(["birth_date"]),
        ),
        (
            "/api/id-validation",
            json!({ "cust_ref_no": "1", "nik": [NIK] }),
            json!(["nik"]),
        ),
    ];
    for (path, body, fields) in cases {
        let reply = send_body(&sandbox, "widekyc", path, &body.to_string());
        assert_eq!(reply.status, 400, "{path} {body}");
        assert_eq!(reply.json()["fields"], fields, "{path} {body}");
    }
    let reply = send_body(&sandbox, "widekyc", "/api/id-recognize", "{");
    assert_eq!(reply.status, 400);
}

#[test]
fn the_token_is_required() {
    let sandbox = sandbox(|_| {});
    let body = liveness("3322873").body;
    let reply = post(&sandbox, "/widekyc/api/passive-liveness", &[], &body);
    assert_eq!(reply.status, 401);
    let reply = post(
        &sandbox,
        "/widekyc/api/passive-liveness",
        &[("token", "nope")],
        &body,
    );
    assert_eq!(reply.status, 401);
    assert_eq!(
        read("widekyc", "passive-liveness", &reply)["outcome"],
        "failed"
    );
}
