//! What the demo loads, served read-only with `scripts/serve.mjs`'s MIME types and
//! redirects: the repository's `www/` (the page) and `pkg/` (the built package it
//! imports). The page takes OY's test public key from `/__sandbox/oy-public-key`, so
//! nothing of `tests/` (which holds the OY test private key) is served, nor the sources
//! or the manifests.

use crate::delivery::{self, Coding, Compressed, Version};
use crate::http::{percent_decode, Answer, Body, Call};
use std::fs::File;
use std::path::Path;

/// The folders served whole: a request path's first segment names one, relative to the
/// repository's root.
pub const MOUNTS: &[&str] = &["www", "pkg"];

/// `serve.mjs`'s MIME table; anything else is `application/octet-stream`.
pub const MIME_TYPES: &[(&str, &str)] = &[
    ("html", "text/html; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("mjs", "text/javascript; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("json", "application/json; charset=utf-8"),
    ("wasm", "application/wasm"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("csv", "text/csv; charset=utf-8"),
    ("ico", "image/x-icon"),
    ("txt", "text/plain; charset=utf-8"),
    ("md", "text/plain; charset=utf-8"),
    ("map", "application/json; charset=utf-8"),
];

/// The MIME type of a file, from its extension (case-insensitive).
pub fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    MIME_TYPES
        .iter()
        .find(|(known, _)| *known == extension)
        .map_or("application/octet-stream", |(_, mime)| mime)
}

/// What a request path names.
enum Found {
    File(std::path::PathBuf),
    Redirect(String),
}

/// The answer to a `GET` or `HEAD` of `call.path` (as sent, not decoded) below `root`:
/// compressed and cached as [`delivery`] says, compressed copies kept in `compressed`.
pub fn serve(root: &Path, call: &Call, compressed: &Compressed) -> Answer {
    let (method, path) = (call.method.as_str(), call.path.as_str());
    if method != "GET" && method != "HEAD" {
        return Answer::text(405, "Method Not Allowed\n").with_header("Allow", "GET, HEAD");
    }
    if path == "/favicon.ico" {
        // Browsers ask for it unprompted; "no content" keeps a 404 out of test consoles.
        return Answer::new(204, "text/plain; charset=utf-8", Vec::new());
    }
    if path == "/" {
        return Answer::new(302, "text/plain; charset=utf-8", Vec::new())
            .with_header("Location", "/www/");
    }
    match resolve(root, path) {
        None => Answer::text(404, "Not Found\n"),
        Some(Found::Redirect(location)) => {
            Answer::new(301, "text/plain; charset=utf-8", Vec::new())
                .with_header("Location", location)
        }
        Some(Found::File(file)) => file_answer(&file, call, compressed),
    }
}

/// A file's answer: `304` when the request's `If-None-Match` names this version in a
/// coding the request accepts, else the file in the first coding it accepts that is to
/// hand (see [`Compressed`]); as it is when its type does not compress.
fn file_answer(file: &Path, call: &Call, compressed: &Compressed) -> Answer {
    // The version of the file opened, whatever the path names by now.
    let Some((handle, version)) = File::open(file)
        .ok()
        .and_then(|handle| Some((Version::of(&handle.metadata().ok()?), handle)))
        .map(|(version, handle)| (handle, version))
    else {
        return Answer::text(404, "Not Found\n");
    };
    let mime = mime_type(file);
    let compressible = delivery::is_compressible(mime);
    let acceptable = if compressible {
        delivery::preferences(call.header("accept-encoding"))
    } else {
        vec![Coding::Identity]
    };
    let cache = if delivery::is_content_hashed(file) {
        delivery::IMMUTABLE
    } else {
        delivery::REVALIDATE
    };
    let headers = |coding: Coding| {
        let mut headers = vec![
            ("Cache-Control", cache.to_owned()),
            ("ETag", version.etag(coding)),
        ];
        if compressible {
            headers.push(("Vary", "Accept-Encoding".to_owned()));
        }
        headers
    };
    // What the client holds is this version in a coding it accepts: as good as any.
    if let Some(tags) = call.header("if-none-match") {
        let held = acceptable
            .iter()
            .find(|coding| delivery::none_match_names(tags, &version.etag(**coding)));
        if let Some(coding) = held {
            let mut answer = Answer::new(304, mime, Vec::new());
            // A 304 carries the validators and caching headers, not the body's metadata.
            answer.headers = headers(*coding);
            return answer;
        }
    }
    let mut answer = Answer::new(200, mime, Vec::new());
    for coding in acceptable {
        let Some(token) = coding.token() else {
            answer.headers.extend(headers(coding));
            answer.body = Body::File(handle, version.size);
            break;
        };
        if let Some(bytes) = compressed.get(file, version, coding) {
            answer.headers.extend(headers(coding));
            answer.headers.push(("Content-Encoding", token.to_owned()));
            answer.body = Body::Bytes(bytes.to_vec());
            break;
        }
    }
    answer
}

/// The file `path` names, or `None` when it names nothing servable. The path is decoded
/// once and must stay inside its mount after symlinks are resolved, so `..`, an encoded
/// `%2e%2e`, backslashes, NULs and symlinks out of the tree are all refused.
fn resolve(root: &Path, path: &str) -> Option<Found> {
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return None;
    }
    let first = *segments.first()?;
    if !MOUNTS.contains(&first) {
        return None;
    }
    let mount = root.join(first).canonicalize().ok()?;
    let mut file = segments[1..]
        .iter()
        .fold(mount.clone(), |path, segment| path.join(segment))
        .canonicalize()
        .ok()?;
    if !file.starts_with(&mount) {
        return None;
    }
    let mut info = std::fs::metadata(&file).ok()?;
    if info.is_dir() {
        if !path.ends_with('/') {
            // One leading slash, so that `//www` cannot redirect to the host `www`.
            return Some(Found::Redirect(format!(
                "/{}/",
                path.trim_start_matches('/')
            )));
        }
        file = file.join("index.html");
        info = std::fs::metadata(&file).ok()?;
    }
    info.is_file().then_some(Found::File(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_follow_serve_mjs() {
        assert_eq!(mime_type(Path::new("a/b.WASM")), "application/wasm");
        assert_eq!(
            mime_type(Path::new("x.mjs")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(mime_type(Path::new("README")), "application/octet-stream");
    }

    #[test]
    fn refuses_paths_that_leave_a_mount() {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
        for path in [
            "/www/../Cargo.toml",
            "/tests/%2e%2e/Cargo.toml",
            "/tests/..%2fCargo.toml",
            "/tests/%2E%2E/%2E%2E/etc/passwd",
            "/tests\\..\\Cargo.toml",
            "/tests/%5c..%5cCargo.toml",
            "/tests/providers%00.json",
            "/src/lib.rs",
            "/Cargo.toml",
            "/tests/./providers/oy-test-key.pem",
            "/tests/providers/oy-test-key.pem",
            "/tests/providers/",
            "/tests/providers/oy.json",
            "/tests/%zz",
            "/sandbox/Cargo.toml",
            // The demo takes OY's key from /__sandbox/oy-public-key.
            "/tests/providers/oy-test-key.pub.pem",
            "/tests/providers/oy-test-key%2Epub.pem",
            "//tests//providers/oy-test-key.pub.pem",
        ] {
            assert!(resolve(root, path).is_none(), "{path}");
        }
        assert!(matches!(
            resolve(root, "/www"),
            Some(Found::Redirect(location)) if location == "/www/"
        ));
        assert!(matches!(resolve(root, "//www//"), Some(Found::File(_))));
    }
}
