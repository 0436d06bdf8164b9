//! How a static file goes out, as `scripts/serve.mjs` sends it: compressed (brotli or
//! gzip, as the request's `Accept-Encoding` prefers) when its type compresses, each file
//! compressed once and kept until it changes; with a long-lived cache when its name holds
//! a content hash, else `no-cache` with a strong `ETag`, so that a revisit is a `304`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

/// The `Cache-Control` of a file whose name holds a content hash: a new content gets a
/// new name, so the old one may be kept for a year without asking again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The `Cache-Control` of every other file: kept, but asked about (`If-None-Match`)
/// before each use, so that a rebuilt `pkg/` is seen at once and an unchanged one costs
/// a `304`.
pub const REVALIDATE: &str = "no-cache";

/// The MIME types worth compressing (text and WebAssembly); images are compressed
/// already.
const COMPRESSIBLE: &[&str] = &[
    "text/html",
    "text/javascript",
    "text/css",
    "application/json",
    "application/wasm",
    "image/svg+xml",
];

/// A content coding the sandbox can send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Coding {
    /// As stored.
    Identity,
    /// gzip (RFC 1952), by `flate2` at its best level.
    Gzip,
    /// Brotli (RFC 7932), by `brotli` at quality 11.
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` token, `None` for identity.
    pub fn token(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }
}

/// The codings `accept_encoding` accepts (RFC 9110, 12.5.3), best first: brotli and gzip
/// when their q (by their own name or by `*`) is above 0, highest q first and brotli on a
/// tie, then identity, which is always sent rather than a `406`. An entry whose q cannot
/// be read is ignored.
pub fn preferences(accept_encoding: Option<&str>) -> Vec<Coding> {
    let mut brotli = None;
    let mut gzip = None;
    let mut any = None;
    for entry in accept_encoding.unwrap_or_default().split(',') {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let mut quality = Some(1.0);
        for parameter in parts {
            if let Some((key, value)) = parameter.split_once('=') {
                if key.trim().eq_ignore_ascii_case("q") {
                    quality = value
                        .trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|q| (0.0..=1.0).contains(q));
                }
            }
        }
        let Some(quality) = quality else { continue };
        match name.as_str() {
            "br" => brotli = Some(quality),
            "gzip" | "x-gzip" => gzip = Some(quality),
            "*" => any = Some(quality),
            _ => {}
        }
    }
    let brotli = brotli.or(any).unwrap_or(0.0);
    let gzip = gzip.or(any).unwrap_or(0.0);
    let mut codings = Vec::with_capacity(3);
    if brotli > 0.0 && brotli >= gzip {
        codings.push(Coding::Brotli);
    }
    if gzip > 0.0 {
        codings.push(Coding::Gzip);
    }
    if brotli > 0.0 && brotli < gzip {
        codings.push(Coding::Brotli);
    }
    codings.push(Coding::Identity);
    codings
}

/// Whether a file of `mime` is worth compressing.
pub fn is_compressible(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    COMPRESSIBLE.contains(&essence)
}

/// Whether the file name holds a content hash, as bundlers write them (`index-4f3a9c1b.js`,
/// `app.3b9d0c2e.css`, Vite's `kyc_precheck_bg-B7xK2mQa.wasm`): the last `-` or `.`
/// separated part of the name before its extension is 8 to 64 letters, digits or `_`,
/// with at least one digit and one letter. A hash that this misses (one without a digit,
/// or with a `-` inside) only costs a revalidation; a word is never taken for a hash
/// unless it mixes letters and digits.
pub fn is_content_hashed(path: &Path) -> bool {
    let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else {
        return false;
    };
    let Some((_, part)) = stem.rsplit_once(['-', '.']) else {
        return false;
    };
    (8..=64).contains(&part.len())
        && part
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
        && part.bytes().any(|byte| byte.is_ascii_digit())
        && part.bytes().any(|byte| byte.is_ascii_alphabetic())
}

/// A file's version: its size and modification time, which is what the `ETag` and the
/// compressed copies are keyed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    /// Bytes.
    pub size: u64,
    /// Nanoseconds since the epoch (0 where the platform has no modification time).
    pub modified: u128,
}

impl Version {
    /// The version of a file from its metadata.
    pub fn of(info: &std::fs::Metadata) -> Version {
        let modified = info
            .modified()
            .ok()
            .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos());
        Version {
            size: info.len(),
            modified,
        }
    }

    /// The strong `ETag` of this version sent in `coding`: each coding is its own
    /// representation, so each has its own tag.
    pub fn etag(self, coding: Coding) -> String {
        let suffix = coding
            .token()
            .map_or(String::new(), |token| format!("-{token}"));
        format!("\"{:x}-{:x}{suffix}\"", self.size, self.modified)
    }
}

/// Whether `if_none_match` names `etag` (weak comparison, as RFC 9110, 13.1.2 asks for
/// `If-None-Match`; `*` names any).
pub fn none_match_names(if_none_match: &str, etag: &str) -> bool {
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    if_none_match
        .split(',')
        .any(|tag| tag.trim() == "*" || bare(tag) == bare(etag))
}

/// The compressed copies of the files served, kept until the file's [`Version`] changes.
/// gzip is made on the request that first asks (level 9 takes a tenth of a second for the
/// package's wasm); brotli at quality 11 takes many seconds for it, so it is made on a
/// thread of its own while the requests meanwhile get the next coding they accept. The
/// served folders are the repository's few files, so the map stays small.
#[derive(Default)]
pub struct Compressed {
    copies: Arc<Mutex<Copies>>,
}

/// Each file's copy in each coding, with the version it is made from; `None` while a
/// brotli copy is being made.
type Copies = HashMap<(PathBuf, Coding), (Version, Option<Arc<Vec<u8>>>)>;

impl Compressed {
    /// `file`'s bytes in `coding` (not identity) for `version`: the kept copy, or a new
    /// one; `None` while the brotli copy is being made, or if the file cannot be read or
    /// has changed meanwhile (the next request compresses the new one).
    pub fn get(&self, file: &Path, version: Version, coding: Coding) -> Option<Arc<Vec<u8>>> {
        let key = (file.to_path_buf(), coding);
        {
            let mut copies = lock(&self.copies);
            match copies.get(&key) {
                Some((kept, bytes)) if *kept == version => return bytes.clone(),
                _ if coding == Coding::Brotli => {
                    copies.insert(key.clone(), (version, None));
                }
                _ => {}
            }
        }
        if coding != Coding::Brotli {
            let bytes = Arc::new(compressed(file, version, coding)?);
            lock(&self.copies).insert(key, (version, Some(Arc::clone(&bytes))));
            return Some(bytes);
        }
        let copies = Arc::clone(&self.copies);
        let file = file.to_path_buf();
        let made = std::thread::Builder::new()
            .name("sandbox-brotli".to_owned())
            .spawn(move || {
                let bytes = compressed(&file, version, coding).map(Arc::new);
                let mut copies = lock(&copies);
                match bytes {
                    Some(bytes) => copies.insert((file, coding), (version, Some(bytes))),
                    // Asked again, it is tried again.
                    None => copies.remove(&(file, coding)),
                };
            });
        if made.is_err() {
            lock(&self.copies).remove(&key);
        }
        None
    }
}

fn lock(copies: &Mutex<Copies>) -> std::sync::MutexGuard<'_, Copies> {
    copies.lock().unwrap_or_else(|e| e.into_inner())
}

/// `file` of `version` in `coding`; `None` if it cannot be read or is not `version` any
/// more.
fn compressed(file: &Path, version: Version, coding: Coding) -> Option<Vec<u8>> {
    let original = std::fs::read(file).ok()?;
    if original.len() as u64 != version.size {
        return None;
    }
    compress(&original, coding).ok()
}

/// `bytes` in `coding`.
fn compress(bytes: &[u8], coding: Coding) -> std::io::Result<Vec<u8>> {
    match coding {
        Coding::Identity => Ok(bytes.to_vec()),
        Coding::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(bytes)?;
            encoder.finish()
        }
        Coding::Brotli => {
            let mut out = Vec::new();
            let parameters = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &bytes[..], &mut out, &parameters)?;
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_codings_by_q_value() {
        use Coding::{Brotli, Gzip, Identity};
        for (header, codings) in [
            (None, &[Identity][..]),
            (Some(""), &[Identity]),
            (Some("gzip, deflate, br, zstd"), &[Brotli, Gzip, Identity]),
            (Some("gzip, deflate"), &[Gzip, Identity]),
            (Some("br;q=0.5, gzip"), &[Gzip, Brotli, Identity]),
            (Some("br;q=0, gzip;q=0.1"), &[Gzip, Identity]),
            (Some("BR; Q=0.9, GZIP;q=0.9"), &[Brotli, Gzip, Identity]),
            (Some("*"), &[Brotli, Gzip, Identity]),
            (Some("br;q=0, *;q=0.3"), &[Gzip, Identity]),
            (Some("gzip;q=0, br;q=0"), &[Identity]),
            (Some("identity, deflate"), &[Identity]),
            // A q that is no number in [0, 1] drops its entry, not the header.
            (Some("br;q=2, gzip;q=0.5"), &[Gzip, Identity]),
            (Some("br;q=x, gzip"), &[Gzip, Identity]),
            (Some("*;q=0"), &[Identity]),
        ] {
            assert_eq!(preferences(header), codings, "{header:?}");
        }
    }

    #[test]
    fn compresses_text_and_wasm_not_images() {
        for mime in [
            "text/html; charset=utf-8",
            "text/javascript; charset=utf-8",
            "text/css; charset=utf-8",
            "application/json; charset=utf-8",
            "application/wasm",
            "image/svg+xml",
        ] {
            assert!(is_compressible(mime), "{mime}");
        }
        for mime in ["image/png", "image/jpeg", "application/octet-stream"] {
            assert!(!is_compressible(mime), "{mime}");
        }
    }

    #[test]
    fn tells_hashed_names_from_words() {
        for name in [
            "assets/index-4f3a9c1b.js",
            "app.3b9d0c2e.css",
            "assets/kyc_precheck_bg-B7xK2mQa.wasm",
            "chunk-0a1b2c3d4e5f6a7b8c9d.js",
        ] {
            assert!(is_content_hashed(Path::new(name)), "{name}");
        }
        for name in [
            "www/demo.js",
            "www/demo-texts.js",
            "pkg/kyc_precheck_bg.wasm",
            "shell-terminal.js",
            "photos-12345678.jpg.md",
            "a-12345678.js",
            "v-2026.12.01.js",
            "index.html",
        ] {
            // `photos-12345678.jpg.md`: the part before `.md` is `jpg`; `a-12345678`: no letter.
            assert!(!is_content_hashed(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn etags_differ_by_version_and_coding() {
        let version = Version {
            size: 855_528,
            modified: 1_700_000_000_123_456_789,
        };
        let identity = version.etag(Coding::Identity);
        assert_eq!(identity, "\"d0de8-17979cfe3d85cd15\"");
        assert_eq!(
            version.etag(Coding::Gzip),
            "\"d0de8-17979cfe3d85cd15-gzip\""
        );
        assert_ne!(
            identity,
            Version {
                modified: version.modified + 1,
                ..version
            }
            .etag(Coding::Identity)
        );
        assert!(none_match_names(&identity, &identity));
        assert!(none_match_names(&format!("\"x\", W/{identity}"), &identity));
        assert!(none_match_names("*", &identity));
        assert!(!none_match_names(&version.etag(Coding::Brotli), &identity));
        assert!(!none_match_names("", &identity));
    }

    #[test]
    fn compressed_copies_decompress_to_the_file() {
        use std::io::Read;
        let text = "kyc-precheck ".repeat(1000);
        let gzip = compress(text.as_bytes(), Coding::Gzip).expect("gzip");
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_string(&mut back)
            .expect("gunzip");
        assert_eq!(back, text);
        let brotli = compress(text.as_bytes(), Coding::Brotli).expect("brotli");
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &brotli[..], &mut back).expect("unbrotli");
        assert_eq!(back, text.as_bytes());
        assert!(gzip.len() < text.len() / 10 && brotli.len() < text.len() / 10);
    }
}
