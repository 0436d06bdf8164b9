//! Quantum Elixir Identity Platform, Dukcapil verdict ingest (seed
//! `003_7b188d88c052c7cf.txt`, "the page" below): `POST
//! /quantum-elixir/api/identity/nik/dukcapil` ("POST/api/identity/nik/dukcapil", line 28).
//!
//! "Auth · API key" (line 29), no header named: the sandbox takes `Authorization: Bearer
//! <key>` or `x-api-key: <key>` (see [`crate::credentials`]).
//!
//! In order:
//! 1. "Rate limit · 30/min" (line 29), counted per API key over the last 60 seconds
//!    ([`RATE_LIMIT`], [`RATE_WINDOW_SECONDS`]): past it, 429 with `Retry-After` in whole
//!    seconds until the oldest counted request leaves the window. Every request with an
//!    accepted key counts, whatever its answer; a 429 does not.
//! 2. The body is a JSON object, else 400.
//! 3. "Returns 403 if not enabled" (line 31): a `customerId` starting with
//!    [`NO_PERMISSION_PREFIX`] stands for an org whose `dukcapilEnabled` capability is off.
//! 4. The request table (lines 33–45): `customerId` "string Required" (a CUID, line 36;
//!    any non-blank string is taken), `valid` "boolean Required", `photo` "string
//!    (base64) … (JPEG/PNG). Required when valid=true" (lines 39–40; [`PHOTO`]), `raw`
//!    "object" if given, `reason` "string" if given: else 400
//!    `{"error": "invalid_request", "message": "…", "fields": [...]}` (the page documents
//!    no error body).
//! 5. The page's two answers, copied from "Response (success)" (lines 49–60) and
//!    "Response (declined verdict)" (lines 66–72): `valid: true` →
//!    `verification.status: "verified"`, score 100, an `enrolment` with `source:
//!    "dukcapil"` and `fallbackStub: false`; `valid: false` → `verification.status:
//!    "failed"` and `enrolment: null`. The ids (`ver_01HXY...`, `fe_01HXY...`, cut short on
//!    the page) are fresh ULIDs with those prefixes.

use super::fields::{object, optional_text, text, Problems};
use super::images::{Format, Rule};
use crate::clock;
use crate::credentials::Principal;
use crate::http::{Answer, Call};
use crate::server::Shared;
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Requests per API key per window ("Rate limit · 30/min").
pub const RATE_LIMIT: usize = 30;
/// The window, in seconds.
pub const RATE_WINDOW_SECONDS: u64 = 60;
/// A `customerId` starting with this answers 403 (the org's capability is off).
pub const NO_PERMISSION_PREFIX: &str = "noperm";
/// `photo`: "Official Dukcapil photo (JPEG/PNG)" (line 40).
pub const PHOTO: Rule = Rule::formats(&[Format::Jpeg, Format::Png]);

/// The requests counted in the current window, per API key.
#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Counts a request for `key` at `now`.
    ///
    /// # Errors
    ///
    /// The seconds to wait (at least 1) when the key has used its window.
    pub fn admit(&self, key: &str, now: Instant) -> Result<(), u64> {
        let window = Duration::from_secs(RATE_WINDOW_SECONDS);
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let times = windows.entry(key.to_owned()).or_default();
        while times
            .front()
            .is_some_and(|oldest| now.duration_since(*oldest) >= window)
        {
            times.pop_front();
        }
        if times.len() >= RATE_LIMIT {
            let frees_at = times.front().map_or(now, |oldest| *oldest + window);
            let wait = frees_at.saturating_duration_since(now);
            // Whole seconds, rounded up, so that a client waiting exactly that long is let in.
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Err(seconds.max(1));
        }
        times.push_back(now);
        Ok(())
    }
}

#[derive(Serialize)]
struct Verified {
    verification: Verification,
    enrolment: Option<Enrolment>,
}

#[derive(Serialize)]
struct Verification {
    id: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Enrolment {
    id: String,
    source: &'static str,
    fallback_stub: bool,
}

/// `POST /quantum-elixir/api/identity/nik/dukcapil`.
pub fn dukcapil(shared: &Arc<Shared>, call: &Call, principal: &Principal) -> Answer {
    if let Err(seconds) = shared.quantum_elixir.admit(&principal.key, Instant::now()) {
        return Answer::error(
            429,
            "rate_limited",
            &format!("Rate limit: {RATE_LIMIT} requests per minute per API key"),
            &[],
        )
        .with_header("Retry-After", seconds.to_string());
    }
    let body = match object(&call.body) {
        Ok(body) => body,
        Err(message) => return Answer::error(400, "invalid_request", &message, &[]),
    };
    let mut problems = Problems::default();
    match text(&body, "customerId") {
        Ok(id) if id.starts_with(NO_PERMISSION_PREFIX) => {
            return Answer::error(
                403,
                "forbidden",
                "The dukcapilEnabled capability is not enabled for this org. Contact support \
                 to turn it on after you've signed your Dukcapil PKS.",
                &[],
            )
        }
        Ok(_) => {}
        Err(message) => problems.add("customerId", message),
    }
    let valid = match body.get("valid") {
        Some(Value::Bool(valid)) => Some(*valid),
        None | Some(Value::Null) => {
            problems.add("valid", "is required");
            None
        }
        Some(_) => {
            problems.add("valid", "must be true or false");
            None
        }
    };
    problems.photo(&body, "photo", &PHOTO, valid == Some(true));
    if body
        .get("raw")
        .is_some_and(|raw| !raw.is_object() && !raw.is_null())
    {
        problems.add("raw", "must be an object");
    }
    if let Err(message) = optional_text(&body, "reason") {
        problems.add("reason", message);
    }
    if !problems.is_empty() {
        return problems.answer();
    }
    let verified = valid == Some(true);
    let answer = Verified {
        verification: Verification {
            id: format!("ver_{}", clock::ulid()),
            status: if verified { "verified" } else { "failed" },
            score: verified.then_some(100),
        },
        enrolment: verified.then(|| Enrolment {
            id: format!("fe_{}", clock::ulid()),
            source: "dukcapil",
            fallback_stub: false,
        }),
    };
    Answer::json(200, &answer).with_code(answer.verification.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_frees_as_the_oldest_request_ages() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for second in 0..RATE_LIMIT as u64 {
            assert!(limiter
                .admit("a", start + Duration::from_secs(second))
                .is_ok());
        }
        // The 31st, 30 s in: the first request leaves the window at 60 s.
        assert_eq!(limiter.admit("a", start + Duration::from_secs(30)), Err(30));
        assert_eq!(
            limiter.admit("a", start + Duration::from_millis(59_500)),
            Err(1)
        );
        // Another key has its own window.
        assert!(limiter.admit("b", start).is_ok());
        // At 60 s the first request has left: one more is let in, then none.
        assert!(limiter.admit("a", start + Duration::from_secs(60)).is_ok());
        assert_eq!(limiter.admit("a", start + Duration::from_secs(60)), Err(1));
    }
}
