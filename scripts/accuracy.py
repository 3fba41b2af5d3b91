#!/usr/bin/env python3
"""Accuracy of the rule catalog against two public test corpora.

KICS (<corpus>/kics): for every query whose id a driftless rule cross-references, each
positive and negative test file is scanned alone (copied into a scratch folder, so sibling test
files do not form one module). An expected `file:line` (the query's positive_expected_result.json,
checked against EXPECTED_INDEX.tsv) is found when a finding of a covering rule is in that file and
  - strict:  its primary location starts on that line;
  - lenient: or the line lies inside the finding's whole block.
A finding of a covering rule in a negative file is a false positive.

Trivy examples (<corpus>/trivy-examples): for every `<service>/<check>` folder whose AVD id
a rule cross-references (folder -> long id `aws-<service>-<check>` in the repository's
data/xref/trivy_aws_checks.tsv, plus a few folders whose names differ from their long id), every
bad file must give a finding of a covering rule and every good file none.

<corpus> is the public test corpus: --corpus, else $DRIFTLESS_CORPUS, else ../shared/corpus beside
the checkout.

"Covering rule": any rule that cross-references the query or check. Suppressed findings do not
count. Then lists the KICS queries and Trivy checks on the same Terraform resource types as the
catalog's rules that no rule covers yet.

Usage: scripts/accuracy.py [--driftless PATH] [--corpus DIR] [--json OUT] [--jobs N] [--check]
Exit status 0 (it is a report) unless driftless itself fails, or, with --check, a figure is worse
than the one recorded in CHECKED (the README's "Accuracy" section). Only the standard library is
used.
"""

import argparse
import concurrent.futures
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XREF_TRIVY = ROOT / "data/xref/trivy_aws_checks.tsv"

# The figures recorded in the README's "Accuracy" section, which --check holds the catalog to:
# (what, section of the totals, key, "min" or "max", bound). Raise them when the catalog gets
# better, with the README.
CHECKED = [
    ("KICS lenient recall (expected lines found)", "kics", "lenient", "min", 55),
    ("KICS strict recall (expected lines found)", "kics", "strict", "min", 44),
    ("KICS false positives (negative files)", "kics", "fp", "max", 5),
    ("Trivy bad files found", "trivy", "bad_found", "min", 24),
    ("Trivy false positives (good files)", "trivy", "good_fp", "max", 3),
]

# Trivy example folders whose name is not the check's long id minus `aws-<service>-`.
TRIVY_FOLDER_ALIASES = {
    "ec2/as_enable_at_rest_encryption": "aws-ec2-enable-launch-config-at-rest-encryption",
    "ec2/as_no_secrets_in_user_data": "aws-ec2-no-secrets-in-launch-template-user-data",
    "ec2/specify_ami_owners": "aws-ami-ensure-ami-has-owners",
    "iam/limit_s3_full_access": "aws-iam-no-s3-full-access",
    "rds/disable_public_access": "aws-rds-enable-public-access",
}

RESOURCE_HEADER = re.compile(r'^\s*resource\s+"([A-Za-z0-9_]+)"\s+"([^"]+)"')
NOT_IN_CATALOG = "not in the catalog yet"


def fail(msg):
    sys.exit(f"accuracy.py: {msg}")


def find_driftless(explicit):
    if explicit:
        if not shutil.which(explicit):
            fail(f"{explicit}: no such executable")
        return explicit
    for candidate in (ROOT / "target/release/driftless", ROOT / "target/debug/driftless"):
        if candidate.exists():
            return str(candidate)
    fail("no driftless binary: build it (cargo build --release -p driftless) or pass --driftless")


def load_rules(driftless):
    out = subprocess.run([driftless, "rules", "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"`driftless rules --json` exited {out.returncode}: {out.stderr[-2000:]}")
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError as err:
        fail(f"`driftless rules --json` printed no JSON: {err}")


# ---------------------------------------------------------------- Terraform helpers


def resource_blocks(path):
    """(type, name, first line, last line) of each top-level resource block, by brace counting
    outside strings, comments and heredocs (enough for test fixtures)."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    blocks, current, depth, heredoc = [], None, 0, None
    for number, line in enumerate(lines, 1):
        if heredoc:
            if line.strip() == heredoc:
                heredoc = None
            continue
        if depth == 0:
            match = RESOURCE_HEADER.match(line)
            if match:
                current = [match.group(1), match.group(2), number, number]
        in_string, i = False, 0
        while i < len(line):
            ch = line[i]
            if in_string:
                if ch == "\\":
                    i += 1
                elif ch == '"':
                    in_string = False
            elif ch == '"':
                in_string = True
            elif ch == "#" or line.startswith("//", i):
                break
            elif line.startswith("<<", i):
                m = re.match(r"<<-?\s*([A-Za-z_][A-Za-z0-9_]*)", line[i:])
                if m:
                    heredoc = m.group(1)
                    break
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0 and current:
                    current[3] = number
                    blocks.append(tuple(current))
                    current = None
            i += 1
    if current:
        current[3] = len(lines)
        blocks.append(tuple(current))
    return blocks


def type_at_line(blocks, line):
    for rtype, _, first, last in blocks:
        if first <= line <= last:
            return rtype
    return None


def address_type(address):
    """aws_s3_bucket of module.a["x"].aws_s3_bucket.b[0]."""
    plain, depth = [], 0
    for ch in address or "":
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            plain.append(ch)
    parts = "".join(plain).split(".")
    while len(parts) >= 2 and parts[0] == "module":
        parts = parts[2:]
    if parts and parts[0] == "data":
        parts = parts[1:]
    return parts[0] if len(parts) >= 2 else None


# ---------------------------------------------------------------- scanning


def scan_alone(driftless, path):
    """Findings (unsuppressed) of `driftless scan` on a copy of the single file `path`."""
    with tempfile.TemporaryDirectory(prefix="driftless-accuracy-") as tmp:
        shutil.copy(path, Path(tmp) / Path(path).name)
        out = subprocess.run(
            [driftless, "scan", tmp, "--format", "json"], capture_output=True, text=True
        )
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"driftless scan of {path} printed no JSON (exit {out.returncode}): "
            f"{out.stderr[-2000:]}"
        )
    findings = [f for f in report.get("findings", []) if f.get("suppressed") is None]
    errors = report.get("errors") or []
    return {"findings": findings, "errors": errors}


def scan_all(driftless, paths, jobs):
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(scan_alone, driftless, p): p for p in paths}
        for future in concurrent.futures.as_completed(futures):
            try:
                results[futures[future]] = future.result()
            except RuntimeError as err:
                fail(str(err))
    return results


# ---------------------------------------------------------------- KICS


def load_expected_index(kics_dir):
    index = {}
    path = kics_dir / "EXPECTED_INDEX.tsv"
    if not path.exists():
        return index
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader, None)
        for row in reader:
            if len(row) < 7:
                continue
            entries = []
            for item in filter(None, row[6].split(";")):
                name, _, line = item.rpartition(":")
                entries.append((None if name == "?" else name, int(line)))
            index[(row[0], row[1])] = {"id": row[2], "expected": sorted(entries, key=str)}
    return index


def kics_queries(kics_dir):
    index = load_expected_index(kics_dir)
    queries = []
    for meta_path in sorted((kics_dir / "queries").glob("*/*/metadata.json")):
        qdir = meta_path.parent
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        test = qdir / "test"
        expected = []
        for result_path in sorted(test.glob("positive_expected_result*.json")):
            for item in json.loads(result_path.read_text(encoding="utf-8")):
                # Both `fileName` and `filename` occur.
                name = next((v for k, v in item.items() if k.lower() == "filename"), None)
                expected.append((name, int(item["line"])))
        positives = sorted(p for p in test.glob("positive*") if p.suffix in (".tf", ".json")
                           and not p.name.startswith("positive_expected_result"))
        if len(positives) == 1:
            expected = [(name or positives[0].name, line) for name, line in expected]
        negatives = sorted(p for p in test.glob("negative*") if p.suffix in (".tf", ".json"))
        group, name = qdir.parent.name, qdir.name
        warning = None
        indexed = index.get((group, name))
        if indexed and len(positives) == 1:
            indexed["expected"] = sorted(((n or positives[0].name, l) for n, l in indexed["expected"]),
                                         key=str)
        if indexed and sorted(expected, key=str) != indexed["expected"]:
            warning = "positive_expected_result.json and EXPECTED_INDEX.tsv disagree"
        queries.append({
            "group": group, "name": name, "id": meta.get("id"),
            "title": meta.get("queryName", name), "dir": qdir,
            "expected": expected, "positives": positives, "negatives": negatives,
            "warning": warning,
        })
    return queries


def resolve_expected(query):
    """[(candidate files, line)]: an entry without fileName may be in any positive file that no
    other entry names (or any positive file when all are named)."""
    named = {name for name, _ in query["expected"] if name}
    by_name = {p.name: p for p in query["positives"]}
    unnamed = [p for p in query["positives"] if p.name not in named] or list(query["positives"])
    resolved = []
    for name, line in query["expected"]:
        if name:
            files = [by_name[name]] if name in by_name else []
        else:
            files = unnamed
        resolved.append((name or "?", files, line))
    return resolved


# ---------------------------------------------------------------- Trivy


def trivy_checks(trivy_dir, xref_path):
    rows = list(csv.DictReader(open(xref_path, newline="", encoding="utf-8"), delimiter="\t"))
    by_long = {row["long_id"]: row for row in rows}
    checks = []
    for folder in sorted(p for p in trivy_dir.glob("*/*") if p.is_dir()):
        key = f"{folder.parent.name}/{folder.name}"
        long_id = TRIVY_FOLDER_ALIASES.get(key) or f"aws-{folder.parent.name}-{folder.name.replace('_', '-')}"
        row = by_long.get(long_id)
        checks.append({
            "folder": key, "dir": folder, "long_id": long_id if row else None,
            "avd_id": row["avd_id"] if row else None, "trivy_id": row["trivy_id"] if row else None,
            "bad": sorted(folder.glob("bad*.tf")), "good": sorted(folder.glob("good*.tf")),
        })
    return checks


# ---------------------------------------------------------------- report


def pct(found, total):
    return f"{100.0 * found / total:.0f}%" if total else "-"


def frac(found, total):
    return f"{found}/{total}" if total else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--driftless", help="driftless binary (default target/release, then target/debug)")
    parser.add_argument("--corpus", default=os.environ.get("DRIFTLESS_CORPUS") or str(ROOT.parent / "shared/corpus"),
                        help="the public test corpus (default $DRIFTLESS_CORPUS, else ../shared/corpus)")
    parser.add_argument("--shared", help="former name: the folder holding corpus/ (same as --corpus SHARED/corpus)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a total is worse than the figures recorded in CHECKED")
    parser.add_argument("--json", dest="json_out", help="also write the figures to this file")
    parser.add_argument("--jobs", type=int, default=2, help="parallel scans (default 2)")
    args = parser.parse_args()
    if args.shared:
        args.corpus = os.path.join(args.shared, "corpus")

    driftless = find_driftless(args.driftless)
    corpus = Path(args.corpus).resolve()
    kics_dir = corpus / "kics"
    trivy_dir = corpus / "trivy-examples"
    xref = XREF_TRIVY
    for needed in (kics_dir, trivy_dir):
        if not needed.exists():
            fail(f"{needed} not found (pass --corpus or set DRIFTLESS_CORPUS)")

    rules = load_rules(driftless)
    rule_ids = [r["id"] for r in rules]
    kics_to_rules, trivy_to_rules = defaultdict(set), defaultdict(set)
    for rule in rules:
        refs = rule.get("cross_refs") or {}
        for ref in refs.get("kics", []):
            kics_to_rules[ref.lower()].add(rule["id"])
        for ref in refs.get("trivy", []):
            trivy_to_rules[ref.lower()].add(rule["id"])

    queries = kics_queries(kics_dir)
    checks = trivy_checks(trivy_dir, xref)
    for q in queries:
        q["rules"] = sorted(kics_to_rules.get((q["id"] or "").lower(), ()))
    for c in checks:
        ids = (c["avd_id"], c["trivy_id"], c["long_id"])
        c["rules"] = sorted({r for i in ids if i for r in trivy_to_rules.get(i.lower(), ())})

    to_scan = set()
    for q in queries:
        if q["rules"]:
            to_scan.update(p for p in q["positives"] + q["negatives"] if p.suffix == ".tf")
    for c in checks:
        if c["rules"]:
            to_scan.update(c["bad"] + c["good"])
    scans = scan_all(driftless, sorted(to_scan), max(1, args.jobs))
    scored_files = len(scans)

    def covering(path, rule_set):
        return [f for f in scans[path]["findings"] if f["rule_id"] in rule_set]

    # Resource types each rule is about: the findings' own resources, and the resource blocks the
    # covered KICS queries expect a finding on.
    rule_types = defaultdict(set)
    for result in scans.values():
        for f in result["findings"]:
            rtype = address_type(f.get("block_address") or f.get("address"))
            if rtype:
                rule_types[f["rule_id"]].add(rtype)

    per_rule = {rid: {"kics_queries": [], "trivy_checks": [],
                      "strict": 0, "lenient": 0, "expected": 0, "kics_fp": 0, "kics_negatives": 0,
                      "bad_found": 0, "bad_total": 0, "good_fp": 0, "good_total": 0}
                for rid in rule_ids}
    kics_misses, kics_fps, kics_not_scanned, trivy_misses, trivy_fps = [], [], [], [], []
    totals = {"kics": {"queries": 0, "expected": 0, "strict": 0, "lenient": 0,
                       "negatives": 0, "fp": 0, "extra_on_positives": 0,
                       "module_expected": 0, "module_strict": 0, "module_lenient": 0},
              "trivy": {"checks": 0, "bad": 0, "bad_found": 0, "good": 0, "good_fp": 0}}
    warnings = []

    for q in queries:
        if not q["rules"]:
            continue
        rule_set = set(q["rules"])
        totals["kics"]["queries"] += 1
        if q["warning"]:
            warnings.append(f"{q['name']}: {q['warning']}")
        strict = lenient = expected = 0
        matched_blocks = set()
        for name, files, line in resolve_expected(q):
            expected += 1
            scanned = [p for p in files if p in scans]
            for p in files:
                blocks = resource_blocks(p)
                rtype = type_at_line(blocks, line)
                if rtype:
                    for rid in rule_set:
                        rule_types[rid].add(rtype)
            hit_strict = hit_lenient = False
            for p in scanned:
                for f in covering(p, rule_set):
                    loc, blk = f["location"], f.get("block") or f["location"]
                    if loc["path"] != p.name:
                        continue
                    if loc["start_line"] == line:
                        hit_strict = True
                    if loc["start_line"] == line or blk["start_line"] <= line <= blk["end_line"]:
                        hit_lenient = True
                        matched_blocks.add((p, blk["start_line"]))
            strict += hit_strict
            lenient += hit_lenient
            if any(_is_module_case(p, line) for p in files):
                totals["kics"]["module_expected"] += 1
                totals["kics"]["module_strict"] += hit_strict
                totals["kics"]["module_lenient"] += hit_lenient
            if not hit_lenient or not hit_strict:
                entry = {"query": q["name"], "kics_id": q["id"], "rules": q["rules"],
                         "file": name if len(files) != 1 else files[0].name, "line": line,
                         "lenient_hit": hit_lenient,
                         "module_call": any(_is_module_case(p, line) for p in files)}
                if not scanned:
                    entry["why"] = "file not scanned (.json input or unknown file)"
                    kics_not_scanned.append(entry)
                if not hit_lenient:
                    kics_misses.append(entry)
                elif not hit_strict:
                    entry["found_at"] = sorted({f["location"]["start_line"] for p in scanned
                                                for f in covering(p, rule_set)
                                                if (f.get("block") or f["location"])["start_line"]
                                                <= line <= (f.get("block") or f["location"])["end_line"]})
                    kics_misses.append(entry)
        # Findings on positive files not at any expected line: reported, not scored.
        for p in q["positives"]:
            if p in scans:
                for f in covering(p, rule_set):
                    blk = f.get("block") or f["location"]
                    if (p, blk["start_line"]) not in matched_blocks:
                        totals["kics"]["extra_on_positives"] += 1
        negatives = [p for p in q["negatives"] if p in scans]
        fps = 0
        for p in negatives:
            found = covering(p, rule_set)
            if found:
                fps += 1
                kics_fps.append({"query": q["name"], "kics_id": q["id"], "file": p.name,
                                 "findings": [f"{f['rule_id']} {f['address']} line "
                                              f"{f['location']['start_line']} ({f['message']})" for f in found]})
        totals["kics"]["expected"] += expected
        totals["kics"]["strict"] += strict
        totals["kics"]["lenient"] += lenient
        totals["kics"]["negatives"] += len(negatives)
        totals["kics"]["fp"] += fps
        for rid in q["rules"]:
            row = per_rule[rid]
            row["kics_queries"].append(q["name"])
            row["strict"] += strict
            row["lenient"] += lenient
            row["expected"] += expected
            row["kics_fp"] += fps
            row["kics_negatives"] += len(negatives)

    for c in checks:
        if not c["rules"]:
            continue
        rule_set = set(c["rules"])
        totals["trivy"]["checks"] += 1
        found = fp = 0
        for p in c["bad"]:
            if covering(p, rule_set):
                found += 1
            else:
                trivy_misses.append({"check": c["folder"], "avd_id": c["avd_id"],
                                     "rules": c["rules"], "file": p.name})
        for p in c["good"]:
            hits = covering(p, rule_set)
            if hits:
                fp += 1
                trivy_fps.append({"check": c["folder"], "avd_id": c["avd_id"], "file": p.name,
                                  "findings": [f"{f['rule_id']} {f['address']} line "
                                               f"{f['location']['start_line']} ({f['message']})" for f in hits]})
        totals["trivy"]["bad"] += len(c["bad"])
        totals["trivy"]["bad_found"] += found
        totals["trivy"]["good"] += len(c["good"])
        totals["trivy"]["good_fp"] += fp
        for rid in c["rules"]:
            row = per_rule[rid]
            row["trivy_checks"].append(c["folder"])
            row["bad_found"] += found
            row["bad_total"] += len(c["bad"])
            row["good_fp"] += fp
            row["good_total"] += len(c["good"])

    # Queries and checks on the catalog's resource types that no rule covers.
    type_to_rules = defaultdict(set)
    for rid, types in rule_types.items():
        for t in types:
            type_to_rules[t].add(rid)
    uncovered = []
    for q in queries:
        if q["rules"]:
            continue
        types = set()
        for _, files, line in resolve_expected(q):
            for p in files:
                t = type_at_line(resource_blocks(p), line)
                if t:
                    types.add(t)
        if not types:
            types = {b[0] for p in q["positives"] for b in resource_blocks(p)}
        related = sorted({r for t in types for r in type_to_rules.get(t, ())})
        if not related:
            continue
        reason = NOT_IN_CATALOG
        if q["group"].endswith("_bom"):
            reason = "out of scope: a bill-of-materials (inventory) query, not a misconfiguration"
        uncovered.append({"source": "kics", "name": f"{q['group']}/{q['name']}", "id": q["id"],
                          "title": q["title"], "types": sorted(types & set(type_to_rules)),
                          "related_rules": related, "reason": reason, "_item": q, "_query": q})
    for c in checks:
        if c["rules"]:
            continue
        types = {b[0] for p in c["bad"] for b in resource_blocks(p)}
        related = sorted({r for t in types for r in type_to_rules.get(t, ())})
        if not related:
            continue
        uncovered.append({"source": "trivy", "name": c["folder"], "id": c["avd_id"] or "?",
                          "title": c["long_id"] or "(no AVD id found)",
                          "types": sorted(types & set(type_to_rules)),
                          "related_rules": related, "reason": NOT_IN_CATALOG,
                          "_item": c, "_check": c})
    unresolved = [c["folder"] for c in checks if not c["avd_id"]]

    # Does a rule on the same resource type already find what an uncovered query or check
    # expects? Then the cross-reference is what is missing, not the rule.
    probe = set()
    for u in uncovered:
        item = u.pop("_item")
        files = item["positives"] + item["negatives"] if u["source"] == "kics" else item["bad"] + item["good"]
        probe.update(p for p in files if p.suffix == ".tf" and p not in scans)
    scans.update(scan_all(driftless, sorted(probe), max(1, args.jobs)))
    for u in uncovered:
        if u["reason"] != NOT_IN_CATALOG:
            continue
        for rid in u["related_rules"]:
            if u["source"] == "kics":
                expected = resolve_expected(u["_query"])
                found = sum(1 for _, files, line in expected if any(
                    f["rule_id"] == rid and f["location"]["path"] == p.name
                    and (f.get("block") or f["location"])["start_line"] <= line
                    <= (f.get("block") or f["location"])["end_line"]
                    for p in files if p in scans for f in scans[p]["findings"]))
                total = len(expected)
                fps = sum(1 for p in u["_query"]["negatives"] if p in scans
                          and any(f["rule_id"] == rid for f in scans[p]["findings"]))
                unit, neg = "expected lines", "negative files"
            else:
                bad, good = u["_check"]["bad"], u["_check"]["good"]
                found = sum(1 for p in bad if any(f["rule_id"] == rid for f in scans[p]["findings"]))
                total = len(bad)
                fps = sum(1 for p in good if any(f["rule_id"] == rid for f in scans[p]["findings"]))
                unit, neg = "bad files", "good files"
            if total and found == total and fps == 0:
                u["reason"] = (f"{rid} already finds {found}/{total} {unit} and nothing on "
                               f"the {neg}: cross-reference missing?")
                break

    # ------------------------------------------------------------ print
    k, t = totals["kics"], totals["trivy"]
    print(f"driftless accuracy: {len(rules)} rules, {scored_files} test files scanned alone, "
          f"{len(scans) - scored_files} more to probe uncovered queries ({driftless})\n")
    print(f"KICS   {k['queries']} queries covered: recall strict {frac(k['strict'], k['expected'])} "
          f"({pct(k['strict'], k['expected'])}), lenient {frac(k['lenient'], k['expected'])} "
          f"({pct(k['lenient'], k['expected'])}); false positives {k['fp']}/{k['negatives']} "
          f"negative files; {k['extra_on_positives']} findings on positive files at no "
          f"expected line (not scored)")
    rs, rl = k["strict"] - k["module_strict"], k["lenient"] - k["module_lenient"]
    re_ = k["expected"] - k["module_expected"]
    print(f"       of which {k['module_expected']} expected lines are in registry module calls "
          f"(found {k['module_lenient']}); on resources declared directly: strict "
          f"{frac(rs, re_)} ({pct(rs, re_)}), lenient {frac(rl, re_)} ({pct(rl, re_)})")
    print(f"Trivy  {t['checks']} checks covered: bad detected {frac(t['bad_found'], t['bad'])} "
          f"({pct(t['bad_found'], t['bad'])}); good false positives {t['good_fp']}/{t['good']}\n")

    header = ("rule", "KICS strict", "KICS lenient", "KICS FP", "Trivy bad", "Trivy good FP")
    rows = []
    for rid in rule_ids:
        r = per_rule[rid]
        if not r["kics_queries"] and not r["trivy_checks"]:
            rows.append((rid, "-", "-", "-", "-", "-"))
            continue
        rows.append((rid,
                     frac(r["strict"], r["expected"]), frac(r["lenient"], r["expected"]),
                     frac(r["kics_fp"], r["kics_negatives"]),
                     frac(r["bad_found"], r["bad_total"]), frac(r["good_fp"], r["good_total"])))
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
    print("\n(- : the rule cross-references no query or check present in the corpus; a query "
          "covered by several rules counts a finding of any of them, on each of their rows)")

    print(f"\nKICS misses ({len(kics_misses)}; 'block' = found only inside the block, at another line):")
    for m in kics_misses:
        kind = f"block, at line {','.join(map(str, m.get('found_at', [])))}" if m["lenient_hit"] else "missed"
        extra = " [registry module call]" if m["module_call"] else ""
        extra += f" [{m['why']}]" if m.get("why") else ""
        print(f"  {m['file']}:{m['line']}  {m['query']}  ({kind}){extra}")
    print(f"\nKICS false positives ({len(kics_fps)}):")
    for f in kics_fps:
        print(f"  {f['query']}/{f['file']}: {'; '.join(f['findings'])}")
    print(f"\nTrivy misses ({len(trivy_misses)}):")
    for m in trivy_misses:
        print(f"  {m['check']}/{m['file']}  {m['avd_id']}  ({', '.join(m['rules'])})")
    print(f"\nTrivy false positives ({len(trivy_fps)}):")
    for f in trivy_fps:
        print(f"  {f['check']}/{f['file']}: {'; '.join(f['findings'])}")
    print(f"\nNot covered yet, on the same resource types as the catalog ({len(uncovered)}):")
    for u in uncovered:
        print(f"  {u['source']:5} {u['name']}  [{', '.join(u['types'])}]  {u['title']}  -- {u['reason']}")
    if unresolved:
        print(f"\nTrivy folders with no AVD id found: {', '.join(unresolved)}")
    for w in warnings:
        print(f"warning: {w}")

    if args.json_out:
        doc = {"rules": len(rules), "files_scored": scored_files, "files_scanned": len(scans), "totals": totals,
               "per_rule": {rid: {k2: v for k2, v in per_rule[rid].items()} for rid in rule_ids},
               "kics_misses": kics_misses, "kics_false_positives": kics_fps,
               "trivy_misses": trivy_misses, "trivy_false_positives": trivy_fps,
               "uncovered": [{k2: v for k2, v in u.items() if not k2.startswith("_")}
                             for u in uncovered], "trivy_unresolved": unresolved, "warnings": warnings}
        Path(args.json_out).write_text(json.dumps(doc, indent=2, default=str) + "\n")
    if args.check:
        return check(totals)
    return 0


def check(totals):
    """0 when every total in CHECKED is at least (min) or at most (max) its bound, else 1."""
    worse = []
    for what, section, key, kind, bound in CHECKED:
        value = totals[section][key]
        if (kind == "min" and value < bound) or (kind == "max" and value > bound):
            worse.append(f"{what}: {value}, {'at least' if kind == 'min' else 'at most'} {bound} expected")
    if worse:
        print("\naccuracy check failed (worse than the README's \"Accuracy\" figures):")
        for line in worse:
            print(f"  {line}")
        return 1
    print(f"\naccuracy check passed: {len(CHECKED)} figures at or better than the README's \"Accuracy\"")
    return 0


def _is_module_case(path, line):
    """True when the expected line sits inside a `module` block (a registry module call)."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1]
        if re.match(r'^\s*module\s+"', text):
            return True
        if re.match(r'^\s*(resource|data)\s+"', text):
            return False
    return False


if __name__ == "__main__":
    sys.exit(main())
