//! What every test uses: a sandbox on a random port, an HTTP client that never follows
//! redirects or proxies, raw requests for paths a client would normalise, photos as
//! base64, OY's hybrid encryption done by hand, and a loopback listener for OY's callback.
//!
//! Requests are written by hand from the provider pages, never built by the library: the
//! sandbox is the oracle the library is tested against, so its own tests must not lean on
//! the library either.

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine as _;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockEncryptMut, KeyIvInit};
use kyc_precheck_sandbox::credentials::{
    OY_API_KEY, OY_USERNAME, QUANTUM_ELIXIR_API_KEYS, TD_PARTNER_CODE, TD_PARTNER_KEY,
    WIDEKYC_TOKEN,
};
use kyc_precheck_sandbox::{start, AesMode, Config, RsaScheme, Sandbox};
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, Pkcs1v15Encrypt, RsaPublicKey};
use serde_json::{json, Value};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The repository.
pub fn repository() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A file of the repository's test data.
pub fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(repository().join(path)).unwrap_or_else(|_| panic!("fixture {path}"))
}

pub const SELFIE: &str = "tests/images/providers/selfie-512x1024.jpg";
pub const KTP: &str = "tests/images/providers/ktp-1024x640.jpg";
pub const DUKCAPIL_PHOTO: &str = "tests/images/providers/dukcapil-photo-300x400.jpg";
pub const OY_PUBLIC_KEY: &str = "tests/providers/oy-test-key.pub.pem";
pub const OY_PRIVATE_KEY: &str = "tests/providers/oy-test-key.pem";

/// A structurally valid NIK (Jawa Barat, born 12 May 1990, female, serial 0001).
pub const NIK: &str = "3273015205900001";

/// A sandbox on a free port, quiet on stdout, with `adjust` applied to its settings.
pub fn sandbox(adjust: impl FnOnce(&mut Config)) -> Sandbox {
    let mut config = Config {
        port: 0,
        root: repository(),
        print_requests: false,
        callback_delay: Duration::from_millis(50),
        ..Config::default()
    };
    adjust(&mut config);
    start(config).expect("the sandbox starts")
}

/// An answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .build()
        .into()
}

fn reply(response: ureq::http::Response<ureq::Body>) -> Reply {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                value.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut body = response.into_body();
    let body = body
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .expect("a body");
    Reply {
        status,
        headers,
        body,
    }
}

/// `GET path`.
pub fn get(sandbox: &Sandbox, path: &str) -> Reply {
    let url = format!("http://127.0.0.1:{}{path}", sandbox.port());
    reply(agent().get(&url).call().expect("GET"))
}

/// `DELETE path`.
pub fn delete(sandbox: &Sandbox, path: &str) -> Reply {
    let url = format!("http://127.0.0.1:{}{path}", sandbox.port());
    reply(agent().delete(&url).call().expect("DELETE"))
}

/// `POST path` with `body` and `headers`.
pub fn post(sandbox: &Sandbox, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let url = format!("http://127.0.0.1:{}{path}", sandbox.port());
    let mut request = agent().post(&url).content_type("application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    reply(request.send(body).expect("POST"))
}

/// A request exactly as written (the path is not normalised), over a fresh connection.
/// `head` is the request line and any extra header lines. The answer is read to its
/// Content-Length, not to the end of the connection, so that a server still waiting for
/// a body it refused cannot hang the test.
pub fn raw(sandbox: &Sandbox, head: &str) -> Reply {
    raw_bytes(sandbox, head).0
}

/// [`raw`], with the body's bytes as they came (a compressed body is no text).
pub fn raw_bytes(sandbox: &Sandbox, head: &str) -> (Reply, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", sandbox.port())).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let read = stream.read(&mut chunk).expect("reads");
        assert!(read > 0, "the connection closed before the headers ended");
        bytes.extend_from_slice(&chunk[..read]);
    };
    let text = String::from_utf8_lossy(&bytes[..header_end]).into_owned();
    let mut lines = text.lines();
    let status: u16 = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    let length = if head.starts_with("HEAD ") || status == 204 || status == 304 {
        0
    } else {
        headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.parse().ok())
            .expect("a Content-Length")
    };
    let mut body = bytes[header_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).expect("reads");
        assert!(read > 0, "the connection closed before the body ended");
        body.extend_from_slice(&chunk[..read]);
    }
    let reply = Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    (reply, body)
}

/// Where a provider's endpoints are mounted.
pub fn prefix(provider: &str) -> String {
    format!("/{provider}")
}

/// The demo credentials a relay would add: query pairs and headers.
pub fn credentials(provider: &str) -> (String, Vec<(&'static str, String)>) {
    match provider {
        "td" => (
            format!("?partner_code={TD_PARTNER_CODE}&partner_key={TD_PARTNER_KEY}"),
            vec![],
        ),
        "widekyc" => (String::new(), vec![("token", WIDEKYC_TOKEN.to_owned())]),
        "quantum-elixir" => (
            String::new(),
            vec![(
                "Authorization",
                format!("Bearer {}", QUANTUM_ELIXIR_API_KEYS[0]),
            )],
        ),
        "oy" => (
            String::new(),
            vec![
                ("x-oy-username", OY_USERNAME.to_owned()),
                ("x-api-key", OY_API_KEY.to_owned()),
            ],
        ),
        _ => (String::new(), vec![]),
    }
}

/// Sends `body` to the provider's `path`, with the credentials.
pub fn send_body(sandbox: &Sandbox, provider: &str, path: &str, body: &str) -> Reply {
    let (query, headers) = credentials(provider);
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    post(
        sandbox,
        &format!("{}{path}{query}", prefix(provider)),
        &headers,
        body,
    )
}

/// Standard base64.
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A fixture photo as standard base64.
pub fn photo(path: &str) -> String {
    base64(&fixture(path))
}

/// Lower-case hex of SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The answer's JSON with the named top-level or nested keys (dotted) replaced by
/// `"<made per answer>"`: what is left must equal a page's example.
pub fn masked(mut value: Value, keys: &[&str]) -> Value {
    for key in keys {
        let mut target = &mut value;
        let mut parts = key.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                if let Some(slot) = target.get_mut(part) {
                    *slot = json!("<made per answer>");
                }
            } else {
                target = &mut target[part];
            }
        }
    }
    value
}

/// OY's hybrid encryption as the sandbox reads the page: RSA blocks with the test public
/// key, AES-256 with a per-request key sent as `personal_information.secret`.
pub struct Seal {
    key: RsaPublicKey,
    pub rsa: RsaScheme,
    pub aes: AesMode,
    /// Split plaintexts too long for one RSA block into several (else they must fit).
    pub chunked: bool,
}

impl Seal {
    pub fn new(rsa: RsaScheme, aes: AesMode) -> Seal {
        let text = String::from_utf8(fixture(OY_PUBLIC_KEY)).expect("text");
        let start = text.find("-----BEGIN").expect("PEM");
        Seal {
            key: RsaPublicKey::from_public_key_pem(text[start..].trim_end()).expect("the key"),
            rsa,
            aes,
            chunked: false,
        }
    }

    /// `plaintext` in RSA blocks, as standard base64.
    pub fn rsa(&self, plaintext: &[u8]) -> String {
        // The most one block holds: k - 2·hLen - 2 for OAEP (hLen of the label hash),
        // k - 11 for PKCS#1 v1.5.
        let room = self.key.size()
            - match self.rsa {
                RsaScheme::OaepSha256 | RsaScheme::OaepSha256Mgf1Sha1 => 2 * 32 + 2,
                RsaScheme::OaepSha1 => 2 * 20 + 2,
                RsaScheme::Pkcs1v15 => 11,
            };
        let pieces: Vec<&[u8]> = if self.chunked {
            plaintext.chunks(room).collect()
        } else {
            vec![plaintext]
        };
        let mut sealed = Vec::new();
        for piece in pieces {
            let mut rng = rand_core::OsRng;
            let block = match self.rsa {
                RsaScheme::OaepSha256 => self.key.encrypt(&mut rng, Oaep::new::<Sha256>(), piece),
                RsaScheme::OaepSha1 => self.key.encrypt(&mut rng, Oaep::new::<Sha1>(), piece),
                RsaScheme::OaepSha256Mgf1Sha1 => {
                    self.key
                        .encrypt(&mut rng, Oaep::new_with_mgf_hash::<Sha256, Sha1>(), piece)
                }
                RsaScheme::Pkcs1v15 => self.key.encrypt(&mut rng, Pkcs1v15Encrypt, piece),
            }
            .expect("fits one block");
            sealed.extend(block);
        }
        base64(&sealed)
    }

    /// `text` AES-256-encrypted with `key` (nonce or IV first), as standard base64.
    pub fn aes(&self, key: &[u8; 32], text: &str, nonce: u8) -> String {
        let sealed = match self.aes {
            AesMode::Gcm => {
                let nonce = [nonce; 12];
                let cipher = Aes256Gcm::new_from_slice(key).expect("key");
                let sealed = cipher
                    .encrypt(Nonce::from_slice(&nonce), text.as_bytes())
                    .expect("seals");
                [nonce.as_slice(), &sealed].concat()
            }
            AesMode::Cbc => {
                let iv = [nonce; 16];
                let sealed = cbc::Encryptor::<aes::Aes256>::new_from_slices(key, &iv)
                    .expect("key and IV")
                    .encrypt_padded_vec_mut::<Pkcs7>(text.as_bytes());
                [iv.as_slice(), &sealed].concat()
            }
        };
        base64(&sealed)
    }

    /// An id-card body (lines 222–227 of the page): `personal` gets the `secret`.
    pub fn id_card(
        &self,
        personal: &Value,
        address: &Value,
        id_card: &[u8],
        selfie: &[u8],
    ) -> String {
        let secret = [7u8; 32];
        let mut personal = personal.clone();
        personal["secret"] = json!(base64(&secret));
        json!({
            "personal_information": self.rsa(personal.to_string().as_bytes()),
            "address": self.rsa(address.to_string().as_bytes()),
            "id_card_photo": self.aes(&secret, &base64(id_card), 1),
            "selfie_card_photo": self.aes(&secret, &base64(selfie), 2),
        })
        .to_string()
    }

    /// A phone-number body (lines 279–282).
    pub fn phone_number(&self, personal: &Value, address: &Value) -> String {
        json!({
            "personal_information": self.rsa(personal.to_string().as_bytes()),
            "address": self.rsa(address.to_string().as_bytes()),
        })
        .to_string()
    }

    /// A status body (lines 331–333).
    pub fn status(&self, nik: &str) -> String {
        json!({ "personal_information": self.rsa(json!({ "nik": nik }).to_string().as_bytes()) })
            .to_string()
    }
}

/// The request log.
pub fn log(sandbox: &Sandbox) -> Vec<Value> {
    match get(sandbox, "/__sandbox/log").json() {
        Value::Array(entries) => entries,
        other => panic!("the log is not an array: {other}"),
    }
}

/// A loopback listener for OY's callback: it reads one POST at a time and answers 200.
pub struct Listener {
    listener: TcpListener,
    pub url: String,
}

impl Listener {
    pub fn new() -> Listener {
        let listener = TcpListener::bind("127.0.0.1:0").expect("listens");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("an address").port();
        Listener {
            listener,
            url: format!("http://127.0.0.1:{port}/oy-callback"),
        }
    }

    /// The next callback's path and JSON body, answered 200; `None` after `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<(String, Value)> {
        let deadline = Instant::now() + timeout;
        let mut stream = loop {
            match self.listener.accept() {
                Ok((stream, _)) => break stream,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                Err(_) => return None,
            }
        };
        stream.set_nonblocking(false).ok()?;
        stream.set_read_timeout(Some(timeout)).ok()?;
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 8192];
        let header_end = loop {
            if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            let read = stream.read(&mut chunk).ok()?;
            if read == 0 {
                return None;
            }
            bytes.extend_from_slice(&chunk[..read]);
        };
        let head = String::from_utf8_lossy(&bytes[..header_end]).into_owned();
        let header = |name: &str| {
            head.lines().skip(1).find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_owned())
            })
        };
        let length: usize = header("content-length")?.parse().ok()?;
        assert_eq!(header("content-type").as_deref(), Some("application/json"));
        let mut body = bytes[header_end + 4..].to_vec();
        while body.len() < length {
            let read = stream.read(&mut chunk).ok()?;
            if read == 0 {
                return None;
            }
            body.extend_from_slice(&chunk[..read]);
        }
        let _ =
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let path = head.split(' ').nth(1)?.to_owned();
        Some((
            path,
            serde_json::from_slice(&body).expect("a JSON callback"),
        ))
    }
}
