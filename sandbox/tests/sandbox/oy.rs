//! OY: requests built by the library are decrypted with the test key, answered "Request
//! processed", and their result is POSTed to a listener on 127.0.0.1 and kept for the
//! status endpoint; every scheme the library offers; 001 and 008.

use crate::support::{
    applicant, build, fixture, log, post, read, sandbox, send, send_body, Listener, KTP, NIK,
    OY_PRIVATE_KEY, OY_PUBLIC_KEY, SELFIE,
};
use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use kyc_precheck::provider::{oy::read_callback, AesMode, BuildOptions, Request, RsaScheme};
use kyc_precheck_sandbox::credentials::OY_API_KEY;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unbase64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}

fn pem(path: &str) -> String {
    String::from_utf8(fixture(path)).expect("text")
}

fn options(rsa: Option<RsaScheme>, aes: Option<AesMode>, chunked: bool) -> BuildOptions {
    BuildOptions {
        public_key: Some(pem(OY_PUBLIC_KEY)),
        rsa,
        aes,
        chunked,
        ..Default::default()
    }
}

fn id_card(nik: &str, home: &str, options: &BuildOptions) -> Request {
    let person = applicant(
        json!({
            "nik": nik,
            "name": "Siti Aminah",
            "phone": "0812-3456-7890",
            "email": "siti@example.co.id",
            "address": { "home": home, "business": "Jl. Sudirman 1, Jakarta" },
        }),
        &[("idCard", KTP), ("selfie", SELFIE)],
    );
    build("oy", "id-card", &person, options)
}

fn phone_number(nik: &str) -> Request {
    let person = applicant(
        json!({
            "nik": nik,
            "name": "Siti Aminah",
            "phone": "0812-3456-7890",
            "address": { "home": "Jl. Merdeka 1, Bandung" },
        }),
        &[],
    );
    build("oy", "phone-number", &person, &options(None, None, false))
}

fn status(nik: &str) -> Request {
    let person = applicant(json!({ "nik": nik }), &[]);
    build("oy", "status", &person, &options(None, None, false))
}

fn private_key() -> RsaPrivateKey {
    let text = pem(OY_PRIVATE_KEY);
    let start = text.find("-----BEGIN").expect("PEM");
    RsaPrivateKey::from_pkcs8_pem(text[start..].trim_end()).expect("the test key")
}

fn public_key() -> RsaPublicKey {
    let text = pem(OY_PUBLIC_KEY);
    let start = text.find("-----BEGIN").expect("PEM");
    RsaPublicKey::from_public_key_pem(text[start..].trim_end()).expect("the test key")
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

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An id-card body sealed by hand (OAEP-SHA-256, AES-256-GCM), for what the library
/// refuses to build.
fn sealed_by_hand(personal: &Value, address: &Value, id_card: &[u8], selfie: &[u8]) -> String {
    let secret = [7u8; 32];
    let mut personal = personal.clone();
    personal["secret"] = json!(base64(&secret));
    let rsa = |value: &Value| {
        let sealed = public_key()
            .encrypt(
                &mut rand_core::OsRng,
                Oaep::new::<Sha256>(),
                value.to_string().as_bytes(),
            )
            .expect("fits one block");
        base64(&sealed)
    };
    let aes = |photo: &[u8], nonce: u8| {
        let cipher = Aes256Gcm::new_from_slice(&secret).expect("key");
        let nonce = [nonce; 12];
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), base64(photo).as_bytes())
            .expect("seals");
        base64(&[nonce.as_slice(), &sealed].concat())
    };
    json!({
        "personal_information": rsa(&personal),
        "address": rsa(address),
        "id_card_photo": aes(id_card, 1),
        "selfie_card_photo": aes(selfie, 2),
    })
    .to_string()
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
fn entries(sandbox: &kyc_precheck_sandbox::Sandbox, endpoint: &str, count: usize) -> Vec<Value> {
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
    let request = id_card(NIK, "Jl. Merdeka 1, Bandung", &options(None, None, false));
    let reply = send(&sandbox, "oy", &request);
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        r#"{"status":{"code":"000","message":"Request processed"}}"#
    );
    assert_eq!(read("oy", "id-card", &reply)["outcome"], "pending");

    let (path, callback) = listener.next(WAIT).expect("a callback within 10 s");
    assert_eq!(path, "/oy-callback");
    assert_eq!(
        callback["status"],
        json!({ "code": "000", "message": "verified" })
    );
    assert_eq!(opened_nik(&callback), NIK);
    let sealed = callback["data"]["nik"].as_str().expect("nik");
    assert_eq!(callback["data"]["signature"], signature("000", sealed));
    let reading = serde_json::to_value(read_callback(&callback.to_string())).expect("JSON");
    assert_eq!(reading["outcome"], "verified");

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

    let reply = send(&sandbox, "oy", &status(NIK));
    let answer = reply.json();
    assert_eq!(
        answer["status"],
        json!({ "code": "000", "message": "verified" })
    );
    assert_eq!(opened_nik(&answer), NIK);
    assert_eq!(read("oy", "status", &reply)["outcome"], "verified");
}

#[test]
fn the_nik_serial_forces_each_code() {
    let listener = Listener::new();
    let sandbox = sandbox(|config| config.callback_url = Some(listener.url.clone()));
    let expected: Vec<(String, String)> = (2..=8)
        .map(|n| (format!("32730152059000{n:02}"), format!("00{n}")))
        .collect();
    for (nik, _) in &expected {
        let reply = send(&sandbox, "oy", &phone_number(nik));
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
        let reply = send(&sandbox, "oy", &status(nik));
        let answer = reply.json();
        assert_eq!(answer["status"]["code"], code.as_str(), "{nik}");
        assert_eq!(
            answer["data"]["signature"],
            signature(code, answer["data"]["nik"].as_str().expect("nik"))
        );
        assert_eq!(
            read("oy", "status", &reply)["outcome"],
            "rejected",
            "{code}"
        );
    }
}

#[test]
fn an_unknown_nik_is_007_on_status() {
    let sandbox = sandbox(|_| {});
    let reply = send(&sandbox, "oy", &status("3171010101900001"));
    assert_eq!(
        reply.json(),
        json!({ "status": { "code": "007", "message": "Data not found. ID Card number not registered" } })
    );
    let reading = read("oy", "status", &reply);
    assert_eq!(reading["issues"][0]["code"], "response.not_registered");
}

#[test]
fn every_scheme_the_library_offers_including_chunked_blocks() {
    let long_home = "Jl. ".to_owned() + &"Panjang Sekali ".repeat(20);
    for (rsa, aes) in [
        (RsaScheme::OaepSha256, AesMode::Cbc),
        (RsaScheme::OaepSha1, AesMode::Gcm),
        (RsaScheme::Pkcs1v15, AesMode::Cbc),
    ] {
        let sandbox = sandbox(|config| {
            config.oy_rsa = rsa;
            config.oy_aes = aes;
        });
        let request = id_card(NIK, &long_home, &options(Some(rsa), Some(aes), true));
        let reply = send(&sandbox, "oy", &request);
        assert_eq!(reply.json()["status"]["code"], "000", "{rsa:?} {aes:?}");
        let decrypted = &entries(&sandbox, "id-card", 1)[0]["decrypted"];
        assert_eq!(decrypted["address"]["home"], long_home.trim(), "{rsa:?}");
        assert_eq!(decrypted["rsaBlocks"]["address"], 2, "{rsa:?}");
    }
}

#[test]
fn a_scheme_mismatch_is_001_and_logged() {
    // The library's default (OAEP-SHA-256, GCM) against a sandbox expecting others.
    let request = id_card(NIK, "Jl. Merdeka 1", &options(None, None, false));
    for (rsa, aes, field) in [
        (RsaScheme::OaepSha1, AesMode::Gcm, "personal_information"),
        (RsaScheme::OaepSha256, AesMode::Cbc, "id_card_photo"),
    ] {
        let sandbox = sandbox(|config| {
            config.oy_rsa = rsa;
            config.oy_aes = aes;
        });
        let reply = send(&sandbox, "oy", &request);
        assert_eq!(
            reply.json()["status"],
            json!({ "code": "001", "message": "Data on request body is empty or invalid" })
        );
        let reading = read("oy", "id-card", &reply);
        assert_eq!(reading["issues"][0]["code"], "response.invalid_request");
        let decrypted = &entries(&sandbox, "id-card", 1)[0]["decrypted"];
        assert_eq!(decrypted["ok"], false);
        assert_eq!(decrypted["error"]["field"], field, "{decrypted}");
    }
}

#[test]
fn a_photo_over_1mb_is_008() {
    let sandbox = sandbox(|_| {});
    let personal = json!({
        "name": "Siti Aminah", "phone_number": "+6281234567890", "nik": NIK
    });
    let address = json!({ "home": "Jl. Merdeka 1", "business": "Jl. Sudirman 1" });
    let big = padded_jpeg(&fixture(KTP), 1_000_001);
    let body = sealed_by_hand(&personal, &address, &big, &fixture(SELFIE));
    let reply = send_body(&sandbox, "oy", "/api/kyc/id-card", &body);
    assert_eq!(
        reply.json()["status"],
        json!({ "code": "008", "message": "Image size more than 1MB" })
    );
    let reading = read("oy", "id-card", &reply);
    assert_eq!(reading["outcome"], "rejected");
    assert_eq!(reading["issues"][0]["code"], "response.image_too_large");
    let decrypted = &entries(&sandbox, "id-card", 1)[0]["decrypted"];
    assert_eq!(decrypted["photos"]["id_card_photo"]["bytes"], 1_000_001);

    // Exactly 1,000,000 bytes is still accepted.
    let largest = padded_jpeg(&fixture(KTP), 1_000_000);
    let body = sealed_by_hand(&personal, &address, &largest, &fixture(SELFIE));
    let reply = send_body(&sandbox, "oy", "/api/kyc/id-card", &body);
    assert_eq!(reply.json()["status"]["code"], "000", "{}", reply.body);
}

#[test]
fn invalid_decrypted_fields_are_001() {
    let sandbox = sandbox(|_| {});
    let personal =
        json!({ "name": "Siti Aminah", "phone_number": "081234567890", "nik": "327301520590001" });
    let address = json!({ "home": "Jl. Merdeka 1" });
    let body = sealed_by_hand(&personal, &address, &fixture(KTP), &fixture(SELFIE));
    let reply = send_body(&sandbox, "oy", "/api/kyc/id-card", &body);
    assert_eq!(reply.json()["status"]["code"], "001");
    let decrypted = &entries(&sandbox, "id-card", 1)[0]["decrypted"];
    assert_eq!(decrypted["ok"], true, "everything decrypted");
    let problems = decrypted["problems"].to_string();
    for field in [
        "personal_information.nik",
        "personal_information.phone_number",
        "address.business",
    ] {
        assert!(problems.contains(field), "{field} in {problems}");
    }
    for body in [
        "{}",
        "[]",
        "nope",
        r#"{"personal_information":"AAAA","address":"AAAA"}"#,
    ] {
        let reply = send_body(&sandbox, "oy", "/kyc/phone-number", body);
        assert_eq!(reply.json()["status"]["code"], "001", "{body}");
    }
}

#[test]
fn the_headers_are_required() {
    let sandbox = sandbox(|_| {});
    let request = phone_number(NIK);
    let reply = post(&sandbox, "/oy/kyc/phone-number", &[], &request.body);
    assert_eq!(reply.status, 401);
    let reply = post(
        &sandbox,
        "/oy/kyc/phone-number",
        &[("x-oy-username", "sandbox-oy-user"), ("x-api-key", "wrong")],
        &request.body,
    );
    assert_eq!(reply.status, 401);
}
