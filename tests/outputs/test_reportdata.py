"""The report's data: records read from a results folder, and the payload built from them (no browser)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from exomine.records import (ENTITY_COLUMNS, RELATION_COLUMNS, SENTENCE_COLUMNS, TRIPLE_COLUMNS, Document, Mention,
                             Paragraph, Relation, Section, SentenceRow, Triple)
from exomine.outputs.reportdata import Evaluation, ReportInputs, build_payload, read_results
from exomine.tables import write_records

TEXT = ("Exosomal circFOO1 promotes cisplatin resistance by sponging miR-9999. "
        "miR-9999 targets BAR2 in gastric cancer.")


def _at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def _mention(word: str, label: str, norm_id: str, sid: int, nth: int = 0) -> Mention:
    s, e = _at(word, nth)
    return Mention("doc1", "abstract", sid, s, e, word, label, norm_id, word, "rule")


def _relation(subj: Mention, pred: str, obj: Mention, **kw) -> Relation:
    return Relation("doc1", "abstract", subj.sentence_id, subj.text, subj.label, subj.norm_id, pred, obj.text,
                    obj.label, obj.norm_id, False, False, "…", subj.start, subj.end, obj.start, obj.end,
                    rule=kw.pop("rule", "r.test"), **kw)


CIRC = _mention("circFOO1", "CIRCRNA", "circRNA:circFOO1", 0)
DRUG = _mention("cisplatin", "DRUG", "DB1", 0)
MIR = _mention("miR-9999", "MIRNA", "MI9", 0)
MIR2 = _mention("miR-9999", "MIRNA", "MI9", 1, nth=1)
GENE = _mention("BAR2", "GENE", "HGNC:2", 1)
CANCER = _mention("gastric cancer", "CANCER", "MESH:D1", 1)
SENTENCES = (SentenceRow("doc1", "abstract", 0, 0, TEXT.index(" miR-9999 targets")),
             SentenceRow("doc1", "abstract", 1, TEXT.index("miR-9999 targets"), len(TEXT)))
DOC = Document("doc1", "doc1.txt", TEXT, (Section("abstract", "Abstract", (Paragraph(0, TEXT),)),),
               {"title": "A review of circFOO1", "year": "2031"})
TRIPLE = Triple("circFOO1", "CIRCRNA", "circRNA:circFOO1", "miR-9999;BAR2", "MI9;HGNC:2", "Cisplatin", "DB1",
                "resistance", "Stomach Neoplasms", "", 2, 1, "doc1", TEXT[:68], False, "doc1:0;doc1:1",
                rule="axis.sponge;response.drug_resistance")
RELATIONS = (_relation(CIRC, "confers_resistance", DRUG), _relation(CIRC, "sponges", MIR),
             _relation(MIR2, "targets", GENE))


def _inputs(**kw) -> ReportInputs:
    base = dict(triples=(TRIPLE,), relations=RELATIONS, entities=(CIRC, DRUG, MIR, MIR2, GENE, CANCER),
                sentences=SENTENCES, documents=(DOC,))
    return ReportInputs(**{**base, **kw})


def _edges(payload) -> list[tuple[str, str, str]]:
    nodes = payload["nodes"]
    return [(nodes[s][1], pred, nodes[o][1]) for s, o, pred in payload["edges"]]


def test_reportdata_triple_edges_follow_stated_relations() -> None:
    p = build_payload(_inputs())
    assert _edges(p) == [("circFOO1", "sponges", "miR-9999"), ("miR-9999", "targets", "BAR2"),
                         ("circFOO1", "confers_resistance", "Cisplatin")]
    assert [n[2] for n in p["nodes"]] == ["CIRCRNA", "MIRNA", "GENE", "DRUG"]  # target labels from the entities
    t = p["triples"][0]
    assert t["edges"] == [0, 1, 2]
    # no mention table: one mention per sentence of the provenance, with the triple's rules
    assert t["mentions"] == [["doc1", [0], "abstract", TRIPLE.rule, 0.0], ["doc1", [1], "abstract", TRIPLE.rule, 0.0]]
    assert (t["kind"], t["assertion"], t["key"]) == ("triple", "finding", "triple|circRNA:circFOO1|DB1|resistance")
    assert t["rules"] == ["axis.sponge", "response.drug_resistance"]
    assert t["targets"] == [["miR-9999", "MI9"], ["BAR2", "HGNC:2"]]


def test_reportdata_triple_carries_origins_section_and_background() -> None:
    t = replace(TRIPLE, drug_from="title", cancer_from="paragraph", source_cell_from="", section_kind="reference",
                background=True)
    row = build_payload(_inputs(triples=(t,)))["triples"][0]
    assert (row["drugFrom"], row["cancerFrom"], row["cellFrom"]) == ("title", "paragraph", "")
    assert (row["section"], row["background"]) == ("reference", True)


def test_reportdata_unstated_link_is_a_chain_edge_and_negations_are_no_links() -> None:
    negated = replace(RELATIONS[2], negated=True, assertion="negated")
    p = build_payload(_inputs(relations=RELATIONS[:2] + (negated,)))
    assert ("miR-9999", "chain", "BAR2") in _edges(p)
    assert ("miR-9999", "targets", "BAR2") not in _edges(p)


def test_reportdata_link_stated_in_reverse_keeps_its_direction() -> None:
    reverse = _relation(GENE, "upregulates", MIR2)
    p = build_payload(_inputs(relations=RELATIONS[:2] + (reverse,)))
    assert ("BAR2", "upregulates", "miR-9999") in _edges(p)


def test_reportdata_document_embedded_whole_under_the_budget() -> None:
    d = build_payload(_inputs())["docs"]["doc1"]
    assert d["text"] == TEXT and d["snips"] == {}
    assert d["title"] == "A review of circFOO1" and d["meta"] == {"year": "2031"}
    assert [s[0] for s in d["sents"]] == [0, 1]
    assert [TEXT[e[0]:e[1]] for e in d["ents"]] == ["circFOO1", "cisplatin", "miR-9999", "miR-9999", "BAR2",
                                                    "gastric cancer"]
    assert {r[7] for r in d["rels"]} == {"confers_resistance", "sponges", "targets"}


def test_reportdata_document_over_the_budget_keeps_only_evidence_sentences() -> None:
    only_first = replace(TRIPLE, provenance="doc1:0")
    p = build_payload(_inputs(triples=(only_first,)), max_text_chars=10)
    d = p["docs"]["doc1"]
    assert d["text"] is None
    assert d["snips"] == {"0": TEXT[SENTENCES[0].start:SENTENCES[0].end]}
    assert [s[0] for s in d["sents"]] == [0]
    assert all(e[1] <= SENTENCES[0].end for e in d["ents"]) and d["ents"]
    assert {r[0] for r in d["rels"]} == {0}
    assert p["notices"] and "evidence sentences" in p["notices"][0]


def test_reportdata_error_sentences_are_highlighted() -> None:
    sentence = TEXT[SENTENCES[1].start:SENTENCES[1].end]
    errors = ({"level": "entity", "kind": "FN", "doc_id": "doc1", "label": "GENE", "item": "gastric",
               "sentence": sentence},
              {"level": "relation", "kind": "FP", "doc_id": "doc1", "label": "targets", "item": "MI9 -> HGNC:2",
               "sentence": sentence})
    ev = build_payload(_inputs(evaluation=Evaluation({}, errors)))["eval"]
    fn, fp = ev["errors"]
    spans = {sentence[s[0]:s[1]]: (s[2], s[3]) for s in fn[7]}
    assert spans["gastric"] == ("GENE", 1)  # the missed item, marked, replacing the overlapping prediction
    assert "gastric cancer" not in spans and spans["BAR2"] == ("GENE", 0)
    assert fp[4] == "miR-9999 -> BAR2"  # ids shown by name
    marked = {sentence[s[0]:s[1]] for s in fp[7] if s[3]}
    assert marked == {"miR-9999", "BAR2"}


def test_reportdata_no_ingest_no_evaluation() -> None:
    p = build_payload(_inputs())
    assert p["ingest"] is None and p["eval"] is None
    json.dumps(p, allow_nan=False)  # JSON-able


def _write_results(tmp_path):
    results = tmp_path / "results"
    write_records(results / "triples.tsv", [TRIPLE], TRIPLE_COLUMNS)
    write_records(results / "relations.tsv", RELATIONS, RELATION_COLUMNS)
    write_records(results / "entities.tsv", [CIRC, DRUG, MIR, MIR2, GENE], ENTITY_COLUMNS)
    write_records(results / "shards" / "s00" / "sentences.tsv", SENTENCES, SENTENCE_COLUMNS)
    (results / "docs").mkdir()
    (results / "docs" / "doc1.json").write_text(json.dumps(DOC.to_json()), encoding="utf-8")
    return results


def test_reportdata_read_results_folder(tmp_path) -> None:
    results = _write_results(tmp_path)
    inputs = read_results(results)
    assert inputs.triples == (TRIPLE,) and inputs.relations == RELATIONS and inputs.sentences == SENTENCES
    assert inputs.documents[0].text == TEXT
    assert inputs.ingest is None and inputs.evaluation is None

    (results / "ingest.tsv").write_text("file\tdoc_id\tstatus\treason\textra\ndoc1.txt\tdoc1\tread\t\t\n"
                                        "bad.txt\t\trejected\tnot UTF-8 text\tx\n", encoding="utf-8")
    (results / "eval").mkdir()
    (results / "eval" / "summary.tsv").write_text("level\tscheme\tlabel\tf1\ntriple\texact\tmicro\t0.5\n",
                                                  encoding="utf-8")
    p = build_payload(read_results(results))
    assert p["ingest"]["counts"] == {"read": 1, "rejected": 1}
    assert p["ingest"]["columns"] == ["file", "doc_id", "status", "reason", "extra"]
    assert p["eval"]["tables"]["summary"]["rows"] == [["triple", "exact", "micro", "0.5"]]
    assert read_results(results, with_evaluation=False).evaluation is None


def test_reportdata_bad_ingest_table_names_the_file(tmp_path) -> None:
    results = _write_results(tmp_path)
    (results / "ingest.tsv").write_text("file\tstatus\nx.txt\tread\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"ingest\.tsv: missing column\(s\) doc_id, reason"):
        read_results(results)


def test_reportdata_bad_document_names_the_file(tmp_path) -> None:
    results = _write_results(tmp_path)
    (results / "docs" / "doc1.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match=r"doc1\.json: not a structured document"):
        read_results(results)


# --- mentions in evidence order, statements that are no triples, links, curation ---------------------------------


def _m(sid: int, rule: str, belief: float, evidence: str = "e", doc: str = "doc1") -> Triple:
    return replace(TRIPLE, n_mentions=1, doc_ids=doc, provenance=f"{doc}:{sid}", rule=rule, belief=belief,
                   evidence=evidence)


def test_reportdata_mentions_put_the_primary_evidence_first() -> None:
    sentences = SENTENCES + (SentenceRow("doc1", "references", 7, 0, 1), SentenceRow("doc1", "body", 8, 0, 1))
    mentions = (_m(7, "response.drug_resistance", 0.86, "a reference title"),  # a reference title: last
                _m(1, "response.a+state.knockdown_before", 0.97, "loss of it sensitised"),  # a paraphrase
                _m(8, "response.drug_resistance", 0.95, "a direct body sentence"),
                _m(3, "response.drug_resistance", 0.99, doc="doc_duplicate"))  # not one of the triple's documents
    t = build_payload(_inputs(mentions=mentions, sentences=sentences))["triples"][0]
    # a direct statement, the higher belief first (the reference title's is lower: its section weighs it down)
    assert t["mentions"] == [["doc1", [8], "body", "response.drug_resistance", 0.95],
                             ["doc1", [7], "references", "response.drug_resistance", 0.86],
                             ["doc1", [1], "abstract", "response.a+state.knockdown_before", 0.97]]
    # the order is the one in which the aggregation chose the evidence
    from exomine.tables import aggregate_triples
    assert aggregate_triples(mentions[:3])[0].evidence == "a direct body sentence"


def test_reportdata_statements_that_are_no_triples_follow_the_triples() -> None:
    hedged = replace(RELATIONS[0], assertion="hedged", hedged=True, rule="response.drug_resistance")
    negated = replace(RELATIONS[0], assertion="negated", negated=True, sentence_id=1)
    p = build_payload(_inputs(relations=RELATIONS + (hedged, negated)))
    assert p["nTriples"] == 1 and [t["kind"] for t in p["triples"]] == ["triple", "statement", "statement"]
    s = p["triples"][1]
    assert (s["reg"], s["drug"], s["effect"], s["assertion"], s["edges"]) == ("circFOO1", "cisplatin", "resistance",
                                                                              "hedged", [])
    assert 0 < s["belief"] < 1 and p["triples"][2]["belief"] == 0.0  # a negation is no evidence at all
    assert s["mentions"] == [["doc1", [0], "abstract", "response.drug_resistance", s["belief"]]]
    assert s["key"] == "relation|doc1|0|circRNA:circFOO1|confers_resistance|DB1"
    assert set(p["assertions"]) == {"finding", "hedged", "negated", "aim", "association"}


def test_reportdata_links_out_for_documents_and_identifiers() -> None:
    doc = replace(DOC, metadata={**DOC.metadata, "pmid": "123", "doi": "10.1000/x<y"})
    triple = replace(TRIPLE, drug_id="DrugBank:DB00515", target_ids="miRBase:MI0000077;HGNC:2")
    p = build_payload(_inputs(documents=(doc,), triples=(triple,)))
    assert p["docs"]["doc1"]["links"] == [["PubMed", "https://pubmed.ncbi.nlm.nih.gov/123/"],
                                          ["DOI", "https://doi.org/10.1000/x%3Cy"]]
    # the regulator's circRNA:… id has no database page
    assert p["idLinks"] == {"DrugBank:DB00515": "https://go.drugbank.com/drugs/DB00515",
                            "miRBase:MI0000077": "https://mirbase.org/hairpin/MI0000077",
                            "HGNC:2": "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:2"}


def test_reportdata_curation_marks_of_the_run_and_relation_keys(tmp_path) -> None:
    from exomine.curation import CurationMark, write_curation

    results = _write_results(tmp_path)
    mark = CurationMark("triple", "circFOO1", "circRNA:circFOO1", "confers_resistance", "Cisplatin", "DB1", "doc1", "",
                        "wrong", "not in this paper")
    write_curation(tmp_path / "marks.tsv", [mark])
    p = build_payload(read_results(results, curation=tmp_path / "marks.tsv"))
    assert p["curation"] == {p["triples"][0]["key"]: {**mark.__dict__}}
    rel = p["docs"]["doc1"]["rels"][0]
    assert rel[12] == "relation|doc1|0|circRNA:circFOO1|confers_resistance|DB1"
