"""Tests for curation marks (exomine.curation): the file format, keys, leaving out what was marked wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from exomine.curation import (
    CURATION_COLUMNS,
    CurationError,
    CurationMark,
    drop_wrong,
    is_curation_file,
    mark_key,
    read_curation,
    relation_mark_key,
    triple_mark_key,
    write_curation,
)
from exomine.records import Relation, Triple


def _triple(reg: str, reg_id: str, drug: str, drug_id: str, effect: str = "resistance") -> Triple:
    return Triple(reg, "MIRNA", reg_id, "", "", drug, drug_id, effect, "", "", 1, 1, "doc_a", "e", False, "doc_a:1")


def _relation(sid: int = 3) -> Relation:
    return Relation("doc_a", "body", sid, "miR-9999", "MIRNA", "MI9", "targets", "FOO1", "GENE", "HGNC:1", False, False,
                    "e")


def test_curation_round_trip_and_keys(tmp_path: Path) -> None:
    marks = [CurationMark("triple", "miR-9999", "MI9", "confers_resistance", "Foomycin", "", "doc_a;doc_b", "",
                          "correct", "note with\ttab? no: a note", "2031-01-01T00:00:00Z"),
             CurationMark("relation", "miR-9999", "MI9", "targets", "FOO1", "HGNC:1", "doc_a", "3", "wrong")]
    path = tmp_path / "marks.tsv"
    assert write_curation(path, marks) == 2
    assert path.read_text(encoding="utf-8").split("\n")[0].split("\t") == list(CURATION_COLUMNS)
    assert is_curation_file(path)
    assert read_curation(path) == marks
    # a mark finds its item: the triple by ids (else lower-cased names), the relation by document and sentence
    assert mark_key(marks[0]) == triple_mark_key(_triple("hsa-miR-9999", "MI9", "foomycin", ""))
    assert mark_key(marks[1]) == relation_mark_key(_relation(3)) != relation_mark_key(_relation(4))


def test_curation_last_mark_of_an_item_wins(tmp_path: Path) -> None:
    path = tmp_path / "marks.tsv"
    first = CurationMark("triple", "miR-9999", "MI9", "confers_resistance", "foomycin", "", "doc_a", "", "unsure")
    write_curation(path, [first, CurationMark(**{**first.__dict__, "mark": "wrong", "note": "re-read"})])
    assert [(m.mark, m.note) for m in read_curation(path)] == [("wrong", "re-read")]


@pytest.mark.parametrize("body, message", [
    ("kind\tsubject\nx\ty\n", "missing column"),
    ("{h}\ntriple\tmiR-1\t\tconfers_resistance\tfoomycin\t\td\t\tmaybe\n", "mark must be"),
    ("{h}\npair\tmiR-1\t\tconfers_resistance\tfoomycin\t\td\t\twrong\n", "kind must be"),
    ("{h}\nrelation\tmiR-1\t\ttargets\tFOO1\t\td\t\twrong\n", "doc_id and sentence_id"),
    ("{h}\ntriple\t\t\tconfers_resistance\tfoomycin\t\td\t\twrong\n", "needs a subject"),
])
def test_curation_bad_file_names_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "marks.tsv"
    path.write_text(body.format(h="\t".join(CURATION_COLUMNS[:9])), encoding="utf-8")
    with pytest.raises(CurationError, match=message):
        read_curation(path)
    assert not is_curation_file(tmp_path / "absent.tsv")


def test_curation_drop_wrong_leaves_out_only_wrong_items() -> None:
    triples = [_triple("miR-9999", "MI9", "foomycin", "DB1"), _triple("miR-9999", "MI9", "foomycin", "DB1", "sensitivity"),
               _triple("circFOO", "", "barplatin", "")]
    marks = [CurationMark("triple", "hsa-miR-9999-5p", "MI9", "confers_resistance", "Foomycin", "DB1", "doc_a", "",
                          "wrong"),
             CurationMark("triple", "CircFoo", "", "confers_resistance", "Barplatin", "", "doc_a", "", "correct"),
             CurationMark("relation", "miR-9999", "MI9", "targets", "FOO1", "HGNC:1", "doc_a", "3", "wrong")]
    kept, dropped = drop_wrong(triples, marks)
    assert dropped == 1 and kept == triples[1:]
    kept, dropped = drop_wrong([_relation(3), _relation(4)], marks)
    assert dropped == 1 and kept == [_relation(4)]
