"""Tests for record tables (exomine.tables) and the record contract (exomine.records)."""

from __future__ import annotations

import csv
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from exomine.records import (
    ENTITY_COLUMNS,
    RELATION_COLUMNS,
    TRIPLE_COLUMNS,
    Mention,
    Relation,
    Triple,
)
from exomine.tables import aggregate_triples, atomic_open, concat_tables, read_records, triple_key, write_records

ENTITY_CONTRACT = ("doc_id", "section", "sentence_id", "start", "end", "text", "label", "norm_id", "norm_name", "source")
RELATION_CONTRACT = ("doc_id", "section", "sentence_id", "subject", "subject_label", "subject_id", "predicate", "object",
                     "object_label", "object_id", "negated", "hedged", "evidence")
TRIPLE_CONTRACT = ("regulator", "regulator_label", "regulator_id", "targets", "drug", "drug_id", "effect", "cancer",
                   "source_cell", "n_mentions", "n_docs", "doc_ids", "evidence")


def _subsequence(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    it = iter(big)
    return all(c in it for c in small)


@pytest.mark.parametrize(
    "contract, columns",
    [(ENTITY_CONTRACT, ENTITY_COLUMNS), (RELATION_CONTRACT, RELATION_COLUMNS), (TRIPLE_CONTRACT, TRIPLE_COLUMNS)],
    ids=["entities", "relations", "triples"],
)
def test_tables_contract_columns(contract: tuple[str, ...], columns: tuple[str, ...]) -> None:
    # a table may carry more columns, but has every contract column, in the contract order
    assert _subsequence(contract, columns), [c for c in contract if c not in columns]


MENTIONS = [
    Mention("d1", "abstract", 0, 9, 15, "miR-21", "MIRNA", "miRBase:MI0000077", "hsa-miR-21", "nomenclature"),
    Mention("d1", "body", 3, 120, 129, "Cisplatin", "DRUG", "DrugBank:DB00515", "Cisplatin", "lexicon:drug_ner"),
    Mention("d2", "figure", 7, 5, 10, "circ\tX", "CIRCRNA", "", "", "model:GENE"),  # tab, empty fields
]
RELATIONS = [
    Relation("d1", "abstract", 0, "hsa-miR-21", "MIRNA", "miRBase:MI0000077", "targets", "PTEN", "GENE", "HGNC:9588",
             False, True, 'Exosomal miR-21 "may" target PTEN;\nsecond line.'),
    Relation("d2", "body", 2, "hsa-miR-21", "MIRNA", "miRBase:MI0000077", "confers_resistance", "Cisplatin", "DRUG",
             "DrugBank:DB00515", True, False, "It did not."),
]


def _triple(**kw) -> Triple:
    base = dict(regulator="hsa-miR-21", regulator_label="MIRNA", regulator_id="miRBase:MI0000077", targets="PTEN",
                target_ids="HGNC:9588", drug="Cisplatin", drug_id="DrugBank:DB00515", effect="resistance", cancer="",
                source_cell="", n_mentions=1, n_docs=1, doc_ids="d1", evidence="e", hedged=False, provenance="d1:0")
    base.update(kw)
    return Triple(**base)


@pytest.mark.parametrize(
    "cls, records, columns",
    [
        (Mention, MENTIONS, ENTITY_COLUMNS),
        (Relation, RELATIONS, RELATION_COLUMNS),
        (Triple, [_triple(), _triple(hedged=True, cancer="Stomach Neoplasms", n_mentions=3, evidence="a\tb")],
         TRIPLE_COLUMNS),
    ],
)
def test_tables_write_read_round_trip(tmp_path: Path, cls, records, columns) -> None:
    path = tmp_path / "sub" / "table.tsv"
    assert write_records(path, records, columns) == len(records)
    back = read_records(path, cls)
    assert back == list(records)
    with open(path, encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh, delimiter="\t")) == list(columns)


def test_tables_read_types(tmp_path: Path) -> None:
    path = tmp_path / "relations.tsv"
    write_records(path, RELATIONS, RELATION_COLUMNS)
    back = read_records(path, Relation)
    assert isinstance(back[0].sentence_id, int)
    assert back[0].hedged is True and back[0].negated is False
    assert back[1].negated is True


def test_tables_empty_table_has_header(tmp_path: Path) -> None:
    path = tmp_path / "triples.tsv"
    assert write_records(path, [], TRIPLE_COLUMNS) == 0
    assert path.read_text(encoding="utf-8") == "\t".join(TRIPLE_COLUMNS) + "\n"
    assert read_records(path, Triple) == []


def test_tables_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "entities.tsv"
    write_records(path, MENTIONS, ENTITY_COLUMNS)
    write_records(path, MENTIONS[:1], ENTITY_COLUMNS)  # overwrite
    assert sorted(os.listdir(tmp_path)) == ["entities.tsv"]
    assert len(read_records(path, Mention)) == 1


def test_tables_failed_write_keeps_old_table_and_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "entities.tsv"
    write_records(path, MENTIONS, ENTITY_COLUMNS)
    before = path.read_bytes()

    def broken():
        yield MENTIONS[0]
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        write_records(path, broken(), ENTITY_COLUMNS)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["entities.tsv"]


@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_tables_atomic_writes_get_the_umask_mode(tmp_path: Path, umask: int, expected: int) -> None:
    # a temporary file made by tempfile.mkstemp is 0600 whatever the umask; the tables must not be
    old = os.umask(umask)
    try:
        write_records(tmp_path / "entities.tsv", MENTIONS, ENTITY_COLUMNS)
        concat_tables([tmp_path / "entities.tsv"], tmp_path / "all.tsv")
        with atomic_open(tmp_path / "blob.bin", "wb") as fh:
            fh.write(b"\x00\x01")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == {"entities.tsv": expected, "all.tsv": expected, "blob.bin": expected}
    assert (tmp_path / "blob.bin").read_bytes() == b"\x00\x01"


def test_tables_atomic_open_refuses_other_modes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="text"):
        with atomic_open(tmp_path / "x", "a"):
            pass
    assert not list(tmp_path.iterdir())


def test_tables_triple_key() -> None:
    assert triple_key(_triple()) == ("miRBase:MI0000077", "DrugBank:DB00515", "resistance")
    assert triple_key(_triple(regulator_id="", regulator="circFOO1", drug_id="", drug="Foomab")) == (
        "circfoo1", "foomab", "resistance")


def test_tables_aggregate_merges_by_ids_and_effect() -> None:
    mentions = [
        _triple(regulator="miR-21", targets="PTEN", target_ids="HGNC:9588", doc_ids="d1", provenance="d1:1",
                evidence="short"),
        _triple(regulator="hsa-miR-21", targets="PTEN;PDCD4", target_ids="HGNC:9588;HGNC:8764", doc_ids="d2",
                provenance="d2:4", evidence="the longer chain"),
        _triple(targets="RHOB", target_ids="HGNC:668", doc_ids="d1", provenance="d1:9"),
        _triple(effect="sensitivity", doc_ids="d3", provenance="d3:2"),  # other effect: other finding
        _triple(drug="Oxaliplatin", drug_id="DrugBank:DB00526", doc_ids="d1", provenance="d1:5"),  # other drug
    ]
    out = aggregate_triples(mentions)
    assert len(out) == 3
    merged = next(t for t in out if t.effect == "resistance" and t.drug_id == "DrugBank:DB00515")
    assert merged.targets == "PTEN;PDCD4;RHOB"
    assert merged.target_ids == "HGNC:9588;HGNC:8764;HGNC:668"
    assert merged.n_mentions == 3
    assert merged.n_docs == 2
    assert merged.doc_ids == "d1;d2"
    assert merged.provenance == "d1:1;d2:4;d1:9"
    assert merged.evidence == "the longer chain"  # the mention with the longest chain
    assert merged.regulator == "hsa-miR-21"
    # sorted by support first
    assert out[0] is merged or out[0].n_mentions == 3


def test_tables_aggregate_counts_add_up_over_aggregated_input() -> None:
    once = aggregate_triples([_triple(doc_ids="a", provenance="a:1"), _triple(doc_ids="b", provenance="b:1")])
    again = aggregate_triples(once + [_triple(doc_ids="c", provenance="c:1")])
    (t,) = again
    assert (t.n_mentions, t.n_docs, t.doc_ids) == (3, 3, "a;b;c")


@pytest.mark.parametrize("flags, hedged", [((True, True), True), ((True, False), False), ((False, False), False)])
def test_tables_aggregate_hedged_only_when_all_hedged(flags: tuple[bool, bool], hedged: bool) -> None:
    (t,) = aggregate_triples([_triple(hedged=flags[0]), _triple(hedged=flags[1], doc_ids="d2")])
    assert t.hedged is hedged


def test_tables_aggregate_most_frequent_cancer_and_cell() -> None:
    mentions = [
        _triple(cancer="Stomach Neoplasms", source_cell=""),
        _triple(cancer="Stomach Neoplasms", source_cell="fibroblast"),
        _triple(cancer="Lung Neoplasms", source_cell="fibroblast"),
        _triple(cancer="", source_cell=""),
    ]
    (t,) = aggregate_triples(mentions)
    assert (t.cancer, t.source_cell) == ("Stomach Neoplasms", "fibroblast")


def test_tables_aggregate_keeps_the_strictest_origin_and_best_section() -> None:
    mentions = [
        _triple(cancer="Stomach Neoplasms", cancer_from="document", drug_from="title", section_kind="reference",
                background=True),
        _triple(cancer="Stomach Neoplasms", cancer_from="paragraph", drug_from="document", section_kind="body",
                background=False, doc_ids="d2"),
        _triple(cancer="Lung Neoplasms", cancer_from="sentence", drug_from="", section_kind="caption",
                background=True, doc_ids="d3"),
    ]
    (t,) = aggregate_triples(mentions)
    # the cancer kept is the most frequent; its origin the strictest among the mentions that name it
    assert (t.cancer, t.cancer_from) == ("Stomach Neoplasms", "paragraph")
    assert t.drug_from == "title" and t.section_kind == "body"
    assert t.background is False  # not every mention is a background statement
    (only_refs,) = aggregate_triples([_triple(section_kind="reference", background=True),
                                      _triple(section_kind="reference", background=True, doc_ids="d2")])
    assert (only_refs.section_kind, only_refs.background) == ("reference", True)


def test_tables_aggregate_empty() -> None:
    assert aggregate_triples([]) == []


def test_tables_records_are_immutable() -> None:
    t = _triple()
    with pytest.raises(Exception):
        t.regulator = "x"  # type: ignore[misc]
    assert replace(t, regulator="x").regulator == "x"


def test_tables_concat_tables_streams_rows_and_checks_headers(tmp_path: Path) -> None:
    from exomine.tables import concat_tables

    a, b, bad = tmp_path / "a.tsv", tmp_path / "b.tsv", tmp_path / "bad.tsv"
    a.write_text("x\ty\n1\t2\n", encoding="utf-8")
    b.write_text("x\ty\n3\t4\n5\t6\n", encoding="utf-8")
    bad.write_text("x\tz\n7\t8\n", encoding="utf-8")
    assert concat_tables([a, b], tmp_path / "out.tsv") == 3
    assert (tmp_path / "out.tsv").read_text(encoding="utf-8") == "x\ty\n1\t2\n3\t4\n5\t6\n"
    with pytest.raises(ValueError, match="bad.tsv"):
        concat_tables([a, bad], tmp_path / "out2.tsv")
    assert not (tmp_path / "out2.tsv").exists()
    assert concat_tables([], tmp_path / "empty.tsv", ("x", "y")) == 0
    assert (tmp_path / "empty.tsv").read_text(encoding="utf-8") == "x\ty\n"


# --------------------------------------------------------------------------
# cells a spreadsheet would run as formulas
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, written",
    [
        ('=HYPERLINK("http://example.invalid","miR-9999")', '\'=HYPERLINK("http://example.invalid","miR-9999")'),
        ("+FOO1 raises", "'+FOO1 raises"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("'=already quoted", "''=already quoted"),  # so that reading back is exact
        ("-1", "-1"), ("+3.5", "+3.5"), ("-2e5", "-2e5"),  # numbers are not formulas
        ("FOO1 = BAR2", "FOO1 = BAR2"), ("'quoted'", "'quoted'"), ("", ""),
    ],
)
def test_tables_spreadsheet_formula_cells_neutralised_and_read_back(tmp_path: Path, value: str, written: str) -> None:
    path = tmp_path / "entities.tsv"
    m = Mention("d1", "body", 0, 0, 6, value, "GENE", "", value, "rule")
    write_records(path, [m], ENTITY_COLUMNS)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert rows[0]["text"] == written and rows[0]["norm_name"] == written
    assert rows[0]["start"] == "0"
    assert read_records(path, Mention) == [m]


def test_tables_negative_offsets_stay_numbers(tmp_path: Path) -> None:
    path = tmp_path / "relations.tsv"
    write_records(path, RELATIONS, RELATION_COLUMNS)
    with open(path, encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh, delimiter="\t"))
    assert row["subject_start"] == "-1"
    assert read_records(path, Relation) == RELATIONS


def test_tables_concat_tables_leaves_out_documents(tmp_path: Path) -> None:
    from exomine.tables import concat_tables

    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    quoted = replace(RELATIONS[0], doc_id="=dup")  # a multi-line quoted evidence, a neutralised doc id
    write_records(a, [RELATIONS[0], quoted], RELATION_COLUMNS)
    write_records(b, [RELATIONS[1]], RELATION_COLUMNS)
    expected = tmp_path / "expected.tsv"
    write_records(expected, [RELATIONS[0], RELATIONS[1]], RELATION_COLUMNS)
    assert concat_tables([a, b], tmp_path / "out.tsv", RELATION_COLUMNS, skip_docs={"=dup"}) == 2
    assert (tmp_path / "out.tsv").read_bytes() == expected.read_bytes()
    assert concat_tables([a, b], tmp_path / "all.tsv", RELATION_COLUMNS, skip_docs={"nothing"}) == 3
    assert read_records(tmp_path / "all.tsv", Relation) == [RELATIONS[0], quoted, RELATIONS[1]]


def test_tables_read_records_reads_rows_as_dictreader_does(tmp_path: Path) -> None:
    """Blank lines skipped, an old table without an optional column read with its default, a neutralised
    cell restored, and a short row refused the way the reader always refused it (a missing int)."""
    import csv

    from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, Relation

    old = [c for c in RELATION_COLUMNS if c not in ("assertion", "rule")]  # written before those columns existed
    row = {c: "" for c in old}
    row.update(doc_id="d1", sentence_id="3", subject="miR-9999", predicate="targets", object="FOO1",
               negated="false", hedged="true", evidence="'=FOO1 is targeted", subject_start="1", subject_end="9",
               object_start="20", object_end="24")
    path = tmp_path / "relations.tsv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=old, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerow(row)
        fh.write("\n")  # a blank line
        w.writerow({**row, "doc_id": "d2"})
    got = read_records(path, Relation)
    assert [r.doc_id for r in got] == ["d1", "d2"]
    assert got[0].sentence_id == 3 and got[0].hedged is True and got[0].negated is False
    assert got[0].evidence == "=FOO1 is targeted"  # the neutralised cell, restored
    assert got[0].assertion == Relation.__dataclass_fields__["assertion"].default
    short = tmp_path / "entities.tsv"
    short.write_text("\t".join(ENTITY_COLUMNS) + "\nd1\tbody\t1\n", encoding="utf-8")
    with pytest.raises(TypeError):
        read_records(short, Mention)  # int(None): a truncated row is an error, as before


def _mention(rule: str = "response.a", belief: float = 0.9, targets: str = "", evidence: str = "e", doc: str = "a",
             sid: int = 1) -> Triple:
    return Triple("miR-9999", "MIRNA", "MI9", targets, ";".join("X" for _ in targets.split(";")) if targets else "",
                  "foomycin", "DB9", "resistance", "", "", 1, 1, doc, evidence, False, f"{doc}:{sid}", rule=rule,
                  belief=belief)


def test_tables_combine_beliefs_as_independent_evidence() -> None:
    from exomine.tables import combine_beliefs

    assert combine_beliefs([]) == 0.0
    assert combine_beliefs([0.8]) == 0.8
    assert combine_beliefs([0.5, 0.5, 0.5]) == pytest.approx(0.875)
    assert combine_beliefs([0.9, 0.0]) == pytest.approx(0.9)  # no evidence adds nothing
    assert combine_beliefs([0.2, 1.0]) == 1.0


def test_tables_aggregate_combines_beliefs_and_writes_them(tmp_path: Path) -> None:
    merged = aggregate_triples([_mention(belief=0.9, doc="a"), _mention(belief=0.8, doc="b", sid=4)])
    assert len(merged) == 1 and merged[0].belief == 0.98
    path = tmp_path / "t.tsv"
    write_records(path, merged, TRIPLE_COLUMNS)
    assert read_records(path, Triple)[0].belief == 0.98
    # a table written before the belief column: belief 0
    header, row = path.read_text(encoding="utf-8").splitlines()
    old = tmp_path / "old.tsv"
    old.write_text("\t".join(header.split("\t")[:-1]) + "\n" + "\t".join(row.split("\t")[:-1]) + "\n", encoding="utf-8")
    assert read_records(old, Triple)[0].belief == 0.0


def test_tables_evidence_is_a_direct_statement_before_a_knockdown_paraphrase() -> None:
    direct = _mention("response.a", belief=0.9, evidence="miR-9999 promotes foomycin resistance.", sid=2)
    knockdown = _mention("response.b+state.knockdown_before;targets", belief=0.97, targets="FOO1;BAR2",
                         evidence="Loss of miR-9999 restored foomycin sensitivity through FOO1 and BAR2.", sid=1)
    assert aggregate_triples([knockdown, direct])[0].evidence == direct.evidence
    # between direct statements: the higher belief (a body sentence over a reference title), then the longer chain
    weaker = _mention("response.a", belief=0.8, targets="FOO1;BAR2", evidence="a reference title", sid=9)
    assert aggregate_triples([weaker, direct])[0].evidence == direct.evidence
    longer = _mention("response.a", belief=0.9, targets="FOO1", evidence="miR-9999 targets FOO1 in foomycin resistance.")
    assert aggregate_triples([direct, longer])[0].evidence == longer.evidence


def test_tables_evidence_rank_puts_the_body_before_captions_and_references() -> None:
    from exomine.tables import evidence_rank

    def m(section: str, belief: float = 0.9, rule: str = "response.a") -> Triple:
        return replace(_mention(rule, belief, evidence=f"in the {section}"), section_kind=section)

    ranked = sorted([m("reference", 0.99), m("caption", 0.99), m("body", 0.5, "response.a+state.knockdown_after"),
                     m("abstract", 0.6)], key=evidence_rank, reverse=True)
    assert [(x.section_kind, x.belief) for x in ranked] == [("abstract", 0.6), ("body", 0.5), ("caption", 0.99),
                                                            ("reference", 0.99)]
    # the aggregation takes the body sentence as the evidence, though the reference title is trusted more
    merged = aggregate_triples([m("reference", 0.99), m("body", 0.6)])
    assert merged[0].evidence == "in the body" and merged[0].section_kind == "body"


def test_tables_sweep_temporary_removes_only_leftovers_of_atomic_writes(tmp_path: Path) -> None:
    from exomine.tables import atomic_open, sweep_temporary

    (tmp_path / "docs").mkdir()
    left = tmp_path / "docs" / ".a.txt.0badf00d.tmp"
    left.write_text("half", encoding="utf-8")
    keep = [tmp_path / "docs" / "a.txt", tmp_path / "docs" / ".hidden", tmp_path / "x.tmp", tmp_path / ".b.tsv.tmp"]
    for path in keep:
        path.write_text("k", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(tmp_path / "c.tsv") as fh:  # an interrupted writer cleans up after itself
            fh.write("x")
            raise RuntimeError
    assert sweep_temporary(tmp_path) == [left]
    assert all(p.exists() for p in keep) and not left.exists()
