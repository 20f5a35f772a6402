"""Tests for gold and predicted findings (exomine.evaluation.triple_findings)."""

from __future__ import annotations

import pytest

from dataclasses import replace

from evalcases import (AXIS_LABELS, AXIS_TEXT, FOOCITABINE, REG, axis_case, counts, gold_doc, hedge_case,
                       negation_case, relation, sentence_rows, triple)
from exomine.evaluation.align import Sentences
from exomine.evaluation.brat import GoldDocument, GoldTriple
from exomine.evaluation.evaluate import Predictions, evaluate
from exomine.evaluation.triple_findings import Surfaces, doc_triples, gold_findings, pred_findings


@pytest.mark.parametrize("negated, expected", [(False, (1, 0, 0)), (True, (0, 1, 0))], ids=["stated", "negated"])
def test_triple_findings_negated_gold_relation_gives_no_gold_triple(negated: bool,
                                                                   expected: tuple[int, int, int]) -> None:
    result = negation_case(negated, with_triple=True)
    tri = result.get("triple", "exact", "resistance")
    assert (tri.tp, tri.fp, tri.fn) == expected
    # the relation itself is still gold (negation is an attribute of it)
    assert result.get("relation", "exact", "confers_resistance").tp == 1


@pytest.mark.parametrize("negated, n_fn", [(False, 1), (True, 0)], ids=["stated", "negated"])
def test_triple_findings_negated_gold_relation_is_no_missed_triple(negated: bool, n_fn: int) -> None:
    result = negation_case(negated, with_triple=False)
    missed = [e for e in result.errors if e.level == "triple" and e.kind == "FN"]
    assert len(missed) == n_fn
    assert sum(s.fn for s in result.scores if s.level == "triple" and s.label == "resistance") == n_fn


def test_triple_findings_hedged_gold_relation_gives_no_gold_triple() -> None:
    hedged = hedge_case(True, "hedged", with_triple=True)
    assert counts(hedged, "triple") == (0, 1, 0)  # a hedge states no finding: the predicted triple is wrong
    (fp,) = [e for e in hedged.errors if e.level == "triple"]
    # the rule of the triple, and the assertion of the relation behind it
    assert (fp.kind, fp.rule, fp.assertion) == ("FP", "resp_confer", "hedged")
    stated = hedge_case(False, "finding", with_triple=True)
    assert counts(stated, "triple") == (1, 0, 0)


def test_triple_findings_cancer_not_scored_when_the_sentence_names_none() -> None:
    text = "Exosomal circFOO1 confers foocitabine resistance through the miR-9999/FOO1 axis.\n"
    result = axis_case(text=text, cancer="Quxoma")
    assert result.get("triple", "exact", "micro").tp == 1
    assert not [s for s in result.scores if s.scheme == "cancer"]


def test_triple_findings_corpus_level_triples_are_scored_per_document() -> None:
    text = "Exosomal circFOO1 confers foocitabine resistance.\n"
    golds = [gold_doc(d, text, [("T1", "CIRCRNA", "circFOO1"), ("T2", "DRUG", "foocitabine")],
                      [("R1", "confers_resistance", "T1", "T2")]) for d in ("d1", "d2")]
    merged = triple("d1;d2", REG, (FOOCITABINE[0], FOOCITABINE[2]), "resistance", text.strip())
    result = evaluate(golds, Predictions([], [], [*sentence_rows("d1", text), *sentence_rows("d2", text)], [merged]))
    assert counts(result, "triple") == (2, 0, 0)


def test_triple_findings_gold_axis_in_text_order_with_the_sentence_cancers() -> None:
    names = ["circFOO1", "foocitabine", "barzoma", "miR-9999", "FOO1"]
    gold = gold_doc("d1", AXIS_TEXT, [(f"T{i}", AXIS_LABELS[n], n) for i, n in enumerate(names, 1)],
                    [("R1", "confers_resistance", "T1", "T2"), ("R2", "targets", "T4", "T5"),
                     ("R3", "sponges", "T1", "T4")])
    (f,) = gold_findings(gold, [], Sentences(sentence_rows("d1", AXIS_TEXT), {"d1": AXIS_TEXT}))
    assert (f.effect, str(f.regulator), str(f.drug)) == ("resistance", "circFOO1", "foocitabine")
    assert f.describe() == "circFOO1 -> miR-9999 -> FOO1 -> foocitabine"  # the chain from the regulator, in order
    assert [str(c) for c in f.cancers] == ["barzoma"] and f.cancer_scored
    assert f.sentence == AXIS_TEXT.strip()


def test_triple_findings_a_gold_finding_stated_twice_is_one() -> None:
    gold = GoldDocument("x1", "An invented text.\n", (), (), levels=("triple",), triples=(
        GoldTriple("miR-9999", "foocitabine", "resistance", ("FOO1",)),
        GoldTriple("hsa-miR-9999-5p", "Foocitabine", "resistance", ("BAR2", "FOO1"), "barzoma"),
        GoldTriple("miR-9999", "foocitabine", "sensitivity")))
    once, other_effect = gold_findings(gold, [], Sentences([], {}))
    assert [str(t) for t in once.targets] == ["FOO1", "BAR2"]
    assert [str(c) for c in once.cancers] == ["barzoma"]
    assert other_effect.effect == "sensitivity"


def test_triple_findings_predicted_assertion_is_that_of_the_relations_behind() -> None:
    drug = (FOOCITABINE[0], FOOCITABINE[2])
    t = triple("d1", REG, drug, "resistance", sentence_id=3)
    behind = replace(relation("d1", 3, REG, "confers_resistance", FOOCITABINE), assertion="hedged", rule="rule_a")
    elsewhere = replace(behind, sentence_id=4, assertion="negated", rule="rule_b")
    (f,) = pred_findings("d1", [t], Surfaces([]), {("d1", 3): [behind], ("d1", 4): [elsewhere]})
    assert (f.assertion, f.rule, f.provenance) == ("hedged", "rule_a", (3,))
    (alone,) = pred_findings("d1", [replace(t, hedged=True)], Surfaces([]), {})
    assert (alone.assertion, alone.rule) == ("hedged", "")
    assert pred_findings("d1", [replace(t, drug_is_class=True)], Surfaces([]), {}) == []


def test_triple_findings_corpus_triple_is_split_per_gold_document() -> None:
    merged = triple("d1;d2;d3", REG, (FOOCITABINE[0], FOOCITABINE[2]), "resistance", sentence_id=2)
    by_doc = doc_triples([merged], {"d1", "d2"})
    assert sorted(by_doc) == ["d1", "d2"]
    (one,) = by_doc["d1"]
    assert (one.doc_ids, one.n_docs, one.provenance) == ("d1", 1, "d1:2")
