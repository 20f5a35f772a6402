"""Tests for notices before a title (exomine.reading.titles) and their place in ingestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from exomine.reading.ingest import read_document
from exomine.reading.titles import split_title_notice, strip_title_notices
from exomine.reading.webtext import Part

TITLE = "Exosomal miR-9999 confers cisplatin resistance in gastric cancer by targeting FOO1"
ABSTRACT = ("Exosomes carry microRNAs between cells, and exosomal miR-9999 from resistant cells is one of them in "
            "this invented abstract written for the test suite of the project.")


@pytest.mark.parametrize("written, note", [
    ("RETRACTED ARTICLE: ", "RETRACTED ARTICLE"), ("Retraction: ", "Retraction"), ("Erratum: ", "Erratum"),
    ("Correction to: ", "Correction to"), ("[Retracted] ", "Retracted"), ("Retraction Note: ", "Retraction Note"),
    ("Expression of Concern: ", "Expression of Concern"),
])
def test_titles_notice_removed_and_kept(written: str, note: str) -> None:
    assert split_title_notice(written + TITLE) == (TITLE, note)


@pytest.mark.parametrize("title", [TITLE, "Correction of FOO1 loss restores cisplatin sensitivity", "Erratum"])
def test_titles_without_notice_are_left_whole(title: str) -> None:
    assert split_title_notice(title) == (title, "")


def test_titles_only_the_title_part_changes() -> None:
    parts = [Part("title", "Title", ("Retraction: " + TITLE,)), Part("abstract", "Abstract", ("Retraction: kept.",))]
    out, note = strip_title_notices(parts)
    assert out == [Part("title", "Title", (TITLE,)), parts[1]] and note == "Retraction"


def test_titles_ingest_removes_the_notice_and_notes_it(tmp_path: Path, extractor) -> None:
    path = tmp_path / "retracted.txt"
    path.write_text(f"RETRACTED ARTICLE: {TITLE}\nAbstract\n{ABSTRACT}\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.metadata["title"] == TITLE and doc.metadata["title_note"] == "RETRACTED ARTICLE"
    assert "RETRACTED" not in doc.text and doc.text.startswith(TITLE)
    (t,) = [t for t in extractor.process(doc).triples if t.regulator == "hsa-miR-9999"]
    assert (t.drug, t.effect, t.section_kind) == ("Cisplatin", "resistance", "title")


def test_titles_ingest_manifest_title_too(tmp_path: Path) -> None:
    path = tmp_path / "corrected.txt"
    path.write_text(f"{TITLE}\nAbstract\n{ABSTRACT}\n", encoding="utf-8")
    doc = read_document(path, metadata={"title": "Correction to: " + TITLE})
    assert doc.metadata["title"] == TITLE and doc.metadata["title_note"] == "Correction to"
