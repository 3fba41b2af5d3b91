#!/usr/bin/env python3
"""Load-test the campaign page of `driftless serve` on a store of 100,000 violations.

    python3 bench/web_load.py [--backends sqlite,postgres] [--violations 100000]
                              [--duration 20] [--connections 8] [--no-build] [--json OUT]

Issue 6, scope 5: "with 100k violations in the store, the campaign page answers in under 100 ms
at the median with 8 concurrent clients (release build)". For each backend the script:

1. builds the release binary and the seeding example (`cargo build --release -p driftless` and
   `cargo build --release -p driftless-server --example seed_violations`; --no-build skips it);
2. seeds a fresh store through the public `Store` API (no SQL): one campaign `bench` of
   --violations violations spread over 12 repositories, the rule catalog, five severities,
   60 owning teams, ~9,000 files, due dates around today, and statuses moved on as a real
   campaign does (fixed by a sync, pull requests in review or proposed, won't fix, approved
   exceptions); plus a security user `bench` with an API token
   (crates/driftless-server/examples/seed_violations.rs);
3. starts `target/release/driftless serve --listen 127.0.0.1:0` on that store;
4. walks the JSON API with the store's cursor to the 50,001st violation of the default order;
5. runs the load tool for --duration seconds per URL with --connections concurrent connections
   (each a closed loop: a client sends its next request when the last one answered), with
   `Authorization: Bearer <token>`, on:
     first     /campaigns/bench                              (the page as linked from the dashboard)
     filtered  /campaigns/bench?status=open&severity=high
     by due    /campaigns/bench?sort=due                     (overdue first)
     severity  /campaigns/bench?sort=severity&desc=1         (critical first)
     owner     /campaigns/bench?owner=@acme/ml-team-59&sort=due (a team with ~50 violations)
     deep      /campaigns/bench?sort=id&after=<cursor>       (rows 50,001-50,050, the "Next" link)
     api       /api/v1/violations?campaign=bench&status=open (JSON, for reference)
   and prints median / p90 / p99 latency and requests per second for each; any answer other than
   200 fails the run.

Backends: `sqlite` (a file under bench/out/web_load/) and `postgres`: $DRIFTLESS_TEST_POSTGRES_URL
when set (a scratch database is created on it with psql and dropped afterwards), else a throwaway
PostgreSQL server started here as .ci/run does (initdb under /tmp, as the `postgres` user when run
as root, trust auth on 127.0.0.1, fsync off, stopped and removed at the end).

Load tool: wrk (Debian package `wrk`, a ~100 KiB C program; installed with apt-get when missing and
running as root). Why wrk: the machine has 2 shared cores and the load generator runs on them
beside the server, so it must cost as little CPU as possible. wrk is event-driven C (2 threads,
epoll, no per-request allocation to speak of) and reports the latency distribution (50/75/90/99 %)
and requests per second itself. `oha` would need a long release build of its own on these 2
cores; `ab` (apache2-utils) is single-threaded and prints no p90/p99 per run without extra
parsing of its percentile table; a Python driver would spend more CPU per request than the server
and skew the figures. wrk measures raw request latency (no coordinated-omission correction), which
is what "answers in under 100 ms at the median" asks.

The figures depend on the machine: on a 2-core machine the server, the database and wrk share the
cores, so they are an upper bound on what a dedicated server gives. The 1-minute load average is
printed before and after each backend. Standard library only (Python 3.9+).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "web_load"
BINARY = ROOT / "target" / "release" / "driftless"
SEED = ROOT / "target" / "release" / "examples" / "seed_violations"
CAMPAIGN = "bench"
# The seed's least frequent owner (about 50 of 100,000 violations): the owner filter's worst case.
SMALL_TEAM = "@acme/ml-team-59"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    log("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run(cmd, check=True, **kw)


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: installing the Debian package `wrk`")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit("bench/web_load.py needs wrk: `apt-get install wrk` (Debian/Ubuntu)")


def build() -> None:
    run(["cargo", "build", "--release", "-p", "driftless"], cwd=ROOT)
    run(["cargo", "build", "--release", "-p", "driftless-server", "--example", "seed_violations"], cwd=ROOT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A scratch PostgreSQL database: on $DRIFTLESS_TEST_POSTGRES_URL, or a throwaway server."""

    def __init__(self) -> None:
        self.server_dir: Path | None = None
        self.as_pg: list[str] = []
        self.bin: Path | None = None
        self.admin_url = os.environ.get("DRIFTLESS_TEST_POSTGRES_URL")
        self.dbname = f"driftless_web_load_{os.getpid()}"

    def start(self) -> str:
        if not self.admin_url:
            bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)] or [0])
            if not bins or not (bins[-1] / "initdb").exists():
                sys.exit("PostgreSQL is not installed: `apt-get install postgresql-15`, or set DRIFTLESS_TEST_POSTGRES_URL")
            self.bin = bins[-1]
            self.server_dir = Path(tempfile.mkdtemp(prefix="driftless-web-load-pg."))
            if os.geteuid() == 0:
                shutil.chown(self.server_dir, "postgres", "postgres")
                self.as_pg = ["runuser", "-u", "postgres", "--"]
            port = free_port()
            run(self.as_pg + [str(self.bin / "initdb"), "-D", str(self.server_dir / "data"), "-U", "postgres",
                              "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"], stdout=subprocess.DEVNULL)
            run(self.as_pg + [str(self.bin / "pg_ctl"), "-D", str(self.server_dir / "data"), "-l",
                              str(self.server_dir / "server.log"), "-w", "-t", "60", "-o",
                              f"-p {port} -k {self.server_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                              "-c max_connections=200", "start"], stdout=subprocess.DEVNULL)
            self.admin_url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        psql = shutil.which("psql")
        if not psql:
            sys.exit("psql is needed to create the scratch database (Debian package postgresql-client)")
        run([psql, "-q", "-v", "ON_ERROR_STOP=1", self.admin_url, "-c", f"CREATE DATABASE {self.dbname}"])
        parts = urllib.parse.urlsplit(self.admin_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + self.dbname))

    def stop(self) -> None:
        if self.admin_url and self.server_dir is None:
            subprocess.run(["psql", "-q", self.admin_url, "-c", f"DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)"], check=False)
        if self.server_dir is not None and self.bin is not None:
            subprocess.run(self.as_pg + [str(self.bin / "pg_ctl"), "-D", str(self.server_dir / "data"), "stop", "-m", "fast"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            shutil.rmtree(self.server_dir, ignore_errors=True)


def seed(url: str, violations: int) -> str:
    started = time.monotonic()
    out = run([str(SEED), "--database-url", url, "--violations", str(violations), "--campaign", CAMPAIGN],
              stdout=subprocess.PIPE, text=True).stdout
    log(f"seeded in {time.monotonic() - started:.0f} s")
    for line in out.splitlines():
        if line.startswith("token "):
            return line.split()[1]
    sys.exit("the seed example printed no token")


class Server:
    def __init__(self, url: str, data_dir: Path, log_path: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("RUST_LOG", "DRIFTLESS_USER")}
        with open(log_path, "w") as err:
            self.proc = subprocess.Popen(
                [str(BINARY), "serve", "--database-url", url, "--listen", "127.0.0.1:0", "--data-dir", str(data_dir)],
                stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        try:
            line = self.proc.stdout.readline() if self.proc.stdout else ""
        except BaseException:
            self.stop()
            raise
        m = re.search(r"http://([0-9.:]+)/", line)
        if not m:
            self.stop()
            sys.exit(f"driftless serve did not print its URL: {line!r} (see {log_path})")
        self.base = f"http://{m.group(1)}"
        log(f"driftless serve on {self.base} (pid {self.proc.pid})")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def get(url: str, token: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def deep_cursor(base: str, token: str, rows: int) -> str:
    """The cursor after the first `rows` violations of the default order (id ascending)."""
    after = None
    seen = 0
    while seen < rows:
        q = {"campaign": CAMPAIGN, "sort": "id", "limit": str(min(500, rows - seen))}
        if after:
            q["after"] = after
        status, body = get(f"{base}/api/v1/violations?{urllib.parse.urlencode(q)}", token)
        if status != 200:
            sys.exit(f"walking the cursor: HTTP {status}: {body[:300]!r}")
        page = json.loads(body)
        seen += len(page["items"])
        after = page.get("next")
        if not after:
            sys.exit(f"the listing ended after {seen} violations")
    return after


UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def ms(text: str) -> float:
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"wrk latency {text!r}")
    return float(m.group(1)) * UNIT[m.group(2)]


def wrk(tool: str, url: str, token: str, duration: int, connections: int, threads: int) -> dict:
    cmd = [tool, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s",
           "-H", f"Authorization: Bearer {token}", url]
    log("$ " + " ".join(cmd).replace(token, "dl_…"))
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.M))
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", out, re.M)
    total = re.search(r"^\s+(\d+) requests in", out, re.M)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)$", out, re.M)
    if bad or errors or not rps or not pct:
        log(out)
        sys.exit(f"wrk on {url}: errors or unreadable output")
    return {
        "median_ms": ms(pct["50"]),
        "p90_ms": ms(pct["90"]),
        "p99_ms": ms(pct["99"]),
        "rps": float(rps.group(1)),
        "requests": int(total.group(1)) if total else None,
    }


def scenarios(base: str, cursor: str) -> list[tuple[str, str]]:
    c = f"{base}/campaigns/{CAMPAIGN}"
    return [
        ("first page", c),
        ("filtered: status=open, severity=high", f"{c}?status=open&severity=high"),
        ("sorted by due date", f"{c}?sort=due"),
        ("sorted by severity, desc", f"{c}?sort=severity&desc=1"),
        ("one small team's, by due date", f"{c}?owner={urllib.parse.quote(SMALL_TEAM, safe='')}&sort=due"),
        ("deep page (rows 50,001-50,050) via cursor", f"{c}?sort=id&after={cursor}"),
        ("API: /api/v1/violations, status=open", f"{base}/api/v1/violations?campaign={CAMPAIGN}&status=open"),
    ]


def bench_backend(backend: str, args: argparse.Namespace, tool: str) -> list[dict]:
    OUT.mkdir(parents=True, exist_ok=True)
    pg = None
    server = None
    data_dir = Path(tempfile.mkdtemp(prefix="driftless-web-load-data."))
    try:
        if backend == "sqlite":
            db = OUT / "sqlite" / "driftless.db"
            shutil.rmtree(db.parent, ignore_errors=True)
            db.parent.mkdir(parents=True)
            url = f"sqlite://{db}"
        elif backend == "postgres":
            pg = Postgres()
            url = pg.start()
        else:
            sys.exit(f"unknown backend {backend}: sqlite or postgres")
        log(f"== {backend}: seeding {args.violations} violations")
        token = seed(url, args.violations)
        server = Server(url, data_dir, OUT / f"{backend}-serve.log")
        # The first view computes the campaign's counts (then cached until the store changes).
        started = time.monotonic()
        status, _ = get(f"{server.base}/campaigns/{CAMPAIGN}", token)
        cold = (time.monotonic() - started) * 1000
        log(f"   first view after start (counts not cached yet): HTTP {status}, {cold:.0f} ms")
        cursor = deep_cursor(server.base, token, min(50_000, args.violations // 2))
        results = []
        for name, target in scenarios(server.base, cursor):
            status, body = get(target, token)
            if status != 200:
                sys.exit(f"{target}: HTTP {status}: {body[:300]!r}")
            if "/campaigns/" in target and body.count(b"<tr") < 10:
                sys.exit(f"{target}: the page has no violation rows")
            before = loadavg()
            r = wrk(tool, target, token, args.duration, args.connections, args.threads)
            r.update(backend=backend, page=name, load_before=before, load_after=loadavg(), bytes=len(body),
                     cold_first_view_ms=round(cold))
            log(f"   {name}: median {r['median_ms']:.1f} ms, p90 {r['p90_ms']:.1f} ms, "
                f"p99 {r['p99_ms']:.1f} ms, {r['rps']:.0f} req/s (load {before} -> {r['load_after']})")
            results.append(r)
        return results
    finally:
        if server:
            server.stop()
        if pg:
            pg.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backends", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    p.add_argument("--violations", type=int, default=100_000)
    p.add_argument("--duration", type=int, default=20, help="seconds of load per page")
    p.add_argument("--connections", type=int, default=8, help="concurrent clients")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (at most --connections)")
    p.add_argument("--no-build", action="store_true", help="use the binaries already in target/release")
    p.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = p.parse_args()
    args.threads = max(1, min(args.threads, args.connections))
    tool = ensure_wrk()
    if not args.no_build:
        build()
    for f in (BINARY, SEED):
        if not f.exists():
            sys.exit(f"{f} is missing: run without --no-build")
    results = []
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        results.extend(bench_backend(backend, args, tool))
    print(f"\n{args.violations} violations, {args.connections} concurrent connections, {args.duration} s per page, "
          f"wrk -t{args.threads}, {os.cpu_count()} cores")
    print("| page | backend | median | p90 | p99 | req/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['page']} | {r['backend']} | {r['median_ms']:.1f} ms | {r['p90_ms']:.1f} ms | "
              f"{r['p99_ms']:.1f} ms | {r['rps']:.0f} |")
    for backend in dict.fromkeys(r["backend"] for r in results):
        cold = next(r["cold_first_view_ms"] for r in results if r["backend"] == backend)
        print(f"{backend}: first campaign page after start or after a write (counts recomputed): {cold} ms")
    slow = [r for r in results if r["median_ms"] >= 100]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if slow:
        print("\nover 100 ms at the median: " + ", ".join(f"{r['page']} ({r['backend']})" for r in slow))
        sys.exit(1)


if __name__ == "__main__":
    main()
