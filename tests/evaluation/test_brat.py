"""Tests for strict brat standoff reading and writing (exomine.evaluation.brat) and the bundled gold corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exomine.evaluation.brat import AnnotationError, GoldDocument, GoldEntity, GoldRelation, format_ann, parse_ann, read_ann
from exomine.reading.corpus import read_manifest
from exomine.reading.ingest import read_document
from exomine.records import LABELS, PREDICATES

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
GOLD = CORPUS / "gold"
GOLD_ANNS = sorted(GOLD.glob("*.ann"))

TEXT = "Exosomal miR-21 confers cisplatin resistance by targeting PTEN.\n"
#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123
VALID = [
    "T1\tMIRNA 9 15\tmiR-21",
    "T2\tDRUG 24 33\tcisplatin",
    "T3\tGENE 58 62\tPTEN",
    "R1\tconfers_resistance Arg1:T1 Arg2:T2",
    "R2\ttargets Arg1:T1 Arg2:T3",
]


def _ann(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_brat_text_offsets_of_fixture() -> None:
    # guards the hand-computed offsets every other test relies on
    for line in VALID[:3]:
        _, head, span = line.split("\t")
        _, s, e = head.split(" ")
        assert TEXT[int(s) : int(e)] == span


def test_brat_parse_valid_lines() -> None:
    gold = parse_ann(_ann(*VALID, "A1\tNegated R2", "A2\tHedged R1"), TEXT, "dir/doc.ann")
    assert gold.doc_id == "doc"
    assert [(e.id, e.label, e.start, e.end, e.text) for e in gold.entities] == [
        ("T1", "MIRNA", 9, 15, "miR-21"), ("T2", "DRUG", 24, 33, "cisplatin"), ("T3", "GENE", 58, 62, "PTEN")]
    rels = {r.id: r for r in gold.relations}
    assert (rels["R1"].type, rels["R1"].arg1, rels["R1"].arg2) == ("confers_resistance", "T1", "T2")
    assert (rels["R1"].negated, rels["R1"].hedged) == (False, True)
    assert (rels["R2"].negated, rels["R2"].hedged) == (True, False)
    assert gold.entity("T3").text == "PTEN"


def test_brat_parse_skips_blank_and_comment_lines() -> None:
    gold = parse_ann(_ann("# a note", "", *VALID[:2], "   "), TEXT, "x.ann")
    assert [e.id for e in gold.entities] == ["T1", "T2"]
    assert gold.relations == ()


def test_brat_entities_sorted_by_offset() -> None:
    gold = parse_ann(_ann(VALID[2], VALID[0], VALID[1]), TEXT, "x.ann")
    assert [e.start for e in gold.entities] == sorted(e.start for e in gold.entities)


def _doc(relations: tuple[GoldRelation, ...]) -> GoldDocument:
    entities = (GoldEntity("T1", "MIRNA", 9, 15, "miR-21"), GoldEntity("T2", "DRUG", 24, 33, "cisplatin"),
                GoldEntity("T3", "GENE", 58, 62, "PTEN"))
    return GoldDocument("doc", TEXT, entities, relations)


@pytest.mark.parametrize(
    "relations",
    [
        (),
        (GoldRelation("R1", "confers_resistance", "T1", "T2"),),
        (GoldRelation("R1", "confers_resistance", "T1", "T2", negated=True),
         GoldRelation("R2", "targets", "T1", "T3", hedged=True)),
        (GoldRelation("R1", "confers_sensitivity", "T1", "T2", negated=True, hedged=True),
         GoldRelation("R2", "targets", "T1", "T3"), GoldRelation("R3", "downregulates", "T1", "T3", hedged=True)),
    ],
    ids=["entities-only", "one-relation", "negated-and-hedged", "both-flags"],
)
def test_brat_format_parse_round_trip(relations: tuple[GoldRelation, ...]) -> None:
    doc = _doc(relations)
    back = parse_ann(format_ann(doc), TEXT, "doc.ann")
    assert back.entities == doc.entities
    assert back.relations == doc.relations
    assert back == doc


def test_brat_read_ann_from_files(tmp_path: Path) -> None:
    (tmp_path / "review_x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "review_x.ann").write_text(_ann(*VALID), encoding="utf-8")
    gold = read_ann(tmp_path / "review_x.ann", tmp_path / "review_x.txt")
    assert gold.doc_id == "review_x"
    assert gold.text == TEXT
    assert len(gold.entities) == 3 and len(gold.relations) == 2
    assert read_ann(tmp_path / "review_x.ann", tmp_path / "review_x.txt", doc_id="other").doc_id == "other"


# (extra lines appended after the valid ones, line number of the bad line, reason pattern)
MALFORMED = [
    pytest.param(["T4\tGENE 58 99\tPTEN"], 6, r"bad offsets", id="end-beyond-text"),
    pytest.param(["T4\tDRUG 33 24\tcisplatin"], 6, r"bad offsets", id="start-after-end"),
    pytest.param(["T4\tDRUG 24 24\t"], 6, r"bad offsets", id="empty-span"),
    pytest.param(["T4\tDRUG -1 3\tExo"], 6, r"bad offsets", id="negative-start"),
    pytest.param(["T4\tDRUG 24 3x\tcisplatin"], 6, r"integer", id="non-integer-offset"),
    pytest.param(["T4\tPROTEIN 58 62\tPTEN"], 6, r"unknown entity label 'PROTEIN'", id="unknown-label"),
    pytest.param(["R3\tcauses Arg1:T1 Arg2:T2"], 6, r"unknown relation type 'causes'", id="unknown-relation-type"),
    pytest.param(["T4\tDRUG 24 33\tCisplatin"], 6, r"does not match", id="span-text-mismatch"),
    pytest.param(["R3\ttargets Arg1:T1 Arg2:T9"], 6, r"missing entity T9", id="relation-to-missing-entity"),
    pytest.param(["R3\ttargets T1 T3"], 6, r"Arg1", id="relation-without-arg-roles"),
    pytest.param(["A1\tNegated R7"], 6, r"missing relation R7", id="attribute-to-missing-relation"),
    pytest.param(["A1\tSpeculated R1"], 6, r"attribute line", id="unknown-attribute"),
    pytest.param(["A1\tClass R1"], 6, r"Class qualifies an entity", id="class-on-relation"),
    pytest.param(["A1\tHedged T1"], 6, r"Hedged qualifies a relation", id="hedged-on-entity"),
    pytest.param(["A1\tClass T1"], 6, r"Class marks a DRUG entity; T1 is MIRNA", id="class-on-non-drug"),
    pytest.param(["A1\tClass T9"], 6, r"missing entity T9", id="class-on-missing-entity"),
    pytest.param(["E1\tResistance:T2 Theme:T1"], 6, r"unknown annotation kind 'E1'", id="unknown-line-kind-event"),
    pytest.param(["N1\tReference T1 miRBase:MI0000077\tmiR-21"], 6, r"unknown annotation kind 'N1'",
                 id="unknown-line-kind-normalization"),
    pytest.param(["T4\tGENE 0 3;5 8\tExo som"], 6, r"discontinuous", id="discontinuous-span"),
    pytest.param(["T4\tGENE 58 62"], 6, r"3 tab-separated fields", id="entity-without-text"),
    pytest.param(["T1\tGENE 58 62\tPTEN"], 6, r"duplicate id T1", id="duplicate-entity-id"),
    pytest.param(["", "# comment", "T4\tGENE 58 99\tPTEN"], 8, r"bad offsets", id="line-count-includes-blank-lines"),
]


@pytest.mark.parametrize("extra, line_no, reason", MALFORMED)
def test_brat_malformed_line_raises_with_file_line_and_reason(extra: list[str], line_no: int, reason: str) -> None:
    with pytest.raises(AnnotationError) as info:
        parse_ann(_ann(*VALID, *extra), TEXT, "gold/bad_doc.ann")
    err = info.value
    message = str(err)
    assert "bad_doc.ann" in message
    assert re.search(reason, message), message
    assert err.line_no == line_no, message
    assert re.search(rf"\b{line_no}\b", message), message


CLASS_TEXT = "Exosomal miR-9999 confers platinum resistance.\n"
CLASS_ANN = ["T1\tMIRNA 9 17\tmiR-9999", "T2\tDRUG 26 34\tplatinum", "R1\tconfers_resistance Arg1:T1 Arg2:T2"]


@pytest.mark.parametrize("marked", [True, False])
def test_brat_class_attribute_marks_a_drug_class(marked: bool) -> None:
    lines = CLASS_ANN + (["A1\tClass T2"] if marked else [])
    doc = parse_ann(_ann(*lines), CLASS_TEXT, "c.ann")
    assert [(e.text, e.drug_class) for e in doc.entities] == [("miR-9999", False), ("platinum", marked)]
    assert parse_ann(format_ann(doc), CLASS_TEXT, "c.ann") == doc
    assert ("Class T2" in format_ann(doc)) is marked


def test_brat_attribute_to_missing_relation_is_rejected() -> None:
    with pytest.raises(AnnotationError, match=r"bad_doc\.ann.*missing relation R7"):
        parse_ann(_ann(*VALID, "A1\tNegated R7"), TEXT, "gold/bad_doc.ann")


def test_brat_read_ann_error_names_the_ann_path(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "d.ann").write_text(_ann(VALID[0], "T2\tDRUG 24 33\tcarboplatin"), encoding="utf-8")
    with pytest.raises(AnnotationError) as info:
        read_ann(tmp_path / "d.ann", tmp_path / "d.txt")
    assert info.value.path == str(tmp_path / "d.ann")
    assert str(tmp_path / "d.ann") in str(info.value) and info.value.line_no == 2


# --- the bundled gold corpus --------------------------------------------------------------------------------


def _guideline_table() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Allowed (Arg1 labels, Arg2 labels) per relation type, read from the guidelines' relation table."""
    doc = (REPO / "docs" / "annotation-guidelines.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\|\s*([a-z_ /]+?)\s*\|\s*(.+?)\s*→\s*(.+?)\s*\|", doc, re.M)
    regulator: frozenset[str] = frozenset()
    for _, arg1, _ in rows:  # "regulator (MIRNA, CIRCRNA, LNCRNA, GENE)" defines what a regulator is
        if arg1.startswith("regulator") and "(" in arg1:
            regulator = frozenset(re.findall(r"\b[A-Z]+\b", arg1))

    def labels(side: str) -> frozenset[str]:
        found = frozenset(x for x in re.findall(r"\b[A-Z]+\b", side) if x in LABELS)
        return found or (regulator if side.startswith("regulator") else frozenset())

    table = {}
    for types, arg1, arg2 in rows:
        if types == "type":  # the header row
            continue
        for t in (x.strip() for x in types.split("/")):
            table[t] = (labels(arg1), labels(arg2))
    return table


def test_brat_guideline_table_is_read() -> None:
    table = _guideline_table()
    assert set(table) == set(PREDICATES)
    assert table["targets"] == ({"MIRNA"}, {"GENE"})
    assert table["sponges"] == ({"CIRCRNA", "LNCRNA"}, {"MIRNA"})
    regulator = {"MIRNA", "CIRCRNA", "LNCRNA", "GENE"}
    assert table["confers_resistance"] == (regulator, {"DRUG"})
    assert table["confers_sensitivity"] == (regulator, {"DRUG"})
    assert all(a1 and a2 for a1, a2 in table.values()), table


def test_brat_gold_corpus_is_present() -> None:
    assert GOLD_ANNS, f"no .ann files in {GOLD}"
    assert all(a.with_suffix(".txt").is_file() for a in GOLD_ANNS)


@pytest.mark.parametrize("ann", GOLD_ANNS, ids=[a.stem for a in GOLD_ANNS])
def test_brat_gold_parses_and_round_trips(ann: Path) -> None:
    gold = read_ann(ann, ann.with_suffix(".txt"))
    assert gold.entities, ann.name
    for e in gold.entities:
        assert gold.text[e.start : e.end] == e.text
    assert parse_ann(format_ann(gold), gold.text, str(ann)) == gold


@pytest.mark.parametrize("ann", GOLD_ANNS, ids=[a.stem for a in GOLD_ANNS])
def test_brat_gold_relation_arguments_follow_guidelines(ann: Path) -> None:
    table = _guideline_table()
    gold = read_ann(ann, ann.with_suffix(".txt"))
    bad = []
    for r in gold.relations:
        a1, a2 = gold.entity(r.arg1), gold.entity(r.arg2)
        allowed1, allowed2 = table[r.type]
        if a1.label not in allowed1 or a2.label not in allowed2:
            bad.append(f"{r.id} {r.type}({a1.label} {a1.text!r}, {a2.label} {a2.text!r})")
    assert not bad, f"{ann.name}: " + "; ".join(bad)


@pytest.mark.parametrize("ann", GOLD_ANNS, ids=[a.stem for a in GOLD_ANNS])
def test_brat_gold_text_is_todays_ingestion(ann: Path) -> None:
    # gold offsets refer to the cleaned text; if ingestion changes, the gold must be remapped
    manifest = read_manifest(CORPUS / "manifest.tsv")
    doc_id = ann.stem
    assert doc_id in manifest, f"{doc_id} is not in corpus/manifest.tsv"
    source = CORPUS / manifest[doc_id]["file"]
    doc = read_document(source, doc_id, manifest[doc_id])
    gold_text = ann.with_suffix(".txt").read_text(encoding="utf-8")
    if doc.text != gold_text:
        at = next((i for i, (a, b) in enumerate(zip(doc.text, gold_text)) if a != b), min(len(doc.text), len(gold_text)))
        pytest.fail(f"{ann.with_suffix('.txt').name} differs from today's ingestion of {source.name} at offset {at}: "
                    f"gold {gold_text[at:at + 60]!r} vs ingested {doc.text[at:at + 60]!r}")
