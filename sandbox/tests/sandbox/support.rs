//! What every test uses: a sandbox on a random port, an HTTP client that never follows
//! redirects or proxies, raw requests for paths a client would normalise, the library's
//! request builder, and a loopback listener for OY's callback.

use kyc_precheck::provider::{build_request, Applicant, BuildOptions, Request};
use kyc_precheck_sandbox::credentials::{
    OY_API_KEY, OY_USERNAME, QUANTUM_ELIXIR_API_KEYS, TD_PARTNER_CODE, TD_PARTNER_KEY,
    WIDEKYC_TOKEN,
};
use kyc_precheck_sandbox::{start, Config, Sandbox};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::Duration;

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
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
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

/// Sends a request the library built to the provider's prefix, with the credentials.
pub fn send(sandbox: &Sandbox, provider: &str, request: &Request) -> Reply {
    send_body(sandbox, provider, &request.path, &request.body)
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

/// An applicant from JSON, with photos from fixture files (`selfie`, `idCard`, `photo`).
pub fn applicant(fields: Value, photos: &[(&str, &str)]) -> Applicant {
    // Through text, as the JS bindings read it (`raw` is kept as its JSON text).
    let mut applicant: Applicant = serde_json::from_str(&fields.to_string()).expect("an applicant");
    for (slot, path) in photos {
        let bytes = Some(fixture(path));
        match *slot {
            "selfie" => applicant.selfie = bytes,
            "idCard" => applicant.id_card = bytes,
            "photo" => applicant.photo = bytes,
            other => panic!("no photo slot {other}"),
        }
    }
    applicant
}

/// The library's request, which must build.
pub fn build(
    provider: &str,
    endpoint: &str,
    applicant: &Applicant,
    options: &BuildOptions,
) -> Request {
    let built = build_request(provider, endpoint, applicant, options).expect("known endpoint");
    assert!(
        built.ok,
        "{provider} {endpoint} does not build: {:?}",
        built.issues
    );
    built.request.expect("a request")
}

/// The library's reading of an answer, as JSON.
pub fn read(provider: &str, endpoint: &str, reply: &Reply) -> Value {
    let reading = kyc_precheck::provider::read_response(
        provider,
        endpoint,
        reply.status,
        &reply.body,
        reply.header("retry-after"),
    )
    .expect("known endpoint");
    serde_json::to_value(reading).expect("serialises")
}

/// The request log.
pub fn log(sandbox: &Sandbox) -> Vec<Value> {
    match get(sandbox, "/__sandbox/log").json() {
        Value::Array(entries) => entries,
        other => panic!("the log is not an array: {other}"),
    }
}

/// A loopback listener for OY's callback.
pub struct Listener {
    server: tiny_http::Server,
    pub url: String,
}

impl Listener {
    pub fn new() -> Listener {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("listens");
        let port = server.server_addr().to_ip().expect("an IP").port();
        Listener {
            server,
            url: format!("http://127.0.0.1:{port}/oy-callback"),
        }
    }

    /// The next callback's body, answered 200; `None` after `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<(String, Value)> {
        let mut request = self.server.recv_timeout(timeout).ok()??;
        let mut body = String::new();
        request.as_reader().read_to_string(&mut body).ok()?;
        let path = request.url().to_owned();
        let content_type = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Content-Type"))
            .map(|h| h.value.as_str().to_owned());
        assert_eq!(content_type.as_deref(), Some("application/json"));
        let _ = request.respond(tiny_http::Response::empty(200));
        Some((path, serde_json::from_str(&body).expect("a JSON callback")))
    }
}
