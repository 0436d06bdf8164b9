//! The five providers, one file each, and the table that mounts their endpoints under one
//! prefix per provider.
//!
//! Each endpoint's path is the one its page gives, below the provider's prefix (TD's
//! endpoint is its base URL itself, so TD answers at `/td/`). A relay forwards
//! `{prefix}{path}` one to one; `tests/sandbox/routes.rs` checks the table against the
//! pages' paths.
//!
//! Every rule a provider applies is written in its own file from its page alone, with the
//! page line it comes from; nothing is borrowed from the library (see
//! `tests/sandbox/independence.rs`).

pub mod fields;
pub mod images;
pub mod kredibel;
pub mod oy;
pub mod oy_crypto;
pub mod quantum_elixir;
pub mod td;
pub mod widekyc;

use crate::credentials::{Principal, Scheme};
use crate::http::{Answer, Call};
use crate::server::Shared;
use std::sync::Arc;

/// An endpoint's handler: the request, once its credentials are accepted.
pub type Handler = fn(&Arc<Shared>, &Call, &Principal) -> Answer;

/// One endpoint.
pub struct Route {
    /// The full path on the sandbox.
    pub path: &'static str,
    /// The provider's id (the prefix without its slashes).
    pub provider: &'static str,
    /// The endpoint's id in the request log (the last segment of its page's path; TD's is
    /// `id-verification`, from its page's title).
    pub endpoint: &'static str,
    /// Where its credentials travel.
    pub credentials: Scheme,
    /// What answers it.
    pub handle: Handler,
}

/// Each provider's prefix.
pub const PREFIXES: &[(&str, &str)] = &[
    ("/kredibel/", "kredibel"),
    ("/td/", "td"),
    ("/widekyc/", "widekyc"),
    ("/quantum-elixir/", "quantum-elixir"),
    ("/oy/", "oy"),
];

/// Every endpoint.
pub const ROUTES: &[Route] = &[
    Route {
        path: "/kredibel/v1/certificate/issuance",
        provider: "kredibel",
        endpoint: "certificate-issuance",
        credentials: Scheme::None,
        handle: kredibel::certificate_issuance,
    },
    Route {
        path: "/td/",
        provider: "td",
        endpoint: "id-verification",
        credentials: Scheme::TdQuery,
        handle: td::id_verification,
    },
    Route {
        path: "/widekyc/api/passive-liveness",
        provider: "widekyc",
        endpoint: "passive-liveness",
        credentials: Scheme::WideKycToken,
        handle: widekyc::passive_liveness,
    },
    Route {
        path: "/widekyc/api/id-recognize",
        provider: "widekyc",
        endpoint: "id-recognize",
        credentials: Scheme::WideKycToken,
        handle: widekyc::id_recognize,
    },
    Route {
        path: "/widekyc/api/id-validation",
        provider: "widekyc",
        endpoint: "id-validation",
        credentials: Scheme::WideKycToken,
        handle: widekyc::id_validation,
    },
    Route {
        path: "/quantum-elixir/api/identity/nik/dukcapil",
        provider: "quantum-elixir",
        endpoint: "dukcapil",
        credentials: Scheme::QuantumElixirKey,
        handle: quantum_elixir::dukcapil,
    },
    Route {
        path: "/oy/api/kyc/id-card",
        provider: "oy",
        endpoint: "id-card",
        credentials: Scheme::OyHeaders,
        handle: oy::id_card,
    },
    Route {
        path: "/oy/kyc/phone-number",
        provider: "oy",
        endpoint: "phone-number",
        credentials: Scheme::OyHeaders,
        handle: oy::phone_number,
    },
    Route {
        path: "/oy/kyc/status",
        provider: "oy",
        endpoint: "status",
        credentials: Scheme::OyHeaders,
        handle: oy::status,
    },
];

/// A path under a provider's prefix, and the endpoint it names if any.
pub struct Target {
    /// The provider whose prefix the path is under.
    pub provider: &'static str,
    /// The endpoint, or `None` for a path that names none (404).
    pub route: Option<&'static Route>,
}

/// The provider and endpoint `path` (as sent) names, or `None` when it is not under a
/// provider's prefix.
pub fn find(path: &str) -> Option<Target> {
    // TD's endpoint is its base URL itself; a relay may forward it with or without the slash.
    let path = if path == "/td" { "/td/" } else { path };
    let (_, provider) = PREFIXES
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))?;
    Some(Target {
        provider,
        route: ROUTES.iter().find(|route| route.path == path),
    })
}
