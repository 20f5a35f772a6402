"""Tests for putting gold and predicted items side by side (exomine.evaluation.align)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evalcases import mention, relation
from exomine.evaluation.align import Sentences, assertion_of, gold_key, join_distinct, pred_key
from exomine.evaluation.brat import GoldEntity
from exomine.records import SentenceRow

TEXT = "Exosomal miR-9999 targets FOO1.\nFOO1 is lost in barzoma.\n"


def test_align_sentence_of_an_offset_falls_back_to_the_line() -> None:
    first = TEXT.index("\n")
    sents = Sentences([SentenceRow("d1", "abstract", 0, 0, first)], {"d1": TEXT})
    assert (sents.text("d1", 9), sents.sid("d1", 9)) == (TEXT[:first], 0)
    second = first + 1
    assert sents.text("d1", second + 5) == "FOO1 is lost in barzoma."  # no sentence row there: its line
    assert sents.sid("d1", second + 5) == -1 - (second + 5)  # never a sentence id, distinct per offset
    assert sents.text("other", 3) == ""


def test_align_gold_argument_takes_the_id_of_the_predicted_mention_on_it() -> None:
    start = TEXT.index("miR-9999")
    e = GoldEntity("T1", "MIRNA", start, start + len("miR-9999"), "miR-9999")
    assert gold_key("d1", e, [mention("d1", TEXT, "miR-9999", "MIRNA", "miRBase:MI9999999")]) == "miRBase:MI9999999"
    assert gold_key("d1", e, [mention("d1", TEXT, "miR-9999", "GENE", "HGNC:99991")]) == "text:mir-9999"
    assert gold_key("d1", e, [mention("d1", TEXT, "FOO1", "MIRNA", "miRBase:MI9999998")]) == "text:mir-9999"
    assert pred_key("miR\u20139999", "") == "text:mir-9999"
    assert pred_key("miR-9999", "miRBase:MI9999999") == "miRBase:MI9999999"


@pytest.mark.parametrize("assertion, negated, hedged, expected", [
    ("", False, False, "finding"), ("", True, False, "negated"), ("finding", False, True, "hedged"),
    ("association", True, False, "association"), ("aim", False, False, "aim"),
])
def test_align_assertion_of_a_relation(assertion: str, negated: bool, hedged: bool, expected: str) -> None:
    r = relation("d1", 0, ("miR-9999", "MIRNA", ""), "targets", ("FOO1", "GENE", ""))
    assert assertion_of(replace(r, assertion=assertion, negated=negated, hedged=hedged)) == expected


def test_align_join_distinct_keeps_order_and_drops_empty_values() -> None:
    assert join_distinct(["rule_b", "", "rule_a", "rule_b"]) == "rule_b;rule_a"
    assert join_distinct([]) == ""
