//! `/__sandbox/…`: the switches the tests use.
//!
//! - `GET /__sandbox/log`: the request log as JSON; `DELETE /__sandbox/log` empties it.
//! - `GET /__sandbox/connections`: `{"open": N, "limit": M}`, the connections open now
//!   (this one included) and the most at once.
//! - `GET /__sandbox/fail-next?status=503&count=1&delayMs=…&retryAfter=…`: the next
//!   `count` provider requests (default 1) are delayed by `delayMs` and/or answered with
//!   `status` and a JSON error body (with `Retry-After: retryAfter` if given), whatever
//!   they carry. `count=0` disarms it. A new call replaces the previous one.
//! - `GET /__sandbox/oy-public-key`: the public half of the OY key the sandbox decrypts
//!   with (SPKI PEM), which the demo page encrypts with. The sandbox plays the relay here:
//!   a real app ships the public key OY gives it.

use crate::http::{Answer, Call};
use crate::server::Shared;
use serde::Serialize;
use std::sync::Mutex;
use std::time::Duration;

/// The longest delay `delayMs` may ask for: ten minutes, so a typo cannot hang a test
/// run for hours.
pub const MAX_DELAY_MS: u64 = 600_000;

/// What the next provider requests will get.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailNext {
    /// The HTTP status to answer, if any.
    pub status: Option<u16>,
    /// The delay before answering, in milliseconds, if any.
    pub delay_ms: Option<u64>,
    /// The `Retry-After` header to send with `status`, in seconds.
    pub retry_after: Option<u64>,
    /// How many more requests this applies to.
    pub remaining: u32,
}

/// The armed switch.
#[derive(Default)]
pub struct FailSwitch {
    armed: Mutex<FailNext>,
}

impl FailSwitch {
    /// Takes one use of the switch, if it is armed.
    pub fn take(&self) -> Option<FailNext> {
        let mut armed = self.armed.lock().unwrap_or_else(|e| e.into_inner());
        if armed.remaining == 0 {
            return None;
        }
        armed.remaining -= 1;
        Some(*armed)
    }

    fn set(&self, next: FailNext) {
        *self.armed.lock().unwrap_or_else(|e| e.into_inner()) = next;
    }
}

/// Applies a forced delay, and returns the forced answer when a status was asked for.
pub fn forced_answer(forced: &FailNext) -> Option<Answer> {
    if let Some(delay) = forced.delay_ms {
        std::thread::sleep(Duration::from_millis(delay));
    }
    let status = forced.status?;
    let mut answer = Answer::error(
        status,
        "forced",
        "forced by the sandbox (/__sandbox/fail-next)",
        &[],
    );
    if let Some(seconds) = forced.retry_after {
        answer = answer.with_header("Retry-After", seconds.to_string());
    }
    Some(answer)
}

/// Answers a request under `/__sandbox/`.
pub fn handle(shared: &Shared, call: &Call) -> Answer {
    match (call.method.as_str(), call.path.as_str()) {
        ("GET" | "HEAD", "/__sandbox/log") => Answer::json(200, &shared.log.entries()),
        ("GET" | "HEAD", "/__sandbox/connections") => Answer::json(
            200,
            &serde_json::json!({
                "open": shared.connections.open(),
                "limit": shared.connections.limit(),
            }),
        ),
        ("GET" | "HEAD", "/__sandbox/oy-public-key") => Answer::new(
            200,
            "text/plain; charset=utf-8",
            shared.oy.public_key_pem().into_bytes(),
        ),
        ("DELETE", "/__sandbox/log") => {
            let cleared = shared.log.clear();
            Answer::json(200, &serde_json::json!({ "cleared": cleared }))
        }
        ("GET", "/__sandbox/fail-next") => match fail_next(call) {
            Ok(next) => {
                shared.fail_next.set(next);
                Answer::json(200, &serde_json::json!({ "armed": next }))
            }
            Err(message) => Answer::error(400, "bad_request", &message, &[]),
        },
        (_, "/__sandbox/log") => {
            Answer::text(405, "Method Not Allowed\n").with_header("Allow", "GET, DELETE")
        }
        (_, "/__sandbox/fail-next" | "/__sandbox/connections" | "/__sandbox/oy-public-key") => {
            Answer::text(405, "Method Not Allowed\n").with_header("Allow", "GET")
        }
        _ => Answer::text(404, "Not Found\n"),
    }
}

fn fail_next(call: &Call) -> Result<FailNext, String> {
    fn number<T: std::str::FromStr>(call: &Call, name: &str) -> Result<Option<T>, String> {
        call.query(name)
            .map(|text| {
                text.parse()
                    .map_err(|_| format!("{name} must be a whole number, got {text:?}"))
            })
            .transpose()
    }
    let status: Option<u16> = number(call, "status")?;
    if let Some(status) = status.filter(|s| !(100..=599).contains(s)) {
        return Err(format!("status must be 100 to 599, got {status}"));
    }
    let delay_ms: Option<u64> = number(call, "delayMs")?;
    if delay_ms.is_some_and(|d| d > MAX_DELAY_MS) {
        return Err(format!("delayMs must be at most {MAX_DELAY_MS}"));
    }
    let retry_after = number(call, "retryAfter")?;
    let remaining = number(call, "count")?.unwrap_or(1);
    if remaining > 0 && status.is_none() && delay_ms.is_none() {
        return Err("give status, delayMs or both (count=0 disarms)".to_owned());
    }
    Ok(FailNext {
        status,
        delay_ms,
        retry_after,
        remaining,
    })
}
