"""Tests for exomine.text.nlp: the spaCy pipeline pieces and the abbreviation definitions."""

from __future__ import annotations

import pytest

from exomine.text.nlp import build_pipeline, find_abbreviations

TEXTS = [
    "Cisplatin (DDP) is used widely. Later, DDP resistance arose (see Fig. 1).",
    "The tumour microenvironment (TME) and cancer-associated fibroblasts (CAFs) shape the TME.",
    "FOO1 (foo protein one) binds BAR2 (bar-binding protein 2) in cells (Smith et al., 2020).",
    "Bracketed (a) (b c) ((nested)) text ) with (unbalanced brackets and (FOO) (BAR) endings (",
    "A very long bracket (one two three four five six seven eight nine ten eleven) is no definition (NODEF).",
    "Foo bar kinase (FBK) and fast bar kinase (FBK) both; first one wins (FBK).",
    "(FOO) at the start, then zinc finger protein 9 (ZFP9) and ZFP9-like protein (ZFP9L).",
    "No brackets at all here.",
]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline("rule", with_sentencizer=False)


@pytest.mark.parametrize("text", TEXTS)
def test_nlp_find_abbreviations_agrees_with_scispacy_detector(nlp, text: str) -> None:
    """The same definitions, in the same order, as scispaCy's AbbreviationDetector (without its repeats)."""
    doc = nlp(text)
    expected = []
    for ab in doc._.abbreviations:
        pair = (ab.text, ab._.long_form.text)
        if pair not in expected:
            expected.append(pair)
    assert find_abbreviations(nlp.make_doc(text)) == expected


def test_nlp_find_abbreviations_examples(nlp) -> None:
    got = find_abbreviations(nlp.make_doc("The foo bar kinase (FBK) and zinc finger protein 9 (ZFP9) act. FBK (x)"))
    assert got == [("FBK", "foo bar kinase"), ("ZFP9", "zinc finger protein 9")]
    assert find_abbreviations(nlp.make_doc("No definition (here or there anywhere at all today ok)")) == []


def test_nlp_pipeline_without_detector(nlp) -> None:
    bare = build_pipeline("exomine", with_sentencizer=False, with_abbreviations=False)
    assert bare.pipe_names == []
    assert "abbreviation_detector" in nlp.pipe_names


def test_nlp_tokenizer_is_scispacys_on_a_default_english_pipeline() -> None:
    """The placeholder tokenizer spares building spaCy's default one; the result is scispaCy's tokenizer
    (plus exomine's token_match for ncRNA names), as built on a default English pipeline."""
    import spacy
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    from exomine.text.nlp import NCRNA_TOKEN

    text = ("FOO1 (foo-1) binds miR-9999-5p in MCF-7/ADR cells, e.g. at 5 mg/kg; it's 1.5-fold (p<0.05) "
            "vs. BAR-2/BAZ3 signalling [12-14]. Dr. Foo's circFOO2 and hsa_circ_0001234 don't.")
    ref = combined_rule_tokenizer(spacy.blank("en"))
    base = ref.token_match
    ref.token_match = lambda t: NCRNA_TOKEN.match(t) or (base(t) if base else None)
    got = build_pipeline("exomine", with_sentencizer=False, with_abbreviations=False).tokenizer
    assert [(t.idx, t.text) for t in got(text)] == [(t.idx, t.text) for t in ref(text)]
    assert "miR-9999-5p" in [t.text for t in got(text)]
