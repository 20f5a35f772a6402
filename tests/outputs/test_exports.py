"""Tests for the exports (exomine.outputs.exports): brat, BioC and Cytoscape JSON, each read back with its format's reader."""

from __future__ import annotations

import json
from pathlib import Path

import bioc
import networkx as nx
import pytest
from bioc import biocjson, biocxml

from exomine.evaluation.brat import read_ann
from exomine.outputs.exports import annotate, annotation_conf, brat_ann, iter_annotated, triple_network, write_bioc, \
    write_brat, write_cyjs
from exomine.evaluation.goldformats import read_bioc
from exomine.records import Document, Mention, Paragraph, Relation, Section, Triple

TITLE = "Exosomal circFOO in foomycin resistance"
BODY = "Exosomal miR-9999 confers foomycin resistance by targeting FOO1.\nWe aimed to test whether lncBAR inhibits FOO1."
TEXT = TITLE + "\n" + BODY


def _span(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def _doc() -> Document:
    body_start = len(TITLE) + 1
    second = TEXT.index("We aimed")
    return Document("doc_x", "corpus/doc_x.txt", TEXT, (
        Section("title", "", (Paragraph(0, TITLE),)),
        Section("body", "Results", (Paragraph(body_start, TEXT[body_start:second - 1]), Paragraph(second, TEXT[second:]))),
    ), {"title": TITLE, "year": "2025"})


def _mention(word: str, label: str, norm_id: str, nth: int = 0) -> Mention:
    s, e = _span(word, nth)
    return Mention("doc_x", "body", 0, s, e, word, label, norm_id, word, "lexicon:exact")


def _relation(subj: Mention, pred: str, obj: Mention, **kw) -> Relation:
    return Relation("doc_x", "body", 1, subj.text, subj.label, subj.norm_id, pred, obj.text, obj.label, obj.norm_id,
                    kw.get("negated", False), kw.get("hedged", False), "evidence", subj.start, subj.end, obj.start,
                    obj.end, kw.get("assertion", "finding"), kw.get("rule", "r.test"))


@pytest.fixture()
def records():
    circ = _mention("circFOO", "CIRCRNA", "circRNA:circFOO")
    mir = _mention("miR-9999", "MIRNA", "miRBase:MI9999999")
    drug1 = _mention("foomycin", "DRUG", "DrugBank:DB99991")
    drug2 = _mention("foomycin", "DRUG", "DrugBank:DB99991", nth=1)
    gene1 = _mention("FOO1", "GENE", "HGNC:99991")
    gene2 = _mention("FOO1", "GENE", "HGNC:99991", nth=1)
    ents = [circ, drug1, mir, drug2, gene1, gene2, gene2]  # gene2 twice: one span, one entity
    s, e = _span("lncBAR")  # a relation argument that is no entity mention
    lnc = Mention("doc_x", "body", 1, s, e, "lncBAR", "LNCRNA", "", "lncBAR", "relation argument")
    rels = [_relation(mir, "confers_resistance", drug2), _relation(mir, "targets", gene1),
            _relation(mir, "targets", gene1),  # repeated row: exported once
            _relation(lnc, "inhibits", gene2, assertion="aim"),
            _relation(mir, "confers_sensitivity", drug2, negated=True, assertion="negated")]
    return ents, rels


def test_exports_annotate_numbers_spans_and_relations(records) -> None:
    ents, rels = records
    a = annotate(_doc(), ents, rels)
    assert [e.text for e in a.entities] == ["circFOO", "foomycin", "miR-9999", "foomycin", "FOO1", "lncBAR", "FOO1"]
    assert [e.id for e in a.entities] == [f"T{i}" for i in range(1, 8)]
    assert len(a.relations) == 4 and a.skipped == 0
    aim = next(r for r in a.relations if r.type == "inhibits")
    assert aim.hedged and not aim.negated and aim.assertion == "aim"
    assert next(r for r in a.relations if r.type == "confers_sensitivity").negated


def test_exports_brat_reads_back_as_gold(tmp_path: Path, records) -> None:
    ents, rels = records
    a = annotate(_doc(), ents, rels)
    counts = write_brat([a], tmp_path)
    assert counts == {"documents": 1, "entities": 7, "relations": 4, "skipped": 0}
    gold = read_ann(tmp_path / "doc_x.ann", tmp_path / "doc_x.txt")
    assert (tmp_path / "doc_x.txt").read_text(encoding="utf-8") == TEXT
    assert len(gold.entities) == len(a.entities) and len(gold.relations) == len(a.relations)
    triples = {(gold.entity(r.arg1).text, r.type, gold.entity(r.arg2).text, r.negated, r.hedged)
               for r in gold.relations}
    assert ("miR-9999", "confers_resistance", "foomycin", False, False) in triples
    assert ("lncBAR", "inhibits", "FOO1", False, True) in triples
    assert ("miR-9999", "confers_sensitivity", "foomycin", True, False) in triples
    ann = (tmp_path / "doc_x.ann").read_text(encoding="utf-8")
    assert "AnnotatorNotes T3\tmiRBase:MI9999999 miR-9999 (lexicon:exact)" in ann
    assert "assertion=aim rule=r.test" in ann
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]" in conf and "confers_resistance\tArg1:" in conf and "Hedged\tArg:<RELATION>" in conf


def test_exports_brat_removes_pairs_of_documents_gone(tmp_path: Path, records) -> None:
    (tmp_path / "old.ann").write_text("", encoding="utf-8")
    (tmp_path / "old.txt").write_text("", encoding="utf-8")
    write_brat([annotate(_doc(), *records)], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotation.conf", "doc_x.ann", "doc_x.txt"]


def test_exports_skip_spans_brat_cannot_show(records) -> None:
    ents, rels = records
    cross = Mention("doc_x", "title", 0, len(TITLE) - 4, len(TITLE) + 4, "x", "DRUG", "", "x", "rule")
    odd = Mention("doc_x", "title", 0, 0, 4, "Exos", "NOT_A_LABEL", "", "x", "rule")
    a = annotate(_doc(), ents + [cross, odd], rels)
    assert a.skipped == 2 and len(a.entities) == 7
    assert "\n" not in "".join(e.text for e in a.entities)
    assert brat_ann(annotate(_doc(), [], [])) == ""


@pytest.mark.parametrize("kind", ["xml", "json"])
def test_exports_bioc_reads_back(tmp_path: Path, records, kind: str) -> None:
    ents, rels = records
    a = annotate(_doc(), ents, rels)
    assert write_bioc([a, annotate(_doc(), [], [])], tmp_path / "c.xml", tmp_path / "c.json") == 2
    with open(tmp_path / f"c.{kind}", encoding="utf-8") as fh:
        collection = (biocxml if kind == "xml" else biocjson).load(fh)
    assert len(collection.documents) == 2
    d = collection.documents[0]
    assert d.id == "doc_x" and d.infons["year"] == "2025"
    assert len(d.passages) == 3 and d.passages[0].infons["section_type"] == "title"
    anns = [x for p in d.passages for x in p.annotations]
    assert len(anns) == len(a.entities)
    for x in anns:  # every location points at its text in the document
        loc = x.total_span
        assert TEXT[loc.offset:loc.end] == x.text
    assert len(d.relations) == len(a.relations)
    rel = next(r for r in d.relations if r.infons["type"] == "inhibits")
    assert rel.infons["hedged"] == "true" and [n.role for n in rel.nodes] == ["Arg1", "Arg2"]
    # exomine's own gold reader takes it too (so the export can be scored with exomine evaluate)
    gold = read_bioc(tmp_path / f"c.{kind}")[0]
    assert len(gold.entities) == len(a.entities) and len(gold.relations) == len(a.relations)


def test_exports_cytoscape_reads_back(tmp_path: Path) -> None:
    t = dict(regulator="miR-9999", regulator_label="MIRNA", regulator_id="miRBase:MI9999999", targets="FOO1",
             target_ids="HGNC:99991", drug="Foomycin", drug_id="DrugBank:DB99991", effect="resistance", cancer="",
             source_cell="", n_mentions=2, n_docs=1, doc_ids="doc_x", evidence="e", hedged=False, provenance="doc_x:1")
    triples = [Triple(**t), Triple(**{**t, "effect": "sensitivity"}), Triple(**{**t, "drug": "barplatin", "drug_id": ""})]
    g = triple_network(triples)
    write_cyjs(g, tmp_path / "t.cyjs", "test")
    data = json.loads((tmp_path / "t.cyjs").read_text(encoding="utf-8"))
    assert data["data"]["name"] == "test" and len(data["elements"]["edges"]) == 3
    back = nx.cytoscape_graph(data)
    assert back.number_of_edges() == 3 and back.number_of_nodes() == 3
    assert sorted(d["effect"] for _, _, d in back.edges(data=True)) == ["resistance", "resistance", "sensitivity"]
    assert back.nodes["text:barplatin"]["label"] == "DRUG"


def test_exports_read_the_results_database(tmp_path: Path, records) -> None:
    from exomine.outputs.database import build_database
    from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, TRIPLE_COLUMNS
    from exomine.tables import write_records

    ents, rels = records
    docs = tmp_path / "docs"
    docs.mkdir()
    other = Document("doc_w", "w.txt", "FOO1.", (Section("body", "", (Paragraph(0, "FOO1."),)),))
    for d in (_doc(), other):
        (docs / f"{d.doc_id}.json").write_text(json.dumps(d.to_json()), encoding="utf-8")
    ents = ents + [Mention("doc_w", "body", 0, 0, 4, "FOO1", "GENE", "HGNC:99991", "FOO1", "lexicon:exact"),
                   # a document with rows but no JSON (sorts before the others): passed over
                   Mention("doc_0", "body", 0, 0, 4, "FOO1", "GENE", "HGNC:99991", "FOO1", "lexicon:exact")]
    write_records(tmp_path / "entities.tsv", ents, ENTITY_COLUMNS)
    write_records(tmp_path / "relations.tsv", rels, RELATION_COLUMNS)
    write_records(tmp_path / "triples.tsv", [], TRIPLE_COLUMNS)
    build_database(tmp_path / "db.duckdb", entities=tmp_path / "entities.tsv", relations=tmp_path / "relations.tsv",
                   triples=tmp_path / "triples.tsv", shard_triples=[], doc_jsons=sorted(docs.glob("*.json")))
    got = {a.doc.doc_id: (len(a.entities), len(a.relations)) for a in iter_annotated(tmp_path / "db.duckdb", docs)}
    assert got == {"doc_w": (1, 0), "doc_x": (7, 4)}


def test_exports_annotation_conf_names_every_label() -> None:
    from exomine.records import LABELS, PREDICATES

    conf = annotation_conf()
    entities = conf.split("[entities]\n")[1].split("\n\n")[0].split("\n")
    assert entities == list(LABELS)
    assert all(f"\n{p}\tArg1:" in conf for p in PREDICATES)


def test_exports_brat_marks_drug_classes(tmp_path: Path) -> None:
    text = "miR-9999 confers resistance to foo inhibitors."
    doc = Document("doc_c", "c.txt", text, (Section("abstract", "", (Paragraph(0, text),)),))
    s = text.index("foo inhibitors")
    ents = [Mention("doc_c", "abstract", 0, s, s + 14, "foo inhibitors", "DRUG", "DrugClass:Foo", "foo inhibitors",
                    "lexicon:exact"),
            Mention("doc_c", "abstract", 0, 0, 8, "miR-9999", "MIRNA", "miRBase:MI9999999", "hsa-miR-9999", "rule")]
    write_brat([annotate(doc, ents, [])], tmp_path)
    gold = read_ann(tmp_path / "doc_c.ann", tmp_path / "doc_c.txt")
    assert [(e.text, e.drug_class) for e in gold.entities] == [("miR-9999", False), ("foo inhibitors", True)]


def test_exports_bioc_date_does_not_depend_on_today(tmp_path: Path, monkeypatch) -> None:
    """Two runs on different days write the same BioC file: no date unless SOURCE_DATE_EPOCH gives one."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_bioc([annotate(_doc(), [], [])], tmp_path / "a.xml", tmp_path / "a.json")
    with open(tmp_path / "a.json", encoding="utf-8") as fh:
        assert biocjson.load(fh).date == ""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    write_bioc([annotate(_doc(), [], [])], tmp_path / "b.xml", tmp_path / "b.json")
    with open(tmp_path / "b.xml", encoding="utf-8") as fh:
        assert biocxml.load(fh).date == "1970-01-02"


# --------------------------------------------------------------------------
# any text that was read can be exported; files are named by safe stems (issue 15)
# --------------------------------------------------------------------------

# characters a read text can hold: C0 controls (\x0b from a word processor, an ANSI escape, NUL from a JSON
# escape), DEL and C1, U+FFFE/U+FFFF, and line separators that XML carries but brat's line reader splits at
CONTROL = ["\x0b", "\x0c", "\x1b[31m", "\x01", "\x00", "\x1f", "\x7f", "\x85", "\ufffe", "\uffff", "\u2028"]


def _control_doc(c: str, doc_id: str = "doc_c") -> tuple[Document, list[Mention]]:
    text = f"Exosomal miR-9999{c} confers foomycin resistance{c} by targeting FOO1."
    doc = Document(doc_id, "x.txt", text, (Section("body", f"Results{c}", (Paragraph(0, text),)),),
                   {"title": f"A{c}title", f"key{c}": "v"})
    spans = [("miR-9999" + c, "MIRNA"), ("foomycin", "DRUG"), ("FOO1", "GENE")]
    ents = [Mention(doc_id, "body", 0, text.index(w), text.index(w) + len(w), w, label, f"X:{c}1", f"n{c}", "rule")
            for w, label in spans]
    return doc, ents


@pytest.mark.parametrize("c", CONTROL, ids=repr)
def test_exports_bioc_carries_any_text_that_was_read(tmp_path: Path, c: str) -> None:
    from exomine.outputs.exports import xml_safe

    doc, ents = _control_doc(c, doc_id=f"doc{c}c")
    a = annotate(doc, ents, [])
    assert write_bioc([a], tmp_path / "c.xml", tmp_path / "c.json") == 1
    again = tmp_path / "again"
    write_bioc([annotate(doc, ents, [])], again / "c.xml", again / "c.json")
    for kind, module in (("xml", biocxml), ("json", biocjson)):
        assert (tmp_path / f"c.{kind}").read_bytes() == (again / f"c.{kind}").read_bytes()  # deterministic
        with open(tmp_path / f"c.{kind}", encoding="utf-8") as fh:
            (d,) = module.load(fh).documents
        (passage,) = d.passages
        assert passage.text == xml_safe(doc.text) and len(passage.text) == len(doc.text)  # offsets stay true
        assert d.id == xml_safe(doc.doc_id) and d.infons["title"] == xml_safe(doc.metadata["title"])
        for x in passage.annotations:
            assert passage.text[x.total_span.offset:x.total_span.end] == x.text
        assert "\ufffd" in passage.text or c in ("\x7f", "\x85", "\u2028")  # these XML 1.0 carries as they are


@pytest.mark.parametrize("c", CONTROL, ids=repr)
def test_exports_brat_carries_any_text_that_was_read(tmp_path: Path, c: str) -> None:
    from exomine.outputs.exports import xml_safe

    doc, ents = _control_doc(c)
    a = annotate(doc, ents, [])
    write_brat([a], tmp_path)
    assert (tmp_path / "doc_c.txt").read_text(encoding="utf-8") == xml_safe(doc.text)
    gold = read_ann(tmp_path / "doc_c.ann", tmp_path / "doc_c.txt")  # checks every span's text against the .txt
    line_end = c in ("\x85", "\u2028")  # a span across a line end is skipped, as one across "\n" is
    assert [e.text for e in gold.entities] == [xml_safe(e.text) for e in a.entities]
    assert len(gold.entities) == 3 - line_end and a.skipped == line_end


HOSTILE_IDS = ["/../../x", "../../../outside", "a/b/c", "..", ".", "", "\\x", "<results>", "{shard}", "x" * 1000,
               "\u5916" * 80, "/" + "a" * 300]


def test_exports_brat_files_are_named_by_safe_stems(tmp_path: Path) -> None:
    from exomine.filenames import doc_stem

    out = tmp_path / "results" / "brat"
    docs = [Document(i, "x.txt", "FOO1.", (Section("body", "", (Paragraph(0, "FOO1."),)),)) for i in HOSTILE_IDS]
    for _ in range(2):  # the second run keeps every pair
        write_brat([annotate(d, [], []) for d in docs], out)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    expected = {f"results/brat/{doc_stem(i)}{s}" for i in HOSTILE_IDS for s in (".txt", ".ann")}
    assert set(names) == {"results", "results/brat", "results/brat/annotation.conf"} | expected
    assert len(expected) == 2 * len(HOSTILE_IDS)


def test_exports_read_documents_named_by_safe_stems(tmp_path: Path) -> None:
    from exomine.filenames import doc_stem
    from exomine.outputs.database import build_database
    from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, TRIPLE_COLUMNS
    from exomine.tables import write_records

    docs = tmp_path / "docs"
    docs.mkdir()
    ents = []
    for i in HOSTILE_IDS:
        d = Document(i, "x.txt", "FOO1.", (Section("body", "", (Paragraph(0, "FOO1."),)),))
        (docs / f"{doc_stem(i)}.json").write_text(json.dumps(d.to_json()), encoding="utf-8")
        ents.append(Mention(i, "body", 0, 0, 4, "FOO1", "GENE", "HGNC:99991", "FOO1", "lexicon:exact"))
    write_records(tmp_path / "entities.tsv", ents, ENTITY_COLUMNS)
    write_records(tmp_path / "relations.tsv", [], RELATION_COLUMNS)
    write_records(tmp_path / "triples.tsv", [], TRIPLE_COLUMNS)
    build_database(tmp_path / "db.duckdb", entities=tmp_path / "entities.tsv", relations=tmp_path / "relations.tsv",
                   triples=tmp_path / "triples.tsv", shard_triples=[], doc_jsons=sorted(docs.glob("*.json")))
    got = {a.doc.doc_id: len(a.entities) for a in iter_annotated(tmp_path / "db.duckdb", docs)}
    assert got == {i: 1 for i in HOSTILE_IDS}
