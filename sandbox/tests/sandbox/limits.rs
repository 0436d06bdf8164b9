//! The sandbox survives its clients: absurd declared lengths, slow and endless heads, too
//! many connections, malformed framing. Every test here ends itself: each socket has a
//! read timeout, each loop a fixed count.

use crate::support::{get, post, raw, sandbox};
use kyc_precheck_sandbox::{Sandbox, MAX_BODY_BYTES};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

fn connect(sandbox: &Sandbox) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", sandbox.port())).expect("connects");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    stream.set_write_timeout(Some(WAIT)).expect("timeout");
    stream
}

/// Everything the server sends until it closes (or `WAIT` passes).
fn read_all(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `/__sandbox/connections`' `open`, polled (boundedly) until `accept` takes it.
fn open_connections(sandbox: &Sandbox, accept: impl Fn(u64) -> bool) -> u64 {
    let deadline = Instant::now() + WAIT;
    loop {
        let answer = get(sandbox, "/__sandbox/connections").json();
        let open = answer["open"].as_u64().expect("open");
        assert!(open <= answer["limit"].as_u64().expect("limit"), "{answer}");
        if accept(open) || Instant::now() > deadline {
            return open;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn absurd_declared_lengths_are_413_before_anything_is_read() {
    let sandbox = sandbox(|_| {});
    for head in [
        // 10^12 bytes, and 2^63 on a GET: each used to be allocated whole.
        "POST /kredibel/v1/certificate/issuance HTTP/1.1\r\nContent-Length: 1000000000000",
        "GET /www/ HTTP/1.1\r\nContent-Length: 9223372036854775808",
        "POST /td/ HTTP/1.1\r\nContent-Length: 99999999999999999999999999999",
        "POST /oy/kyc/status HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 16777217",
    ] {
        let reply = raw(&sandbox, head);
        assert_eq!(reply.status, 413, "{head}");
        assert_eq!(reply.header("connection"), Some("close"), "{head}");
        assert!(
            reply.body.contains("larger than the sandbox reads"),
            "{head}"
        );
    }
    // Still serving.
    assert_eq!(raw(&sandbox, "GET /www/ HTTP/1.1").status, 200);
    assert_eq!(get(&sandbox, "/__sandbox/log").status, 200);
}

#[test]
fn a_body_up_to_the_bound_is_read_and_one_that_stops_short_is_dropped() {
    let sandbox = sandbox(|_| {});
    // Exactly the bound: read whole (Kredibel then finds it is not JSON).
    let reply = post(
        &sandbox,
        "/kredibel/v1/certificate/issuance",
        &[],
        &"x".repeat(MAX_BODY_BYTES),
    );
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("not JSON"), "{}", reply.body);
    // A body that promises a megabyte and stops after ten bytes: the server waits for the
    // rest, gives up when the client closes, and goes on serving.
    let mut stream = connect(&sandbox);
    stream
        .write_all(b"POST /td/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n0123456789")
        .expect("writes");
    stream.shutdown(std::net::Shutdown::Write).expect("shuts");
    assert_eq!(read_all(&mut stream), "", "nothing to answer");
    assert_eq!(raw(&sandbox, "GET /www/ HTTP/1.1").status, 200);
}

#[test]
fn survives_256_slow_connections() {
    let sandbox = sandbox(|_| {});
    // 256 clients that connect and send a request head a byte at a time.
    let mut slow: Vec<TcpStream> = (0..256)
        .map(|_| {
            let mut stream = connect(&sandbox);
            stream
                .write_all(b"GET /www/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .expect("writes");
            stream
        })
        .collect();
    for _ in 0..3 {
        for stream in &mut slow {
            stream.write_all(b"z").expect("still open");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // The server holds every one of them (and this one)…
    let open = open_connections(&sandbox, |open| open >= 257);
    assert!(open >= 257, "{open} open");
    // …and still answers others at once: a page, a provider, the switches.
    assert_eq!(raw(&sandbox, "GET /www/ HTTP/1.1").status, 200);
    assert_eq!(
        post(&sandbox, "/kredibel/v1/certificate/issuance", &[], "{}").status,
        400
    );
    for stream in &mut slow {
        stream.write_all(b"z").expect("still open");
    }
    // The slow clients give up; the server lets their connections go.
    drop(slow);
    assert_eq!(open_connections(&sandbox, |open| open == 1), 1);
    assert_eq!(raw(&sandbox, "GET /www/ HTTP/1.1").status, 200);
}

#[test]
fn a_head_that_never_ends_is_cut_off_with_408() {
    let sandbox = sandbox(|config| config.head_timeout = Duration::from_secs(1));
    let mut stream = connect(&sandbox);
    stream
        .write_all(b"GET /www/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .expect("writes");
    // A byte every 100 ms, for at most 20 s: the server must end it long before.
    let mut writer = stream.try_clone().expect("clone");
    let dribbler = std::thread::spawn(move || {
        for _ in 0..200 {
            if writer.write_all(b"z").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let answer = read_all(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    assert!(answer.contains("Connection: close"), "{answer}");
    drop(stream);
    let _ = dribbler.join();
    assert_eq!(raw(&sandbox, "GET /www/ HTTP/1.1").status, 200);
}

#[test]
fn past_the_connection_limit_clients_wait_their_turn() {
    let sandbox = sandbox(|config| config.max_connections = 4);
    // Three idle connections and the one asking: the limit.
    let idle: Vec<TcpStream> = (0..3).map(|_| connect(&sandbox)).collect();
    assert_eq!(open_connections(&sandbox, |open| open == 4), 4);
    // A fifth client waits in the listen queue (it is not refused)…
    let mut fifth = connect(&sandbox);
    fifth
        .write_all(b"GET /__sandbox/connections HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("writes");
    // …and is answered once an idle one goes, never above the limit.
    drop(idle);
    let answer = read_all(&mut fifth);
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer:?}");
    assert!(answer.contains("\"limit\":4"), "{answer}");
}

#[test]
fn framing_the_sandbox_does_not_read_is_refused() {
    let sandbox = sandbox(|_| {});
    let cases = [
        (
            format!("GET /www/ HTTP/1.1\r\nX-Big: {}", "a".repeat(70 * 1024)),
            431,
        ),
        (
            "POST /td/ HTTP/1.1\r\nTransfer-Encoding: chunked".to_owned(),
            411,
        ),
        ("POST /td/ HTTP/1.1\r\nContent-Length: ten".to_owned(), 400),
        (
            "POST /td/ HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3".to_owned(),
            400,
        ),
        (
            "POST /td/ HTTP/1.1\r\nExpect: something\r\nContent-Length: 2".to_owned(),
            417,
        ),
        ("GET /www/ HTTP/2.0".to_owned(), 505),
        ("GET www HTTP/1.1".to_owned(), 400),
    ];
    for (head, status) in cases {
        let reply = raw(&sandbox, &head);
        assert_eq!(reply.status, status, "{}", &head[..head.len().min(60)]);
        assert_eq!(reply.header("connection"), Some("close"));
        assert_eq!(
            reply.header("content-security-policy"),
            Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
            "{:?}",
            reply.headers
        );
    }
    assert_eq!(raw(&sandbox, "GET /www/ HTTP/1.1").status, 200);
}

#[test]
fn a_connection_is_kept_alive_and_100_continue_is_honoured() {
    let sandbox = sandbox(|_| {});
    let mut stream = connect(&sandbox);
    // Two requests on one connection, the second closing it.
    stream
        .write_all(
            b"GET /__sandbox/log HTTP/1.1\r\nHost: x\r\n\r\n\
              POST /kredibel/v1/certificate/issuance HTTP/1.1\r\nHost: x\r\n\
              Content-Length: 2\r\nConnection: close\r\n\r\n{}",
        )
        .expect("writes");
    let answers = read_all(&mut stream);
    assert_eq!(answers.matches("HTTP/1.1 ").count(), 2, "{answers}");
    assert!(answers.starts_with("HTTP/1.1 200 "), "{answers}");
    assert!(answers.contains("HTTP/1.1 400 "), "{answers}");

    // Expect: 100-continue gets its interim answer before the body is sent.
    let mut stream = connect(&sandbox);
    stream
        .write_all(
            b"POST /kredibel/v1/certificate/issuance HTTP/1.1\r\nHost: x\r\n\
              Expect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n",
        )
        .expect("writes");
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).expect("an interim answer");
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(b"{}").expect("writes the body");
    assert!(read_all(&mut stream).starts_with("HTTP/1.1 400 "));
}
