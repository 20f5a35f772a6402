"""Tests for the spreadsheet workbook (exomine.outputs.workbook): sheets, text cells that never run, links."""

from __future__ import annotations

from pathlib import Path

import pytest

from exomine.outputs.database import build_database
from exomine.outputs.workbook import MAX_CELL, write_workbook
from test_database import _tiny_results

openpyxl = pytest.importorskip("openpyxl")


def test_workbook_sheets_hold_triples_evidence_and_documents(tmp_path: Path) -> None:
    import json

    inputs = _tiny_results(tmp_path)
    doc = json.loads((tmp_path / "docs" / "doc_a.json").read_text(encoding="utf-8"))
    doc["metadata"].update(doi="10.1000/xyz", pmid="123")
    (tmp_path / "docs" / "doc_a.json").write_text(json.dumps(doc), encoding="utf-8")
    build_database(tmp_path / "exomine.duckdb", **inputs)
    counts = write_workbook(tmp_path / "exomine.duckdb", tmp_path / "exomine.xlsx")
    assert counts == {"triples": 1, "evidence": 2, "documents": 1}
    wb = openpyxl.load_workbook(tmp_path / "exomine.xlsx")
    assert wb.sheetnames == ["triples", "evidence", "documents"]
    triples = [[c.value for c in row] for row in wb["triples"].iter_rows()]
    assert triples[0][:4] == ["triple_id", "regulator", "regulator_label", "regulator_id"] and "belief" in triples[0]
    assert triples[1][1] == "hsa-miR-9999" and triples[1][triples[0].index("n_mentions")] == 2
    evidence = [[c.value for c in row] for row in wb["evidence"].iter_rows()]
    assert evidence[0][:5] == ["triple_id", "regulator", "drug", "effect", "doc_id"]
    assert {r[evidence[0].index("title")] for r in evidence[1:]} == {"A title"}
    docs = list(wb["documents"].iter_rows())
    at = [c.value for c in docs[0]].index("links")  # the header of the link cells
    links = [(c.value, c.hyperlink.target) for c in docs[1][at:] if c.value]
    assert links == [("PubMed", "https://pubmed.ncbi.nlm.nih.gov/123/"), ("DOI", "https://doi.org/10.1000/xyz")]


def test_workbook_text_cells_never_run_and_are_cut_to_excel_limits(tmp_path: Path) -> None:
    from exomine.outputs.workbook import _sheet

    wb = openpyxl.Workbook(write_only=True)
    _sheet(wb, "t", ["a", "b", "c"], [("=HYPERLINK(\"https://x\")", "bell\x07 and\x00 nul", "x" * (MAX_CELL + 10))])
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    a, b, c = ws[2]
    assert a.value == '=HYPERLINK("https://x")' and a.data_type == "s"  # text, not a formula
    assert b.value == "bell and nul"
    assert len(c.value) == MAX_CELL and c.value.endswith("…")


def test_workbook_same_results_same_bytes(tmp_path: Path) -> None:
    import time

    inputs = _tiny_results(tmp_path)
    build_database(tmp_path / "exomine.duckdb", **inputs)
    write_workbook(tmp_path / "exomine.duckdb", tmp_path / "a.xlsx")
    time.sleep(2.1)  # zip times have a two-second resolution
    write_workbook(tmp_path / "exomine.duckdb", tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert openpyxl.load_workbook(tmp_path / "b.xlsx").sheetnames == ["triples", "evidence", "documents"]
