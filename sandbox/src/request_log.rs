//! The in-memory request log that `GET /__sandbox/log` returns: the one place where
//! details (including what OY's fields decrypted to) are kept. Never printed.

use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::Mutex;

/// The most entries kept; the oldest go first.
pub const MAX_ENTRIES: usize = 10_000;

/// One provider request, or one callback the sandbox sent.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `POST`, …
    pub method: String,
    /// The path without the query (TD's query carries credentials), or the callback URL.
    pub path: String,
    /// `"kredibel"`, `"td"`, `"widekyc"`, `"quantum-elixir"` or `"oy"`.
    pub provider: &'static str,
    /// The endpoint id (`"certificate-issuance"`, …; see the route table), `"callback"` for OY's
    /// callback, `null` for a path under a provider's prefix that names no endpoint.
    pub endpoint: Option<&'static str>,
    /// When the request arrived (or the callback was sent), ISO 8601 in UTC.
    pub time: String,
    /// The HTTP status answered (or, for a callback, received; `null` if it failed).
    pub status: Option<u16>,
    /// The provider's own code in the answer, where it has one.
    pub provider_code: Option<String>,
    /// OY: the decrypted fields (photos as their length, SHA-256, format and size only).
    pub decrypted: Option<Value>,
    /// True when `/__sandbox/fail-next` forced this answer.
    pub forced: bool,
    /// True when the sandbox added the credentials (`--relay`).
    pub relayed: bool,
    /// `"inbound"` for requests, `"outbound"` for callbacks.
    pub direction: &'static str,
    /// Why a callback could not be delivered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The log.
#[derive(Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<Entry>>,
}

impl RequestLog {
    /// Adds an entry, dropping the oldest past [`MAX_ENTRIES`].
    pub fn push(&self, entry: Entry) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> Vec<Entry> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().cloned().collect()
    }

    /// Empties the log and says how many entries it held.
    pub fn clear(&self) -> usize {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let count = entries.len();
        entries.clear();
        count
    }
}
