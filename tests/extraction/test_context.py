"""Tests for the document's own context (exomine.extraction.context): the drug, cancer and source cell a finding
takes from its paragraph, title or document; ambiguous short forms per document; section kind and background.
Invented names only (miR-9999, circFOO1, FOO1)."""

from __future__ import annotations

import pytest

from exomine.extraction.context import context_patterns, origin_of, short_forms
from exomine.entities.tagger import EntitySpan
from exomine.reading.ingest import build_document
from exomine.reading.webtext import Part
from exomine.records import Document
from exomine.text.patterns import check_example


def _doc(*parts: Part, doc_id: str = "c1") -> Document:
    return build_document(doc_id, f"{doc_id}.txt", list(parts), {})


def _abstract(*paragraphs: str, title: str = "") -> Document:
    parts = [Part("title", "Title", (title,))] if title else []
    return _doc(*parts, Part("abstract", "Abstract", paragraphs))


def _found(result, regulator: str) -> list[tuple[str, str, str]]:
    return sorted((t.drug, t.effect, t.drug_from) for t in result.triples if t.regulator == regulator)


@pytest.mark.parametrize("pid", sorted(context_patterns()))
def test_context_patterns_examples(pid: str) -> None:
    p = context_patterns()[pid]
    problems = [check_example(p, e, True) for e in p.examples] + \
        [check_example(p, e, False) for e in p.counter_examples]
    assert not [x for x in problems if x], problems


def test_context_short_forms_table_names_drugs_the_lexicon_knows(extractor) -> None:
    index = extractor.tagger.index
    for sf in short_forms().values():
        entry = index.lookup(sf.norm_name)
        assert entry is not None and entry.label == "DRUG" and entry.norm_id == sf.norm_id, sf


def test_context_origin_of() -> None:
    assert origin_of(EntitySpan(0, 5, "cispl", "DRUG", "D1", "Cisplatin", "lexicon:exact")) == "sentence"
    assert origin_of(EntitySpan(0, 5, "chemo", "DRUG", "D1", "Cisplatin", "context:title")) == "title"


@pytest.mark.parametrize("title, text, drug, origin", [
    # the drug named once, in the title; the abstract says "chemoresistance"
    ("Exosomal miR-9999 in cisplatin-resistant gastric cancer",
     "Exosomal miR-9999 promoted chemoresistance of gastric cancer cells.", "Cisplatin", "title"),
    # the drug in an earlier sentence of the paragraph
    ("", "Paclitaxel is a first-line drug for ovarian cancer. Exosomal circFOO1 promoted drug resistance.",
     "Paclitaxel", "paragraph"),
    # "the therapeutic response", reversed by "decrease"
    ("", "Oxaliplatin resistance limits therapy. Exosomal miR-9999 led to a decrease in therapeutic response.",
     "Oxaliplatin", "paragraph"),
])
def test_context_drug_of_a_response_that_names_none(extractor, title, text, drug, origin) -> None:
    res = extractor.process(_abstract(text, title=title))
    got = [(t.drug, t.drug_from) for t in res.triples if t.drug_id and not t.drug_is_class]
    assert (drug, origin) in got, res.triples
    rel = [r for r in res.relations if r.predicate.startswith("confers_") and r.object == drug]
    assert rel and all(r.drug_from == origin for r in rel)
    # the response's drug word is an entity mention too, saying how it was made (entities hold every argument)
    spans = {(m.start, m.end): m for m in res.mentions}
    for r in rel:
        m = spans[(r.object_start, r.object_end)]
        assert (m.label, m.norm_name, m.source) == ("DRUG", drug, f"context:{origin}")
    assert not [m for m in res.mentions if m.source.startswith("context:") and
                (m.start, m.end) not in {(r.object_start, r.object_end) for r in res.relations}]


def test_context_drug_from_the_document_across_paragraphs(extractor) -> None:
    doc = _abstract("Gemcitabine is the standard therapy of pancreatic cancer.",
                    "Exosomal miR-9999 promoted chemoresistance.")
    assert _found(extractor.process(doc), "hsa-miR-9999") == [("Gemcitabine", "resistance", "document")]


@pytest.mark.parametrize("text", [
    # two candidate drugs at the deciding level: no drug
    "Cisplatin and paclitaxel are used. Exosomal miR-9999 promoted chemoresistance.",
    # no drug anywhere
    "Exosomal miR-9999 promoted chemoresistance of gastric cancer cells.",
    # the sentence states a drug response of its own: its "drug resistance" is another one
    "Exosomal miR-9999 transmitted drug resistance and predicted cetuximab sensitivity.",
    # a drug that only says how the exosome-producing cells were treated is not the resisted drug
    "Exosomes from cells treated with doxorubicin carried miR-9999, which promoted chemoresistance.",
    # a chemical named as a component, never as a therapy
    "Exosomes modified with arginine-glycine-aspartic acid delivered miR-9999 and enhanced chemosensitivity.",
])
def test_context_refuses_when_the_document_is_not_clear(extractor, text) -> None:
    res = extractor.process(_abstract(text))
    assert [t for t in res.triples if not t.drug_is_class] == [], res.triples


def test_context_response_with_its_own_drug_lends_it_to_no_other(extractor) -> None:
    res = extractor.process(_abstract("Exosomal miR-9999 attenuated chemoresistance induced by cisplatin."))
    assert _found(res, "hsa-miR-9999") == [("Cisplatin", "sensitivity", "sentence")]
    (m,) = [m for m in res.mentions if m.label == "DRUG"]
    (r,) = [r for r in res.relations if r.predicate.startswith("confers_")]
    assert (r.object_start, r.object_end) == (m.start, m.end) and m.text == "cisplatin"  # not "chemo"


def test_context_review_runs_of_sentences_are_one_study_each(extractor) -> None:
    """In a paragraph that cites references, the paragraph level is the run of sentences up to a citation."""
    doc = _doc(Part("body", "Exosomes in resistance", (
        "Exosomes from gemcitabine-resistant cells carried miR-9998 [12]. "
        "Another study found that exosomal miR-9999 promoted chemoresistance [13].",
        "Docetaxel is widely used. Exosomal circFOO1 promoted drug resistance [14].")))
    res = extractor.process(doc)
    assert _found(res, "hsa-miR-9999") == []  # not gemcitabine: another study, and two drugs in the document
    assert _found(res, "circFOO1") == [("Docetaxel", "resistance", "paragraph")]


def test_context_generic_chemotherapy_also_takes_the_named_drug(extractor) -> None:
    doc = _abstract("Exosomal miR-9999 rendered cells sensitive to chemotherapeutic agents. "
                    "It increased the efficacy of sorafenib in vivo.")
    got = {(t.drug, t.drug_from, t.drug_is_class) for t in extractor.process(doc).triples}
    assert ("Sorafenib", "paragraph", False) in got
    assert any(is_class for _, _, is_class in got)  # the class triple stays


def test_context_cancer_and_cell_origins(extractor) -> None:
    doc = _abstract("Exosomal miR-9999 promoted cisplatin resistance.",
                    title="Exosomes from cancer-associated fibroblasts carry miR-9999 in gastric cancer")
    t = next(t for t in extractor.process(doc).triples if t.regulator == "hsa-miR-9999")
    assert (t.cancer, t.cancer_from) == ("Stomach Neoplasms", "title")
    assert "fibroblast" in t.source_cell.lower() and t.source_cell_from == "title"
    assert t.drug_from == "sentence"


def test_context_cancer_refused_when_two(extractor) -> None:
    doc = _abstract("Breast cancer and ovarian cancer were studied.", "Exosomal miR-9999 promoted cisplatin resistance.")
    t = next(t for t in extractor.process(doc).triples if t.regulator == "hsa-miR-9999")
    assert (t.cancer, t.cancer_from) == ("", "")


@pytest.mark.parametrize("text, drug", [
    # defined in the document: the definition wins over the lexicon and the short-form table
    ("Tamoxifen (TAM) is used in breast cancer. Exosomal miR-9999 promoted TAM resistance.", "Tamoxifen"),
    # undefined, but the document names the drug
    ("Gemcitabine is used in pancreatic cancer. Exosomal miR-9999 promoted Gem resistance.", "Gemcitabine"),
    # undefined, the short form stands where a drug does
    ("Exosomal miR-9999 promoted DDP resistance of gastric cancer cells.", "Cisplatin"),
])
def test_context_short_form_read_as_the_drug(extractor, text, drug) -> None:
    assert _found(extractor.process(_abstract(text)), "hsa-miR-9999") == [(drug, "resistance", "sentence")]


@pytest.mark.parametrize("text", [
    # defined as something else
    "Tumour-associated macrophages (TAM) release exosomes. Exosomal miR-9999 from TAM promoted cisplatin resistance.",
    # undefined, no drug cue, the document never names paclitaxel
    "Exosomal miR-9999 bound PTX and promoted cisplatin resistance.",
])
def test_context_short_form_not_a_drug_without_support(extractor, text) -> None:
    res = extractor.process(_abstract(text))
    assert {t.drug for t in res.triples} == {"Cisplatin"}, res.triples
    assert not [m for m in res.mentions if m.label == "DRUG" and m.text in ("TAM", "PTX")]


def test_context_section_kinds_and_background(extractor) -> None:
    doc = _doc(Part("title", "Title", ("Exosomal miR-9991 confers cisplatin resistance",)),
               Part("abstract", "Abstract", (
                   "Background:", "Exosomal miR-9992 promoted paclitaxel resistance.",
                   "Results:", "Exosomal miR-9993 promoted docetaxel resistance. "
                   "Previous studies have shown that exosomal miR-9994 promotes gefitinib resistance.")),
               Part("figure", "Figure captions", ("Figure 1. Exosomal miR-9995 promotes sorafenib resistance.",)),
               Part("references", "References", ("Exosomal miR-9996 promotes erlotinib resistance.",)))
    res = extractor.process(doc)
    got = {t.regulator: (t.section_kind, t.background) for t in res.triples}
    assert got == {"hsa-miR-9991": ("title", False), "hsa-miR-9992": ("abstract", True),
                   "hsa-miR-9993": ("abstract", False), "hsa-miR-9994": ("abstract", True),
                   "hsa-miR-9995": ("caption", False), "hsa-miR-9996": ("reference", False)}
    rel = {r.subject: (r.section_kind, r.background) for r in res.relations if r.predicate.startswith("confers_")}
    assert rel == got


def test_context_background_heading_of_a_section(extractor) -> None:
    doc = _doc(Part("body", "1. Introduction", ("Exosomal miR-9991 promoted cisplatin resistance.",)),
               Part("body", "2. Results", ("Exosomal miR-9992 promoted cisplatin resistance.",)))
    got = {t.regulator: t.background for t in extractor.process(doc).triples}
    assert got == {"hsa-miR-9991": True, "hsa-miR-9992": False}


def test_context_background_from_jats_labels_and_nested_headings(tmp_path, extractor) -> None:
    from exomine.reading.ingest import read_document

    path = tmp_path / "structured.nxml"
    path.write_text(
        "<article><front><article-meta><title-group><article-title>Exosomal FOO1</article-title></title-group>"
        "<abstract><sec><title>Background</title><p>Exosomal miR-9991 promotes cisplatin resistance.</p></sec>"
        "<sec><title>Results</title><p>Exosomal miR-9992 promoted cisplatin resistance.</p></sec></abstract>"
        "</article-meta></front><body><sec><title>Introduction</title><sec><title>Exosomes</title>"
        "<p>Exosomal miR-9993 promotes paclitaxel resistance.</p></sec></sec></body></article>", encoding="utf-8")
    got = {t.regulator: t.background for t in extractor.process(read_document(path)).triples}
    assert got == {"hsa-miR-9991": True, "hsa-miR-9992": False, "hsa-miR-9993": True}
