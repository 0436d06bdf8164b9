//! The binary: its one "listening" line, one line per request with no personal data, and
//! its usage errors.

use crate::support::{repository, NIK};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_kyc-precheck-sandbox");

/// The child, killed on drop (only this child, by its handle).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn request(port: u16, text: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    stream.write_all(text.as_bytes()).expect("writes");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn prints_one_ready_line_then_method_path_status_only() {
    let child = Command::new(BINARY)
        .args(["--port", "0", "--root"])
        .arg(repository())
        .arg("--relay")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout");
    let (lines, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let wait = Duration::from_secs(20);
    let ready = receive
        .recv_timeout(wait)
        .expect("a ready line within 20 s");
    let port: u16 = ready
        .strip_prefix("sandbox listening on http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {ready:?}"));
    assert_ne!(port, 0);

    let body = format!(
        r#"{{"id_number":"{NIK}","id_type":"KTP","phone_number":"081234567890","name":"Budi Rahasia","country":"ID"}}"#
    );
    let answer = request(
        port,
        &format!(
            "POST /td/?secret=Budi HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"code\":200"), "{answer}");
    let answer = request(
        port,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 302"), "{answer}");
    // A body refused unread still gets its line.
    let answer = request(
        port,
        "POST /kredibel/v1/certificate/issuance?Budi HTTP/1.1\r\nHost: x\r\n\
         Content-Length: 1000000000000\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    let first = receive.recv_timeout(wait).expect("a request line");
    let second = receive.recv_timeout(wait).expect("a request line");
    let third = receive.recv_timeout(wait).expect("a request line");
    assert_eq!(first, "POST /td/ 200");
    assert_eq!(second, "GET / 302");
    assert_eq!(third, "POST /kredibel/v1/certificate/issuance 413");
    drop(running);
    let rest: Vec<String> = receive.try_iter().collect();
    for line in [first, second, third].iter().chain(&rest) {
        assert!(!line.contains("Budi") && !line.contains(NIK), "{line}");
    }
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let help = Command::new(BINARY).arg("--help").output().expect("runs");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--oy-private-key"));
    for args in [
        vec!["--bogus"],
        vec!["--port", "x"],
        vec!["--oy-rsa", "rot13"],
        vec!["--callback-url", "http://example.com/"],
    ] {
        let output = Command::new(BINARY).args(&args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let output = Command::new(BINARY)
        .args(["--port", "0", "--oy-private-key", "/nonexistent/key.pem"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("OY private key"));
}
