//! The static files the demo needs, as `scripts/serve.mjs` serves them: the CSP header on
//! everything, the MIME types (application/wasm above all), compression by
//! `Accept-Encoding`, the cache headers and `304`s, redirects, no way out of a mount, and
//! nothing of the repository beyond `www/` and `pkg/` (OY's test public key comes from
//! `/__sandbox/oy-public-key`, not from `tests/`).

use crate::support::{get, raw, raw_bytes, repository, sandbox, Reply, OY_PRIVATE_KEY};
use kyc_precheck_sandbox::Sandbox;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const SECRET: &str = "outside-every-mount";
const WASM: &[u8] = b"\0asm\x01\0\0\0";
/// Text that compresses well, sent as CSS and (wrongly named, to prove the type decides)
/// as a JPEG.
const TEXT: &str = concat!(
    "body { margin: 0 auto; max-width: 40rem; font-family: system-ui, sans-serif; }\n",
    "body { margin: 0 auto; max-width: 40rem; font-family: system-ui, sans-serif; }\n",
    "body { margin: 0 auto; max-width: 40rem; font-family: system-ui, sans-serif; }\n",
    "body { margin: 0 auto; max-width: 40rem; font-family: system-ui, sans-serif; }\n",
);

/// A throwaway repository: `www/`, `pkg/`, `tests/` (with a public and a private key,
/// neither served), and a file beside them that must never be served. Removed on drop.
struct Root(PathBuf);

impl Drop for Root {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn root() -> Root {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kyc-precheck-sandbox-static-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst)
    ));
    let write = |path: &str, bytes: &[u8]| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    };
    write("www/index.html", b"<!doctype html><title>demo</title>");
    write("www/app.js", b"export {};");
    write("www/IMG.PNG", b"\x89PNG");
    write("www/data.bin", b"?");
    write("www/page.css", TEXT.as_bytes());
    write("www/photo.jpg", TEXT.as_bytes());
    write("www/assets/index-4f3a9c1b.js", b"export {};");
    write("www/sub/note.txt", b"no index here");
    write("pkg/kyc_precheck_bg.wasm", WASM);
    write("pkg/index.d.ts", b"export {};");
    write("tests/fixture.json", b"{}");
    write(
        "tests/providers/oy-test-key.pub.pem",
        b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    );
    write(
        "tests/providers/oy-test-key.pem",
        format!("-----BEGIN PRIVATE KEY-----\n{SECRET}\n-----END PRIVATE KEY-----\n").as_bytes(),
    );
    write("secret.txt", SECRET.as_bytes());
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("www/link.txt")).expect("symlink");
    Root(dir)
}

fn serve(root: &Path) -> Sandbox {
    sandbox(|config| {
        config.root = root.to_path_buf();
        config.oy_private_key = Some(repository().join(OY_PRIVATE_KEY));
    })
}

#[test]
fn files_come_with_the_csp_and_their_mime_type() {
    let root = root();
    let sandbox = serve(&root.0);
    let cases = [
        (
            "/www/",
            "text/html; charset=utf-8",
            "<!doctype html><title>demo</title>",
        ),
        (
            "/www/app.js",
            "text/javascript; charset=utf-8",
            "export {};",
        ),
        ("/www/IMG.PNG", "image/png", "\u{fffd}PNG"),
        ("/www/data.bin", "application/octet-stream", "?"),
        ("/pkg/index.d.ts", "application/octet-stream", "export {};"),
    ];
    for (path, mime, body) in cases {
        let reply = raw(&sandbox, &format!("GET {path} HTTP/1.1"));
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(mime), "{path}");
        assert_eq!(reply.header("content-security-policy"), Some(CSP), "{path}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{path}");
        assert!(reply.header("etag").is_some(), "{path}");
        assert_eq!(reply.body, body, "{path}");
    }
}

#[test]
fn wasm_is_application_wasm_with_a_content_length() {
    let root = root();
    let sandbox = serve(&root.0);
    let reply = raw(&sandbox, "GET /pkg/kyc_precheck_bg.wasm HTTP/1.1");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/wasm"));
    assert_eq!(reply.header("content-length"), Some("8"));
    assert_eq!(reply.header("transfer-encoding"), None);
    assert_eq!(reply.body.as_bytes(), WASM);
    let reply = raw(&sandbox, "HEAD /pkg/kyc_precheck_bg.wasm HTTP/1.1");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/wasm"));
    assert_eq!(reply.header("content-length"), Some("8"));
    assert_eq!(reply.body, "");
}

#[test]
fn redirects_and_what_is_not_there() {
    let root = root();
    let sandbox = serve(&root.0);
    let reply = raw(&sandbox, "GET / HTTP/1.1");
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("/www/"));
    assert_eq!(reply.header("content-security-policy"), Some(CSP));
    let reply = raw(&sandbox, "GET /www HTTP/1.1");
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("location"), Some("/www/"));
    // Never a protocol-relative Location, which would send the browser to another host.
    let reply = raw(&sandbox, "GET //www HTTP/1.1");
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("location"), Some("/www/"));
    for path in [
        "/www/sub/",
        "/www/missing.js",
        "/nothing/",
        "/src/lib.rs",
        "/Cargo.toml",
        "/tests/fixture.json",
        "/tests/providers/oy-test-key.pem",
        "/tests/providers/oy-test-key.pub.pem",
    ] {
        let reply = raw(&sandbox, &format!("GET {path} HTTP/1.1"));
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.header("content-security-policy"), Some(CSP), "{path}");
        assert!(!reply.body.contains(SECRET), "{path}");
    }
    assert_eq!(raw(&sandbox, "GET /favicon.ico HTTP/1.1").status, 204);
    let reply = raw(&sandbox, "POST /www/ HTTP/1.1\r\nContent-Length: 0");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
}

#[test]
fn no_path_leaves_its_mount() {
    let root = root();
    let sandbox = serve(&root.0);
    for path in [
        "/secret.txt",
        "/www/../secret.txt",
        "/www/%2e%2e/secret.txt",
        "/www/%2E%2E%2Fsecret.txt",
        "/www/..%2fsecret.txt",
        "/www/..%5csecret.txt",
        "/www/..\\secret.txt",
        "/www/%252e%252e/secret.txt",
        "//www/../secret.txt",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/www/./index.html",
        "/www/%00",
        "/www/%zz",
        "/www/link.txt",
        "/pkg/../../secret.txt",
    ] {
        let reply = raw(&sandbox, &format!("GET {path} HTTP/1.1"));
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains(SECRET), "{path}");
    }
}

#[test]
fn nothing_of_tests_is_served_not_even_the_oy_public_key() {
    // The real checkout, whose tests/providers/ holds the OY test key pair.
    let sandbox = sandbox(|_| {});
    // The demo takes the key from /__sandbox/oy-public-key (controls.rs tests that route);
    // its old static path is gone.
    let reply = get(&sandbox, "/tests/providers/oy-test-key.pub.pem");
    assert_eq!(reply.status, 404);
    assert!(!reply.body.contains("PUBLIC KEY"));
    assert_eq!(reply.header("content-security-policy"), Some(CSP));
    assert_eq!(get(&sandbox, "/__sandbox/oy-public-key").status, 200);
    for path in [
        "/tests/providers/oy-test-key%2Epub.pem",
        "//tests//providers/oy-test-key.pub.pem",
        "/www/../tests/providers/oy-test-key.pub.pem",
        "/tests/providers/oy-test-key.pem",
        "/tests/providers/oy-test-key.pem%00.pub.pem",
        "/tests/providers/oy-test-key.pub.pem/../oy-test-key.pem",
        "/www/../tests/providers/oy-test-key.pem",
        "/pkg/../tests/providers/oy-test-key.pem",
        "/tests/providers/",
        "/tests/providers/oy.json",
        "/tests/images/providers/selfie-512x1024.jpg",
        "/tests/",
        "/tests",
        "/Cargo.toml",
        "/Cargo.lock",
        "/sandbox/Cargo.toml",
        "/sandbox/src/lib.rs",
        "/src/lib.rs",
        "/scripts/serve.mjs",
        "/.git/config",
        "/../",
        "/..",
        "/%2e%2e/",
        "/%2E%2E/Cargo.toml",
        "/www/%2e%2e/Cargo.toml",
        "/www/..%2fCargo.toml",
    ] {
        let reply = raw(&sandbox, &format!("GET {path} HTTP/1.1"));
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("PRIVATE KEY"), "{path}");
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("brotli");
    out
}

/// `GET path` with `Accept-Encoding: accept`, asked again (for at most a minute) until
/// the answer is in `coding`: a brotli copy is made on a thread of its own, and the
/// requests meanwhile get the next coding they accept.
fn get_in(sandbox: &Sandbox, path: &str, accept: &str, coding: Option<&str>) -> (Reply, Vec<u8>) {
    let head = format!("GET {path} HTTP/1.1\r\nAccept-Encoding: {accept}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (reply, bytes) = raw_bytes(sandbox, &head);
        if reply.header("content-encoding") == coding || Instant::now() > deadline {
            return (reply, bytes);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn text_and_wasm_are_compressed_as_accept_encoding_prefers() {
    let root = root();
    let sandbox = serve(&root.0);
    // Until its brotli copy is made, a file goes out in the next coding accepted.
    let (reply, bytes) = raw_bytes(
        &sandbox,
        "GET /www/page.css HTTP/1.1\r\nAccept-Encoding: br, gzip",
    );
    match reply.header("content-encoding") {
        Some("gzip") => assert_eq!(gunzip(&bytes), TEXT.as_bytes()),
        Some("br") => assert_eq!(unbrotli(&bytes), TEXT.as_bytes()),
        other => panic!("{other:?}"),
    }
    let get =
        |path: &str, accept: &str, coding: Option<&str>| get_in(&sandbox, path, accept, coding);
    for (accept, coding) in [
        ("gzip, deflate, br, zstd", Some("br")),
        ("gzip, deflate", Some("gzip")),
        ("br;q=0.4, gzip;q=0.8", Some("gzip")),
        ("br, gzip;q=0", Some("br")),
        ("gzip;q=0, br;q=0", None),
        ("identity", None),
    ] {
        let (reply, bytes) = get("/www/page.css", accept, coding);
        assert_eq!(reply.status, 200, "{accept}");
        assert_eq!(reply.header("content-encoding"), coding, "{accept}");
        assert_eq!(reply.header("vary"), Some("Accept-Encoding"), "{accept}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/css; charset=utf-8")
        );
        assert_eq!(reply.header("content-security-policy"), Some(CSP));
        assert_eq!(
            reply.header("content-length"),
            Some(bytes.len().to_string().as_str())
        );
        let decoded = match coding {
            Some("br") => unbrotli(&bytes),
            Some("gzip") => gunzip(&bytes),
            _ => bytes.clone(),
        };
        assert_eq!(decoded, TEXT.as_bytes(), "{accept}");
        if coding.is_some() {
            assert!(bytes.len() < TEXT.len() / 2, "{accept}: {} B", bytes.len());
        }
    }
    // The wasm too, and again from the kept copy.
    for _ in 0..2 {
        let (reply, bytes) = get("/pkg/kyc_precheck_bg.wasm", "gzip", Some("gzip"));
        assert_eq!(reply.header("content-type"), Some("application/wasm"));
        assert_eq!(reply.header("content-encoding"), Some("gzip"));
        assert_eq!(gunzip(&bytes), WASM);
    }
    // Images are compressed already: never re-encoded, and no Vary.
    let (reply, bytes) = get("/www/photo.jpg", "gzip, br", None);
    assert_eq!(reply.header("content-encoding"), None);
    assert_eq!(reply.header("vary"), None);
    assert_eq!(bytes, TEXT.as_bytes());
    // No Accept-Encoding: as stored.
    let (reply, bytes) = raw_bytes(&sandbox, "GET /www/page.css HTTP/1.1");
    assert_eq!(reply.header("content-encoding"), None);
    assert_eq!(bytes, TEXT.as_bytes());
}

#[test]
fn a_changed_file_is_compressed_again() {
    let root = root();
    let sandbox = serve(&root.0);
    let (first, bytes) = get_in(&sandbox, "/www/page.css", "br", Some("br"));
    assert_eq!(unbrotli(&bytes), TEXT.as_bytes());
    let changed = format!("{TEXT}/* rebuilt */\n");
    std::fs::write(root.0.join("www/page.css"), &changed).expect("write");
    let (second, bytes) = get_in(&sandbox, "/www/page.css", "br", Some("br"));
    assert_eq!(unbrotli(&bytes), changed.as_bytes());
    assert_ne!(first.header("etag"), second.header("etag"));
}

#[test]
fn a_revisit_is_a_304_and_hashed_names_are_immutable() {
    let root = root();
    let sandbox = serve(&root.0);
    let (reply, _) = raw_bytes(
        &sandbox,
        "GET /pkg/kyc_precheck_bg.wasm HTTP/1.1\r\nAccept-Encoding: gzip",
    );
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    let etag = reply.header("etag").expect("an ETag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong: {etag}"
    );
    // The same tag asked again, alone or in a list, weakly or not: 304, no body, the
    // validators and cache headers kept, the CSP too.
    for tags in [etag.clone(), format!("\"other\", W/{etag}"), "*".to_owned()] {
        let head = format!(
            "GET /pkg/kyc_precheck_bg.wasm HTTP/1.1\r\nAccept-Encoding: gzip\r\nIf-None-Match: {tags}"
        );
        let (reply, bytes) = raw_bytes(&sandbox, &head);
        assert_eq!(reply.status, 304, "{tags}");
        assert!(bytes.is_empty());
        assert_eq!(reply.header("etag"), Some(etag.as_str()));
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
        assert_eq!(reply.header("vary"), Some("Accept-Encoding"));
        assert_eq!(reply.header("content-length"), None);
        assert_eq!(reply.header("content-encoding"), None);
        assert_eq!(reply.header("content-security-policy"), Some(CSP));
    }
    // A client that holds the gzip copy keeps it when it would now get brotli: what it
    // holds is this version in a coding it accepts.
    get_in(
        &sandbox,
        "/pkg/kyc_precheck_bg.wasm",
        "br, gzip",
        Some("br"),
    );
    let head = format!(
        "GET /pkg/kyc_precheck_bg.wasm HTTP/1.1\r\nAccept-Encoding: br, gzip\r\nIf-None-Match: {etag}"
    );
    let (reply, _) = raw_bytes(&sandbox, &head);
    assert_eq!(reply.status, 304);
    assert_eq!(reply.header("etag"), Some(etag.as_str()));
    // Another coding is another representation: its tag differs, so the gzip tag is no
    // match for a client that does not accept gzip.
    let head = format!("GET /pkg/kyc_precheck_bg.wasm HTTP/1.1\r\nIf-None-Match: {etag}");
    let (reply, bytes) = raw_bytes(&sandbox, &head);
    assert_eq!(reply.status, 200);
    assert_eq!(bytes, WASM);
    assert_ne!(reply.header("etag"), Some(etag.as_str()));
    // A rebuilt file: the old tag no longer matches.
    std::fs::write(
        root.0.join("pkg/kyc_precheck_bg.wasm"),
        b"\0asm\x01\0\0\0\0",
    )
    .expect("write");
    let head = format!(
        "GET /pkg/kyc_precheck_bg.wasm HTTP/1.1\r\nAccept-Encoding: gzip\r\nIf-None-Match: {etag}"
    );
    assert_eq!(raw_bytes(&sandbox, &head).0.status, 200);
    // A content-hashed name is cached for a year without asking again.
    let reply = raw(&sandbox, "GET /www/assets/index-4f3a9c1b.js HTTP/1.1");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // The providers' answers are still never cached.
    let reply = raw(&sandbox, "GET /__sandbox/log HTTP/1.1");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
}
