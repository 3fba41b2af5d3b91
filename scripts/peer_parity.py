#!/usr/bin/env python3
"""Peer parity: does driftless find at least what Checkov and Trivy fail, at the same lines?

For every Checkov or Trivy check that a driftless rule cross-references, every resource the
peer fails in DIR must have a driftless finding of such a rule on the same resource (block
address), in the same file, with its primary line inside the peer's reported line range.
Suppressed driftless findings count (the peer's own skip comments are honoured by both).

Usage: scripts/peer_parity.py DIR [--checkov PATH] [--trivy PATH] [--driftless PATH] [--no-install]
Defaults: checkov and trivy as bench/compare.py finds them (bench/peer_tools.py: $CHECKOV/$TRIVY,
bench/.venv, /opt/peers), installed into bench/.venv from PyPI when missing (unless --no-install);
driftless from target/release, then target/debug. Exit status 1 when anything is missed.
Only the Python standard library is used.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import peer_tools  # noqa: E402 (bench/ is not a package)


def find_peers(args):
    """(checkov, trivy): the paths given, else bench/peer_tools.py's (installing when allowed)."""
    if args.checkov and args.trivy:
        return args.checkov, args.trivy
    log = lambda msg: print(f"peer_parity.py: {msg}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        checkov, trivy = peer_tools.find(not args.no_install, log)
    except peer_tools.PeerError as e:
        sys.exit(f"peer_parity.py: {e}")
    return args.checkov or checkov, args.trivy or trivy


def run_json(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{' '.join(cmd)} printed no JSON (exit {out.returncode}): {out.stderr[-2000:]}")


def block_address(address):
    """Drops instance keys: module.a["x"].aws_s3_bucket.b[0] -> module.a.aws_s3_bucket.b."""
    out, depth = [], 0
    for ch in address:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--checkov")
    ap.add_argument("--trivy")
    ap.add_argument("--driftless")
    ap.add_argument("--no-install", action="store_true", help="never create bench/.venv")
    args = ap.parse_args()
    target = Path(args.dir).resolve()
    driftless = args.driftless or next(
        (str(p) for p in (ROOT / "target/release/driftless", ROOT / "target/debug/driftless") if p.exists()), None
    )
    if not driftless:
        sys.exit("build driftless first: cargo build --release -p driftless")

    rules = run_json([driftless, "rules", "--json"])
    report = run_json([driftless, "scan", str(target), "--format", "json", "--no-progress"])
    findings = report["findings"]

    checkov, trivy = find_peers(args)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, BC_SKIP_MAPPING="TRUE")
        ck = run_json([checkov, "-d", str(target), "--framework", "terraform", "-o", "json", "--quiet", "--skip-download"], env)
        tv = run_json([trivy, "config", "--skip-check-update", "--cache-dir", cache, "-f", "json", str(target)])

    ck_results = ck[0] if isinstance(ck, list) else ck
    failed = []  # (tool, check id, resource, file, first line, last line)
    for c in ck_results.get("results", {}).get("failed_checks", []):
        first, last = c["file_line_range"]
        failed.append(("checkov", c["check_id"], c["resource"], c["file_path"].lstrip("/"), first, last))
    for r in tv.get("Results", []):
        for m in r.get("Misconfigurations") or []:
            if m.get("Status") != "FAIL":
                continue
            cause = m.get("CauseMetadata", {})
            failed.append(("trivy", m["ID"], cause.get("Resource", ""), r["Target"], cause.get("StartLine", 0), cause.get("EndLine", 0)))

    # Which driftless rules cover each peer id.
    covering = {}
    for rule in rules:
        refs = rule["cross_refs"]
        for tool, key in (("checkov", "checkov"), ("trivy", "trivy")):
            for peer_id in refs.get(key, []):
                covering.setdefault((tool, peer_id), set()).add(rule["id"])

    rows, misses = {}, []
    for tool, check, resource, path, first, last in failed:
        rule_ids = covering.get((tool, check))
        if not rule_ids:
            continue
        row = rows.setdefault((tool, check), [0, 0])
        row[0] += 1
        hit = any(
            f["rule_id"] in rule_ids
            and (block_address(f["address"]) == block_address(resource)
                 or block_address(f["address"]).endswith("." + block_address(resource))
                 # Trivy names a resource inside a called module by the module call.
                 or (resource.startswith("module.")
                     and block_address(f["address"]).startswith(block_address(resource) + ".")))
            and f["location"]["path"] == path
            and first <= f["location"]["start_line"] <= last
            for f in findings
        )
        if hit:
            row[1] += 1
        else:
            misses.append(f"{tool} {check}: {resource} at {path}:{first}-{last}")

    print(f"| tool | check | peer failed | driftless found in range |")
    print(f"| --- | --- | --- | --- |")
    for (tool, check), (total, found) in sorted(rows.items()):
        print(f"| {tool} | {check} | {total} | {found} |")
    if misses:
        print("\nmissed:")
        for m in misses:
            print(f"  {m}")
        return 1
    print(f"\nall {sum(r[0] for r in rows.values())} peer failures covered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
