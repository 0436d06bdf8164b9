//! # kyc-precheck-sandbox
//!
//! A small HTTP server on 127.0.0.1 that plays the five KYC providers of
//! `../shared/seeds/` for the tests and the demo, and serves the demo (the repository's
//! `www/`, `pkg/` and OY's test public key) with `scripts/serve.mjs`'s
//! Content-Security-Policy, MIME types, compression and cache headers.
//!
//! One server is every provider's relay target: each provider lives under its own prefix
//! (`/kredibel/`, `/td/`, `/widekyc/`, `/quantum-elixir/`, `/oy/`), and the server acts as
//! the integrator's relay and the provider at once. It requires the credentials a relay
//! would add, or adds them itself with `--relay`. Each provider checks the fields its page
//! documents, with rules written from the page alone (not the library's: the sandbox does
//! not depend on it), answers with its page's examples, and has documented magic inputs
//! that force each documented answer (see `sandbox/README.md`).
//!
//! It survives its clients: request heads, bodies, time and connections are bounded
//! before anything is spent on them (see the `wire` module).
//!
//! Nothing personal is ever printed: stdout gets one line per request (method, path,
//! status); details, including what OY's encrypted fields decrypted to (never the photo
//! bytes), go to the in-memory request log at `GET /__sandbox/log`.
//!
//! ```no_run
//! use kyc_precheck_sandbox::{start, Config};
//!
//! let sandbox = start(Config { port: 0, ..Config::default() }).expect("starts");
//! println!("{}", sandbox.url()); // http://127.0.0.1:PORT/
//! ```

mod clock;
mod config;
mod control;
pub mod credentials;
mod delivery;
mod http;
pub mod providers;
mod request_log;
mod server;
mod statics;
mod wire;

pub use config::{usage, Config};
pub use http::{Answer, Call, MAX_BODY_BYTES};
pub use providers::oy_crypto::{AesMode, RsaScheme};
pub use server::{start, Sandbox, Shared};
