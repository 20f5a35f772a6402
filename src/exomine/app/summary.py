"""The last lines of a run: what was read, what was found, and where to look."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from exomine.reading.ingest_report import read_report, summary_line

__all__ = ["summary_lines"]


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh, delimiter="\t"))
    except FileNotFoundError:
        return []


def summary_lines(results: Path) -> list[str]:
    """Files read, rejected and skipped (``ingest.tsv``), triples and findings, and the report's path.

    Counts come from the results folder itself, so they are right after a resumed or partly reused run.
    """
    lines = []
    if (results / "ingest.tsv").exists():
        lines.append(summary_line(read_report(results / "ingest.tsv"), results / "ingest.tsv"))
    relations = _rows(results / "relations.tsv")
    findings = sum(r.get("assertion", "finding") == "finding" for r in relations)
    if (results / "triples.tsv").exists():
        n = len(_rows(results / "triples.tsv"))
        lines.append(f"{n:,} triple{'s' if n != 1 else ''} from {findings:,} finding statement"
                     f"{'s' if findings != 1 else ''} ({len(relations):,} relations): {results / 'triples.tsv'}")
    if (results / "report.html").exists():
        lines.append(f"report: {results / 'report.html'}  (exomine open {results})")
    return lines
