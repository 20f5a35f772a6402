"""The ingest report: what became of every file of the corpus folder.

``results/ingest.tsv`` has one row per file (one per document for a file
that holds several): ``file doc_id status reason chars_in chars_kept
sections sentences``, where status is

* ``read`` -- extracted; the reason notes a file whose kept text is a small
  fraction of its input (mostly markup or page furniture, or the wrong file);
* ``rejected`` -- not extracted, with the reason (not UTF-8, malformed XML,
  no article text, a crash during extraction, a file name that cannot be a
  document id, a manifest with problems ...);
* ``skipped`` -- not a document exomine reads (other file types, dangling
  links, sub-folders, hidden files);
* ``duplicate`` -- the same cleaned text as another document, which it names;
  a duplicate is left out of the corpus tables, so a finding stated in both
  counts once in ``n_docs``.

A run prints :func:`summary_line` at its end::

    1,000 files: 996 read, 3 rejected, 1 duplicate (see results/ingest.tsv)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Collection, Iterable

from exomine.reading.corpus import Manifest
from exomine.reading.formats import file_suffix
from exomine.reading.inventory import display_path
from exomine.records import INGEST_COLUMNS, IngestRow, ShardIngestRow
from exomine.tables import read_records, write_records

__all__ = ["KEPT_FRACTION", "manifest_row", "build_report", "excluded_docs", "summary_line", "strict_failure",
           "quarantine_warning", "read_report", "write_report"]

# A read file whose cleaned text is less than this fraction of its input gets a note in its reason.
KEPT_FRACTION = 0.10
_BINARY_SUFFIXES = (".pdf", ".docx")
_MAX_LISTED = 5


def manifest_row(manifest: Manifest) -> IngestRow | None:
    """The report row of a manifest with problems (``None`` when it has none)."""
    if not manifest.problems:
        return None
    listed = "; ".join(f"line {p.line}, column {p.column}: {p.message}" for p in manifest.problems[:_MAX_LISTED])
    more = len(manifest.problems) - _MAX_LISTED
    if more > 0:
        listed += f"; and {more} more"
    used = (f"{len(manifest.problems)} problem(s), {len(manifest.rows)} row(s) used" if manifest.rows else "not used")
    return IngestRow(display_path(manifest.path), "", "rejected", f"manifest {used}: {listed}")


def _kept_note(row: IngestRow) -> str:
    if row.status != "read" or not row.chars_in or row.chars_kept is None:
        return row.reason
    if file_suffix(row.file) in _BINARY_SUFFIXES:  # chars_in counts a binary file's bytes, not its text
        return row.reason
    if row.chars_kept >= KEPT_FRACTION * row.chars_in:
        return row.reason
    note = (f"only {row.chars_kept / row.chars_in:.0%} of its {row.chars_in:,} characters kept as text "
            f"(mostly markup or page furniture?)")
    return f"{row.reason}; {note}" if row.reason else note


def build_report(others: Iterable[IngestRow], documents: Iterable[ShardIngestRow],
                 listed: Collection[str] = ()) -> list[IngestRow]:
    """The corpus report, sorted by file and document id.

    Parameters
    ----------
    others
        Rows for entries that were not ingested (skipped or rejected files, a
        manifest with problems).
    documents
        The shard jobs' rows (read or rejected), with the digests of the read
        documents' cleaned texts.
    listed
        Document ids with a manifest row: of documents with the same text, the
        one kept is a listed one where there is one, else the first by file name.
    """
    documents = list(documents)
    by_digest: dict[str, list[ShardIngestRow]] = {}
    for row in documents:
        if row.status == "read" and row.digest:
            by_digest.setdefault(row.digest, []).append(row)
    duplicate_of: dict[tuple[str, str], str] = {}
    for group in by_digest.values():
        if len(group) > 1:
            kept, *rest = sorted(group, key=lambda r: (r.doc_id not in listed, r.file, r.doc_id))
            for r in rest:
                duplicate_of[(r.file, r.doc_id)] = kept.file if kept.file != r.file else kept.doc_id
    rows: list[IngestRow] = list(others)
    for row in documents:
        base = IngestRow(*(getattr(row, c) for c in INGEST_COLUMNS))
        original = duplicate_of.get((row.file, row.doc_id))
        if original is not None:
            base = replace(base, status="duplicate", reason=f"same content as {original}")
        rows.append(replace(base, reason=_kept_note(base)))
    return sorted(rows, key=lambda r: (r.file, r.doc_id))


def excluded_docs(rows: Iterable[IngestRow]) -> set[str]:
    """Documents that were read but are left out of the corpus tables (duplicates)."""
    return {r.doc_id for r in rows if r.status == "duplicate"}


def _counts(rows: list[IngestRow]) -> Counter:
    return Counter(r.status for r in rows)


def summary_line(rows: Iterable[IngestRow], where: str | Path = "results/ingest.tsv") -> str:
    """``7 files: 5 read, 1 rejected, 1 duplicate (see results/ingest.tsv)`` (empty categories left out)."""
    rows = list(rows)
    counts = _counts(rows)
    n_files = len({r.file for r in rows})
    parts = [f"{counts['read']:,} read"]
    if counts["rejected"]:
        parts.append(f"{counts['rejected']:,} rejected")
    if counts["duplicate"]:
        parts.append(f"{counts['duplicate']:,} duplicate{'s' if counts['duplicate'] != 1 else ''}")
    if counts["skipped"]:
        parts.append(f"{counts['skipped']:,} skipped")
    documents = sum(counts[s] for s in ("read", "rejected", "duplicate"))
    files = f"{n_files:,} file{'s' if n_files != 1 else ''}"
    if len(rows) != n_files:
        files += f" ({documents:,} documents)"
    return f"{files}: {', '.join(parts)} (see {where})"


def _rejected(rows: Iterable[IngestRow]) -> list[IngestRow]:
    return sorted((r for r in rows if r.status == "rejected"), key=lambda r: (r.file, r.doc_id))


def strict_failure(rows: Iterable[IngestRow], where: str | Path = "results/ingest.tsv") -> str | None:
    """The error of a strict run (``--config strict=true``) over these rows, naming the first rejected file."""
    rejected = _rejected(rows)
    if not rejected:
        return None
    first = rejected[0]
    return (f"strict mode: {len(rejected):,} file(s) rejected (all listed in {where}); "
            f"the first: {first.file}: {first.reason}")


def quarantine_warning(rows: Iterable[IngestRow], where: str | Path = "results/ingest.tsv") -> str | None:
    """The warning of a run that left rejected files out (the default), or ``None``."""
    rejected = _rejected(rows)
    if not rejected:
        return None
    return (f"warning: {len(rejected):,} file(s) rejected and left out of the corpus tables, "
            f"e.g. {rejected[0].file}: {rejected[0].reason} (all listed in {where}; "
            f"--config strict=true makes this an error)")


def read_report(path: str | Path) -> list[IngestRow]:
    return read_records(path, IngestRow)


def write_report(path: str | Path, rows: Iterable[IngestRow]) -> int:
    return write_records(path, rows, INGEST_COLUMNS)
