//! Helpers the binary's end-to-end tests share: the outcome of a `driftless` run, the
//! arguments of `user add`, and one raw HTTP/1.1 request.

#![allow(dead_code)] // each test binary uses part of the helpers

use std::io::{Read as _, Write as _};
use std::process::Output;

/// The standard output of `driftless args`, which must have succeeded (exit status 0; the
/// message shows both outputs otherwise).
pub(crate) fn succeeded(args: &[&str], out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The standard error of `driftless args`, which must have failed with exit status 2.
pub(crate) fn failed(args: &[&str], out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{args:?} should fail");
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The arguments `user add NAME --email EMAIL --role ROLE`.
pub(crate) fn user_add<'a>(name: &'a str, email: &'a str, role: &'a str) -> Vec<&'a str> {
    vec!["user", "add", name, "--email", email, "--role", role]
}

/// One HTTP/1.1 request to `addr`; the status and the whole response.
pub(crate) fn http(addr: &str, request: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    (status, response)
}
