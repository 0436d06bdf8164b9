//! The sandbox's settings and its command line.

use crate::http::MAX_BODY_BYTES;
use crate::providers::oy_crypto::{AesMode, RsaScheme};
use crate::wire::Limits;
use std::path::PathBuf;
use std::time::Duration;

/// The most connections open at once by default: far more than a browser (six per host)
/// and the tests (a few hundred slow clients at most) open.
pub const MAX_CONNECTIONS: usize = 512;
/// The largest request head (request line and headers) by default.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Everything the sandbox can be told.
#[derive(Clone, Debug)]
pub struct Config {
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The repository whose `www/`, `pkg/` and OY test public key are served; default the
    /// parent of this crate's folder (the repository it was built from).
    pub root: PathBuf,
    /// OY's private key (PEM, PKCS#8 or PKCS#1); default
    /// `<root>/tests/providers/oy-test-key.pem`.
    pub oy_private_key: Option<PathBuf>,
    /// The RSA padding OY's `personal_information` and `address` are decrypted with.
    pub oy_rsa: RsaScheme,
    /// The AES mode OY's photos are decrypted with.
    pub oy_aes: AesMode,
    /// Where OY's result callback is POSTed; none is sent when unset. Loopback only.
    pub callback_url: Option<String>,
    /// How long after OY's "Request processed" answer its callback is sent.
    pub callback_delay: Duration,
    /// A delay added to every provider answer.
    pub latency: Duration,
    /// Play the integrator's relay too: add each provider's credentials to requests
    /// (replacing any the client sent) instead of requiring them.
    pub relay: bool,
    /// Print one line per request (method, path, status) on stdout.
    pub print_requests: bool,
    /// The most connections open at once; further clients wait in the listen queue.
    pub max_connections: usize,
    /// How long a request's head may take to arrive, from its first byte.
    pub head_timeout: Duration,
    /// How long a kept-alive connection may sit idle, or a body pause between pieces.
    pub idle_timeout: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            port: 8080,
            root: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")),
            oy_private_key: None,
            oy_rsa: RsaScheme::default(),
            oy_aes: AesMode::default(),
            callback_url: None,
            callback_delay: Duration::from_millis(500),
            latency: Duration::ZERO,
            relay: false,
            print_requests: true,
            max_connections: MAX_CONNECTIONS,
            head_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
        }
    }
}

/// The `--help` text.
pub fn usage() -> &'static str {
    "kyc-precheck-sandbox: plays the five KYC providers on 127.0.0.1 and serves the demo

usage: cargo run -p kyc-precheck-sandbox -- [options]

  --port N                 port on 127.0.0.1 (0 picks a free one; default 8080)
  --root DIR               repository to serve www/ and pkg/ from (default: this checkout)
  --relay                  add the providers' demo credentials to every request (the demo)
  --oy-private-key PEM     OY's private key (default <root>/tests/providers/oy-test-key.pem)
  --oy-rsa SCHEME          oaep-sha256 (default), oaep-sha1, oaep-sha256-mgf1-sha1 or pkcs1v15
  --oy-aes MODE            gcm (default) or cbc
  --callback-url URL       where OY's result callback is POSTed (http://127.0.0.1 or localhost)
  --callback-delay-ms N    delay before OY's callback (default 500)
  --latency-ms N           delay every provider answer by N ms (default 0)
  --help                   this text

Once ready it prints exactly one line: sandbox listening on http://127.0.0.1:PORT/
"
}

impl Config {
    /// Reads the command line (without the program name). `--flag value` and
    /// `--flag=value` are both accepted.
    ///
    /// # Errors
    ///
    /// A message for an unknown flag, a missing or malformed value, or `--help` (whose
    /// message is [`usage`]).
    pub fn from_args<I: IntoIterator<Item = String>>(args: I) -> Result<Config, String> {
        let mut config = Config::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match flag.as_str() {
                "--help" | "-h" => return Err(usage().to_owned()),
                "--relay" => config.relay = true,
                "--port" => config.port = number(&flag, &value(&flag)?)?,
                "--root" => config.root = PathBuf::from(value(&flag)?),
                "--oy-private-key" => config.oy_private_key = Some(PathBuf::from(value(&flag)?)),
                "--oy-rsa" => {
                    let name = value(&flag)?;
                    config.oy_rsa = RsaScheme::from_name(&name).ok_or_else(|| {
                        unknown(&flag, &name, &RsaScheme::ALL.map(RsaScheme::name))
                    })?;
                }
                "--oy-aes" => {
                    let name = value(&flag)?;
                    config.oy_aes = AesMode::from_name(&name)
                        .ok_or_else(|| unknown(&flag, &name, &AesMode::ALL.map(AesMode::name)))?;
                }
                "--callback-url" => {
                    let url = value(&flag)?;
                    check_callback_url(&url)?;
                    config.callback_url = Some(url);
                }
                "--callback-delay-ms" => {
                    config.callback_delay = Duration::from_millis(number(&flag, &value(&flag)?)?)
                }
                "--latency-ms" => {
                    config.latency = Duration::from_millis(number(&flag, &value(&flag)?)?)
                }
                _ => return Err(format!("unknown option {arg:?}\n\n{}", usage())),
            }
        }
        Ok(config)
    }

    /// The bounds on what one connection may send.
    pub fn limits(&self) -> Limits {
        Limits {
            max_head_bytes: MAX_HEAD_BYTES,
            max_body_bytes: MAX_BODY_BYTES,
            head_timeout: self.head_timeout,
            // A minute, and the body's length at 16,000 bytes a second (the shell's
            // own floor, below Slow 3G's 50 KB/s): the sandbox plays the relay a phone
            // uploads to, and a 4.8 MB body on Slow 3G takes about 100 s.
            body_timeout: Duration::from_secs(60),
            min_body_bytes_per_second: 16_000,
            idle_timeout: self.idle_timeout,
        }
    }

    /// The OY private key file in force.
    pub fn oy_private_key_path(&self) -> PathBuf {
        self.oy_private_key
            .clone()
            .unwrap_or_else(|| self.root.join("tests/providers/oy-test-key.pem"))
    }
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{flag} needs a whole number, got {text:?}"))
}

fn unknown(flag: &str, text: &str, known: &[&str]) -> String {
    format!(
        "{flag}: unknown value {text:?} (one of {})",
        known.join(", ")
    )
}

/// The callback goes to a listener on this machine only: `http://127.0.0.1…`,
/// `http://localhost…` or `http://[::1]…`. The callback carries an encrypted NIK, and a
/// test server has no business sending anything elsewhere.
///
/// # Errors
///
/// A message naming what is accepted.
pub(crate) fn check_callback_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("--callback-url must start with http:// (got {url:?})"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().map(|h| format!("[{h}]"))
    } else {
        authority.split(':').next().map(str::to_owned)
    };
    match host.as_deref() {
        Some("127.0.0.1" | "localhost" | "[::1]") => Ok(()),
        _ => Err(format!(
            "--callback-url must point at this machine (127.0.0.1, localhost or [::1]); got {url:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn reads_every_flag_in_both_spellings() {
        let config = Config::from_args(args(
            "--port 0 --relay --oy-rsa=pkcs1v15 --oy-aes cbc --latency-ms=250 \
             --callback-url http://127.0.0.1:9/cb --callback-delay-ms 10 --root /tmp",
        ))
        .expect("valid");
        assert_eq!(config.port, 0);
        assert!(config.relay);
        assert_eq!(config.oy_rsa, RsaScheme::Pkcs1v15);
        assert_eq!(config.oy_aes, AesMode::Cbc);
        let java = Config::from_args(args("--oy-rsa oaep-sha256-mgf1-sha1")).expect("valid");
        assert_eq!(java.oy_rsa, RsaScheme::OaepSha256Mgf1Sha1);
        assert_eq!(config.latency, Duration::from_millis(250));
        assert_eq!(config.callback_delay, Duration::from_millis(10));
        assert_eq!(
            config.callback_url.as_deref(),
            Some("http://127.0.0.1:9/cb")
        );
        assert_eq!(
            config.oy_private_key_path(),
            PathBuf::from("/tmp/tests/providers/oy-test-key.pem")
        );
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        for bad in [
            "--port",
            "--port eighty",
            "--port 70000",
            "--oy-rsa oaep-md5",
            "--oy-rsa OAEP-SHA256",
            "--oy-aes ecb",
            "--bogus",
            "--callback-url https://127.0.0.1/cb",
            "--callback-url http://example.com/cb",
            "--callback-url http://127.0.0.1.example.com/cb",
        ] {
            assert!(Config::from_args(args(bad)).is_err(), "{bad}");
        }
        for good in [
            "http://localhost:8080/x",
            "http://[::1]:1/",
            "http://127.0.0.1",
        ] {
            assert!(check_callback_url(good).is_ok(), "{good}");
        }
    }
}
