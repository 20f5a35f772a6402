"""Tests for triple, target and cancer scores (exomine.evaluation.triple_scores)."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import pytest

from evalcases import (AXIS_TEXT, FOO1, MIR9999, PLATINUM, REG, axis_case, class_case, counts, gold_doc, hedge_case,
                       mention, sentence_rows, triple)
from exomine.evaluation.brat import GoldDocument, GoldTriple
from exomine.evaluation.evaluate import Predictions, evaluate
from exomine.evaluation.report import write_eval
from exomine.evaluation.scores import EvalResult
from exomine.records import Triple


@pytest.mark.parametrize(
    "targets, counts",
    [
        ([MIR9999, FOO1], (2, 0, 0)),
        ([MIR9999, ("BAR2", "HGNC:99992")], (1, 1, 1)),
        ([], (0, 0, 2)),
        ([("hsa-miR-9999-5p", "")], (1, 0, 1)),  # no id: matched by name, arm and all
        ([("FOO1", "HGNC:99993")], (0, 1, 2)),  # both have ids, and they differ
        ([FOO1, MIR9999, ("hsa-miR-9999-5p", "")], (2, 1, 0)),  # one to one: the same target again is extra
    ],
    ids=["both", "one-wrong", "none", "by-name", "other-id", "repeat"],
)
def test_triple_scores_targets_set_precision_recall(targets, counts: tuple[int, int, int]) -> None:
    result = axis_case(targets=targets, cancer="Barzoma Neoplasms")
    assert result.get("triple", "exact", "micro").tp == 1  # the triple itself is right every time
    t = result.get("triple", "targets", "micro")
    assert (t.tp, t.fp, t.fn) == counts
    rows = [e for e in result.errors if e.level == "targets"]
    assert sum(e.kind == "FP" for e in rows) == counts[1]
    assert sum(e.kind == "FN" for e in rows) == counts[2]


def test_triple_scores_targets_only_over_matched_triples() -> None:
    result = axis_case(targets=[MIR9999, FOO1])
    assert result.get("triple", "targets", "micro").tp == 2
    wrong_drug = evaluate(
        [gold_doc("d1", AXIS_TEXT, [("T1", "CIRCRNA", "circFOO1"), ("T2", "DRUG", "foocitabine")],
                  [("R1", "confers_resistance", "T1", "T2")])],
        Predictions([], [], sentence_rows("d1", AXIS_TEXT),
                    [triple("d1", ("circFOO1", "CIRCRNA", ""), ("barcitabine", ""), "resistance", targets=[FOO1])]))
    assert not [s for s in wrong_drug.scores if s.scheme == "targets"]


@pytest.mark.parametrize(
    "cancer, counts, right",
    [("Barzoma Neoplasms", (1, 0, 0), 1), ("barzoma", (1, 0, 0), 1), ("", (0, 0, 1), 0), ("Quxoma", (0, 1, 1), 0)],
    ids=["normalised-name", "surface", "missing", "wrong"],
)
def test_triple_scores_cancer_of_matched_triples(cancer: str, counts: tuple[int, int, int], right: int) -> None:
    result = axis_case(cancer=cancer)
    c = result.get("triple", "cancer", "micro")
    assert (c.tp, c.fp, c.fn) == counts
    acc = result.get("triple", "cancer", "accuracy")
    assert (acc.tp, acc.fp, acc.precision) == (right, 1 - right, right)
    kinds = [e.kind for e in result.errors if e.level == "cancer"]
    assert kinds == ({"": ["FN"], "Quxoma": ["wrong"]}.get(cancer, []))


ITEM_TEXT = "Exosomal miR-9999 from fibroblasts confers foocitabine resistance in quxoma cells by targeting FOO1.\n"


def _item_case(gold_triples: Sequence[GoldTriple], pred_triples: Sequence[Triple]) -> EvalResult:
    gold = GoldDocument("x1", ITEM_TEXT, (), (), triples=tuple(gold_triples), levels=("triple",))
    mentions = [mention("x1", ITEM_TEXT, "miR-9999", "MIRNA", MIR9999[1], MIR9999[0]),
                mention("x1", ITEM_TEXT, "foocitabine", "DRUG", "DrugBank:DB99999", "Foocitabine"),
                mention("x1", ITEM_TEXT, "quxoma", "CANCER", "MeSH:D999998", "Quxoma Neoplasms")]
    return evaluate([gold], Predictions(mentions, [], [], list(pred_triples)))


def test_triple_scores_sentence_gold_scores_triples_by_name() -> None:
    g = GoldTriple("miR-9999", "foocitabine", "resistance", ("FOO1",), "quxoma")
    p = triple("x1", (MIR9999[0], "MIRNA", MIR9999[1]), ("Foocitabine", "DrugBank:DB99999"), "resistance",
               targets=[FOO1], cancer="Quxoma Neoplasms")
    result = _item_case([g], [p])
    assert {(s.scheme, s.label): (s.tp, s.fp, s.fn) for s in result.scores if s.label != "macro"} == {
        ("exact", "resistance"): (1, 0, 0), ("exact", "micro"): (1, 0, 0), ("targets", "micro"): (1, 0, 0),
        ("cancer", "micro"): (1, 0, 0), ("cancer", "accuracy"): (1, 0, 0)}
    assert not [s for s in result.scores if s.level != "triple"]  # the item annotates triples only


@pytest.mark.parametrize("pred_cancer, right, fp", [("", 1, 0), ("Quxoma Neoplasms", 0, 1)])
def test_triple_scores_sentence_gold_without_cancer(pred_cancer: str, right: int, fp: int) -> None:
    g = GoldTriple("miR-9999", "foocitabine", "resistance")
    p = triple("x1", (MIR9999[0], "MIRNA", MIR9999[1]), ("Foocitabine", "DrugBank:DB99999"), "resistance",
               cancer=pred_cancer)
    result = _item_case([g], [p])
    assert result.get("triple", "cancer", "accuracy").tp == right
    c = result.get("triple", "cancer", "micro")
    assert (c.tp, c.fp, c.fn) == (0, fp, 0)


def test_triple_scores_sentence_gold_optional_triple() -> None:
    g = GoldTriple("miR-9999", "foocitabine", "resistance", optional=True)
    p = triple("x1", (MIR9999[0], "MIRNA", MIR9999[1]), ("Foocitabine", "DrugBank:DB99999"), "resistance")
    assert counts(_item_case([g], [p]), "triple") == (0, 0, 0)
    assert counts(_item_case([g], []), "triple") == (0, 0, 0)
    # a required finding with the same arguments wins the match
    required = replace(g, optional=False)
    assert counts(_item_case([g, required], [p]), "triple") == (1, 0, 0)


def test_triple_scores_named_drug_marked_as_class_is_still_missed() -> None:
    result = class_case(False, [triple("d1", REG, PLATINUM, "resistance", drug_is_class=True)])
    assert counts(result, "triple") == (0, 0, 1)


def test_triple_scores_missed_triple_names_the_relation_that_was_found() -> None:
    result = hedge_case(False, "hedged", with_triple=False)
    (fn,) = [e for e in result.errors if e.level == "triple"]
    assert (fn.kind, fn.rule, fn.assertion) == ("FN", "resp_confer_hedged", "hedged")


# --- judged triples and partial gold (curation marks) ------------------------------------------------------------


def test_triple_scores_judge_every_scored_triple_with_its_rule_and_belief(tmp_path: Path) -> None:
    g = GoldTriple("miR-9999", "foocitabine", "resistance")
    right = replace(triple("x1", (MIR9999[0], "MIRNA", MIR9999[1]), ("Foocitabine", "DrugBank:DB99999"), "resistance"),
                    rule="response.a", belief=0.93)
    wrong = replace(right, effect="sensitivity", rule="response.b+direction.reverse", belief=0.6)
    result = _item_case([g], [right, wrong])
    assert sorted((j.verdict, j.rule, j.belief) for j in result.judged) == [
        ("FP", "response.b+direction.reverse", 0.6), ("TP", "response.a", 0.93)]
    paths = write_eval(result, tmp_path)
    with open(paths["calibration"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert [(r["bin"], r["n"], r["tp"]) for r in rows if r["n"] != "0"] == [
        ("0.50-0.80", "1", "0"), ("0.90-0.95", "1", "1"), (">= 0.80", "1", "1")]


@pytest.mark.parametrize("marks, counts", [
    ([], (0, 0, 0)),  # partial gold that lists nothing says nothing of the prediction
    ([GoldTriple("miR-9999", "foocitabine", "resistance")], (1, 0, 0)),
    ([GoldTriple("miR-9999", "foocitabine", "resistance", wrong=True)], (0, 1, 0)),
    ([GoldTriple("miR-9999", "foocitabine", "resistance", optional=True)], (0, 0, 0)),
    ([GoldTriple("miR-9999", "foocitabine", "sensitivity")], (0, 0, 1)),
])
def test_triple_scores_partial_gold_judges_only_what_it_lists(marks, counts) -> None:
    gold = GoldDocument("x1", ITEM_TEXT, (), (), triples=tuple(marks), levels=("triple",), partial=True)
    p = triple("x1", (MIR9999[0], "MIRNA", MIR9999[1]), ("Foocitabine", "DrugBank:DB99999"), "resistance")
    mentions = [mention("x1", ITEM_TEXT, "miR-9999", "MIRNA", MIR9999[1], MIR9999[0]),
                mention("x1", ITEM_TEXT, "foocitabine", "DRUG", "DrugBank:DB99999", "Foocitabine")]
    result = evaluate([gold], Predictions(mentions, [], [], [p]))
    got = result.get("triple", "exact", "micro") if any(s.level == "triple" for s in result.scores) else None
    assert ((got.tp, got.fp, got.fn) if got else (0, 0, 0)) == counts
