//! The demo credentials, and where each provider expects them.
//!
//! These are the values the integrator's relay would add. They protect nothing: they are
//! published here so that tests can send them, and so that a request *without* them is
//! refused (401) the way a provider would refuse it. With `--relay` the sandbox plays the
//! relay too and adds them itself, replacing anything the client sent, since a relay must
//! never forward credentials that came from a browser.
//!
//! | provider | where | value |
//! |---|---|---|
//! | Kredibel | none documented on its page | — |
//! | TD | query `partner_code`, `partner_key` | [`TD_PARTNER_CODE`], [`TD_PARTNER_KEY`] |
//! | WideKYC | header `token` | [`WIDEKYC_TOKEN`] |
//! | Quantum Elixir | header `Authorization: Bearer <key>` or `x-api-key: <key>` | [`QUANTUM_ELIXIR_API_KEYS`] |
//! | OY | headers `x-oy-username`, `x-api-key` | [`OY_USERNAME`], [`OY_API_KEY`] |

use crate::http::{Answer, Call};

/// TD's `partner_code` query parameter.
pub const TD_PARTNER_CODE: &str = "sandbox-td-partner";
/// TD's `partner_key` query parameter.
pub const TD_PARTNER_KEY: &str = "sandbox-td-partner-key";
/// WideKYC's `token` header.
pub const WIDEKYC_TOKEN: &str = "sandbox-widekyc-token";
/// Quantum Elixir's API keys, as `Authorization: Bearer <key>` or `x-api-key: <key>` (its
/// page says "Auth · API key" and names no header). Two keys, so that a test can show the
/// 30/min limit is counted per key. The relay uses the first.
pub const QUANTUM_ELIXIR_API_KEYS: [&str; 2] = ["sandbox-qe-api-key", "sandbox-qe-api-key-2"];
/// OY's `x-oy-username` header.
pub const OY_USERNAME: &str = "sandbox-oy-user";
/// OY's `x-api-key` header.
pub const OY_API_KEY: &str = "sandbox-oy-api-key";

/// Where a provider's credentials travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Kredibel: its page documents none.
    None,
    /// TD: `?partner_code=…&partner_key=…`.
    TdQuery,
    /// WideKYC: a `token` header.
    WideKycToken,
    /// Quantum Elixir: `Authorization: Bearer <key>` or `x-api-key`.
    QuantumElixirKey,
    /// OY: `x-oy-username` and `x-api-key` headers.
    OyHeaders,
}

/// Who a request is from, once its credentials are accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The key the provider counts the request against (Quantum Elixir's rate limit).
    pub key: String,
    /// True when the sandbox added the credentials (`--relay`).
    pub relayed: bool,
}

/// Checks `call`'s credentials for `scheme`, or adds them when `relay` is set.
///
/// # Errors
///
/// The 401 answer naming the credential that is missing or wrong (never its value).
pub fn authorize(scheme: Scheme, call: &Call, relay: bool) -> Result<Principal, Answer> {
    if relay {
        let key = match scheme {
            Scheme::None => "",
            Scheme::TdQuery => TD_PARTNER_KEY,
            Scheme::WideKycToken => WIDEKYC_TOKEN,
            Scheme::QuantumElixirKey => QUANTUM_ELIXIR_API_KEYS[0],
            Scheme::OyHeaders => OY_API_KEY,
        };
        return Ok(Principal {
            key: key.to_owned(),
            relayed: scheme != Scheme::None,
        });
    }
    let principal = |key: &str| Principal {
        key: key.to_owned(),
        relayed: false,
    };
    match scheme {
        Scheme::None => Ok(principal("")),
        Scheme::TdQuery => {
            if call.query("partner_code") == Some(TD_PARTNER_CODE)
                && call.query("partner_key") == Some(TD_PARTNER_KEY)
            {
                Ok(principal(TD_PARTNER_KEY))
            } else {
                Err(refused(
                    "missing or wrong partner_code / partner_key query parameters",
                ))
            }
        }
        Scheme::WideKycToken => match call.header("token") {
            Some(WIDEKYC_TOKEN) => Ok(principal(WIDEKYC_TOKEN)),
            // The page's own words for 401.
            _ => Err(refused(
                "Unauthorized – Client does not have authorization to consume WideKYC’s API.",
            )),
        },
        Scheme::QuantumElixirKey => {
            // The scheme name is case-insensitive (RFC 9110, 11.1).
            let bearer = call
                .header("authorization")
                .and_then(|value| value.trim().split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, key)| key.trim());
            let key = bearer.or_else(|| call.header("x-api-key"));
            match key.filter(|key| QUANTUM_ELIXIR_API_KEYS.contains(key)) {
                Some(key) => Ok(principal(key)),
                None => Err(refused(
                    "missing or wrong API key (Authorization: Bearer <key> or x-api-key)",
                )
                .with_header("WWW-Authenticate", "Bearer")),
            }
        }
        Scheme::OyHeaders => {
            if call.header("x-oy-username") == Some(OY_USERNAME)
                && call.header("x-api-key") == Some(OY_API_KEY)
            {
                Ok(principal(OY_API_KEY))
            } else {
                Err(refused(
                    "missing or wrong x-oy-username / x-api-key headers",
                ))
            }
        }
    }
}

fn refused(message: &str) -> Answer {
    Answer::error(401, "unauthorized", message, &[])
}
