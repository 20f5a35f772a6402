"""Tests for scoring predictions against gold, all levels together (exomine.evaluation.evaluate)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evalcases import (PLATINUM, REG, AVG_LINES, CLASS_TEXT, averages_case, class_case, counts, gold_doc, line_of,
                       mention, relation, sentence_rows, triple)
from exomine.evaluation.brat import GoldDocument
from exomine.evaluation.evaluate import Predictions, evaluate

PERFECT_TEXT = ("Exosomal miR-21 confers cisplatin resistance by targeting PTEN.\n"
                "Exosomal circFOO1 sponges miR-7 and reduces doxorubicin resistance.\n")
IDS = {"miR-21": ("hsa-miR-21", "miRBase:MI0000077"), "cisplatin": ("Cisplatin", "DrugBank:DB00515"),
       "PTEN": ("PTEN", "HGNC:9588"), "circFOO1": ("circFOO1", ""), "miR-7": ("hsa-miR-7", "miRBase:MI0000263"),
       "doxorubicin": ("Doxorubicin", "DrugBank:DB00997")}


def _perfect_gold() -> GoldDocument:
    return gold_doc(
        "d1", PERFECT_TEXT,
        [("T1", "MIRNA", "miR-21"), ("T2", "DRUG", "cisplatin"), ("T3", "GENE", "PTEN"),
         ("T4", "CIRCRNA", "circFOO1"), ("T5", "MIRNA", "miR-7"), ("T6", "DRUG", "doxorubicin")],
        [("R1", "confers_resistance", "T1", "T2"), ("R2", "targets", "T1", "T3"), ("R3", "sponges", "T4", "T5"),
         ("R4", "confers_sensitivity", "T4", "T6")],
    )


def _predictions_from(gold: GoldDocument) -> Predictions:
    """What a perfect extractor would report for ``gold`` (names and ids from IDS)."""
    text = gold.text
    mentions = [mention(gold.doc_id, text, e.text, e.label, IDS[e.text][1], IDS[e.text][0]) for e in gold.entities]
    relations, triples = [], []
    for r in gold.relations:
        a, b = gold.entity(r.arg1), gold.entity(r.arg2)
        sid = line_of(text, a.start)
        evidence = text.split("\n")[sid]
        relations.append(relation(gold.doc_id, sid, (IDS[a.text][0], a.label, IDS[a.text][1]), r.type,
                                  (IDS[b.text][0], b.label, IDS[b.text][1]), evidence=evidence))
        if r.type.startswith("confers_") and not r.negated:
            chain = [IDS[gold.entity(c.arg2).text] for c in gold.relations
                     if c.arg1 == r.arg1 and not c.type.startswith("confers_")]
            triples.append(triple(gold.doc_id, (IDS[a.text][0], a.label, IDS[a.text][1]), IDS[b.text],
                                  r.type.removeprefix("confers_"), evidence, targets=chain, sentence_id=sid))
    return Predictions(mentions, relations, sentence_rows(gold.doc_id, text), triples)


def test_evaluate_perfect_predictions_score_one_everywhere() -> None:
    gold = _perfect_gold()
    result = evaluate([gold], _predictions_from(gold))
    levels = {(s.level, s.scheme) for s in result.scores}
    assert levels == {("entity", "strict"), ("entity", "overlap"), ("relation", "exact"), ("relation", "assertion"),
                      ("triple", "exact"), ("triple", "targets")}  # no cancer in the text: cancer is not scored
    assert result.get("triple", "targets", "micro").tp == 2  # PTEN for miR-21, miR-7 for circFOO1
    for level, scheme in [("entity", "strict"), ("entity", "overlap"), ("relation", "exact"), ("triple", "exact")]:
        labels = {s.label for s in result.scores if (s.level, s.scheme) == (level, scheme)}
        assert {"micro", "macro"} <= labels, (level, scheme, labels)
    imperfect = [(s.level, s.scheme, s.label, s.precision, s.recall, s.f1) for s in result.scores
                 if (s.precision, s.recall, s.f1) != (1.0, 1.0, 1.0)]
    assert not imperfect
    assert result.get("relation", "exact", "sponges").tp == 1
    assert result.get("triple", "exact", "sensitivity").tp == 1
    assert result.errors == []


def test_evaluate_only_gold_documents_are_scored() -> None:
    gold = _perfect_gold()
    pred = _predictions_from(gold)
    other = _predictions_from(GoldDocument("d2", gold.text, gold.entities, gold.relations))
    merged = Predictions([*pred.mentions, *other.mentions], [*pred.relations, *other.relations],
                         [*pred.sentences, *other.sentences], [*pred.triples, *other.triples])
    result = evaluate([gold], merged)
    assert all(s.fp == 0 for s in result.scores), [s for s in result.scores if s.fp]


def test_evaluate_error_lists_name_items_and_sentences() -> None:
    gold, pred = averages_case()
    errors = evaluate([gold], pred).errors
    got = {(e.level, e.kind, e.label, e.item, e.sentence) for e in errors}
    expected = {
        ("entity", "FN", "GENE", "SOCS1", AVG_LINES[0]),
        ("entity", "FP", "GENE", "targets", AVG_LINES[0]),
        ("entity", "FN", "DRUG", "cisplatin", AVG_LINES[2]),
    }
    assert expected <= got, sorted(got)
    (missed_triple,) = [e for e in errors if e.level == "triple"]
    assert missed_triple.kind == "FN" and missed_triple.label == "resistance"
    assert "mir-9" in missed_triple.item.lower() and "cisplatin" in missed_triple.item
    assert missed_triple.sentence == AVG_LINES[2]
    rel = [e for e in errors if e.level == "relation"]
    fn = {(e.label, e.sentence) for e in rel if e.kind == "FN"}
    fp = {(e.label, e.sentence) for e in rel if e.kind == "FP"}
    assert fn == {("targets", AVG_LINES[0]), ("confers_resistance", AVG_LINES[2])}
    assert fp == {("targets", AVG_LINES[0])}
    socs1 = next(e for e in rel if e.kind == "FN" and e.label == "targets")
    assert "mir-155" in socs1.item and "socs1" in socs1.item
    wrong = next(e for e in rel if e.kind == "FP")
    assert "mir-155" in wrong.item and "pten" in wrong.item
    assert all(e.doc_id == "d1" for e in errors)
    # nothing that was found is listed
    assert not [e for e in errors if e.item in ("miR-21", "PTEN", "circFOO1")]


def test_evaluate_scores_only_the_levels_and_labels_gold_annotates() -> None:
    gold, pred = averages_case()
    entities_only = replace(gold, relations=(), levels=("entity",), labels=("MIRNA",))
    result = evaluate([entities_only], pred)
    assert {s.level for s in result.scores} == {"entity"}
    assert {s.label for s in result.scores} == {"MIRNA", "micro", "macro"}
    assert not [e for e in result.errors if e.label != "MIRNA"]


@pytest.mark.parametrize("pred_class", [True, False], ids=["predicted-as-class", "predicted-as-drug"])
@pytest.mark.parametrize("with_triple", [True, False], ids=["found", "not-found"])
def test_evaluate_gold_drug_class_is_optional(pred_class: bool, with_triple: bool) -> None:
    triples = [triple("d1", REG, PLATINUM, "resistance", drug_is_class=pred_class)] if with_triple else []
    result = class_case(True, triples, pred_mention=with_triple)
    assert counts(result, "triple") == (0, 0, 0)  # neither required nor wrong
    assert counts(result, "relation") == (0, 0, 0)
    assert counts(result, "entity", "DRUG", "overlap") == (0, 0, 0)
    assert not [e for e in result.errors if "platinum" in e.item.lower()]


def test_evaluate_predicted_drug_class_is_not_counted() -> None:
    # gold does not annotate the class as a drug (the guidelines' default): the predicted class is not wrong...
    gold = gold_doc("d1", CLASS_TEXT, [("T1", "CIRCRNA", "circFOO1")])
    pred = Predictions([mention("d1", CLASS_TEXT, "circFOO1", "CIRCRNA", REG[2], REG[0]),
                        mention("d1", CLASS_TEXT, "platinum", "DRUG", PLATINUM[1], PLATINUM[0])],
                       [relation("d1", 0, REG, "confers_resistance", (PLATINUM[0], "DRUG", PLATINUM[1]))],
                       sentence_rows("d1", CLASS_TEXT), [triple("d1", REG, PLATINUM, "resistance", drug_is_class=True)])
    result = evaluate([gold], pred)
    assert counts(result, "triple") == (0, 0, 0)
    assert counts(result, "relation") == (0, 0, 0)
    assert not [e for e in result.errors if e.kind == "FP"]
    # ... and the same triple not marked as a class is a false positive.
    unmarked = evaluate([gold], replace(pred, triples=[triple("d1", REG, PLATINUM, "resistance")]))
    assert counts(unmarked, "triple") == (0, 1, 0)
