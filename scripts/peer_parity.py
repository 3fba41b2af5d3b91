#!/usr/bin/env python3
"""Peer parity: does driftless find at least what Checkov and Trivy fail, at the same lines?

For every Checkov or Trivy check that a driftless rule cross-references, every resource the
peer fails in DIR must have a driftless finding of such a rule on the same resource (block
address), in the same file, with its primary line inside the peer's reported line range.
Suppressed driftless findings count (the peer's own skip comments are honoured by both).

Usage: scripts/peer_parity.py DIR [--checkov PATH] [--trivy PATH] [--driftless PATH]
Defaults: checkov and trivy from bench/.venv/bin, then /opt/peers/bin, then PATH;
driftless from target/release, then target/debug. Exit status 1 when anything is missed.
Only the Python standard library is used.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def find_tool(name, explicit):
    if explicit:
        return explicit
    for candidate in (ROOT / "bench/.venv/bin" / name, Path("/opt/peers/bin") / name):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: pass --{name} or create bench/.venv (see bench/compare.sh)")
    return found


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

    checkov = find_tool("checkov", args.checkov)
    trivy = find_tool("trivy", args.trivy)
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
