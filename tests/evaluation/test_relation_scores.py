"""Tests for relation scores (exomine.evaluation.relation_scores)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evalcases import (averages_case, counts, gold_doc, hedge_case, mention, negation_case, relation,
                       sentence_rows, triple)
from exomine.evaluation.evaluate import Predictions, evaluate
from exomine.evaluation.relation_scores import PAIR_PREDICATES
from exomine.evaluation.scores import EvalResult
from exomine.records import PREDICATES

DOX_TEXT = "Exosomal miR-222 promotes DOX resistance in breast cancer cells.\n"
MIR222 = ("hsa-miR-222", "MIRNA", "miRBase:MI0000299")
DOXORUBICIN = ("Doxorubicin", "DRUG", "DrugBank:DB00997")


@pytest.mark.parametrize(
    "dox_label, dox_id, matches, triple_matches",
    [("DRUG", "DrugBank:DB00997", True, True), ("DRUG", "", False, True), ("GENE", "DrugBank:DB00997", False, True),
     ("DRUG", "DrugBank:DB00001", False, False)],
    ids=["mention-carries-id", "mention-without-id", "mention-other-label", "mention-other-id"],
)
def test_relation_scores_arguments_match_by_normalised_id(dox_label: str, dox_id: str, matches: bool,
                                                          triple_matches: bool) -> None:
    """Relations match on the ids of the mentions; a triple, which is not tied to a mention, by id where the gold
    span has one, else by the names its drug was written as in the document (DOX)."""
    gold = gold_doc("d1", DOX_TEXT, [("T1", "MIRNA", "miR-222"), ("T2", "DRUG", "DOX")],
                    [("R1", "confers_resistance", "T1", "T2")])
    pred = Predictions(
        [mention("d1", DOX_TEXT, "miR-222", "MIRNA", MIR222[2], MIR222[0]),
         mention("d1", DOX_TEXT, "DOX", dox_label, dox_id, "Doxorubicin")],
        [relation("d1", 0, MIR222, "confers_resistance", DOXORUBICIN, evidence=DOX_TEXT.strip())],
        sentence_rows("d1", DOX_TEXT),
        [triple("d1", MIR222, (DOXORUBICIN[0], DOXORUBICIN[2]), "resistance", DOX_TEXT.strip())],
    )
    result = evaluate([gold], pred)
    rel = result.get("relation", "exact", "confers_resistance")
    tri = result.get("triple", "exact", "resistance")
    assert (rel.tp, rel.fp, rel.fn) == ((1, 0, 0) if matches else (0, 1, 1))
    assert (tri.tp, tri.fp, tri.fn) == ((1, 0, 0) if triple_matches else (0, 1, 1))


def test_relation_scores_argument_in_other_sentence_does_not_match() -> None:
    text = "Exosomal miR-21 targets PTEN.\nPTEN is also lost in miR-21 high tumours.\n"
    gold = gold_doc("d1", text, [("T1", "MIRNA", "miR-21"), ("T2", "GENE", "PTEN")], [("R1", "targets", "T1", "T2")])
    pred = Predictions([], [relation("d1", 1, ("miR-21", "MIRNA", ""), "targets", ("PTEN", "GENE", ""))],
                       sentence_rows("d1", text), [])
    rel = evaluate([gold], pred).get("relation", "exact", "targets")
    assert (rel.tp, rel.fp, rel.fn) == (0, 1, 1)


PAIR_TEXT = "PTEN is a direct target of exosomal miR-21 in gastric cancer cells.\n"
PTEN = ("PTEN", "GENE", "HGNC:9588")
MIR21 = ("hsa-miR-21", "MIRNA", "miRBase:MI0000077")


def _pair_case(gold_order: str, subject, predicate: str, obj, undirected: bool) -> EvalResult:
    args = ("T2", "T1") if gold_order == "mirna-first" else ("T1", "T2")
    gold = gold_doc("d1", PAIR_TEXT, [("T1", "GENE", "PTEN"), ("T2", "MIRNA", "miR-21")],
                    [("R1", "targets", *args)])
    pred = Predictions(
        [mention("d1", PAIR_TEXT, "PTEN", "GENE", PTEN[2]), mention("d1", PAIR_TEXT, "miR-21", "MIRNA", MIR21[2])],
        [relation("d1", 0, subject, predicate, obj, evidence=PAIR_TEXT.strip())],
        sentence_rows("d1", PAIR_TEXT), [])
    return evaluate([gold], pred, undirected_pairs=undirected)


@pytest.mark.parametrize("gold_order", ["mirna-first", "gene-first"])
@pytest.mark.parametrize("direction", ["mirna-gene", "gene-mirna"])
@pytest.mark.parametrize("predicate", PAIR_PREDICATES)
def test_relation_scores_undirected_pairs_ignore_direction_and_pair_predicate(gold_order: str, direction: str,
                                                                              predicate: str) -> None:
    subject, obj = (MIR21, PTEN) if direction == "mirna-gene" else (PTEN, MIR21)
    result = _pair_case(gold_order, subject, predicate, obj, undirected=True)
    pair = result.get("relation", "exact", "miRNA-gene")
    assert (pair.tp, pair.fp, pair.fn) == (1, 0, 0)
    assert {s.label for s in result.scores if s.level == "relation"} == {"miRNA-gene", "micro", "macro"}


@pytest.mark.parametrize("predicate", sorted(set(PREDICATES) - set(PAIR_PREDICATES)))
def test_relation_scores_undirected_pairs_ignore_other_predicates(predicate: str) -> None:
    result = _pair_case("mirna-first", MIR21, predicate, PTEN, undirected=True)
    pair = result.get("relation", "exact", "miRNA-gene")
    assert (pair.tp, pair.fp, pair.fn) == (0, 0, 1)


def test_relation_scores_directed_scoring_needs_direction_and_type() -> None:
    reversed_ = _pair_case("mirna-first", PTEN, "targets", MIR21, undirected=False)
    t = reversed_.get("relation", "exact", "targets")
    assert (t.tp, t.fp, t.fn) == (0, 1, 1)
    other_type = _pair_case("mirna-first", MIR21, "downregulates", PTEN, undirected=False)
    assert other_type.get("relation", "exact", "targets").fn == 1
    assert other_type.get("relation", "exact", "downregulates").fp == 1


def test_relation_scores_undirected_pairs_skip_gold_pairs_of_other_labels() -> None:
    text = "Exosomal miR-21 confers cisplatin resistance.\n"
    gold = gold_doc("d1", text, [("T1", "MIRNA", "miR-21"), ("T2", "DRUG", "cisplatin")],
                    [("R1", "confers_resistance", "T1", "T2")])
    result = evaluate([gold], Predictions([], [], sentence_rows("d1", text), []), undirected_pairs=True)
    assert not [s for s in result.scores if s.level == "relation"]
    assert not [e for e in result.errors if e.level == "relation"]


@pytest.mark.parametrize("assertion, right", [("hedged", 1), ("association", 1), ("aim", 1), ("finding", 0),
                                              ("negated", 0)])
def test_relation_scores_hedged_relation_is_a_relation_with_its_assertion_scored(assertion: str, right: int) -> None:
    result = hedge_case(True, assertion, with_triple=False)
    assert counts(result, "relation") == (1, 0, 0)  # every predicted relation counts, whatever its assertion
    acc = result.get("relation", "assertion", "accuracy")
    assert (acc.tp, acc.fp) == (right, 1 - right)
    wrong = [e for e in result.errors if e.kind == "wrong"]
    assert len(wrong) == 1 - right
    if wrong:
        assert wrong[0].rule == "resp_confer_hedged" and wrong[0].assertion == assertion


def test_relation_scores_flags_stand_in_for_a_missing_assertion() -> None:
    # a table written before the assertion column: negated/hedged flags, assertion at its default
    result = negation_case(True, with_triple=False)
    assert result.get("relation", "assertion", "accuracy").tp == 1


def test_relation_scores_false_positives_name_their_rule() -> None:
    gold, pred = averages_case()
    pred = replace(pred, relations=[replace(r, rule=f"rule_{i}") for i, r in enumerate(pred.relations)],
                   mentions=[replace(m, source="lexicon:exact") for m in pred.mentions])
    errors = evaluate([gold], pred).errors
    (fp,) = [e for e in errors if e.level == "relation" and e.kind == "FP"]
    assert (fp.rule, fp.assertion) == ("rule_1", "finding")
    assert {e.rule for e in errors if e.level == "entity" and e.kind == "FP"} == {"lexicon:exact"}
    assert all(e.rule == "" for e in errors if e.kind == "FN" and e.level != "triple")
