//! The server: one thread accepts, one thread per connection (at most
//! [`Config::max_connections`] at once) reads its requests with the bounds of
//! [`crate::wire`] and answers them in turn.
//!
//! Past the connection limit the accepting thread waits for a connection to end before it
//! accepts another, so further clients wait in the listen queue rather than being refused;
//! every connection ends within its timeouts, so the wait is bounded too.

use crate::clock;
use crate::config::Config;
use crate::control::{self, FailSwitch};
use crate::credentials::authorize;
use crate::delivery::Compressed;
use crate::http::{parse_query, Answer, Call};
use crate::providers::{self, oy, quantum_elixir, Target};
use crate::request_log::{Entry, RequestLog};
use crate::statics;
use crate::wire::{Connection, Refusal};
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Each connection thread's stack: the handlers keep bodies on the heap, and nothing
/// recurses deeply (serde_json stops at 128 levels).
const CONNECTION_STACK_BYTES: usize = 1024 * 1024;

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
    /// The open connections.
    pub connections: Arc<Slots>,
    /// The static files' compressed copies.
    pub compressed: Compressed,
}

/// A count of open connections with a ceiling. One thread takes slots (the accepting
/// one, after [`Slots::wait_for_room`]); any thread gives them back, by dropping its
/// [`SlotGuard`].
pub struct Slots {
    limit: usize,
    open: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    /// At most `limit` (at least 1) at once.
    pub fn new(limit: usize) -> Slots {
        Slots {
            limit: limit.max(1),
            open: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits (in `step`s, so that `stop` is noticed) until a slot is free; false once
    /// `stop` is set.
    pub fn wait_for_room(&self, stop: &AtomicBool, step: Duration) -> bool {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        while *open >= self.limit {
            if stop.load(Ordering::SeqCst) {
                return false;
            }
            open = self
                .freed
                .wait_timeout(open, step)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        !stop.load(Ordering::SeqCst)
    }

    /// Takes a slot (the caller has waited for room; only it takes slots).
    pub fn take(self: &Arc<Slots>) -> SlotGuard {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        SlotGuard {
            slots: Arc::clone(self),
        }
    }

    /// How many are open.
    pub fn open(&self) -> usize {
        *self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The ceiling.
    pub fn limit(&self) -> usize {
        self.limit
    }
}

/// A held slot, given back on drop.
pub struct SlotGuard {
    slots: Arc<Slots>,
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|e| e.into_inner());
        *open = open.saturating_sub(1);
        self.slots.freed.notify_one();
    }
}

/// A running sandbox. Dropping it stops accepting connections (those open end within
/// their timeouts).
pub struct Sandbox {
    port: u16,
    stop: Arc<AtomicBool>,
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
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread from accept(); it sees the flag and ends.
        let _ = TcpStream::connect_timeout(
            &SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)),
            Duration::from_secs(1),
        );
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
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
        .map_err(|error| format!("cannot listen on 127.0.0.1:{}: {error}", config.port))?;
    let port = listener
        .local_addr()
        .map_err(|error| format!("the listener has no address: {error}"))?
        .port();
    let shared = Arc::new(Shared {
        connections: Arc::new(Slots::new(config.max_connections)),
        config,
        log: RequestLog::default(),
        fail_next: FailSwitch::default(),
        quantum_elixir: quantum_elixir::RateLimiter::default(),
        oy,
        compressed: Compressed::default(),
    });
    let stop = Arc::new(AtomicBool::new(false));
    let thread = std::thread::Builder::new()
        .name("sandbox-accept".to_owned())
        .spawn({
            let stop = Arc::clone(&stop);
            move || accept(&listener, &shared, &stop)
        })
        .map_err(|error| format!("cannot start the server thread: {error}"))?;
    Ok(Sandbox {
        port,
        stop,
        thread: Some(thread),
    })
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>, stop: &AtomicBool) {
    // Room first: past the limit, clients wait in the listen queue.
    while shared
        .connections
        .wait_for_room(stop, Duration::from_millis(200))
    {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, say: wait a moment rather than spin.
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let slot = shared.connections.take();
        let shared_for_thread = Arc::clone(shared);
        let spawned = std::thread::Builder::new()
            .name("sandbox-connection".to_owned())
            .stack_size(CONNECTION_STACK_BYTES)
            .spawn(move || {
                serve_connection(&shared_for_thread, stream);
                drop(slot);
            });
        if spawned.is_err() {
            // No thread to be had: the stream and the slot went with the closure (closed
            // and given back); wait a moment before the next.
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn serve_connection(shared: &Arc<Shared>, stream: TcpStream) {
    let mut connection = Connection::new(stream);
    let limits = shared.config.limits();
    loop {
        match connection.next_request(&limits) {
            Ok(incoming) => {
                let keep_alive = incoming.keep_alive;
                let head_only = incoming.method == "HEAD";
                let (answer, after, line) = match incoming.refused {
                    // The body was refused unread: nothing to route, but a line to print.
                    Some((status, why)) => {
                        let path = incoming.target.split('?').next().unwrap_or_default();
                        let line = format!("{} {path} {status}", incoming.method);
                        (refusal(status, why), None, line)
                    }
                    None => answer(shared, incoming),
                };
                if shared.config.print_requests {
                    // Method, path and status only: the query and body may carry personal
                    // data. Printed before the answer is sent, so that lines come in the
                    // order clients see answers.
                    let _ = writeln!(std::io::stdout().lock(), "{line}");
                }
                let sent = connection.send(answer, head_only, !keep_alive);
                if let Some(after) = after {
                    after();
                }
                if sent.is_err() || !keep_alive {
                    connection.linger();
                    return;
                }
            }
            Err(Refusal::Gone) => return,
            Err(Refusal::Status(status, why)) => {
                let _ = connection.send(refusal(status, why), false, true);
                connection.linger();
                return;
            }
        }
    }
}

/// The answer to a request the connection refused to read: the JSON error body, after
/// the headers every answer carries.
fn refusal(status: u16, why: &str) -> Answer {
    let mut answer = Answer::error(status, "refused", why, &[]);
    answer.headers.splice(
        0..0,
        crate::http::COMMON_HEADERS
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned())),
    );
    answer
}

/// The answer to one request, the work to do once it is sent, and its stdout line.
fn answer(
    shared: &Arc<Shared>,
    incoming: crate::wire::Incoming,
) -> (Answer, Option<crate::http::After>, String) {
    let received = clock::unix_millis();
    let (path, query) = incoming
        .target
        .split_once('?')
        .unwrap_or((&incoming.target, ""));
    let call = Call {
        method: incoming.method.clone(),
        path: path.to_owned(),
        query: parse_query(query),
        headers: incoming.headers,
        body: incoming.body,
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
        let answer = provider_request(shared, &call, &target, &mut logged);
        if !shared.config.latency.is_zero() {
            std::thread::sleep(shared.config.latency);
        }
        entry = Some(logged);
        answer
    } else {
        statics::serve(&shared.config.root, &call, &shared.compressed)
    };
    let status = answer.status;
    let after = answer.after.take();
    if let Some(mut entry) = entry {
        entry.status = Some(status);
        entry.provider_code = answer.provider_code.take().map(String::from);
        entry.decrypted = answer.decrypted.take().map(|decrypted| *decrypted);
        shared.log.push(entry);
    }
    // A common header the answer sets itself (a static file's Cache-Control) is the
    // answer's.
    let common: Vec<_> = crate::http::COMMON_HEADERS
        .iter()
        .filter(|(name, _)| !answer.headers.iter().any(|(own, _)| own == name))
        .map(|(name, value)| (*name, (*value).to_owned()))
        .collect();
    answer.headers.splice(0..0, common);
    let line = format!("{} {} {status}", call.method, call.path);
    (answer, after, line)
}

fn provider_request(
    shared: &Arc<Shared>,
    call: &Call,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_stop_at_their_limit_and_free_on_drop() {
        let slots = Arc::new(Slots::new(2));
        let stop = AtomicBool::new(false);
        let step = Duration::from_millis(1);
        assert!(slots.wait_for_room(&stop, step));
        let first = slots.take();
        let second = slots.take();
        assert_eq!(slots.open(), 2);
        // Full: waiting for room ends only when told to stop.
        stop.store(true, Ordering::SeqCst);
        assert!(!slots.wait_for_room(&stop, step));
        stop.store(false, Ordering::SeqCst);
        drop(first);
        assert_eq!(slots.open(), 1);
        assert!(slots.wait_for_room(&stop, step));
        let third = slots.take();
        assert_eq!(slots.open(), 2);
        drop((second, third));
        assert_eq!(slots.open(), 0);
        assert_eq!(Slots::new(0).limit(), 1);
    }
}
