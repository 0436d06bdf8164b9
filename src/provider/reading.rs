//! A provider's answer ([`Response`]) and what it means for the application
//! ([`Reading`]).
//!
//! The readers are strict where it matters: `verified` needs the page's own evidence of a
//! pass, and anything this library does not recognise is `failed` with the raw code kept.
//! An answer that JSON parsers could read two ways is not recognised ([`parse_answer`]).

use super::form::FormField;
use crate::issue::{Code, Issue};
use serde::de::{DeserializeOwned, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// What the provider's answer means for the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The endpoint's check passed. What that proves is the endpoint's
    /// [`Verifies`](super::Verifies), in `rules()`: the applicant's identity for most, only
    /// a live face or a readable KTP for WideKYC's passive-liveness and id-recognize.
    Verified,
    /// The provider checked and refused: `issues` say which field to fix.
    Rejected,
    /// The result comes later (OY's processing), or needs confirming first (an OY
    /// callback; a Kredibel `verified_with_reason` read as `review`).
    Pending,
    /// The call did not produce a verdict: an outage, a quota, a configuration problem,
    /// or an answer this library does not recognise.
    Failed,
}

/// How `verified_with_reason` (Kredibel) is read; the page does not say what its reason
/// means for the verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerifiedWithReason {
    /// `verified`, with a warning on every field the provider named (the default).
    #[default]
    Verified,
    /// `pending`: the integrator reviews the application before onboarding.
    Review,
}

/// Options of `read_response`: how to judge what the pages leave open.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReadOptions {
    /// WideKYC id-validation: the smallest `selfie_photo` score that counts as a face
    /// match. The page gives the score's scale nowhere (its example is `10`), so without
    /// this (or with a value that is not a finite number) a sent selfie is never called
    /// a match.
    pub selfie_threshold: Option<f64>,
    /// Kredibel: how `verified_with_reason` is read.
    #[serde(default)]
    pub verified_with_reason: VerifiedWithReason,
}

/// A provider's answer as received, with what is known of the request it answers.
#[derive(Clone, Copy, Debug)]
pub struct Response<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The body text as received.
    pub body: &'a str,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<&'a str>,
    /// The fields the request carried (`Request::fields`); `None` when unknown, in which
    /// case every field the endpoint can send is taken as sent (the strict reading).
    pub sent: Option<&'a [FormField]>,
    /// How to judge what the pages leave open.
    pub options: ReadOptions,
}

impl<'a> Response<'a> {
    /// An answer with `status` and `body`, nothing else known.
    pub fn new(status: u16, body: &'a str) -> Response<'a> {
        Response {
            status,
            body,
            retry_after: None,
            sent: None,
            options: ReadOptions::default(),
        }
    }

    /// Whether `field` was sent (always, when the request is unknown).
    pub fn was_sent(&self, field: FormField) -> bool {
        self.sent.is_none_or(|sent| sent.contains(&field))
    }

    /// Whether the HTTP status is 2xx, the only statuses that can carry a verdict.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A provider's answer, read.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    /// What the answer means.
    pub outcome: Outcome,
    /// Whether sending the same request again later may succeed.
    pub retryable: bool,
    /// Whether the call is billed, where the provider documents it; `None` otherwise.
    pub charged: Option<bool>,
    /// The provider's own status code, as it sent it.
    pub provider_code: Option<String>,
    /// The fields the provider rejected and why, in both languages.
    pub issues: Vec<Issue>,
    /// Seconds to wait before retrying, when the provider says (`Retry-After`).
    pub retry_after_seconds: Option<u64>,
    /// What else the answer carries, typed per endpoint (OCR data, verification ids, the
    /// verdicts); `None` when nothing.
    pub data: Option<serde_json::Value>,
}

impl Reading {
    /// A reading with no issues and no data.
    pub(crate) fn new(outcome: Outcome, provider_code: Option<String>) -> Reading {
        Reading {
            outcome,
            retryable: false,
            charged: None,
            provider_code,
            issues: Vec::new(),
            retry_after_seconds: None,
            data: None,
        }
    }

    /// The reading of an answer this library does not recognise: failed, with the raw
    /// code kept.
    pub(crate) fn unknown(http_status: u16, provider_code: Option<String>) -> Reading {
        let code = provider_code
            .clone()
            .unwrap_or_else(|| http_status.to_string());
        let mut reading = Reading::new(Outcome::Failed, provider_code.or(Some(code.clone())));
        reading.issues.push(
            Issue::new(Code::ResponseUnknown)
                .with("providerCode", code)
                .with("httpStatus", i64::from(http_status)),
        );
        reading
    }

    /// Adds `issue` and returns the reading.
    pub(crate) fn with_issue(mut self, issue: Issue) -> Reading {
        self.issues.push(issue);
        self
    }

    /// Marks the reading retryable and returns it.
    pub(crate) fn retryable(mut self) -> Reading {
        self.retryable = true;
        self
    }
}

/// The reading of an HTTP status outside 2xx, which carries no verdict. Statuses the
/// providers' pages name are read as they say (WideKYC: 401, 404, 500, 503, 504; Quantum
/// Elixir: 403 when the capability is off, and its 30/min limit, taken as 429); the rest
/// as HTTP defines them.
pub(crate) fn http_failure(http_status: u16, body: &str) -> Reading {
    let code = http_status.to_string();
    let reading = Reading::new(Outcome::Failed, Some(code.clone()));
    let message: String = body.chars().take(200).collect();
    match http_status {
        401 | 403 | 404 => reading.with_issue(
            Issue::new(Code::ResponseNotAvailable)
                .with("providerCode", code)
                .with("providerMessage", message),
        ),
        408 | 425 | 429 => reading
            .with_issue(Issue::new(Code::ResponseRateLimited))
            .retryable(),
        500..=599 => reading
            .with_issue(Issue::new(Code::ResponseServiceUnavailable).with("providerCode", code))
            .retryable(),
        400 | 413 | 422 => reading.with_issue(
            Issue::new(Code::ResponseInvalidRequest)
                .with("providerCode", code)
                .with("providerMessage", message),
        ),
        _ => Reading::unknown(http_status, None),
    }
}

/// Seconds to wait from a `Retry-After` header: delay-seconds only (an HTTP-date would need
/// the server's clock, which the browser's may not match).
pub(crate) fn retry_after_seconds(header: &str) -> Option<u64> {
    header.trim().parse().ok()
}

/// Parses an answer's body into `T`, or `None` when it is not JSON, or is JSON that two
/// parsers could read two ways: a key repeated within one object, at any depth
/// (`{"nik": false, "nik": true}`: serde_json's `Value` and `JSON.parse` keep the last,
/// other parsers the first, a derived struct refuses it), or nesting past serde_json's
/// recursion limit (127 levels deep), which no documented answer comes near (a field a
/// reader ignores would otherwise be skipped at any depth).
pub(crate) fn parse_answer<T: DeserializeOwned>(body: &str) -> Option<T> {
    let mut deserializer = serde_json::Deserializer::from_str(body);
    UniqueKeys::deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    serde_json::from_str(body).ok()
}

/// Any JSON value whose objects each name a key once.
struct UniqueKeys;

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueKeys)
    }
}

impl<'de> Visitor<'de> for UniqueKeys {
    type Value = UniqueKeys;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("JSON whose objects name each key once")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(UniqueKeys)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(UniqueKeys)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(UniqueKeys)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(UniqueKeys)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(UniqueKeys)
    }

    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(UniqueKeys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        // The keys in serde_json's own map type, whose code the module has for every
        // `Value` (a set of strings would be one more B-tree instantiation, ~4 KB).
        let mut keys = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<UniqueKeys>()?;
            if keys.insert(key, serde_json::Value::Null).is_some() {
                return Err(A::Error::custom("a key repeated in one object"));
            }
        }
        Ok(UniqueKeys)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_answer;
    use serde_json::Value;

    #[test]
    fn an_answer_two_parsers_could_read_two_ways_is_refused() {
        assert!(parse_answer::<Value>(r#"{"a":{"b":[1,{"c":true}]},"d":null}"#).is_some());
        // The same key twice, at the top, deep down, or spelt with an escape.
        assert!(parse_answer::<Value>(r#"{"a":1,"a":1}"#).is_none());
        assert!(parse_answer::<Value>(r#"{"a":[{"b":{"c":false,"c":true}}]}"#).is_none());
        assert!(parse_answer::<Value>(r#"{"nik":false,"\u006eik":true}"#).is_none());
        // One key in two objects is no repetition.
        assert!(parse_answer::<Value>(r#"[{"a":1},{"a":2}]"#).is_some());
        assert!(parse_answer::<Value>("{} {}").is_none());
    }

    #[test]
    fn nesting_past_the_limit_is_refused_without_overflowing_the_stack() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse_answer::<Value>(&nested(127)).is_some());
        assert!(parse_answer::<Value>(&nested(128)).is_none());
        // Inside a field a struct would skip without counting depth.
        #[derive(serde::Deserialize)]
        struct Answer {
            code: u16,
        }
        let body = format!(r#"{{"code":200,"x":{}}}"#, nested(1_000_000));
        let skipped = serde_json::from_str::<Answer>(&body).map(|answer| answer.code);
        assert_eq!(skipped.ok(), Some(200));
        assert!(parse_answer::<Answer>(&body).is_none());
    }
}
