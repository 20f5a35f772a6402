"""Tests for score rows and their averages (exomine.evaluation.scores)."""

from __future__ import annotations

import pytest

from evalcases import averages_case, scores
from exomine.evaluation.evaluate import evaluate
from exomine.evaluation.scores import EvalResult, accuracy, averages, prf
from exomine.records import PREDICATES


def _f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.mark.parametrize(
    "level, scheme, counts",
    [
        ("relation", "exact", {"targets": (1, 1, 1), "sponges": (1, 0, 0), "confers_resistance": (0, 0, 1)}),
        ("entity", "strict", {"MIRNA": (4, 0, 0), "GENE": (1, 1, 1), "CIRCRNA": (1, 0, 0), "DRUG": (0, 0, 1)}),
    ],
    ids=["relations", "entities"],
)
def test_scores_micro_sums_counts_and_macro_averages_f1(level: str, scheme: str,
                                                        counts: dict[str, tuple[int, int, int]]) -> None:
    gold, pred = averages_case()
    result = evaluate([gold], pred)
    got = scores(result, level, scheme)
    assert {k: v for k, v in got.items() if k not in ("micro", "macro")} == counts
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    micro = result.get(level, scheme, "micro")
    assert (micro.tp, micro.fp, micro.fn) == (tp, fp, fn)
    assert micro.precision == pytest.approx(tp / (tp + fp))
    assert micro.recall == pytest.approx(tp / (tp + fn))
    assert micro.f1 == pytest.approx(_f1(tp, fp, fn))
    macro = result.get(level, scheme, "macro")
    assert macro.f1 == pytest.approx(sum(_f1(*c) for c in counts.values()) / len(counts))
    assert macro.f1 != pytest.approx(micro.f1)  # the case is built so that the two averages differ


def test_scores_micro_macro_hand_values() -> None:
    # relations: targets P=R=F1=1/2, sponges 1, confers_resistance 0 -> macro 1/2; micro P=2/3, R=1/2, F1=4/7
    gold, pred = averages_case()
    result = evaluate([gold], pred)
    micro, macro = result.get("relation", "exact", "micro"), result.get("relation", "exact", "macro")
    assert (micro.precision, micro.recall, micro.f1) == pytest.approx((2 / 3, 1 / 2, 4 / 7))
    assert (macro.precision, macro.recall, macro.f1) == pytest.approx((1 / 2, 1 / 2, 1 / 2))


def test_scores_classes_absent_from_gold_and_predictions_are_not_averaged() -> None:
    gold, pred = averages_case()
    result = evaluate([gold], pred)
    labels = {s.label for s in result.scores if s.level == "relation" and s.scheme == "exact"}
    assert labels == {"targets", "sponges", "confers_resistance", "micro", "macro"}
    assert not labels & (set(PREDICATES) - {"targets", "sponges", "confers_resistance"})


def test_scores_a_class_without_counts_scores_zero() -> None:
    s = prf("entity", "strict", "GENE", 0, 0, 0)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_scores_averages_and_accuracy_rows() -> None:
    per = [prf("relation", "exact", "targets", 1, 0, 1), prf("relation", "exact", "sponges", 0, 2, 0)]
    micro, macro = averages("relation", "exact", per)
    assert (micro.label, micro.tp, micro.fp, micro.fn) == ("micro", 1, 2, 1)
    assert (macro.label, macro.precision, macro.recall) == ("macro", 0.5, 0.25)
    assert macro.f1 == pytest.approx((2 / 3 + 0) / 2)
    assert macro.to_row()["f1"] == round(1 / 3, 4)
    assert averages("relation", "exact", []) == []
    acc = accuracy("relation", "assertion", 3, 4)
    assert (acc.label, acc.tp, acc.fp, acc.precision, acc.recall, acc.f1) == ("accuracy", 3, 1, 0.75, 0.75, 0.75)
    assert accuracy("relation", "assertion", 0, 0).f1 == 0.0


def test_scores_result_get_finds_a_row_or_names_the_missing_one() -> None:
    row = prf("triple", "exact", "resistance", 1, 0, 0)
    result = EvalResult([row])
    assert result.get("triple", "exact", "resistance") is row
    with pytest.raises(KeyError, match="sensitivity"):
        result.get("triple", "exact", "sensitivity")
