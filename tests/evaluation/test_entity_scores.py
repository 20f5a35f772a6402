"""Tests for entity scores (exomine.evaluation.entity_scores)."""

from __future__ import annotations

import pytest

from evalcases import gold_doc, sentence_rows
from exomine.evaluation.evaluate import Predictions, evaluate
from exomine.records import Mention

ENT_TEXT = "Exosomal miR-21 confers cisplatin resistance by targeting PTEN.\n"


@pytest.mark.parametrize(
    "pred_span, label, strict_tp, overlap_tp",
    [
        ((9, 15), "MIRNA", 1, 1),  # same span, same label
        ((0, 15), "MIRNA", 0, 1),  # "Exosomal miR-21": longer
        ((9, 14), "MIRNA", 0, 1),  # "miR-2": shorter
        ((12, 20), "MIRNA", 0, 1),  # "-21 conf": crossing the end
        ((9, 15), "GENE", 0, 0),  # same span, wrong label
        ((0, 15), "GENE", 0, 0),  # overlapping span, wrong label
        ((58, 62), "MIRNA", 0, 0),  # right label, elsewhere
    ],
    ids=["exact", "longer", "shorter", "crossing", "wrong-label", "overlap-wrong-label", "disjoint"],
)
def test_entity_scores_entity_strict_and_overlap(pred_span: tuple[int, int], label: str, strict_tp: int,
                                                 overlap_tp: int) -> None:
    assert ENT_TEXT[9:15] == "miR-21"
    gold = gold_doc("d1", ENT_TEXT, [("T1", "MIRNA", "miR-21")])
    s, e = pred_span
    pred = Predictions([Mention("d1", "abstract", 0, s, e, ENT_TEXT[s:e], label, "", "", "test")], [],
                       sentence_rows("d1", ENT_TEXT), [])
    result = evaluate([gold], pred)
    strict = result.get("entity", "strict", "MIRNA")
    overlap = result.get("entity", "overlap", "MIRNA")
    assert (strict.tp, strict.fn) == (strict_tp, 1 - strict_tp)
    assert (overlap.tp, overlap.fn) == (overlap_tp, 1 - overlap_tp)
    if label != "MIRNA":
        assert result.get("entity", "overlap", label).tp == 0
        assert result.get("entity", "overlap", label).fp == 1


@pytest.mark.parametrize("gold_genes, tp, fp", [([("T1", "GENE", "FOO1"), ("T2", "GENE", "PTEN")], 2, 0),
                                                 ([("T2", "GENE", "PTEN")], 1, 0)],
                         ids=["gold-annotates-pathway-genes", "gold-annotates-the-pathway-only"])
def test_entity_scores_gene_named_in_a_pathway_is_optional(gold_genes, tp: int, fp: int) -> None:
    text = "Exosomal FOO1/BAR2 signaling targets PTEN.\n"
    gold = gold_doc("d1", text, gold_genes)
    pred = Predictions([Mention("d1", "abstract", 0, 9, 13, "FOO1", "GENE", "HGNC:1", "FOO1", "lexicon:exact+in_pathway"),
                        Mention("d1", "abstract", 0, 37, 41, "PTEN", "GENE", "HGNC:9588", "PTEN", "lexicon:exact")],
                       [], sentence_rows("d1", text), [])
    overlap = evaluate([gold], pred).get("entity", "overlap", "GENE")
    assert (overlap.tp, overlap.fp) == (tp, fp)
