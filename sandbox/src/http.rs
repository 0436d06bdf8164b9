//! A request as the handlers see it, an answer as they write it, and the headers every
//! answer carries.

use serde::Serialize;
use std::fs::File;

/// The Content-Security-Policy of `scripts/serve.mjs`, sent with every answer: anything
/// the package needs beyond `'wasm-unsafe-eval'` shows up as a violation in the tests.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Headers on every answer, as `scripts/serve.mjs` sends them (the server adds them to
/// each answer before its own).
pub const COMMON_HEADERS: &[(&str, &str)] = &[
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    // The providers' answers are never cached; a static file sets its own (the
    // `delivery` module), which replaces this one.
    ("Cache-Control", "no-store"),
];

/// The largest request body read, in bytes (16 MiB); a larger declared `Content-Length`
/// is refused with 413 before anything is read.
///
/// The largest legitimate body is Kredibel's: its two photos at the page's upper bounds as
/// the sandbox reads them (4 MiB + 2 MiB = 6,291,456 bytes) are 8,388,608 bytes of
/// base64, plus a few hundred bytes of other fields. Twice that leaves room for a client
/// that pads its JSON; nothing legitimate comes close to it.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// One request.
#[derive(Debug, Default)]
pub struct Call {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as sent (not decoded), without the query.
    pub path: String,
    /// The query's pairs, decoded.
    pub query: Vec<(String, String)>,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Call {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The first value of query parameter `name`.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What an answer's body is.
pub enum Body {
    /// Bytes in memory.
    Bytes(Vec<u8>),
    /// A file streamed from disk, with its length.
    File(File, u64),
}

/// Work to do once the answer has been sent (OY's callback).
pub type After = Box<dyn FnOnce() + Send>;

/// One answer, with what the request log should record about it.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// Headers (the server puts [`COMMON_HEADERS`] before them).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
    /// The provider's own status code, for the log (TD's `code`, OY's `status.code`, …).
    pub provider_code: Option<Box<str>>,
    /// OY: what the encrypted fields decrypted to, for the log.
    pub decrypted: Option<Box<serde_json::Value>>,
    /// Work to do after the answer is sent.
    pub after: Option<After>,
}

impl Answer {
    /// An answer with `body` of `content_type`.
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", content_type.to_owned())],
            body: Body::Bytes(body),
            provider_code: None,
            decrypted: None,
            after: None,
        }
    }

    /// A JSON answer, the fields in the order `value` declares them.
    pub fn json<T: Serialize>(status: u16, value: &T) -> Answer {
        let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
        Answer::new(status, "application/json", body)
    }

    /// A plain-text answer.
    pub fn text(status: u16, text: &str) -> Answer {
        Answer::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    /// The JSON error body the sandbox uses where a provider documents none:
    /// `{"error": kind, "message": message, "fields": [...]}`.
    pub fn error(status: u16, kind: &str, message: &str, fields: &[String]) -> Answer {
        Answer::json(
            status,
            &ErrorBody {
                error: kind,
                message,
                fields,
            },
        )
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Answer {
        self.headers.push((name, value.into()));
        self
    }

    /// Records the provider's own code for the log.
    pub fn with_code(mut self, code: impl Into<String>) -> Answer {
        self.provider_code = Some(code.into().into_boxed_str());
        self
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    fields: &'a [String],
}

/// Decodes `%XX` escapes once. `None` for a malformed escape or a result that is not
/// UTF-8, which no servable path or meaningful parameter can be.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = bytes.get(index + 1..index + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The pairs of a query string (`a=1&b=two+words`); malformed pairs are skipped.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(&key.replace('+', " "))?;
            let value = percent_decode(&value.replace('+', " "))?;
            Some((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_once_and_refuses_malformed_escapes() {
        assert_eq!(percent_decode("/www/a%20b").as_deref(), Some("/www/a b"));
        assert_eq!(percent_decode("%252e").as_deref(), Some("%2e"));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
    }

    #[test]
    fn reads_query_pairs() {
        let pairs = parse_query("partner_code=a+b&partner_key=%41&flag&bad=%zz");
        assert_eq!(
            pairs,
            vec![
                ("partner_code".to_owned(), "a b".to_owned()),
                ("partner_key".to_owned(), "A".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
    }
}
