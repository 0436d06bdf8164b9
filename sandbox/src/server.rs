//! The server: one thread accepts, one thread per request answers.

use crate::clock;
use crate::config::Config;
use crate::control::{self, FailSwitch};
use crate::credentials::authorize;
use crate::http::{parse_query, Answer, Body, Call, COMMON_HEADERS, MAX_BODY_BYTES};
use crate::providers::{self, oy, quantum_elixir, Target};
use crate::request_log::{Entry, RequestLog};
use crate::statics;
use std::io::{Cursor, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use tiny_http::{Header, Response, Server, StatusCode};

/// The most requests answered at once; past it the sandbox answers 503 at once instead of
/// starting another thread.
pub const MAX_IN_FLIGHT: usize = 256;

/// What every request handler shares.
pub struct Shared {
    /// The settings.
    pub config: Config,
    /// The request log.
    pub log: RequestLog,
    /// `/__sandbox/fail-next`.
    pub fail_next: FailSwitch,
    /// Quantum Elixir's 30/min limit, per API key.
    pub quantum_elixir: quantum_elixir::RateLimiter,
    /// OY's key and remembered results.
    pub oy: oy::State,
    in_flight: AtomicUsize,
}

/// A running sandbox. Dropping it stops accepting requests.
pub struct Sandbox {
    port: u16,
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// The port it listens on, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Blocks for as long as the server runs.
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Loads OY's key, binds 127.0.0.1:`config.port` and starts answering.
///
/// # Errors
///
/// A message when the OY key cannot be read or the port cannot be bound.
pub fn start(config: Config) -> Result<Sandbox, String> {
    let oy = oy::State::new(&config)?;
    let server = Server::http(("127.0.0.1", config.port))
        .map_err(|error| format!("cannot listen on 127.0.0.1:{}: {error}", config.port))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|address| address.port())
        .ok_or("the listener has no IP address")?;
    let shared = Arc::new(Shared {
        config,
        log: RequestLog::default(),
        fail_next: FailSwitch::default(),
        quantum_elixir: quantum_elixir::RateLimiter::default(),
        oy,
        in_flight: AtomicUsize::new(0),
    });
    let server = Arc::new(server);
    let accepting = Arc::clone(&server);
    let thread = std::thread::Builder::new()
        .name("sandbox-accept".to_owned())
        .spawn(move || {
            for request in accepting.incoming_requests() {
                if shared.in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
                    shared.in_flight.fetch_sub(1, Ordering::SeqCst);
                    let _ = send(request, Answer::text(503, "Too many requests in flight\n"));
                    continue;
                }
                let spawned = std::thread::Builder::new()
                    .name("sandbox-request".to_owned())
                    .spawn({
                        let shared = Arc::clone(&shared);
                        move || {
                            handle(&shared, request);
                            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
                        }
                    });
                if spawned.is_err() {
                    shared.in_flight.fetch_sub(1, Ordering::SeqCst);
                }
            }
        })
        .map_err(|error| format!("cannot start the server thread: {error}"))?;
    Ok(Sandbox {
        port,
        server,
        thread: Some(thread),
    })
}

fn handle(shared: &Arc<Shared>, mut request: tiny_http::Request) {
    let received = clock::unix_millis();
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let mut call = Call {
        method: request.method().as_str().to_owned(),
        path: path.to_owned(),
        query: parse_query(query),
        headers: request
            .headers()
            .iter()
            .map(|header| {
                (
                    header.field.as_str().as_str().to_ascii_lowercase(),
                    header.value.as_str().to_owned(),
                )
            })
            .collect(),
        body: Vec::new(),
    };
    let mut entry = None;
    let mut answer = if call.path.starts_with("/__sandbox/") {
        control::handle(shared, &call)
    } else if let Some(target) = providers::find(&call.path) {
        let mut logged = Entry {
            method: call.method.clone(),
            path: call.path.clone(),
            provider: target.provider,
            endpoint: target.route.map(|route| route.endpoint),
            time: clock::iso(received),
            status: None,
            provider_code: None,
            decrypted: None,
            forced: false,
            relayed: false,
            direction: "inbound",
            error: None,
        };
        let answer = provider_request(shared, &mut call, &mut request, &target, &mut logged);
        if !shared.config.latency.is_zero() {
            std::thread::sleep(shared.config.latency);
        }
        entry = Some(logged);
        answer
    } else {
        statics::serve(&shared.config.root, &call.method, &call.path)
    };
    let status = answer.status;
    let after = answer.after.take();
    if let Some(mut entry) = entry {
        entry.status = Some(status);
        entry.provider_code = answer.provider_code.take().map(String::from);
        entry.decrypted = answer.decrypted.take().map(|decrypted| *decrypted);
        shared.log.push(entry);
    }
    if shared.config.print_requests {
        // Method, path and status only: the query and body may carry personal data. Printed
        // before the answer is sent, so that lines come in the order clients see answers.
        let _ = writeln!(
            std::io::stdout().lock(),
            "{} {} {status}",
            call.method,
            call.path
        );
    }
    let _ = send(request, answer);
    if let Some(after) = after {
        after();
    }
}

fn provider_request(
    shared: &Arc<Shared>,
    call: &mut Call,
    request: &mut tiny_http::Request,
    target: &Target,
    entry: &mut Entry,
) -> Answer {
    let Some(route) = target.route else {
        return Answer::error(404, "not_found", "Not Found – URL is not available.", &[]);
    };
    if call.method != "POST" {
        return Answer::error(405, "method_not_allowed", "use POST", &[])
            .with_header("Allow", "POST");
    }
    match read_body(request) {
        Ok(body) => call.body = body,
        Err(answer) => return answer,
    }
    if let Some(forced) = shared.fail_next.take() {
        entry.forced = true;
        if let Some(answer) = control::forced_answer(&forced) {
            return answer;
        }
    }
    let principal = match authorize(route.credentials, call, shared.config.relay) {
        Ok(principal) => principal,
        Err(answer) => return answer,
    };
    entry.relayed = principal.relayed;
    (route.handle)(shared, call, &principal)
}

fn read_body(request: &mut tiny_http::Request) -> Result<Vec<u8>, Answer> {
    let too_large = || {
        Answer::error(
            413,
            "payload_too_large",
            &format!("the body may be at most {MAX_BODY_BYTES} bytes"),
            &[],
        )
    };
    if request
        .body_length()
        .is_some_and(|length| length > MAX_BODY_BYTES)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|_| Answer::error(400, "bad_request", "the body could not be read", &[]))?;
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    Ok(body)
}

fn send(request: tiny_http::Request, answer: Answer) -> std::io::Result<()> {
    let headers: Vec<Header> = COMMON_HEADERS
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned()))
        .chain(answer.headers)
        .filter_map(|(name, value)| Header::from_bytes(name.as_bytes(), value.as_bytes()).ok())
        .collect();
    let status = StatusCode(answer.status);
    match answer.body {
        Body::Bytes(bytes) => {
            let length = bytes.len();
            request.respond(
                Response::new(status, headers, Cursor::new(bytes), Some(length), None)
                    // Always Content-Length, never chunked, as serve.mjs sends it.
                    .with_chunked_threshold(usize::MAX),
            )
        }
        Body::File(file, length) => request.respond(
            Response::new(status, headers, file, usize::try_from(length).ok(), None)
                .with_chunked_threshold(usize::MAX),
        ),
    }
}
