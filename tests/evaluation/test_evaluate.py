"""Tests for scoring against gold (exomine.evaluation.evaluate) and writing the scores (exomine.evaluation.report)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence

import pytest

from dataclasses import replace

from exomine.evaluation.brat import GoldDocument, GoldEntity, GoldRelation, GoldTriple
from exomine.evaluation.evaluate import (ERROR_COLUMNS, PAIR_PREDICATES, SCORE_COLUMNS, EvalResult, Predictions, evaluate,
                              names_match)
from exomine.records import PREDICATES, Mention, Relation, SentenceRow, Triple
from exomine.evaluation.report import write_eval

# --- hand-built inputs ----------------------------------------------------------------------------------------


def span(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def sentence_rows(doc_id: str, text: str) -> list[SentenceRow]:
    """One sentence per line."""
    rows, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        if line:
            rows.append(SentenceRow(doc_id, "abstract", i, pos, pos + len(line)))
        pos += len(line) + 1
    return rows


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def gold_doc(doc_id: str, text: str, entities: list[tuple], relations: list[tuple] = ()) -> GoldDocument:
    """``entities``: (id, label, substring[, nth]); ``relations``: (id, type, arg1, arg2[, negated])."""
    ents = []
    for ent in entities:
        eid, label, sub, *nth = ent
        s, e = span(text, sub, *nth)
        ents.append(GoldEntity(eid, label, s, e, sub))
    rels = [GoldRelation(r[0], r[1], r[2], r[3], negated=bool(r[4:] and r[4])) for r in relations]
    return GoldDocument(doc_id, text, tuple(sorted(ents, key=lambda x: (x.start, x.end))), tuple(rels))


def mention(doc_id: str, text: str, sub: str, label: str, norm_id: str = "", norm_name: str = "",
            nth: int = 0) -> Mention:
    s, e = span(text, sub, nth)
    return Mention(doc_id, "abstract", line_of(text, s), s, e, sub, label, norm_id, norm_name or sub, "test")


def relation(doc_id: str, sentence_id: int, subject: tuple[str, str, str], predicate: str,
             obj: tuple[str, str, str], negated: bool = False, evidence: str = "") -> Relation:
    """``subject``/``obj``: (name, label, norm_id)."""
    return Relation(doc_id, "abstract", sentence_id, subject[0], subject[1], subject[2], predicate, obj[0], obj[1],
                    obj[2], negated, False, evidence)


def triple(doc_ids: str, regulator: tuple[str, str, str], drug: tuple[str, str], effect: str,
           evidence: str = "", targets: Sequence[tuple[str, str]] = (), cancer: str = "", drug_is_class: bool = False,
           rule: str = "", hedged: bool = False, sentence_id: int = 0) -> Triple:
    """``regulator``: (name, label, id); ``drug``: (name, id); ``targets``: (name, id) in chain order."""
    return Triple(regulator[0], regulator[1], regulator[2], ";".join(t[0] for t in targets),
                  ";".join(t[1] for t in targets), drug[0], drug[1], effect, cancer, "", 1, 1, doc_ids, evidence, hedged,
                  ";".join(f"{d}:{sentence_id}" for d in doc_ids.split(";")), drug_is_class, rule)


def scores(result: EvalResult, level: str, scheme: str) -> dict[str, tuple[float, float, float]]:
    return {s.label: (s.tp, s.fp, s.fn) for s in result.scores if (s.level, s.scheme) == (level, scheme)}


# --- perfect predictions ------------------------------------------------------------------------------------

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


# --- entity schemes -----------------------------------------------------------------------------------------

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
def test_evaluate_entity_strict_and_overlap(pred_span: tuple[int, int], label: str, strict_tp: int,
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
def test_evaluate_gene_named_in_a_pathway_is_optional(gold_genes, tp: int, fp: int) -> None:
    text = "Exosomal FOO1/BAR2 signaling targets PTEN.\n"
    gold = gold_doc("d1", text, gold_genes)
    pred = Predictions([Mention("d1", "abstract", 0, 9, 13, "FOO1", "GENE", "HGNC:1", "FOO1", "lexicon:exact+in_pathway"),
                        Mention("d1", "abstract", 0, 37, 41, "PTEN", "GENE", "HGNC:9588", "PTEN", "lexicon:exact")],
                       [], sentence_rows("d1", text), [])
    overlap = evaluate([gold], pred).get("entity", "overlap", "GENE")
    assert (overlap.tp, overlap.fp) == (tp, fp)


# --- relation arguments by normalised id ---------------------------------------------------------------------

DOX_TEXT = "Exosomal miR-222 promotes DOX resistance in breast cancer cells.\n"
MIR222 = ("hsa-miR-222", "MIRNA", "miRBase:MI0000299")
DOXORUBICIN = ("Doxorubicin", "DRUG", "DrugBank:DB00997")


@pytest.mark.parametrize(
    "dox_label, dox_id, matches, triple_matches",
    [("DRUG", "DrugBank:DB00997", True, True), ("DRUG", "", False, True), ("GENE", "DrugBank:DB00997", False, True),
     ("DRUG", "DrugBank:DB00001", False, False)],
    ids=["mention-carries-id", "mention-without-id", "mention-other-label", "mention-other-id"],
)
def test_evaluate_relation_arguments_match_by_normalised_id(dox_label: str, dox_id: str, matches: bool,
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


def test_evaluate_relation_in_other_sentence_does_not_match() -> None:
    text = "Exosomal miR-21 targets PTEN.\nPTEN is also lost in miR-21 high tumours.\n"
    gold = gold_doc("d1", text, [("T1", "MIRNA", "miR-21"), ("T2", "GENE", "PTEN")], [("R1", "targets", "T1", "T2")])
    pred = Predictions([], [relation("d1", 1, ("miR-21", "MIRNA", ""), "targets", ("PTEN", "GENE", ""))],
                       sentence_rows("d1", text), [])
    rel = evaluate([gold], pred).get("relation", "exact", "targets")
    assert (rel.tp, rel.fp, rel.fn) == (0, 1, 1)


# --- negation and triples -------------------------------------------------------------------------------------

NEG_TEXT = "Exosomal miR-9 did not affect cisplatin resistance.\n"
MIR9 = ("hsa-miR-9", "MIRNA", "miRBase:MI0000466")
CISPLATIN = ("Cisplatin", "DRUG", "DrugBank:DB00515")


def _negation_case(negated: bool, with_triple: bool) -> EvalResult:
    gold = gold_doc("d1", NEG_TEXT, [("T1", "MIRNA", "miR-9"), ("T2", "DRUG", "cisplatin")],
                    [("R1", "confers_resistance", "T1", "T2", negated)])
    pred = Predictions(
        [mention("d1", NEG_TEXT, "miR-9", "MIRNA", MIR9[2], MIR9[0]),
         mention("d1", NEG_TEXT, "cisplatin", "DRUG", CISPLATIN[2], CISPLATIN[0])],
        [relation("d1", 0, MIR9, "confers_resistance", CISPLATIN, negated=negated, evidence=NEG_TEXT.strip())],
        sentence_rows("d1", NEG_TEXT),
        [triple("d1", MIR9, (CISPLATIN[0], CISPLATIN[2]), "resistance", NEG_TEXT.strip())] if with_triple else [],
    )
    return evaluate([gold], pred)


@pytest.mark.parametrize("negated, expected", [(False, (1, 0, 0)), (True, (0, 1, 0))], ids=["stated", "negated"])
def test_evaluate_negated_gold_relation_gives_no_gold_triple(negated: bool, expected: tuple[int, int, int]) -> None:
    result = _negation_case(negated, with_triple=True)
    tri = result.get("triple", "exact", "resistance")
    assert (tri.tp, tri.fp, tri.fn) == expected
    # the relation itself is still gold (negation is an attribute of it)
    assert result.get("relation", "exact", "confers_resistance").tp == 1


@pytest.mark.parametrize("negated, n_fn", [(False, 1), (True, 0)], ids=["stated", "negated"])
def test_evaluate_negated_gold_relation_is_no_missed_triple(negated: bool, n_fn: int) -> None:
    result = _negation_case(negated, with_triple=False)
    missed = [e for e in result.errors if e.level == "triple" and e.kind == "FN"]
    assert len(missed) == n_fn
    assert sum(s.fn for s in result.scores if s.level == "triple" and s.label == "resistance") == n_fn


# --- micro and macro averages, error lists ---------------------------------------------------------------------

AVG_TEXT = ("miR-21 targets PTEN and miR-155 targets SOCS1.\n"
            "Exosomal circFOO1 sponges miR-7.\n"
            "Exosomal miR-9 confers cisplatin resistance.\n")
AVG_LINES = AVG_TEXT.split("\n")


def _averages_case() -> tuple[GoldDocument, Predictions]:
    gold = gold_doc(
        "d1", AVG_TEXT,
        [("T1", "MIRNA", "miR-21"), ("T2", "GENE", "PTEN"), ("T3", "MIRNA", "miR-155"), ("T4", "GENE", "SOCS1"),
         ("T5", "CIRCRNA", "circFOO1"), ("T6", "MIRNA", "miR-7"), ("T7", "MIRNA", "miR-9"),
         ("T8", "DRUG", "cisplatin")],
        [("R1", "targets", "T1", "T2"), ("R2", "targets", "T3", "T4"), ("R3", "sponges", "T5", "T6"),
         ("R4", "confers_resistance", "T7", "T8")],
    )
    # entities: MIRNA 4/4 found; GENE: PTEN found, SOCS1 missed, "targets" wrongly tagged; DRUG missed;
    # CIRCRNA found.  relations: one right and one wrong targets, the sponges, no confers_resistance.
    mentions = [mention("d1", AVG_TEXT, m, "MIRNA") for m in ("miR-21", "miR-155", "miR-7", "miR-9")]
    mentions += [mention("d1", AVG_TEXT, "PTEN", "GENE"), mention("d1", AVG_TEXT, "targets", "GENE", nth=1),
                 mention("d1", AVG_TEXT, "circFOO1", "CIRCRNA")]
    relations = [
        relation("d1", 0, ("miR-21", "MIRNA", ""), "targets", ("PTEN", "GENE", ""), evidence=AVG_LINES[0]),
        relation("d1", 0, ("miR-155", "MIRNA", ""), "targets", ("PTEN", "GENE", ""), evidence=AVG_LINES[0]),
        relation("d1", 1, ("circFOO1", "CIRCRNA", ""), "sponges", ("miR-7", "MIRNA", ""), evidence=AVG_LINES[1]),
    ]
    return gold, Predictions(mentions, relations, sentence_rows("d1", AVG_TEXT), [])


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
def test_evaluate_micro_sums_counts_and_macro_averages_f1(level: str, scheme: str,
                                                          counts: dict[str, tuple[int, int, int]]) -> None:
    gold, pred = _averages_case()
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


def test_evaluate_micro_macro_hand_values() -> None:
    # relations: targets P=R=F1=1/2, sponges 1, confers_resistance 0 -> macro 1/2; micro P=2/3, R=1/2, F1=4/7
    gold, pred = _averages_case()
    result = evaluate([gold], pred)
    micro, macro = result.get("relation", "exact", "micro"), result.get("relation", "exact", "macro")
    assert (micro.precision, micro.recall, micro.f1) == pytest.approx((2 / 3, 1 / 2, 4 / 7))
    assert (macro.precision, macro.recall, macro.f1) == pytest.approx((1 / 2, 1 / 2, 1 / 2))


def test_evaluate_classes_absent_from_gold_and_predictions_are_not_averaged() -> None:
    gold, pred = _averages_case()
    result = evaluate([gold], pred)
    labels = {s.label for s in result.scores if s.level == "relation" and s.scheme == "exact"}
    assert labels == {"targets", "sponges", "confers_resistance", "micro", "macro"}
    assert not labels & (set(PREDICATES) - {"targets", "sponges", "confers_resistance"})


def test_evaluate_error_lists_name_items_and_sentences() -> None:
    gold, pred = _averages_case()
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


# --- undirected miRNA-gene pairs -----------------------------------------------------------------------------

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
def test_evaluate_undirected_pairs_ignore_direction_and_pair_predicate(gold_order: str, direction: str,
                                                                       predicate: str) -> None:
    subject, obj = (MIR21, PTEN) if direction == "mirna-gene" else (PTEN, MIR21)
    result = _pair_case(gold_order, subject, predicate, obj, undirected=True)
    pair = result.get("relation", "exact", "miRNA-gene")
    assert (pair.tp, pair.fp, pair.fn) == (1, 0, 0)
    assert {s.label for s in result.scores if s.level == "relation"} == {"miRNA-gene", "micro", "macro"}


@pytest.mark.parametrize("predicate", sorted(set(PREDICATES) - set(PAIR_PREDICATES)))
def test_evaluate_undirected_pairs_ignore_other_predicates(predicate: str) -> None:
    result = _pair_case("mirna-first", MIR21, predicate, PTEN, undirected=True)
    pair = result.get("relation", "exact", "miRNA-gene")
    assert (pair.tp, pair.fp, pair.fn) == (0, 0, 1)


def test_evaluate_directed_scoring_needs_direction_and_type() -> None:
    reversed_ = _pair_case("mirna-first", PTEN, "targets", MIR21, undirected=False)
    t = reversed_.get("relation", "exact", "targets")
    assert (t.tp, t.fp, t.fn) == (0, 1, 1)
    other_type = _pair_case("mirna-first", MIR21, "downregulates", PTEN, undirected=False)
    assert other_type.get("relation", "exact", "targets").fn == 1
    assert other_type.get("relation", "exact", "downregulates").fp == 1


def test_evaluate_undirected_pairs_skip_gold_pairs_of_other_labels() -> None:
    text = "Exosomal miR-21 confers cisplatin resistance.\n"
    gold = gold_doc("d1", text, [("T1", "MIRNA", "miR-21"), ("T2", "DRUG", "cisplatin")],
                    [("R1", "confers_resistance", "T1", "T2")])
    result = evaluate([gold], Predictions([], [], sentence_rows("d1", text), []), undirected_pairs=True)
    assert not [s for s in result.scores if s.level == "relation"]
    assert not [e for e in result.errors if e.level == "relation"]


# --- report files ----------------------------------------------------------------------------------------------


def _read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_report_write_eval_writes_every_file(tmp_path: Path) -> None:
    gold, pred = _averages_case()
    result = evaluate([gold], pred)
    out = tmp_path / "eval"
    paths = write_eval(result, out, title="tiny evaluation")
    names = {"summary.tsv", "entities.tsv", "relations.tsv", "triples.tsv", "errors.tsv", "report.md"}
    assert {p.name for p in paths.values()} == names
    assert {p.name for p in out.iterdir()} == names
    levels = {"entities.tsv": "entity", "relations.tsv": "relation", "triples.tsv": "triple"}
    for name in ("summary.tsv", *levels):
        header, rows = _read_tsv(out / name)
        assert header == list(SCORE_COLUMNS), name
        assert rows, name
        if name in levels:
            assert {r["level"] for r in rows} == {levels[name]}
    _, summary = _read_tsv(out / "summary.tsv")
    assert {r["label"] for r in summary} == {"micro", "macro", "accuracy"}
    rel_micro = next(r for r in summary if (r["level"], r["label"]) == ("relation", "micro"))
    assert float(rel_micro["f1"]) == pytest.approx(4 / 7, abs=1e-4)
    assert (float(rel_micro["tp"]), float(rel_micro["fp"]), float(rel_micro["fn"])) == (2, 1, 2)
    header, errors = _read_tsv(out / "errors.tsv")
    assert header == list(ERROR_COLUMNS)
    assert len(errors) == len(result.errors)
    assert {"FP", "FN"} == {e["kind"] for e in errors}
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# tiny evaluation")
    for heading in ("## Entity scores", "## Relation scores", "## Triple scores"):
        assert heading in report


# --- lenient names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("miR-9999", "hsa-miR-9999-5p", True),  # species prefix and arm
        ("microRNA-9999", "miR9999", True),
        ("Exosomal circFOO1", "circRNA-FOO1", True),
        ("circFOO1", "circRNA FOO1", True),
        ("lncRNA-BAR7", "BAR7", True),
        ("hsa_circ_9999999", "circ_9999999", True),
        ("FOO1‐AS1", "FOO1-AS1", True),  # U+2010
        ("TGF-β", "TGF-beta", True),
        ("miR-999", "miR-9999", False),  # a prefix that is not an arm
        ("miR-9999a", "miR-9999b", False),
        ("FOO1", "FOO12", False),
    ],
)
def test_evaluate_names_match_leniently(a: str, b: str, same: bool) -> None:
    assert names_match(a, b) is same
    assert names_match(b, a) is same


# --- whole triples: targets, cancer ------------------------------------------------------------------------------

AXIS_TEXT = "Exosomal circFOO1 confers foocitabine resistance in barzoma through the miR-9999/FOO1 axis.\n"
AXIS_IDS = {"circFOO1": ("circFOO1", "circRNA:circFOO1"), "foocitabine": ("Foocitabine", "DrugBank:DB99999"),
            "barzoma": ("Barzoma Neoplasms", "MeSH:D999999"), "miR-9999": ("hsa-miR-9999", "miRBase:MI9999999"),
            "FOO1": ("FOO1", "HGNC:99991")}
AXIS_LABELS = {"circFOO1": "CIRCRNA", "foocitabine": "DRUG", "barzoma": "CANCER", "miR-9999": "MIRNA", "FOO1": "GENE"}


def _axis_case(targets: Sequence[tuple[str, str]] = (), cancer: str = "", text: str = AXIS_TEXT,
               rule: str = "") -> EvalResult:
    present = [n for n in AXIS_IDS if n in text]
    ents = [(f"T{i}", AXIS_LABELS[n], n) for i, n in enumerate(present, 1)]
    tid = {n: f"T{i}" for i, n in enumerate(present, 1)}
    gold = gold_doc("d1", text, ents, [("R1", "confers_resistance", tid["circFOO1"], tid["foocitabine"]),
                                       ("R2", "sponges", tid["circFOO1"], tid["miR-9999"]),
                                       ("R3", "targets", tid["miR-9999"], tid["FOO1"])])
    mentions = [mention("d1", text, n, AXIS_LABELS[n], AXIS_IDS[n][1], AXIS_IDS[n][0]) for n in present]
    reg = ("circFOO1", "CIRCRNA", "circRNA:circFOO1")
    pred = Predictions(mentions, [], sentence_rows("d1", text),
                       [triple("d1", reg, AXIS_IDS["foocitabine"], "resistance", text.strip(), targets=targets,
                               cancer=cancer, rule=rule)])
    return evaluate([gold], pred)


MIR9999 = ("hsa-miR-9999", "miRBase:MI9999999")
FOO1 = ("FOO1", "HGNC:99991")


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
def test_evaluate_targets_set_precision_recall(targets, counts: tuple[int, int, int]) -> None:
    result = _axis_case(targets=targets, cancer="Barzoma Neoplasms")
    assert result.get("triple", "exact", "micro").tp == 1  # the triple itself is right every time
    t = result.get("triple", "targets", "micro")
    assert (t.tp, t.fp, t.fn) == counts
    rows = [e for e in result.errors if e.level == "targets"]
    assert sum(e.kind == "FP" for e in rows) == counts[1]
    assert sum(e.kind == "FN" for e in rows) == counts[2]


def test_evaluate_targets_only_over_matched_triples() -> None:
    result = _axis_case(targets=[MIR9999, FOO1])
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
def test_evaluate_cancer_of_matched_triples(cancer: str, counts: tuple[int, int, int], right: int) -> None:
    result = _axis_case(cancer=cancer)
    c = result.get("triple", "cancer", "micro")
    assert (c.tp, c.fp, c.fn) == counts
    acc = result.get("triple", "cancer", "accuracy")
    assert (acc.tp, acc.fp, acc.precision) == (right, 1 - right, right)
    kinds = [e.kind for e in result.errors if e.level == "cancer"]
    assert kinds == ({"": ["FN"], "Quxoma": ["wrong"]}.get(cancer, []))


def test_evaluate_cancer_not_scored_when_the_sentence_names_none() -> None:
    text = "Exosomal circFOO1 confers foocitabine resistance through the miR-9999/FOO1 axis.\n"
    result = _axis_case(text=text, cancer="Quxoma")
    assert result.get("triple", "exact", "micro").tp == 1
    assert not [s for s in result.scores if s.scheme == "cancer"]


# --- sentence-level gold (JSONL): names only ------------------------------------------------------------------

ITEM_TEXT = "Exosomal miR-9999 from fibroblasts confers foocitabine resistance in quxoma cells by targeting FOO1.\n"


def _item_case(gold_triples: Sequence[GoldTriple], pred_triples: Sequence[Triple]) -> EvalResult:
    gold = GoldDocument("x1", ITEM_TEXT, (), (), triples=tuple(gold_triples), levels=("triple",))
    mentions = [mention("x1", ITEM_TEXT, "miR-9999", "MIRNA", MIR9999[1], MIR9999[0]),
                mention("x1", ITEM_TEXT, "foocitabine", "DRUG", "DrugBank:DB99999", "Foocitabine"),
                mention("x1", ITEM_TEXT, "quxoma", "CANCER", "MeSH:D999998", "Quxoma Neoplasms")]
    return evaluate([gold], Predictions(mentions, [], [], list(pred_triples)))


def test_evaluate_sentence_gold_scores_triples_by_name() -> None:
    g = GoldTriple("miR-9999", "foocitabine", "resistance", ("FOO1",), "quxoma")
    p = triple("x1", (MIR9999[0], "MIRNA", MIR9999[1]), ("Foocitabine", "DrugBank:DB99999"), "resistance",
               targets=[FOO1], cancer="Quxoma Neoplasms")
    result = _item_case([g], [p])
    assert {(s.scheme, s.label): (s.tp, s.fp, s.fn) for s in result.scores if s.label != "macro"} == {
        ("exact", "resistance"): (1, 0, 0), ("exact", "micro"): (1, 0, 0), ("targets", "micro"): (1, 0, 0),
        ("cancer", "micro"): (1, 0, 0), ("cancer", "accuracy"): (1, 0, 0)}
    assert not [s for s in result.scores if s.level != "triple"]  # the item annotates triples only


@pytest.mark.parametrize("pred_cancer, right, fp", [("", 1, 0), ("Quxoma Neoplasms", 0, 1)])
def test_evaluate_sentence_gold_without_cancer(pred_cancer: str, right: int, fp: int) -> None:
    g = GoldTriple("miR-9999", "foocitabine", "resistance")
    p = triple("x1", (MIR9999[0], "MIRNA", MIR9999[1]), ("Foocitabine", "DrugBank:DB99999"), "resistance",
               cancer=pred_cancer)
    result = _item_case([g], [p])
    assert result.get("triple", "cancer", "accuracy").tp == right
    c = result.get("triple", "cancer", "micro")
    assert (c.tp, c.fp, c.fn) == (0, fp, 0)


# --- drug classes are optional ------------------------------------------------------------------------------------

CLASS_TEXT = "Exosomal circFOO1 confers platinum resistance in barzoma.\n"
REG = ("circFOO1", "CIRCRNA", "circRNA:circFOO1")
PLATINUM = ("platinum", "exomine:class/platinum")


def _class_case(gold_class: bool, pred_triples: Sequence[Triple], pred_mention: bool = True) -> EvalResult:
    gold = gold_doc("d1", CLASS_TEXT, [("T1", "CIRCRNA", "circFOO1"), ("T2", "DRUG", "platinum")],
                    [("R1", "confers_resistance", "T1", "T2")])
    if gold_class:
        gold = GoldDocument("d1", CLASS_TEXT, tuple(replace(e, drug_class=e.label == "DRUG") for e in gold.entities),
                            gold.relations)
    mentions = [mention("d1", CLASS_TEXT, "circFOO1", "CIRCRNA", REG[2], REG[0])]
    relations = []
    if pred_mention:
        mentions.append(mention("d1", CLASS_TEXT, "platinum", "DRUG", PLATINUM[1], PLATINUM[0]))
        relations.append(relation("d1", 0, REG, "confers_resistance", (PLATINUM[0], "DRUG", PLATINUM[1]),
                                  evidence=CLASS_TEXT.strip()))
    return evaluate([gold], Predictions(mentions, relations, sentence_rows("d1", CLASS_TEXT), list(pred_triples)))


def _counts(result: EvalResult, level: str, label: str = "micro", scheme: str = "exact") -> tuple[float, float, float]:
    try:
        s = result.get(level, scheme, label)
    except KeyError:
        return (0, 0, 0)
    return (s.tp, s.fp, s.fn)


@pytest.mark.parametrize("pred_class", [True, False], ids=["predicted-as-class", "predicted-as-drug"])
@pytest.mark.parametrize("with_triple", [True, False], ids=["found", "not-found"])
def test_evaluate_gold_drug_class_is_optional(pred_class: bool, with_triple: bool) -> None:
    triples = [triple("d1", REG, PLATINUM, "resistance", drug_is_class=pred_class)] if with_triple else []
    result = _class_case(True, triples, pred_mention=with_triple)
    assert _counts(result, "triple") == (0, 0, 0)  # neither required nor wrong
    assert _counts(result, "relation") == (0, 0, 0)
    assert _counts(result, "entity", "DRUG", "overlap") == (0, 0, 0)
    assert not [e for e in result.errors if "platinum" in e.item.lower()]


def test_evaluate_predicted_drug_class_is_not_counted() -> None:
    # gold does not annotate the class as a drug (the guidelines' default): the predicted class is not wrong...
    gold = gold_doc("d1", CLASS_TEXT, [("T1", "CIRCRNA", "circFOO1")])
    pred = Predictions([mention("d1", CLASS_TEXT, "circFOO1", "CIRCRNA", REG[2], REG[0]),
                        mention("d1", CLASS_TEXT, "platinum", "DRUG", PLATINUM[1], PLATINUM[0])],
                       [relation("d1", 0, REG, "confers_resistance", (PLATINUM[0], "DRUG", PLATINUM[1]))],
                       sentence_rows("d1", CLASS_TEXT), [triple("d1", REG, PLATINUM, "resistance", drug_is_class=True)])
    result = evaluate([gold], pred)
    assert _counts(result, "triple") == (0, 0, 0)
    assert _counts(result, "relation") == (0, 0, 0)
    assert not [e for e in result.errors if e.kind == "FP"]
    # ... and the same triple not marked as a class is a false positive.
    unmarked = evaluate([gold], replace(pred, triples=[triple("d1", REG, PLATINUM, "resistance")]))
    assert _counts(unmarked, "triple") == (0, 1, 0)


def test_evaluate_named_drug_marked_as_class_is_still_missed() -> None:
    result = _class_case(False, [triple("d1", REG, PLATINUM, "resistance", drug_is_class=True)])
    assert _counts(result, "triple") == (0, 0, 1)


def test_evaluate_sentence_gold_optional_triple() -> None:
    g = GoldTriple("miR-9999", "foocitabine", "resistance", optional=True)
    p = triple("x1", (MIR9999[0], "MIRNA", MIR9999[1]), ("Foocitabine", "DrugBank:DB99999"), "resistance")
    assert _counts(_item_case([g], [p]), "triple") == (0, 0, 0)
    assert _counts(_item_case([g], []), "triple") == (0, 0, 0)
    # a required finding with the same arguments wins the match
    required = replace(g, optional=False)
    assert _counts(_item_case([g, required], [p]), "triple") == (1, 0, 0)


# --- assertions: hedged relations are relations, not findings --------------------------------------------------

HEDGE_TEXT = "Exosomal circFOO1 may confer foocitabine resistance.\n"
FOOCITABINE = ("Foocitabine", "DRUG", "DrugBank:DB99999")


def _hedge_case(gold_hedged: bool, assertion: str, with_triple: bool) -> EvalResult:
    base = gold_doc("d1", HEDGE_TEXT, [("T1", "CIRCRNA", "circFOO1"), ("T2", "DRUG", "foocitabine")],
                    [("R1", "confers_resistance", "T1", "T2")])
    gold = replace(base, relations=(replace(base.relations[0], hedged=gold_hedged),))
    rel = replace(relation("d1", 0, REG, "confers_resistance", FOOCITABINE, evidence=HEDGE_TEXT.strip()),
                  assertion=assertion, rule="resp_confer_hedged")
    triples = [triple("d1", REG, (FOOCITABINE[0], FOOCITABINE[2]), "resistance", HEDGE_TEXT.strip(),
                      rule="resp_confer")] if with_triple else []
    mentions = [mention("d1", HEDGE_TEXT, "circFOO1", "CIRCRNA", REG[2], REG[0]),
                mention("d1", HEDGE_TEXT, "foocitabine", "DRUG", FOOCITABINE[2], FOOCITABINE[0])]
    return evaluate([gold], Predictions(mentions, [rel], sentence_rows("d1", HEDGE_TEXT), triples))


@pytest.mark.parametrize("assertion, right", [("hedged", 1), ("association", 1), ("aim", 1), ("finding", 0),
                                              ("negated", 0)])
def test_evaluate_hedged_relation_is_a_relation_with_its_assertion_scored(assertion: str, right: int) -> None:
    result = _hedge_case(True, assertion, with_triple=False)
    assert _counts(result, "relation") == (1, 0, 0)  # every predicted relation counts, whatever its assertion
    acc = result.get("relation", "assertion", "accuracy")
    assert (acc.tp, acc.fp) == (right, 1 - right)
    wrong = [e for e in result.errors if e.kind == "wrong"]
    assert len(wrong) == 1 - right
    if wrong:
        assert wrong[0].rule == "resp_confer_hedged" and wrong[0].assertion == assertion


def test_evaluate_hedged_gold_relation_gives_no_gold_triple() -> None:
    hedged = _hedge_case(True, "hedged", with_triple=True)
    assert _counts(hedged, "triple") == (0, 1, 0)  # a hedge states no finding: the predicted triple is wrong
    (fp,) = [e for e in hedged.errors if e.level == "triple"]
    assert (fp.kind, fp.rule, fp.assertion) == ("FP", "resp_confer", "hedged")  # the assertion of the relation behind it
    stated = _hedge_case(False, "finding", with_triple=True)
    assert _counts(stated, "triple") == (1, 0, 0)


def test_evaluate_missed_triple_names_the_relation_that_was_found() -> None:
    result = _hedge_case(False, "hedged", with_triple=False)
    (fn,) = [e for e in result.errors if e.level == "triple"]
    assert (fn.kind, fn.rule, fn.assertion) == ("FN", "resp_confer_hedged", "hedged")


def test_evaluate_relation_flags_stand_in_for_a_missing_assertion() -> None:
    # a table written before the assertion column: negated/hedged flags, assertion at its default
    result = _negation_case(True, with_triple=False)
    assert result.get("relation", "assertion", "accuracy").tp == 1


def test_evaluate_false_positives_name_their_rule() -> None:
    gold, pred = _averages_case()
    pred = replace(pred, relations=[replace(r, rule=f"rule_{i}") for i, r in enumerate(pred.relations)],
                   mentions=[replace(m, source="lexicon:exact") for m in pred.mentions])
    errors = evaluate([gold], pred).errors
    (fp,) = [e for e in errors if e.level == "relation" and e.kind == "FP"]
    assert (fp.rule, fp.assertion) == ("rule_1", "finding")
    assert {e.rule for e in errors if e.level == "entity" and e.kind == "FP"} == {"lexicon:exact"}
    assert all(e.rule == "" for e in errors if e.kind == "FN" and e.level != "triple")


# --- what the gold annotates --------------------------------------------------------------------------------------


def test_evaluate_scores_only_the_levels_and_labels_gold_annotates() -> None:
    gold, pred = _averages_case()
    entities_only = replace(gold, relations=(), levels=("entity",), labels=("MIRNA",))
    result = evaluate([entities_only], pred)
    assert {s.level for s in result.scores} == {"entity"}
    assert {s.label for s in result.scores} == {"MIRNA", "micro", "macro"}
    assert not [e for e in result.errors if e.label != "MIRNA"]


def test_evaluate_corpus_level_triples_are_scored_per_document() -> None:
    text = "Exosomal circFOO1 confers foocitabine resistance.\n"
    golds = [gold_doc(d, text, [("T1", "CIRCRNA", "circFOO1"), ("T2", "DRUG", "foocitabine")],
                      [("R1", "confers_resistance", "T1", "T2")]) for d in ("d1", "d2")]
    merged = triple("d1;d2", REG, (FOOCITABINE[0], FOOCITABINE[2]), "resistance", text.strip())
    result = evaluate(golds, Predictions([], [], [*sentence_rows("d1", text), *sentence_rows("d2", text)], [merged]))
    assert _counts(result, "triple") == (2, 0, 0)


def test_report_lists_triple_errors_with_rule_and_summary_rows(tmp_path: Path) -> None:
    result = _hedge_case(True, "hedged", with_triple=True)
    result.scores.extend(_axis_case(targets=[MIR9999], cancer="barzoma").scores)
    paths = write_eval(result, tmp_path / "eval")
    _, summary = _read_tsv(paths["summary"])
    rows = {(r["level"], r["scheme"], r["label"]) for r in summary}
    assert {("triple", "targets", "micro"), ("triple", "cancer", "micro"), ("triple", "cancer", "accuracy"),
            ("relation", "assertion", "accuracy")} <= rows
    report = paths["report"].read_text(encoding="utf-8")
    line = next(x for x in report.splitlines() if x.startswith("| triple | FP | d1 |"))
    assert "resp_confer" in line and "hedged" in line and "circFOO1" in line
    _, errors = _read_tsv(paths["errors"])
    assert {e["rule"] for e in errors if e["level"] == "triple"} == {"resp_confer"}
