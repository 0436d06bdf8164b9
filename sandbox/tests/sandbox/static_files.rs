//! The static files the demo needs, as `scripts/serve.mjs` serves them: the CSP header on
//! everything, the MIME types (application/wasm above all), redirects, no way out of a
//! mount, and nothing of the repository beyond `www/` and `pkg/` (OY's test public key
//! comes from `/__sandbox/oy-public-key`, not from `tests/`).

use crate::support::{get, raw, repository, sandbox, OY_PRIVATE_KEY};
use kyc_precheck_sandbox::Sandbox;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const SECRET: &str = "outside-every-mount";
const WASM: &[u8] = b"\0asm\x01\0\0\0";

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
        assert_eq!(reply.header("cache-control"), Some("no-store"));
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
