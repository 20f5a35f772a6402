#!/usr/bin/env python3
"""Regenerate the README's `exomine query` samples (section "Query the results") on the bundled corpus.

    python tools/readme_queries.py                  # runs the workflow on corpus/ into a temporary folder
    python tools/readme_queries.py --results DIR    # or uses a results folder of the bundled corpus

The block between ``<!-- queries:begin -->`` and ``<!-- queries:end -->`` is rewritten with each command
and exactly what it printed, so the samples always come from the commit they describe.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BEGIN, END = "<!-- queries:begin -->", "<!-- queries:end -->"
QUERIES = (
    ["--drug", "cisplatin", "--effect", "resistance"],
    ["--drug", "adriamycin"],
    ["--sql", "SELECT drug, effect, n_triples, n_regulators FROM triples_by_drug LIMIT 5"],
)


def _shown(args: list[str]) -> str:
    return " ".join(f'"{a}"' if " " in a else a for a in args)


def block(results: Path) -> str:
    parts = []
    for args in QUERIES:
        out = subprocess.run([sys.executable, "-m", "exomine.cli", "query", "--results", str(results), *args],
                             capture_output=True, text=True, check=True).stdout
        parts.append(f"$ exomine query {_shown(args)}\n{out.rstrip()}")
    return "```text\n" + "\n\n".join(parts) + "\n```"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, help="a results folder of the bundled corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="exomine-queries-") as tmp:
        results = args.results
        if results is None:
            results = Path(tmp) / "results"
            subprocess.run([sys.executable, "-m", "exomine.cli", "run", str(REPO / "corpus"), "--results",
                            str(results)], check=True)
        text = README.read_text(encoding="utf-8")
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        README.write_text(f"{head}{BEGIN}\n{block(results)}\n{END}{tail}", encoding="utf-8")
    print(f"rewrote the query samples of {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
