//! OY (seed 004): requests sealed by hand (and by another implementation, OpenSSL) are
//! decrypted with the test key, answered "Request processed", and their result is POSTed
//! to a listener on 127.0.0.1 and kept for the status endpoint; every scheme; 001 and 008.

use crate::support::{
    base64, fixture, log, post, sandbox, send_body, sha256_hex, Listener, Seal, KTP, NIK,
    OY_PRIVATE_KEY, SELFIE,
};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use kyc_precheck_sandbox::credentials::OY_API_KEY;
use kyc_precheck_sandbox::{AesMode, RsaScheme, Sandbox};
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Oaep, RsaPrivateKey};
use serde_json::{json, Value};
use sha2::Sha256;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

fn unbase64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}

fn default_seal() -> Seal {
    Seal::new(RsaScheme::OaepSha256, AesMode::Gcm)
}

/// `personal_information` for id-card (line 224), before its `secret`.
fn personal(nik: &str) -> Value {
    json!({
        "name": "Siti Aminah",
        "email": "siti@example.co.id",
        "phone_number": "+6281234567890",
        "nik": nik,
    })
}

fn id_card_body(seal: &Seal, nik: &str, home: &str) -> String {
    let address = json!({ "home": home, "business": "Jl. Sudirman 1, Jakarta" });
    seal.id_card(&personal(nik), &address, &fixture(KTP), &fixture(SELFIE))
}

fn phone_number_body(nik: &str) -> String {
    let personal = json!({ "name": "Siti Aminah", "phone_number": "+6281234567890", "nik": nik });
    default_seal().phone_number(&personal, &json!({ "home": "Jl. Merdeka 1, Bandung" }))
}

fn send(sandbox: &Sandbox, path: &str, body: &str) -> crate::support::Reply {
    send_body(sandbox, "oy", path, body)
}

fn private_key() -> RsaPrivateKey {
    let text = String::from_utf8(fixture(OY_PRIVATE_KEY)).expect("text");
    let start = text.find("-----BEGIN").expect("PEM");
    RsaPrivateKey::from_pkcs8_pem(text[start..].trim_end()).expect("the test key")
}

/// The NIK of a callback or status answer, decrypted with the test key (OAEP-SHA-256).
fn opened_nik(answer: &Value) -> String {
    let sealed = unbase64(answer["data"]["nik"].as_str().expect("data.nik"));
    let nik = private_key()
        .decrypt(Oaep::new::<Sha256>(), &sealed)
        .expect("decrypts");
    String::from_utf8(nik).expect("text")
}

fn signature(code: &str, sealed_nik: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(OY_API_KEY.as_bytes()).expect("any key");
    mac.update(format!("{code}:{sealed_nik}").as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `jpeg` grown to exactly `length` bytes by comment (COM) segments after its SOI, so that
/// it stays a well-formed JPEG.
fn padded_jpeg(jpeg: &[u8], length: usize) -> Vec<u8> {
    let mut missing = length - jpeg.len();
    let mut out = jpeg[..2].to_vec();
    while missing > 0 {
        // A segment is 4 bytes of marker and length, then at most 65,533 of data; never
        // leave 1 to 3 bytes, which no segment can fill.
        let mut total = missing.min(65_537);
        if (1..4).contains(&(missing - total)) {
            total -= 4;
        }
        let declared = u16::try_from(total - 2).expect("fits");
        out.extend([0xFF, 0xFE]);
        out.extend(declared.to_be_bytes());
        out.resize(out.len() + total - 4, b'.');
        missing -= total;
    }
    out.extend(&jpeg[2..]);
    assert_eq!(out.len(), length);
    out
}

/// The log entries for `endpoint`, waiting (boundedly) until `count` are there.
fn entries(sandbox: &Sandbox, endpoint: &str, count: usize) -> Vec<Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let found: Vec<Value> = log(sandbox)
            .into_iter()
            .filter(|entry| entry["endpoint"] == endpoint)
            .collect();
        if found.len() >= count || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn id_card_is_decrypted_processed_called_back_and_kept_for_status() {
    let listener = Listener::new();
    let sandbox = sandbox(|config| config.callback_url = Some(listener.url.clone()));
    let body = id_card_body(&default_seal(), NIK, "Jl. Merdeka 1, Bandung");
    let reply = send(&sandbox, "/api/kyc/id-card", &body);
    assert_eq!(reply.status, 200);
    // The page's answer (lines 196–203), key for key.
    assert_eq!(
        reply.body,
        r#"{"status":{"code":"000","message":"Request processed"}}"#
    );

    let (path, callback) = listener.next(WAIT).expect("a callback within 10 s");
    assert_eq!(path, "/oy-callback");
    assert_eq!(
        callback["status"],
        json!({ "code": "000", "message": "verified" })
    );
    assert_eq!(opened_nik(&callback), NIK);
    let sealed = callback["data"]["nik"].as_str().expect("nik");
    assert_eq!(callback["data"]["signature"], signature("000", sealed));
    let keys: Vec<&String> = callback.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["data", "status"], "the callback of lines 346–357");

    // What was decrypted is in the log; the photos only as lengths and digests.
    let logged = entries(&sandbox, "id-card", 1);
    let decrypted = &logged[0]["decrypted"];
    assert_eq!(decrypted["ok"], true, "{decrypted}");
    assert_eq!(decrypted["rsa"], "oaep-sha256");
    assert_eq!(decrypted["aes"], "gcm");
    assert_eq!(
        decrypted["personal_information"]["name"], "Siti Aminah",
        "{decrypted}"
    );
    assert_eq!(decrypted["personal_information"]["nik"], NIK);
    assert_eq!(
        decrypted["personal_information"]["phone_number"],
        "+6281234567890"
    );
    assert_eq!(
        decrypted["personal_information"]["email"],
        "siti@example.co.id"
    );
    assert_eq!(
        decrypted["personal_information"]["secret"],
        json!({ "redacted": true, "bytes": 32 })
    );
    assert_eq!(decrypted["address"]["home"], "Jl. Merdeka 1, Bandung");
    assert_eq!(
        decrypted["rsaBlocks"],
        json!({ "personal_information": 1, "address": 1 })
    );
    let ktp = fixture(KTP);
    assert_eq!(decrypted["photos"]["id_card_photo"]["bytes"], ktp.len());
    assert_eq!(
        decrypted["photos"]["id_card_photo"]["sha256"],
        sha256_hex(&ktp)
    );
    // The header's reading, as the fixtures' names give it.
    assert_eq!(
        (
            &decrypted["photos"]["id_card_photo"]["format"],
            &decrypted["photos"]["id_card_photo"]["width"],
            &decrypted["photos"]["id_card_photo"]["height"]
        ),
        (&json!("JPEG"), &json!(1024), &json!(640))
    );
    assert_eq!(
        (
            &decrypted["photos"]["selfie_card_photo"]["width"],
            &decrypted["photos"]["selfie_card_photo"]["height"]
        ),
        (&json!(512), &json!(1024))
    );
    assert_eq!(
        decrypted["photos"]["selfie_card_photo"]["sha256"],
        sha256_hex(&fixture(SELFIE))
    );
    let whole_log = serde_json::to_string(&log(&sandbox)).expect("JSON");
    assert!(
        !whole_log.contains(&base64(&ktp)[..64]),
        "photo bytes in the log"
    );
    let callbacks = entries(&sandbox, "callback", 1);
    assert_eq!(callbacks[0]["status"], 200);
    assert_eq!(callbacks[0]["direction"], "outbound");
    assert_eq!(callbacks[0]["providerCode"], "000");

    // The status endpoint gives the same final verdict, in the page's example body (lines
    // 307–318): status and data, nothing else.
    let reply = send(&sandbox, "/kyc/status", &default_seal().status(NIK));
    let answer = reply.json();
    assert_eq!(
        answer["status"],
        json!({ "code": "000", "message": "verified" })
    );
    assert_eq!(opened_nik(&answer), NIK);
    let sealed = answer["data"]["nik"].as_str().expect("nik");
    assert_eq!(answer["data"]["signature"], signature("000", sealed));
    let keys: Vec<&String> = answer.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["data", "status"]);
    assert!(reply.body.starts_with("{\"status\":"), "the page's order");
}

#[test]
fn the_nik_serial_forces_each_code() {
    let listener = Listener::new();
    let sandbox = sandbox(|config| config.callback_url = Some(listener.url.clone()));
    let expected: Vec<(String, String)> = (2..=8)
        .map(|n| (format!("32730152059000{n:02}"), format!("00{n}")))
        .collect();
    for (nik, _) in &expected {
        let reply = send(&sandbox, "/kyc/phone-number", &phone_number_body(nik));
        assert_eq!(
            reply.json()["status"]["code"],
            "000",
            "{nik}: {}",
            reply.body
        );
    }
    let mut called_back = Vec::new();
    for _ in &expected {
        let (_, callback) = listener.next(WAIT).expect("a callback");
        called_back.push((
            opened_nik(&callback),
            callback["status"]["code"]
                .as_str()
                .expect("code")
                .to_owned(),
        ));
    }
    called_back.sort();
    assert_eq!(called_back, expected);
    for (nik, code) in &expected {
        let reply = send(&sandbox, "/kyc/status", &default_seal().status(nik));
        let answer = reply.json();
        assert_eq!(answer["status"]["code"], code.as_str(), "{nik}");
        assert_eq!(opened_nik(&answer), *nik);
        assert_eq!(
            answer["data"]["signature"],
            signature(code, answer["data"]["nik"].as_str().expect("nik"))
        );
    }
}

#[test]
fn an_unknown_nik_is_007_on_status() {
    let sandbox = sandbox(|_| {});
    let reply = send(
        &sandbox,
        "/kyc/status",
        &default_seal().status("3171010101900001"),
    );
    assert_eq!(
        reply.json(),
        json!({ "status": { "code": "007", "message": "Data not found. ID Card number not registered" } })
    );
}

#[test]
fn every_scheme_including_chunked_blocks() {
    let long_home = "Jl. ".to_owned() + &"Panjang Sekali ".repeat(20);
    for (rsa, aes) in [
        (RsaScheme::OaepSha256, AesMode::Cbc),
        (RsaScheme::OaepSha1, AesMode::Gcm),
        (RsaScheme::OaepSha256Mgf1Sha1, AesMode::Cbc),
        (RsaScheme::Pkcs1v15, AesMode::Gcm),
    ] {
        let sandbox = sandbox(|config| {
            config.oy_rsa = rsa;
            config.oy_aes = aes;
        });
        let mut seal = Seal::new(rsa, aes);
        seal.chunked = true;
        let reply = send(
            &sandbox,
            "/api/kyc/id-card",
            &id_card_body(&seal, NIK, &long_home),
        );
        assert_eq!(reply.json()["status"]["code"], "000", "{rsa:?} {aes:?}");
        let decrypted = &entries(&sandbox, "id-card", 1)[0]["decrypted"];
        assert_eq!(decrypted["rsa"], rsa.name());
        assert_eq!(decrypted["aes"], aes.name());
        assert_eq!(decrypted["address"]["home"], long_home, "{rsa:?}");
        assert_eq!(decrypted["rsaBlocks"]["address"], 2, "{rsa:?}");
    }
}

#[test]
fn what_openssl_sealed_opens_with_its_scheme_only() {
    let fixture: Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sealed-by-openssl.json"
        ))
        .expect("sandbox/tests/data/sealed-by-openssl.json"),
    )
    .expect("JSON");
    let cases = fixture["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), RsaScheme::ALL.len());
    for case in cases {
        let name = case["rsa"].as_str().expect("rsa");
        let rsa = RsaScheme::from_name(name).expect("a scheme the sandbox knows");
        let aes = AesMode::from_name(case["aes"].as_str().expect("aes")).expect("a mode");
        let body = case["body"].to_string();
        let matching = sandbox(|config| {
            config.oy_rsa = rsa;
            config.oy_aes = aes;
        });
        let reply = send(&matching, "/api/kyc/id-card", &body);
        assert_eq!(
            reply.json()["status"]["code"],
            "000",
            "{name}: {}",
            reply.body
        );
        let decrypted = &entries(&matching, "id-card", 1)[0]["decrypted"];
        assert_eq!(
            decrypted["personal_information"]["nik"], case["nik"],
            "{name}"
        );
        // The sealer recorded each photo's length and digest; the sandbox adds its header's
        // reading (format and size), which the sealer does not know.
        for photo in ["id_card_photo", "selfie_card_photo"] {
            for known in ["bytes", "sha256"] {
                assert_eq!(
                    decrypted["photos"][photo][known], case["photos"][photo][known],
                    "{name}: {photo}.{known}"
                );
            }
            assert_eq!(decrypted["photos"][photo]["format"], "PNG", "{name}");
        }
        // Every other RSA scheme fails to open it.
        for other in RsaScheme::ALL.into_iter().filter(|other| *other != rsa) {
            let other_sandbox = sandbox(|config| {
                config.oy_rsa = other;
                config.oy_aes = aes;
            });
            let reply = send(&other_sandbox, "/api/kyc/id-card", &body);
            assert_eq!(
                reply.json()["status"]["code"],
                "001",
                "{name} read as {other:?}"
            );
        }
    }
}

#[test]
fn a_scheme_mismatch_is_001_and_logged() {
    // OAEP-SHA-256 and GCM against a sandbox expecting others.
    let body = id_card_body(&default_seal(), NIK, "Jl. Merdeka 1");
    for (rsa, aes, field) in [
        (RsaScheme::OaepSha1, AesMode::Gcm, "personal_information"),
        (
            RsaScheme::OaepSha256Mgf1Sha1,
            AesMode::Gcm,
            "personal_information",
        ),
        (RsaScheme::Pkcs1v15, AesMode::Gcm, "personal_information"),
        (RsaScheme::OaepSha256, AesMode::Cbc, "id_card_photo"),
    ] {
        let sandbox = sandbox(|config| {
            config.oy_rsa = rsa;
            config.oy_aes = aes;
        });
        let reply = send(&sandbox, "/api/kyc/id-card", &body);
        assert_eq!(
            reply.json()["status"],
            json!({ "code": "001", "message": "Data on request body is empty or invalid" })
        );
        let decrypted = &entries(&sandbox, "id-card", 1)[0]["decrypted"];
        assert_eq!(decrypted["ok"], false);
        assert_eq!(decrypted["error"]["field"], field, "{decrypted}");
        // The error says why, never what: no plaintext in it.
        assert!(
            !decrypted["error"].to_string().contains("Siti"),
            "{decrypted}"
        );
    }
}

#[test]
fn a_photo_over_1mb_is_008() {
    let sandbox = sandbox(|_| {});
    let address = json!({ "home": "Jl. Merdeka 1", "business": "Jl. Sudirman 1" });
    // "Image size more than 1MB" (line 382), read as more than 1 MiB.
    let big = padded_jpeg(&fixture(KTP), 1024 * 1024 + 1);
    let body = default_seal().id_card(&personal(NIK), &address, &big, &fixture(SELFIE));
    let reply = send(&sandbox, "/api/kyc/id-card", &body);
    assert_eq!(
        reply.json()["status"],
        json!({ "code": "008", "message": "Image size more than 1MB" })
    );
    let decrypted = &entries(&sandbox, "id-card", 1)[0]["decrypted"];
    assert_eq!(
        decrypted["photos"]["id_card_photo"]["bytes"],
        1024 * 1024 + 1
    );
    assert_eq!(
        decrypted["photos"]["id_card_photo"]["sha256"],
        sha256_hex(&big)
    );

    // Exactly 1 MiB is still accepted.
    let largest = padded_jpeg(&fixture(KTP), 1024 * 1024);
    let body = default_seal().id_card(&personal(NIK), &address, &largest, &fixture(SELFIE));
    let reply = send(&sandbox, "/api/kyc/id-card", &body);
    assert_eq!(reply.json()["status"]["code"], "000", "{}", reply.body);
}

#[test]
fn invalid_decrypted_fields_are_001() {
    let sandbox = sandbox(|_| {});
    let seal = default_seal();
    let personal = json!({ "name": "Siti Aminah", "nik": "  ", "email": "siti@" });
    let address = json!({ "home": "Jl. Merdeka 1" });
    let body = seal.id_card(&personal, &address, &fixture(KTP), b"not a photo");
    let reply = send(&sandbox, "/api/kyc/id-card", &body);
    assert_eq!(reply.json()["status"]["code"], "001");
    let decrypted = &entries(&sandbox, "id-card", 1)[0]["decrypted"];
    assert_eq!(decrypted["ok"], true, "everything decrypted");
    let problems = decrypted["problems"].to_string();
    for field in [
        "personal_information.nik",
        "personal_information.phone_number",
        "personal_information.email",
        "address.business",
        "selfie_card_photo",
    ] {
        assert!(problems.contains(field), "{field} in {problems}");
    }
    // "use +62 format" on phone-number (line 275).
    let national = json!({ "name": "Siti Aminah", "phone_number": "081234567890", "nik": NIK });
    let body = seal.phone_number(&national, &json!({ "home": "Jl. Merdeka 1" }));
    let reply = send(&sandbox, "/kyc/phone-number", &body);
    assert_eq!(reply.json()["status"]["code"], "001");
    let decrypted = &entries(&sandbox, "phone-number", 1)[0]["decrypted"];
    assert!(
        decrypted["problems"].to_string().contains("+62"),
        "{decrypted}"
    );
    // Optional there: without it the request is processed.
    let without = json!({ "name": "Siti Aminah", "nik": NIK });
    let body = seal.phone_number(&without, &json!({ "home": "Jl. Merdeka 1" }));
    assert_eq!(
        send(&sandbox, "/kyc/phone-number", &body).json()["status"]["code"],
        "000"
    );
    for body in [
        "{}",
        "[]",
        "nope",
        r#"{"personal_information":"AAAA","address":"AAAA"}"#,
    ] {
        let reply = send(&sandbox, "/kyc/phone-number", body);
        assert_eq!(reply.json()["status"]["code"], "001", "{body}");
    }
}

#[test]
fn the_headers_are_required() {
    let sandbox = sandbox(|_| {});
    let body = phone_number_body(NIK);
    let reply = post(&sandbox, "/oy/kyc/phone-number", &[], &body);
    assert_eq!(reply.status, 401);
    let reply = post(
        &sandbox,
        "/oy/kyc/phone-number",
        &[("x-oy-username", "sandbox-oy-user"), ("x-api-key", "wrong")],
        &body,
    );
    assert_eq!(reply.status, 401);
}
