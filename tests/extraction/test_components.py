"""Tests for the spaCy components (exomine.extraction.components)."""

from __future__ import annotations

import pytest

import exomine.extraction.components  # noqa: F401  (registers the factories)
from exomine.text.nlp import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    import spacy

    # A new pipeline with exomine's tuned scispaCy tokenizer (build_pipeline's result is cached
    # and shared, so the components are not added to it).
    nlp = spacy.blank("en")
    nlp.tokenizer = build_pipeline("rule").tokenizer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("abbreviation_detector")
    nlp.add_pipe("exomine_entities")
    nlp.add_pipe("exomine_relations")
    return nlp


def test_components_entities_and_relations_on_a_doc(nlp) -> None:
    doc = nlp("Exosomal miR-21 promotes cisplatin resistance by targeting PTEN. It also binds SOX2.")
    ents = {(e.text, e.label_, e.kb_id_) for e in doc.ents}
    assert ("miR-21", "MIRNA", "miRBase:MI0000077") in ents
    assert ("PTEN", "GENE", "HGNC:9588") in ents
    assert {(r["subject"], r["predicate"], r["object"]) for r in doc._.relations} >= {
        ("hsa-miR-21", "confers_resistance", "Cisplatin"),
        ("hsa-miR-21", "targets", "PTEN"),
    }
    # relations stay inside their sentence: SOX2 in the second sentence is not linked to miR-21
    assert not any(r["object"] == "SOX2" for r in doc._.relations)


def test_components_use_document_abbreviations(nlp) -> None:
    doc = nlp("Cisplatin (DDP) is widely used. Exosomal miR-1234-5p promotes DDP resistance.")
    ddp = [e for e in doc.ents if e.text == "DDP"]
    assert ddp and all(e.label_ == "DRUG" and e.kb_id_ == "DrugBank:DB00515" for e in ddp)


def test_components_keep_exact_offsets_when_tokens_hold_several_names(nlp) -> None:
    doc = nlp("It acts through the miR-524-5p-METTL3/SOX2 axis.")
    exact = {(doc.text[m.start:m.end], m.label) for m in doc.user_data["exomine_mentions"]}
    assert {("miR-524-5p", "MIRNA"), ("METTL3", "GENE"), ("SOX2", "GENE")} <= exact
    assert len(doc.spans["exomine"]) == len(doc.user_data["exomine_mentions"])
