//! `cargo run -p kyc-precheck-sandbox -- --port 8080 [--relay] …`: see `sandbox/README.md`
//! and `--help`.

use kyc_precheck_sandbox::{start, usage, Config};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) if message == usage() => {
            print!("{message}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("kyc-precheck-sandbox: {message}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match start(config) {
        Ok(sandbox) => sandbox,
        Err(message) => {
            eprintln!("kyc-precheck-sandbox: {message}");
            return ExitCode::FAILURE;
        }
    };
    // Exactly one line, once ready: tests read the port from it.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "sandbox listening on {}", sandbox.url());
    let _ = stdout.flush();
    drop(stdout);
    sandbox.wait();
    ExitCode::SUCCESS
}
