//! The sandbox over real HTTP on 127.0.0.1, a random port per test: every provider's
//! answers to requests written by hand from the pages (never built by the library), the
//! static files, the switches, the credentials, the bounds on what clients may send, the
//! command line, and the sandbox's independence from the library. One test binary, to
//! keep link time down.

mod cli;
mod controls;
mod independence;
mod kredibel;
mod limits;
mod oy;
mod quantum_elixir;
mod routes;
mod static_files;
mod support;
mod td;
mod widekyc;
