//! HTTP/1.1 on one TCP connection, with every bound the sandbox's own.
//!
//! What a client can make the sandbox spend is bounded before it is spent:
//! - the request head (request line and headers) is at most [`Limits::max_head_bytes`] and
//!   [`MAX_HEADERS`] lines, else **431**; it must arrive whole within
//!   [`Limits::head_timeout`] of its first byte, else **408** (a client dribbling one byte
//!   at a time cannot hold a connection for longer);
//! - a declared `Content-Length` over [`Limits::max_body_bytes`] is **413** before a byte
//!   of the body is read; a body is read in fixed-size chunks as it arrives, never into a
//!   buffer sized from the declared length, within [`Limits::body_timeout`] plus the
//!   declared length at [`Limits::min_body_bytes_per_second`] (a phone on Slow 3G sends
//!   a 4.8 MB body in about 100 s);
//! - a `Transfer-Encoding` body is **411** (Length Required): browsers and the tests send
//!   a `Content-Length`, and a test server need not decode chunks;
//! - between requests a kept-alive connection waits at most [`Limits::idle_timeout`].
//!
//! After a refusal the connection is closed: the answer is written, the write side shut,
//! and what the client is still sending is read and dropped for a moment (at most
//! [`LINGER_BYTES`] bytes or [`LINGER_TIME`]) so that the client reads the answer rather
//! than a reset.

use crate::http::{Answer, Body};
use std::io::{self, BufWriter, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The most header lines in one request head.
pub const MAX_HEADERS: usize = 100;
/// After a refusal, the most bytes read and dropped before closing.
pub const LINGER_BYTES: usize = 1024 * 1024;
/// After a refusal, the longest wait for the client to stop sending.
pub const LINGER_TIME: Duration = Duration::from_millis(500);
/// A write that makes no progress for this long ends the connection.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
const CHUNK: usize = 64 * 1024;

/// The bounds on what one connection may send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The request line and headers, in bytes.
    pub max_head_bytes: usize,
    /// A request body, in bytes.
    pub max_body_bytes: usize,
    /// From the first byte of a request to the end of its head.
    pub head_timeout: Duration,
    /// From the end of a head to the end of its body, besides the time its length takes
    /// at [`min_body_bytes_per_second`](Self::min_body_bytes_per_second).
    pub body_timeout: Duration,
    /// The slowest upload a body is allowed to arrive at, on top of `body_timeout`.
    pub min_body_bytes_per_second: u64,
    /// Waiting for the next request on a kept-alive connection, or for the next piece of a
    /// body.
    pub idle_timeout: Duration,
}

impl Limits {
    /// The time a body of `length` bytes may take to arrive, from the end of its head.
    pub fn body_allowance(&self, length: usize) -> Duration {
        let rate = self.min_body_bytes_per_second.max(1);
        let millis = (length as u64).saturating_mul(1000).div_ceil(rate);
        self.body_timeout + Duration::from_millis(millis)
    }
}

/// One request as read from the connection.
#[derive(Debug)]
pub struct Incoming {
    /// `GET`, `POST`, …
    pub method: String,
    /// The request target as sent: a path and maybe a query.
    pub target: String,
    /// Headers in the order sent, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body (empty without a `Content-Length`).
    pub body: Vec<u8>,
    /// False when the client asked to close after this request (or spoke HTTP/1.0).
    pub keep_alive: bool,
    /// Set when the head was read but the body is refused unread (413, 411, 417): answer
    /// this status and close.
    pub refused: Option<(u16, &'static str)>,
}

/// Why no request came.
#[derive(Debug)]
pub enum Refusal {
    /// The client closed, went quiet before sending anything, or the socket failed:
    /// nothing to answer.
    Gone,
    /// Answer this status (with this explanation) and close.
    Status(u16, &'static str),
}

/// One client connection.
pub struct Connection {
    stream: TcpStream,
    /// Bytes read past the end of the last request (the start of the next one).
    pending: Vec<u8>,
}

impl Connection {
    /// Wraps an accepted stream.
    pub fn new(stream: TcpStream) -> Connection {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        Connection {
            stream,
            pending: Vec::new(),
        }
    }

    /// Reads the next request.
    ///
    /// # Errors
    ///
    /// [`Refusal::Gone`] when there is nothing to answer, else the status to answer
    /// before closing.
    pub fn next_request(&mut self, limits: &Limits) -> Result<Incoming, Refusal> {
        let (head, consumed) = self.read_head(limits)?;
        let mut request = parse_head(&head)?;
        self.pending.drain(..consumed);
        match self.read_declared_body(&request.headers, limits) {
            Ok(body) => request.body = body,
            Err(Refusal::Status(status, why)) if matches!(status, 411 | 413 | 417) => {
                request.refused = Some((status, why));
                request.keep_alive = false;
            }
            Err(refusal) => return Err(refusal),
        }
        Ok(request)
    }

    /// The body the headers declare, judged before anything is read.
    fn read_declared_body(
        &mut self,
        headers: &[(String, String)],
        limits: &Limits,
    ) -> Result<Vec<u8>, Refusal> {
        let length = body_length(headers, limits.max_body_bytes)?;
        if length == 0 {
            return Ok(Vec::new());
        }
        let expects = header(headers, "expect").map(str::to_ascii_lowercase);
        match expects.as_deref() {
            None => {}
            Some("100-continue") if self.pending.is_empty() => {
                self.stream
                    .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                    .map_err(|_| Refusal::Gone)?;
            }
            Some("100-continue") => {}
            Some(_) => return Err(Refusal::Status(417, "only 100-continue is expected")),
        }
        self.read_body(length, limits)
    }

    /// Reads until the end of a head: the head's bytes (without the blank line) and how
    /// many bytes of `pending` it took.
    fn read_head(&mut self, limits: &Limits) -> Result<(Vec<u8>, usize), Refusal> {
        let mut deadline = None;
        let mut searched = 0;
        loop {
            // Blank lines before a request line are ignored (RFC 9112, 2.2).
            let blank = self
                .pending
                .iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count();
            if blank > 0 {
                self.pending.drain(..blank);
                searched = 0;
            }
            if !self.pending.is_empty() && deadline.is_none() {
                deadline = Some(Instant::now() + limits.head_timeout);
            }
            if let Some((end, consumed)) = head_end(&self.pending, searched) {
                if end > limits.max_head_bytes {
                    return Err(Refusal::Status(431, "the request head is too large"));
                }
                return Ok((self.pending[..end].to_vec(), consumed));
            }
            if self.pending.len() > limits.max_head_bytes {
                return Err(Refusal::Status(431, "the request head is too large"));
            }
            searched = self.pending.len().saturating_sub(3);
            let wait = match deadline {
                None => limits.idle_timeout,
                Some(deadline) => deadline.saturating_duration_since(Instant::now()),
            };
            match self.fill(wait) {
                Ok(0) => return Err(Refusal::Gone),
                Ok(_) => {}
                Err(error) if is_timeout(&error) && deadline.is_some() => {
                    return Err(Refusal::Status(408, "the request head took too long"))
                }
                Err(_) => return Err(Refusal::Gone),
            }
        }
    }

    /// Reads `length` body bytes (some may already be pending).
    fn read_body(&mut self, length: usize, limits: &Limits) -> Result<Vec<u8>, Refusal> {
        let deadline = Instant::now() + limits.body_allowance(length);
        let from_pending = self.pending.len().min(length);
        let mut body: Vec<u8> = self.pending.drain(..from_pending).collect();
        let mut chunk = vec![0u8; CHUNK];
        while body.len() < length {
            let left = deadline.saturating_duration_since(Instant::now());
            let wait = left.min(limits.idle_timeout);
            if wait.is_zero() {
                return Err(Refusal::Status(408, "the request body took too long"));
            }
            self.stream
                .set_read_timeout(Some(wait))
                .map_err(|_| Refusal::Gone)?;
            let want = (length - body.len()).min(CHUNK);
            match self.stream.read(&mut chunk[..want]) {
                Ok(0) => return Err(Refusal::Gone),
                Ok(read) => body.extend_from_slice(&chunk[..read]),
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(error) if is_timeout(&error) => {
                    return Err(Refusal::Status(408, "the request body took too long"))
                }
                Err(_) => return Err(Refusal::Gone),
            }
        }
        Ok(body)
    }

    /// Reads what is available into `pending`, waiting at most `wait`.
    fn fill(&mut self, wait: Duration) -> io::Result<usize> {
        if wait.is_zero() {
            return Err(io::Error::from(ErrorKind::TimedOut));
        }
        self.stream.set_read_timeout(Some(wait))?;
        let mut chunk = [0u8; 4096];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(read) => {
                    self.pending.extend_from_slice(&chunk[..read]);
                    return Ok(read);
                }
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }

    /// Writes `answer`; without its body when `head_only` (HEAD); with `Connection: close`
    /// when `close`.
    ///
    /// # Errors
    ///
    /// When the client stops reading or goes away.
    pub fn send(&mut self, answer: Answer, head_only: bool, close: bool) -> io::Result<()> {
        let status = answer.status;
        // 1xx, 204 and 304 have no body and no Content-Length (RFC 9110, 8.6).
        let bodiless = status < 200 || status == 204 || status == 304;
        let length = match &answer.body {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, length) => *length,
        };
        let mut out = BufWriter::with_capacity(CHUNK, &self.stream);
        write!(out, "HTTP/1.1 {status} {}\r\n", reason(status))?;
        for (name, value) in &answer.headers {
            // A value with a line break would split the head; none is ever built, but a
            // header is dropped rather than sent broken.
            if !value.contains(['\r', '\n']) {
                write!(out, "{name}: {value}\r\n")?;
            }
        }
        if !bodiless {
            write!(out, "Content-Length: {length}\r\n")?;
        }
        if close {
            out.write_all(b"Connection: close\r\n")?;
        }
        out.write_all(b"\r\n")?;
        if !head_only && !bodiless {
            match answer.body {
                Body::Bytes(bytes) => out.write_all(&bytes)?,
                Body::File(file, length) => {
                    let copied = io::copy(&mut file.take(length), &mut out)?;
                    if copied != length {
                        return Err(io::Error::from(ErrorKind::UnexpectedEof));
                    }
                }
            }
        }
        out.flush()
    }

    /// Closes after a refusal: shuts the write side, then reads and drops what the client
    /// is still sending for a moment, so that its read sees the answer, not a reset.
    pub fn linger(mut self) {
        let _ = self.stream.shutdown(Shutdown::Write);
        let deadline = Instant::now() + LINGER_TIME;
        let mut dropped = 0;
        let mut chunk = [0u8; 4096];
        while dropped < LINGER_BYTES {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
                break;
            }
            match self.stream.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(read) => dropped += read,
            }
        }
    }
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// Where the head in `bytes` ends (a blank line, CRLF or bare LF line endings), searching
/// from `from`: the head's length and the bytes it takes with its blank line.
fn head_end(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut index = from;
    while index < bytes.len() {
        if bytes[index] == b'\n' {
            let rest = &bytes[index + 1..];
            if rest.starts_with(b"\n") {
                return Some((index, index + 2));
            }
            if rest.starts_with(b"\r\n") {
                return Some((index, index + 3));
            }
        }
        index += 1;
    }
    None
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// A token character (RFC 9110, 5.6.2).
fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// The request line and headers of `head`.
fn parse_head(head: &[u8]) -> Result<Incoming, Refusal> {
    let bad = |why| Refusal::Status(400, why);
    let text = std::str::from_utf8(head).map_err(|_| bad("the request head is not UTF-8"))?;
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("the request line is not METHOD TARGET VERSION"));
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(bad("the method is not a token"));
    }
    // Origin-form only, visible ASCII only: no control characters reach a path.
    if !target.starts_with('/') || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad("the request target is not a path"));
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ if version.starts_with("HTTP/") => {
            return Err(Refusal::Status(
                505,
                "only HTTP/1.1 and HTTP/1.0 are spoken",
            ))
        }
        _ => return Err(bad("the request line has no HTTP version")),
    };
    let mut headers = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            return Err(bad("folded header lines are not accepted"));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad("a header line has no colon"))?;
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(bad("a header name is not a token"));
        }
        if headers.len() == MAX_HEADERS {
            return Err(Refusal::Status(431, "too many header lines"));
        }
        headers.push((
            name.to_ascii_lowercase(),
            value.trim_matches([' ', '\t']).to_owned(),
        ));
    }
    let close = header(&headers, "connection").is_some_and(|value| {
        value
            .split(',')
            .any(|token| token.trim().eq_ignore_ascii_case("close"))
    });
    Ok(Incoming {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: Vec::new(),
        keep_alive: http11 && !close,
        refused: None,
    })
}

/// The declared body length, judged before anything is read.
fn body_length(headers: &[(String, String)], max: usize) -> Result<usize, Refusal> {
    if header(headers, "transfer-encoding").is_some() {
        return Err(Refusal::Status(
            411,
            "send the body with a Content-Length, not a Transfer-Encoding",
        ));
    }
    let mut declared = None;
    for (_, value) in headers.iter().filter(|(name, _)| name == "content-length") {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Refusal::Status(400, "Content-Length is not a number"));
        }
        // More digits than any bound can need: too large, whatever the number.
        let length = value.parse::<u64>().unwrap_or(u64::MAX);
        if declared.is_some_and(|earlier| earlier != length) {
            return Err(Refusal::Status(
                400,
                "Content-Length is given twice, differently",
            ));
        }
        declared = Some(length);
    }
    match declared {
        None => Ok(0),
        Some(length) if length > max as u64 => Err(Refusal::Status(
            413,
            "the body is larger than the sandbox reads",
        )),
        Some(length) => Ok(length as usize),
    }
}

/// The reason phrase of the statuses the sandbox sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        417 => "Expectation Failed",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_allowed_its_length_at_the_slowest_upload_rate() {
        let limits = crate::Config::default().limits();
        assert_eq!(limits.body_allowance(0), Duration::from_secs(60));
        // The Slow 3G test's 4,818,200-byte body: about 96 s at 50 KB/s, allowed 361 s.
        assert_eq!(
            limits.body_allowance(4_818_200),
            Duration::from_millis(361_138)
        );
    }

    #[test]
    fn every_status_the_statics_send_has_its_own_reason_phrase() {
        // A revisit's 304 went out as "304 Status", the fallback for a status not listed.
        for status in [200, 204, 301, 302, 304, 404, 405, 431] {
            assert_ne!(reason(status), reason(599), "{status}");
        }
    }

    fn parsed(head: &str) -> Result<Incoming, Refusal> {
        parse_head(head.as_bytes())
    }

    fn status(result: Result<impl std::fmt::Debug, Refusal>) -> u16 {
        match result {
            Err(Refusal::Status(status, _)) => status,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn reads_a_head_with_either_line_ending() {
        let request =
            parsed("POST /td/?a=1 HTTP/1.1\r\nHost: x\r\nContent-Type:  a/b \r").expect("valid");
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/td/?a=1");
        assert_eq!(
            request.headers,
            [
                ("host".to_owned(), "x".to_owned()),
                ("content-type".to_owned(), "a/b".to_owned())
            ]
        );
        assert!(request.keep_alive);
        assert!(!parsed("GET / HTTP/1.0").expect("valid").keep_alive);
        assert!(
            !parsed("GET / HTTP/1.1\nConnection: keep-alive, Close")
                .expect("valid")
                .keep_alive
        );
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nrest", 0), Some((15, 18)));
        assert_eq!(head_end(b"GET / HTTP/1.1\n\nrest", 0), Some((14, 16)));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n", 0), None);
    }

    #[test]
    fn refuses_malformed_heads() {
        for head in [
            "GET",
            "GET /  HTTP/1.1",
            "GET http://example.com/ HTTP/1.1",
            "G(T / HTTP/1.1",
            "GET /a\u{7f} HTTP/1.1",
            "GET / HTTP/1.1\r\n folded",
            "GET / HTTP/1.1\r\nno colon",
            "GET / HTTP/1.1\r\nbad name: x",
            "GET / FTP/1.1",
        ] {
            assert_eq!(status(parsed(head)), 400, "{head:?}");
        }
        assert_eq!(status(parsed("GET / HTTP/2.0")), 505);
        let many = format!("GET / HTTP/1.1{}", "\r\na: b".repeat(MAX_HEADERS + 1));
        assert_eq!(status(parsed(&many)), 431);
    }

    #[test]
    fn judges_the_declared_length_before_reading() {
        let headers = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect()
        };
        let max = 16;
        assert_eq!(body_length(&headers(&[]), max).ok(), Some(0));
        assert_eq!(
            body_length(&headers(&[("content-length", "16")]), max).ok(),
            Some(16)
        );
        for (value, expected) in [
            ("17", 413),
            ("1000000000000", 413),
            ("9223372036854775808", 413),
            ("99999999999999999999999999", 413),
            ("-1", 400),
            ("1e3", 400),
            ("", 400),
        ] {
            assert_eq!(
                status(body_length(&headers(&[("content-length", value)]), max)),
                expected,
                "{value:?}"
            );
        }
        let twice = headers(&[("content-length", "3"), ("content-length", "4")]);
        assert_eq!(status(body_length(&twice, max)), 400);
        let chunked = headers(&[("transfer-encoding", "chunked")]);
        assert_eq!(status(body_length(&chunked, max)), 411);
    }
}
