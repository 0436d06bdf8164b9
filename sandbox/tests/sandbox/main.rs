//! The sandbox over real HTTP on 127.0.0.1, a random port per test: every provider's
//! answers (built and read by the library itself), the static files, the switches, the
//! credentials and the command line. One test binary, to keep link time down.

mod cli;
mod controls;
mod kredibel;
mod oy;
mod quantum_elixir;
mod routes;
mod static_files;
mod support;
mod td;
mod widekyc;
