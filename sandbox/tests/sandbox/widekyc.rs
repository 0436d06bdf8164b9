//! WideKYC (seed 002): the three endpoints' success envelopes against the page's examples,
//! the three ERROR envelopes, the magic failures, the answers a reader must not call
//! verified, and malformed requests.

use crate::support::{masked, photo, post, sandbox, send_body, KTP, NIK, SELFIE};
use kyc_precheck_sandbox::Sandbox;
use serde_json::{json, Value};

/// The ids each answer makes for itself.
const MADE: [&str; 3] = [
    "content.result.trx_id",
    "content.result.ref_id",
    "content.result.timestamp",
];

fn liveness(cust_ref_no: &str) -> Value {
    json!({ "cust_ref_no": cust_ref_no, "selfie_image": photo(SELFIE) })
}

fn recognize(cust_ref_no: &str) -> Value {
    json!({ "cust_ref_no": cust_ref_no, "id_image": photo(KTP) })
}

/// The page's id-validation request (lines 236–244) with a real selfie.
fn validation(cust_ref_no: &str, nik: Value) -> Value {
    json!({
        "cust_ref_no": cust_ref_no,
        "nik": nik,
        "name": "GuoHui Chen",
        "birth_date": "25-03-1977",
        "birth_place": "Fujian",
        "address": "Jl Selamet",
        "selfie_image": photo(SELFIE),
    })
}

fn send(sandbox: &Sandbox, endpoint: &str, body: &Value) -> crate::support::Reply {
    send_body(
        sandbox,
        "widekyc",
        &format!("/api/{endpoint}"),
        &body.to_string(),
    )
}

fn example(text: &str) -> Value {
    serde_json::from_str(text).expect("the page's JSON")
}

#[test]
fn passive_liveness_succeeds_and_spoof_fails() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, "passive-liveness", &liveness("3322873"));
    assert_eq!(reply.status, 200);
    let body = reply.json();
    // Lines 52–63.
    let page = example(
        r#"{
"statusCode": "SUCCESSFUL",
"content": {
"result": {
"status": "success",
"result": "True",
"trx_id": "202303291030019483",
"ref_id": "1234567890",
"timestamp": 1680060646134
}
}
}"#,
    );
    assert_eq!(masked(body.clone(), &MADE), masked(page, &MADE));
    let result = &body["content"]["result"];
    assert_eq!(result["trx_id"].as_str().map(str::len), Some(18));
    assert_eq!(result["ref_id"].as_str().map(str::len), Some(10));
    assert!(result["timestamp"].as_u64().is_some());

    let reply = send(&sandbox, "passive-liveness", &liveness("SPOOF"));
    assert_eq!(reply.json()["content"]["result"]["result"], "False");
    assert_eq!(reply.json()["statusCode"], "SUCCESSFUL");
}

#[test]
fn id_recognize_returns_the_pages_data() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, "id-recognize", &recognize("4222873"));
    // Lines 135–164.
    let page = example(
        r#"{
"statusCode": "SUCCESSFUL",
"content": {
"result": {
"status": "success",
"result": "True",
"data": {
"nik": "3671121401010004",
"nama": "Yu Andi Chen",
"tempat_lahir": "Fujian",
"tanggal_lahir": "25-03-1977",
"jenis_kelamin": "LAKI-LAKI",
"gol_darah": "-",
"alamat": "JL. S*L*M*T, P*R*M*H*N R*NC*B*L* N*. 41",
"rt/rw": "001/009",
"kelurahan/desa": "KARANG TENGAH",
"kecamatan": "KARANG TENGAH",
"agama": "KRISTEN",
"status_perkawinan": "BELUM KAWIN",
"pekerjaan": "PELAJAR / MAHASISWA",
"kewarganegaraan": "WNI",
"provinsi": "BANTEN",
"kota": "KOTA TANGERANG"
},
"trx_id": "202303291031019484",
"ref_id": "1234567890",
"timestamp": 1680060716281
}
}
}"#,
    );
    assert_eq!(masked(reply.json(), &MADE), masked(page, &MADE));

    let reply = send(&sandbox, "id-recognize", &recognize("UNREADABLE"));
    assert_eq!(reply.json()["content"]["result"]["result"], "False");
    assert!(reply.json()["content"]["result"].get("data").is_none());
}

#[test]
fn id_validation_takes_the_nik_as_string_or_number() {
    let sandbox = sandbox(|_| {});
    // Lines 246–264, with the page's bare `success` as the string it must be.
    let page = example(
        r#"{
"statusCode": "SUCCESSFUL",
"content": {
"result": {
"status": "success",
"data": {
"nik": true,
"full_name": true,
"birth_date": true,
"birth_place": true,
"address": true,
"selfie_photo": 10
},
"trx_id": "202303291031019484",
"ref_id": "1234567890",
"timestamp": 1680060716281
}
}
}"#,
    );
    // The page's example NIK as a string (line 238), and as the table's Integer.
    for nik in [json!("3203012503770011"), json!(3_203_012_503_770_011u64)] {
        let reply = send(
            &sandbox,
            "id-validation",
            &validation("5102873", nik.clone()),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            masked(reply.json(), &MADE),
            masked(page.clone(), &MADE),
            "{nik}"
        );
        assert!(reply.body.contains("\"selfie_photo\":10"), "a number");
    }
    let reply = send(
        &sandbox,
        "id-validation",
        &validation("MISMATCH", json!(NIK)),
    );
    let data = &reply.json()["content"]["result"]["data"];
    assert_eq!(data["nik"], true);
    assert_eq!(data["full_name"], false);
    assert_eq!(data["birth_place"], false);
    assert_eq!(data["selfie_photo"], 0);
    // Optional fields left out are null, not judged.
    let reply = send(
        &sandbox,
        "id-validation",
        &json!({ "cust_ref_no": "1", "nik": NIK }),
    );
    assert_eq!(
        reply.json()["content"]["result"]["data"],
        json!({
            "nik": true, "full_name": null, "birth_date": null,
            "birth_place": null, "address": null, "selfie_photo": null
        })
    );
}

#[test]
fn id_validation_answers_a_reader_must_not_call_verified() {
    let sandbox = sandbox(|_| {});
    let result = |cust_ref_no: &str| {
        let reply = send(
            &sandbox,
            "id-validation",
            &validation(cust_ref_no, json!(NIK)),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        let body = reply.json();
        assert_eq!(body["statusCode"], "SUCCESSFUL", "{cust_ref_no}");
        body["content"]["result"].clone()
    };
    let null = result("NIK-NULL");
    assert_eq!(null["status"], "success");
    assert_eq!(null["data"]["nik"], Value::Null);
    assert!(null["data"].as_object().expect("data").contains_key("nik"));
    assert_eq!(null["data"]["full_name"], true);

    let missing = result("NIK-MISSING");
    assert_eq!(missing["status"], "success");
    assert!(!missing["data"]
        .as_object()
        .expect("data")
        .contains_key("nik"));
    assert_eq!(missing["data"]["selfie_photo"], 10);

    let failed = result("STATUS-FAILED");
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["data"]["nik"], true);
    assert_eq!(failed["data"]["address"], true);
}

#[test]
fn the_three_error_envelopes_on_every_endpoint() {
    let sandbox = sandbox(|_| {});
    // Lines 72–80, 89–97, 106–114 (and the same on the other endpoints).
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
            ("id-validation", validation(cust_ref_no, json!(NIK))),
        ] {
            let reply = send(&sandbox, endpoint, &request);
            assert_eq!(reply.status, 200);
            assert_eq!(
                reply.json(),
                json!({
                    "statusCode": "ERROR",
                    "responseStatusDetails": [{ "description": description, "type": "Exception" }]
                }),
                "{endpoint} {cust_ref_no}"
            );
        }
    }
}

#[test]
fn malformed_requests_are_400() {
    let sandbox = sandbox(|_| {});
    let cases = [
        (
            "passive-liveness",
            json!({ "selfie_image": "" }),
            json!(["cust_ref_no", "selfie_image"]),
        ),
        (
            "passive-liveness",
            json!({ "cust_ref_no": "1", "selfie_image": "bm90IGEgcGhvdG8=" }),
            json!(["selfie_image"]),
        ),
        (
            "id-recognize",
            json!({ "cust_ref_no": 7 }),
            json!(["cust_ref_no", "id_image"]),
        ),
        (
            "id-validation",
            json!({ "cust_ref_no": "1", "nik": "3273-0152-0590-0001" }),
            json!(["nik"]),
        ),
        (
            "id-validation",
            json!({ "cust_ref_no": "1", "nik": 3.2e15 }),
            json!(["nik"]),
        ),
        (
            "id-validation",
            json!({ "cust_ref_no": "1", "nik": NIK, "birth_date": "1990-05-12" }),
            json!(["birth_date"]),
        ),
        (
            "id-validation",
            json!({ "cust_ref_no": "1", "nik": NIK, "birth_date": "31-02-1990" }),
            json!(["birth_date"]),
        ),
        (
            "id-validation",
            json!({ "cust_ref_no": "1", "nik": [NIK], "name": 5 }),
            json!(["nik", "name"]),
        ),
    ];
    for (endpoint, body, fields) in cases {
        let reply = send(&sandbox, endpoint, &body);
        assert_eq!(reply.status, 400, "{endpoint} {body}");
        assert_eq!(reply.json()["fields"], fields, "{endpoint} {body}");
    }
    // The page asks for no NIK structure: Kredibel's test NIK is a number like any other.
    let reply = send(
        &sandbox,
        "id-validation",
        &json!({ "cust_ref_no": "1", "nik": "1234567890111111" }),
    );
    assert_eq!(reply.status, 200);
    let reply = send_body(&sandbox, "widekyc", "/api/id-recognize", "{");
    assert_eq!(reply.status, 400);
}

#[test]
fn the_token_is_required() {
    let sandbox = sandbox(|_| {});
    let body = liveness("3322873").to_string();
    let reply = post(&sandbox, "/widekyc/api/passive-liveness", &[], &body);
    assert_eq!(reply.status, 401);
    // The page's own words for 401 (line 337).
    assert_eq!(
        reply.json()["message"],
        "Unauthorized – Client does not have authorization to consume WideKYC’s API."
    );
    let reply = post(
        &sandbox,
        "/widekyc/api/passive-liveness",
        &[("token", "nope")],
        &body,
    );
    assert_eq!(reply.status, 401);
}
