"""Tests for per-document extraction (exomine.extraction.extract) on tiny hand-built documents."""

from __future__ import annotations

import copy

import pytest

from exomine.extraction.extract import DocResult, merge_model_entities
from exomine.reading.ingest import build_document
from exomine.extraction.pipeline import ALL_SECTIONS, Options
from exomine.records import Document
from exomine.entities.tagger import EntitySpan
from exomine.reading.webtext import Part

TITLE = "Exosomal circRNAs in drug resistance"
P_GASTRIC = (
    "Gastric cancer is a leading cause of cancer death. "
    "Exosomal circFOO1 promotes oxaliplatin resistance via the miR-1234-5p/KRAS/BCL2 axis."
)
P_NO_CANCER = "In a separate study, exosomal miR-5678-3p promoted cisplatin resistance by targeting PTEN."
P_BODY = (
    "Exosomal miR-4321 conferred gemcitabine resistance in pancreatic cancer by targeting BCL2. "
    "Exosomal miR-8765 did not promote docetaxel resistance."
)
P_SOURCE = "Exosomes derived from cisplatin-resistant gastric cancer cells transfer miR-2468, which promotes cisplatin resistance."
P_REFERENCE = "Exosomal miR-777 promotes paclitaxel resistance in ovarian cancer."


def _doc(*parts: Part, doc_id: str = "d1") -> Document:
    return build_document(doc_id, f"{doc_id}.txt", list(parts), {})


@pytest.fixture(scope="module")
def document() -> Document:
    return _doc(
        Part("title", "Title", (TITLE,)),
        Part("abstract", "Abstract", (P_GASTRIC, P_NO_CANCER)),
        Part("body", "Results", (P_BODY, P_SOURCE)),
        Part("references", "References", (P_REFERENCE,)),
    )


@pytest.fixture(scope="module")
def result(extractor, document) -> DocResult:
    return extractor.process(document)


def _triple(result: DocResult, regulator: str):
    hits = [t for t in result.triples if t.regulator == regulator]
    assert len(hits) == 1, (regulator, result.triples)
    return hits[0]


def test_extract_mention_offsets_match_text(result, document) -> None:
    assert result.mentions
    for m in result.mentions:
        assert document.text[m.start : m.end] == m.text
        assert m.doc_id == "d1"


def test_extract_mentions_carry_sentence_and_section(result, document) -> None:
    by_id = {s.sentence_id: s for s in result.sentences}
    for m in result.mentions:
        sent = by_id[m.sentence_id]
        assert sent.start <= m.start and m.end <= sent.end
        assert m.section == sent.section


def test_extract_sentence_ids_and_spans(result, document) -> None:
    ids = [s.sentence_id for s in result.sentences]
    assert ids == list(range(len(ids)))
    texts = [document.text[s.start : s.end] for s in result.sentences]
    assert texts[0] == TITLE
    assert "Gastric cancer is a leading cause of cancer death." in texts
    assert all(t == t.strip() and t for t in texts)
    starts = [s.start for s in result.sentences]
    assert starts == sorted(starts)
    assert [s.section for s in result.sentences][:1] == ["title"]
    assert {s.section for s in result.sentences} == {"title", "abstract", "body", "references"}


def test_extract_triple_target_chain_in_order(result) -> None:
    t = _triple(result, "circFOO1")
    assert t.regulator_label == "CIRCRNA"
    assert t.targets.split(";") == ["miR-1234-5p", "KRAS", "BCL2"]  # as the evidence writes them
    assert len(t.target_ids.split(";")) == 3
    assert t.target_ids.split(";")[1:] == ["HGNC:6407", "HGNC:990"]
    assert (t.drug, t.drug_id, t.effect) == ("Oxaliplatin", "DrugBank:DB00526", "resistance")
    assert t.doc_ids == "d1" and t.n_mentions == 1 and t.n_docs == 1
    assert t.evidence == "Exosomal circFOO1 promotes oxaliplatin resistance via the miR-1234-5p/KRAS/BCL2 axis."


def test_extract_cancer_from_the_sentence(result) -> None:
    assert _triple(result, "hsa-miR-4321").cancer == "Pancreatic Neoplasms"


def test_extract_cancer_from_the_paragraph_says_so(result) -> None:
    """The paragraph's earlier sentence names gastric cancer, the only cancer of the paragraph, but not
    circFOO1: the cancer is taken, and its origin says it came from the paragraph."""
    t = _triple(result, "circFOO1")
    assert (t.cancer, t.cancer_from) == ("Stomach Neoplasms", "paragraph")
    assert _triple(result, "hsa-miR-4321").cancer_from == "sentence"


def test_extract_context_from_neighbouring_sentence_about_the_same_regulator(extractor) -> None:
    doc = _doc(Part("abstract", "Abstract", (
        "Exosomes derived from cancer-associated fibroblasts carried miR-9991 into gastric cancer cells. "
        "Exosomal miR-9991 promoted cisplatin resistance. "
        "In glioma, exosomes from FOLFOX-resistant cells carried miR-9992. "
        "Exosomal miR-9993 promoted paclitaxel resistance.",)))
    res = extractor.process(doc)
    t = _triple(res, "hsa-miR-9991")
    assert t.cancer == "Stomach Neoplasms"
    assert "fibroblast" in t.source_cell.lower()
    other = _triple(res, "hsa-miR-9993")
    assert other.cancer == "" and other.source_cell == ""


def test_extract_cancer_not_carried_into_next_paragraph(result) -> None:
    t = _triple(result, "hsa-miR-5678-3p")
    assert t.cancer == ""
    assert t.targets == "PTEN"


def test_extract_source_cell_from_exosomes_derived_from(result) -> None:
    t = _triple(result, "hsa-miR-2468")
    assert t.source_cell == "cisplatin-resistant gastric cancer cells"
    assert t.drug == "Cisplatin"
    assert t.cancer == "Stomach Neoplasms"


def test_extract_negated_response_gives_no_triple(result) -> None:
    assert not [t for t in result.triples if t.regulator == "hsa-miR-8765"]
    negated = [r for r in result.relations if r.subject == "hsa-miR-8765"]
    assert negated and all(r.negated for r in negated)


def test_extract_triple_provenance(result) -> None:
    t = _triple(result, "circFOO1")
    sentence = next(s for s in result.sentences if s.sentence_id == int(t.provenance.split(":")[1]))
    assert t.provenance.startswith("d1:")
    assert sentence.section == "abstract"


def test_extract_relations_use_normalised_names_and_evidence(result, document) -> None:
    rel = next(r for r in result.relations if r.predicate == "targets" and r.object == "PTEN")
    assert rel.subject == "hsa-miR-5678-3p"
    assert (rel.subject_label, rel.object_label, rel.object_id) == ("MIRNA", "GENE", "HGNC:9588")
    assert rel.evidence == P_NO_CANCER
    assert rel.section == "abstract"


def test_extract_references_included_by_default(result) -> None:
    t = _triple(result, "hsa-miR-777")
    assert t.drug == "Paclitaxel"


def test_extract_include_references_false_skips_references(extractor, document) -> None:
    options = Options(include_references=False)
    assert "references" not in options.active_sections
    assert Options().active_sections == ALL_SECTIONS
    no_refs = copy.copy(extractor)  # the session extractor's resources, with the sections the options select
    no_refs.sections = options.active_sections
    result = no_refs.process(document)
    assert "references" not in {s.section for s in result.sentences}
    assert not [m for m in result.mentions if m.section == "references"]
    assert not [t for t in result.triples if t.regulator == "hsa-miR-777"]
    assert [t for t in result.triples if t.regulator == "circFOO1"]


def test_extract_options_from_config() -> None:
    options = Options.from_config({"include_references": False, "exclude_norm_ids": ["X:1"], "corpus": "ignored"})
    assert options.include_references is False
    assert options.exclude_norm_ids == ("X:1",)


def test_extract_abbreviation_defined_in_one_paragraph_applies_to_another(extractor) -> None:
    doc = _doc(
        Part("abstract", "Abstract", ("Methotrexate (MTX) is an antifolate used in many regimens.",)),
        Part("body", "Results", ("Exosomal miR-1357 promotes MTX resistance in osteosarcoma.",)),
    )
    result = extractor.process(doc)
    mtx = [m for m in result.mentions if m.text == "MTX"]
    assert mtx and {m.label for m in mtx} == {"DRUG"}  # not the gene alias MTX (MTX1)
    assert [(t.regulator, t.drug) for t in result.triples] == [("hsa-miR-1357", "Methotrexate")]


@pytest.mark.parametrize(
    "sentence, cell",
    [
        ("Exosomes derived from cancer-associated fibroblasts carry miR-1234-5p, which promotes oxaliplatin resistance.",
         "cancer-associated fibroblast"),
        ("Exosomes secreted by M2 macrophages deliver miR-1234-5p, which promotes oxaliplatin resistance.",
         "alternatively activated macrophage"),
        ("Exosomes from MSCs carried miR-1234-5p, which promoted oxaliplatin resistance.", "mesenchymal stem cell"),
    ],
)
def test_extract_source_cell_from_cell_mention(extractor, sentence: str, cell: str) -> None:
    result = extractor.process(_doc(Part("abstract", "Abstract", (sentence,))))
    assert [t.source_cell for t in result.triples] == [cell]


def test_extract_source_cell_from_x_derived(extractor) -> None:
    result = extractor.process(_doc(Part("abstract", "Abstract", ("CAF-derived exosomal miR-1234-5p promotes oxaliplatin resistance.",))))
    assert [t.source_cell for t in result.triples] == ["cancer-associated fibroblast"]


def test_extract_source_cell_not_carried_to_another_regulator(extractor) -> None:
    para = ("CAF-derived exosomes are abundant in the stroma. "
            "Exosomal miR-1234-5p promotes oxaliplatin resistance in colorectal cancer.")
    result = extractor.process(_doc(Part("abstract", "Abstract", (para,))))
    assert [t.source_cell for t in result.triples] == [""]


def test_extract_empty_document(extractor) -> None:
    result = extractor.process(_doc())
    assert (result.mentions, result.relations, result.triples, result.sentences) == ((), (), (), ())


# --------------------------------------------------------------------------
# merge_model_entities
# --------------------------------------------------------------------------


def _span(start: int, end: int, label: str, source: str) -> EntitySpan:
    return EntitySpan(start, end, "x" * (end - start), label, "", "n", source)


def test_extract_merge_model_entities_rule_wins_overlap() -> None:
    rule = [_span(0, 6, "MIRNA", "nomenclature"), _span(20, 29, "DRUG", "lexicon:drug_ner")]
    model = [
        _span(0, 12, "GENE", "model:GENE_OR_GENE_PRODUCT"),  # longer, but overlaps a rule entity
        _span(22, 25, "DRUG", "model:CHEMICAL"),  # inside a rule entity
        _span(40, 50, "DRUG", "model:CHEMICAL"),  # a gap: kept
    ]
    merged = merge_model_entities(rule, model)
    assert merged == [rule[0], rule[1], model[2]]


def test_extract_merge_model_entities_without_model() -> None:
    rule = [_span(10, 12, "GENE", "lexicon:hgnc"), _span(0, 4, "GENE", "lexicon:hgnc")]
    assert merge_model_entities(rule, []) == sorted(rule, key=lambda s: s.start)


def test_extract_merge_model_entities_model_overlaps_resolved_among_themselves() -> None:
    model = [_span(0, 5, "DRUG", "model:CHEMICAL"), _span(3, 12, "GENE", "model:GENE")]
    assert merge_model_entities([], model) == [model[1]]


@pytest.mark.parametrize("text, expected", [
    # targets stated in the sentence before, about the same regulator
    ("Exosomal miR-9991 directly targets PTEN. Exosomal miR-9991 confers cisplatin resistance.",
     ("hsa-miR-9991", "PTEN", "Cisplatin", "resistance")),
    # the finding's sentence refers back to the mechanism of the sentences before
    ("circFOO7 sponged miR-9992 and increased the expression of KRAS. KRAS activated the MAPK signaling pathway. "
     "By this mechanism, the oxaliplatin resistance of the cells was augmented.",
     ("circFOO7", "miR-9992;KRAS", "Oxaliplatin", "resistance")),
    # the regulator's sentence refers back to the response of the sentence before
    ("Exosomes from macrophages decreased the sensitivity of tumour cells to gemcitabine. "
     "This effect was mediated by the transfer of miR-9993.",
     ("hsa-miR-9993", "", "Gemcitabine", "resistance")),
    # within one sentence, a later clause refers back, with a knockdown and a reversal verb
    ("Exosomes from resistant cells increased the chemoresistance of doxorubicin, whereas knockdown of "
     "H19 abated this effect.",
     ("H19", "", "Doxorubicin", "resistance")),
])
def test_extract_findings_across_sentences(extractor, text, expected) -> None:
    res = extractor.process(_doc(Part("abstract", "Abstract", (text,))))
    got = {(t.regulator, t.targets, t.drug, t.effect) for t in res.triples}
    reg, targets, drug, effect = expected
    assert any(g[0] == reg and g[2] == drug and g[3] == effect and all(x in g[1].split(";") for x in targets.split(";") if x)
               for g in got), got
    t = next(t for t in res.triples if t.regulator == reg)
    assert t.rule  # the rules behind the finding are named
    assert any(r.predicate == f"confers_{effect}" and r.subject == reg for r in res.relations)


def test_extract_no_cross_sentence_finding_across_paragraphs(extractor) -> None:
    res = extractor.process(_doc(Part("abstract", "Abstract", (
        "Exosomes from macrophages decreased the sensitivity of tumour cells to gemcitabine.",
        "This effect was mediated by the transfer of miR-9993."))))
    assert res.triples == ()


def test_extract_hedged_and_associated_findings_are_not_triples(extractor) -> None:
    res = extractor.process(_doc(Part("abstract", "Abstract", (
        "Exosomal miR-9994 may promote cisplatin resistance. "
        "Exosomal miR-9995 levels are associated with paclitaxel resistance. "
        "We investigated whether exosomal miR-9996 promotes docetaxel resistance.",))))
    assert res.triples == ()
    assert {r.assertion for r in res.relations if r.predicate.startswith("confers_")} == {"hedged", "association", "aim"}
