#!/usr/bin/env python3
"""Install the newest releases that pyproject.toml allows into a scratch virtual environment and run the tests.

The lock file (requirements.lock) holds the tested versions; this checks the other end of the ranges, so that
a release of any dependency that breaks exomine is seen before a user meets it:

    python tools/check_newest.py            # scratch venv in a temporary folder, removed afterwards
    python tools/check_newest.py --keep DIR # keep the venv in DIR
    python tools/check_newest.py -- -m "not slow"   # arguments after -- go to pytest

It prints the versions that differ from requirements.lock, whether pip had to backtrack while resolving
(it should not: pyproject.toml states the ranges that resolve at once), and pytest's result. The exit
status is pytest's, or 3 when pip backtracked.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BACKTRACKING = "is looking at multiple versions"  # pip's own note when its resolver backtracks


def _locked(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def _installed(python: Path) -> dict[str, str]:
    out = subprocess.run([str(python), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True,
                         check=True).stdout
    return {d["name"].lower().replace("_", "-"): d["version"] for d in json.loads(out)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="make the virtual environment here and keep it")
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest (after --)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="exomine-newest-") as scratch:
        venv = args.keep or Path(scratch) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / "bin" / "python"
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        started = time.monotonic()
        install = subprocess.run([str(python), "-m", "pip", "install", "--upgrade", "--upgrade-strategy", "eager",
                                  "-e", f"{REPO}[dev]"], capture_output=True, text=True)
        took = time.monotonic() - started
        if install.returncode:
            print(install.stdout[-4000:] + install.stderr[-4000:], file=sys.stderr)
            print(f"pip could not install the newest allowed releases (exit {install.returncode})", file=sys.stderr)
            return install.returncode
        backtracked = BACKTRACKING in install.stdout + install.stderr
        locked, newest = _locked(REPO / "requirements.lock"), _installed(python)
        changed = sorted((name, locked.get(name, "-"), version) for name, version in newest.items()
                         if name in locked and locked[name] != version)
        print(f"installed the newest allowed releases in {took:.0f} s; "
              f"pip {'BACKTRACKED' if backtracked else 'resolved without backtracking'}")
        print(f"{len(changed)} packages differ from requirements.lock" + (":" if changed else ""))
        for name, old, new in changed:
            print(f"  {name}: {old} -> {new}")
        started = time.monotonic()
        tests = subprocess.run([str(python), "-m", "pytest", "-q", *args.pytest_args], cwd=REPO)
        print(f"pytest with the newest releases: exit {tests.returncode} in {time.monotonic() - started:.0f} s")
        if tests.returncode:
            return tests.returncode
        return 3 if backtracked else 0


if __name__ == "__main__":
    sys.exit(main())
