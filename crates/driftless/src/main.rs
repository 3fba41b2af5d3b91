//! The `driftless` command: a thin shell around [`driftless::run`].

fn main() {
    std::process::exit(driftless::run());
}
