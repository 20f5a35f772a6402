"""Tests for the spaCy pipeline and the optional trained NER model (exomine.text.nlp, Options.ner_model).

The model tests train a real (tiny) spaCy NER model, save it, and load it the
way a user's configuration would, by path.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from exomine.reading.ingest import build_document
from exomine.text.nlp import build_pipeline, load_ner_model
from exomine.extraction.pipeline import Options, build_extractor
from exomine.reading.webtext import Part

TEMPLATES = (
    "Cells were treated with {x} for two days.",
    "{x} induced apoptosis in tumour cells.",
    "Resistance to {x} was observed in patients.",
    "We added {x} to the culture medium.",
    "The response to {x} was poor.",
    "Exosomal miR-21 promoted {x} resistance.",
    "Tumours shrank after {x} treatment.",
)
# "zorbatinib" and "quorvastat" are made-up drugs only the model knows; "cisplatin" is deliberately taught
# with a wrong label, so the model's span overlaps a lexicon entity that must win.
TERMS = (("zorbatinib", "CHEMICAL"), ("quorvastat", "CHEMICAL"), ("cisplatin", "GENE_OR_GENE_PRODUCT"))


@pytest.fixture(scope="module")
def model_path(tmp_path_factory) -> Path:
    fix_random_seed(0)
    rng = random.Random(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for _, label in TERMS:
        ner.add_label(label)
    examples = []
    for template in TEMPLATES:
        for term, label in TERMS:
            text = template.format(x=term)
            start = text.index(term)
            examples.append(Example.from_dict(nlp.make_doc(text), {"entities": [(start, start + len(term), label)]}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=4):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("model") / "tiny_ner"
    nlp.to_disk(path)
    return path


TEXT = (
    "Exosomal miR-21 promoted zorbatinib resistance in gastric cancer by targeting PTEN. "
    "Exosomal miR-21 promoted cisplatin resistance."
)


@pytest.mark.slow
def test_nlp_model_entities_fill_gaps_and_rules_win(model_path: Path) -> None:
    # what the model itself predicts, to know that the overlap case is real
    model = load_ner_model(str(model_path))
    assert ("zorbatinib", "CHEMICAL") in {(e.text, e.label_) for e in model(TEXT).ents}
    assert ("cisplatin", "GENE_OR_GENE_PRODUCT") in {(e.text, e.label_) for e in model(TEXT).ents}

    extractor = build_extractor(Options(ner_model=str(model_path)))
    doc = build_document("m1", "m1.txt", [Part("abstract", "Abstract", (TEXT,))], {})
    result = extractor.process(doc)
    by_text = {m.text: m for m in result.mentions}

    zorba = by_text["zorbatinib"]
    assert zorba.label == "DRUG"  # CHEMICAL mapped to DRUG
    assert zorba.source.startswith("model:")
    assert doc.text[zorba.start : zorba.end] == "zorbatinib"

    cis = by_text["cisplatin"]
    assert (cis.label, cis.norm_id) == ("DRUG", "DrugBank:DB00515")
    assert cis.source.startswith("lexicon:")
    assert not [m for m in result.mentions if m.source.startswith("model:") and m.text == "cisplatin"]
    assert by_text["PTEN"].source.startswith("lexicon:")
    assert by_text["miR-21"].source == "nomenclature:mirna"

    # model entities take part in relations like any other
    assert {(t.regulator, t.drug, t.effect) for t in result.triples} >= {
        ("hsa-miR-21", "zorbatinib", "resistance"),
        ("hsa-miR-21", "Cisplatin", "resistance"),
    }


def test_nlp_model_absent_from_default_extractor(extractor) -> None:
    doc = build_document("m2", "m2.txt", [Part("abstract", "Abstract", (TEXT,))], {})
    result = extractor.process(doc)
    assert "zorbatinib" not in {m.text for m in result.mentions}
    assert not [m for m in result.mentions if m.source.startswith("model:")]


def test_nlp_model_missing_raises_naming_it() -> None:
    with pytest.raises(RuntimeError, match="no_such_exomine_model") as info:
        build_extractor(Options(ner_model="no_such_exomine_model"))
    assert "ner_model" in str(info.value)


# --------------------------------------------------------------------------
# the model-free pipeline
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["miR-222-5p", "hsa-miR-155-5p", "hsa_circ_0000338", "circ-XIAP", "MCF-7/ADR"])
def test_nlp_tokenizer_keeps_names_whole(extractor, name: str) -> None:
    tokens = [t.text for t in extractor.nlp(f"Exosomes from {name} cells were studied.")]
    assert name in tokens


@pytest.mark.parametrize("sentencizer", ["pysbd", "rule", None])
def test_nlp_pipeline_splits_sentences_and_finds_abbreviations(sentencizer: str | None) -> None:
    nlp = build_pipeline(sentencizer) if sentencizer else build_pipeline()  # None: the default
    doc = nlp("The tumor microenvironment (TME) shapes resistance. Exosomes remodel the TME in vivo.")
    assert len(list(doc.sents)) == 2
    assert {(a.text, a._.long_form.text) for a in doc._.abbreviations} == {("TME", "tumor microenvironment")}


def test_nlp_rule_sentencizer_option() -> None:
    nlp = build_pipeline("rule")
    assert "sentencizer" in nlp.pipe_names and "pysbd_sentencizer" not in nlp.pipe_names
    assert len(list(nlp("One sentence here. Another one there.").sents)) == 2
    assert build_pipeline("rule") is nlp  # cached
