"""Tests for the corpus ingest report (exomine.reading.ingest_report)."""

from __future__ import annotations

from pathlib import Path

from exomine.reading.corpus import Manifest
from exomine.reading.ingest_report import (build_report, excluded_docs, manifest_row, quarantine_warning, read_report,
                                   strict_failure, summary_line, write_report)
from exomine.records import INGEST_COLUMNS, IngestRow, ShardIngestRow
from exomine.validation import Problem


def _read(file: str, digest: str, chars_in: int = 1000, chars_kept: int = 900) -> ShardIngestRow:
    doc_id = Path(file).stem
    return ShardIngestRow(file, doc_id, "read", "", chars_in, chars_kept, 3, 12, digest)


def test_ingest_report_columns() -> None:
    assert INGEST_COLUMNS == ("file", "doc_id", "status", "reason", "chars_in", "chars_kept", "sections", "sentences")


def test_ingest_report_duplicates_keep_the_first_or_the_listed_one() -> None:
    docs = [_read("c/b.txt", "d1"), _read("c/a.txt", "d1"), _read("c/z.txt", "d1"), _read("c/solo.txt", "d2")]
    rows = build_report([], docs)
    status = {r.doc_id: (r.status, r.reason) for r in rows}
    assert status["a"] == ("read", "")
    assert status["b"] == status["z"] == ("duplicate", "same content as c/a.txt")
    assert status["solo"] == ("read", "")
    assert excluded_docs(rows) == {"b", "z"}
    # a document the manifest lists is the one kept
    status = {r.doc_id: r.status for r in build_report([], docs, listed={"z"})}
    assert status == {"a": "duplicate", "b": "duplicate", "z": "read", "solo": "read"}
    # rows are sorted by file, counts kept, no digest column
    assert [r.file for r in rows] == ["c/a.txt", "c/b.txt", "c/solo.txt", "c/z.txt"]
    assert all(type(r) is IngestRow for r in rows) and rows[0].sentences == 12


def test_ingest_report_small_kept_fraction_is_noted() -> None:
    (row,) = build_report([], [_read("c/page.txt", "d", chars_in=50_000, chars_kept=1_200)])
    assert row.status == "read"
    assert row.reason == "only 2% of its 50,000 characters kept as text (mostly markup or page furniture?)"
    (row,) = build_report([], [_read("c/page.txt", "d", chars_in=50_000, chars_kept=20_000)])
    assert row.reason == ""


def test_ingest_report_summary_warning_and_strict_message() -> None:
    others = [IngestRow("c/x.pdf", "", "skipped", "unsupported file type '.pdf'"),
              IngestRow("c/b;c.txt", "b;c", "rejected", "file name contains ';'")]
    docs = [_read("c/a.txt", "d1"), _read("c/a2.txt", "d1"),
            ShardIngestRow("c/bad.txt", "bad", "rejected", "not UTF-8 text (invalid byte at offset 3)", 10)]
    rows = build_report(others, docs)
    assert summary_line(rows, "results/ingest.tsv") == (
        "5 files: 1 read, 2 rejected, 1 duplicate, 1 skipped (see results/ingest.tsv)")
    message = strict_failure(rows, "results/ingest.tsv")
    assert message.startswith("strict mode: 2 file(s) rejected")
    assert message.endswith("the first: c/b;c.txt: file name contains ';'")
    warning = quarantine_warning(rows)
    assert warning.startswith("warning: 2 file(s) rejected and left out") and "strict=true" in warning
    clean = build_report([], [_read(f"c/{i}.txt", f"d{i}") for i in range(1200)])
    assert summary_line(clean) == "1,200 files: 1,200 read (see results/ingest.tsv)"
    assert strict_failure(clean) is None and quarantine_warning(clean) is None


def test_ingest_report_documents_of_one_file_are_counted_as_documents() -> None:
    rows = build_report([], [ShardIngestRow("c/set.xml", f"set.{i}", "read", "", 10, 9, 1, 1, f"d{i}")
                             for i in range(3)])
    assert summary_line(rows) == "1 file (3 documents): 3 read (see results/ingest.tsv)"


def test_ingest_report_manifest_row() -> None:
    assert manifest_row(Manifest("c/manifest.tsv", {"a": {}}, ())) is None
    problems = tuple(Problem("c/manifest.tsv", i, 2, f"problem {i}") for i in range(2, 10))
    row = manifest_row(Manifest("c/manifest.tsv", {"a": {}}, problems))
    assert (row.file, row.status) == ("c/manifest.tsv", "rejected")
    assert row.reason.startswith("manifest 8 problem(s), 1 row(s) used: line 2, column 2: problem 2; line 3")
    assert row.reason.endswith("; and 3 more")
    assert manifest_row(Manifest("m.tsv", {}, problems[:1])).reason == "manifest not used: line 2, column 2: problem 2"


def test_ingest_report_round_trip_with_formula_names(tmp_path: Path) -> None:
    rows = build_report([IngestRow("c/=cmd|x.pdf", "", "skipped", "unsupported file type '.pdf'")],
                        [_read("c/@SUM(1).txt", "d"), _read("c/-rf.txt", "e")])
    path = tmp_path / "ingest.tsv"
    write_report(path, rows)
    text = path.read_text(encoding="utf-8")
    assert "\t'@SUM(1)\t" in text and "\n'c/" not in text  # the doc id cell is neutralised, paths start with c
    assert read_report(path) == rows
