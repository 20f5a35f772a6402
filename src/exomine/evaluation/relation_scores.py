"""Score predicted relations per type, and the assertion of the ones found.

A predicted relation matches a gold one when the type is the same and both
arguments are the same entity in the same sentence
(:func:`exomine.evaluation.align.gold_key`). Every predicted relation
counts, whatever its assertion: the annotation guidelines annotate hedged and
negated statements as relations with a ``Hedged`` or ``Negated`` attribute.
Whether the assertion is right is scored on its own, over the matched
relations (``relation / assertion / accuracy``): gold ``Negated`` is
*negated*, ``Hedged`` is *hedged*, *association* or *aim*, neither is
*finding*. With ``undirected_pairs``, relations are scored as undirected
miRNA-gene pairs of any :data:`PAIR_PREDICATES` type. Relations on a drug
class are optional: neither required nor wrong.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping, Sequence

from exomine.entities.lexicon import is_drug_class
from exomine.evaluation.align import Sentences, assertion_of, gold_key, join_distinct, pred_key
from exomine.evaluation.brat import GoldDocument
from exomine.evaluation.scores import ErrorRow, EvalResult, accuracy, averages, prf
from exomine.records import Mention, Relation

__all__ = ["relation_scores", "PAIR_PREDICATES"]

# Relation types that state a miRNA-gene interaction (for corpora that annotate
# undirected miRNA-gene pairs, such as the SCAI miRNA corpus).
PAIR_PREDICATES = ("targets", "upregulates", "downregulates", "activates", "inhibits")
# How a predicted assertion compares with gold's two attributes.
_AS_GOLD = {"association": "hedged", "aim": "hedged"}
# A relation's key: (doc_id, sentence id, subject key, object key); relations are sets of keys by class.
Key = tuple


def relation_scores(gold: Sequence[GoldDocument], relations: Sequence[Relation], predicates: Sequence[str],
                    undirected_pairs: bool, mentions_by_doc: Mapping[str, list[Mention]], sents: Sentences,
                    class_drugs: Mapping[str, set[str]], result: EvalResult) -> None:
    """Relations per class (with micro and macro rows) and their error list; the assertion accuracy when directed."""
    evidence: dict[tuple, str] = {}  # ("gold" | "pred", *key) -> its sentence
    gold_rel, gold_assertion = _gold_relations(gold, predicates, undirected_pairs, mentions_by_doc, sents, evidence)
    pred_rel, made_by = _predicted_relations(relations, undirected_pairs, evidence)
    for table in (gold_rel, pred_rel):  # relations on a drug class are optional: neither required nor wrong
        for c in table:
            table[c] = {k for k in table[c] if k[3] not in class_drugs.get(k[0], ()) and not is_drug_class(k[3])}

    def sentence_of(key: Key, side: str) -> str:
        return evidence.get((side,) + key) or evidence.get(("gold" if side == "pred" else "pred",) + key, "")

    def explain(c: str, key: Key) -> tuple[str, str]:
        rs = made_by.get((c,) + key, [])
        return join_distinct(r.rule for r in rs), join_distinct(assertion_of(r) for r in rs)

    classes = ["miRNA-gene"] if undirected_pairs else list(predicates)
    _set_scores("relation", classes, gold_rel, pred_rel, result, _describe, sentence_of, explain)
    if not undirected_pairs:
        _assertion_scores(classes, gold_rel, pred_rel, gold_assertion, made_by, sentence_of, result)


def _class(predicate: str, undirected_pairs: bool) -> str:
    return "miRNA-gene" if undirected_pairs else predicate


def _describe(key: Key) -> str:
    return " -> ".join(str(k) for k in key[-2:])


def _gold_relations(gold: Sequence[GoldDocument], predicates: Sequence[str], undirected_pairs: bool,
                    mentions_by_doc: Mapping[str, list[Mention]], sents: Sentences,
                    evidence: dict[tuple, str]) -> tuple[dict[str, set], dict[tuple, str]]:
    """Gold relation keys by class, and the assertion of each (negated, hedged or finding)."""
    gold_rel: dict[str, set] = defaultdict(set)
    gold_assertion: dict[tuple, str] = {}
    for g in gold:
        ms = mentions_by_doc.get(g.doc_id, [])
        for r in g.relations:
            a, b = g.entity(r.arg1), g.entity(r.arg2)
            if undirected_pairs:
                if {a.label, b.label} != {"MIRNA", "GENE"}:
                    continue
                a, b = (a, b) if a.label == "MIRNA" else (b, a)
            elif r.type not in predicates:
                continue
            key = (g.doc_id, sents.sid(g.doc_id, a.start), gold_key(g.doc_id, a, ms), gold_key(g.doc_id, b, ms))
            c = _class(r.type, undirected_pairs)
            gold_rel[c].add(key)
            gold_assertion[(c,) + key] = "negated" if r.negated else "hedged" if r.hedged else "finding"
            evidence[("gold",) + key] = sents.text(g.doc_id, a.start)
    return gold_rel, gold_assertion


def _predicted_relations(relations: Sequence[Relation], undirected_pairs: bool,
                         evidence: dict[tuple, str]) -> tuple[dict[str, set], dict[tuple, list[Relation]]]:
    """Predicted relation keys by class, and the relations behind each key (for their rules and assertions)."""
    pred_rel: dict[str, set] = defaultdict(set)
    made_by: dict[tuple, list[Relation]] = defaultdict(list)
    for r in relations:
        ka, kb = pred_key(r.subject, r.subject_id), pred_key(r.object, r.object_id)
        if undirected_pairs:
            if {r.subject_label, r.object_label} != {"MIRNA", "GENE"} or r.predicate not in PAIR_PREDICATES:
                continue
            if r.subject_label != "MIRNA":
                ka, kb = kb, ka
        key = (r.doc_id, r.sentence_id, ka, kb)
        c = _class(r.predicate, undirected_pairs)
        pred_rel[c].add(key)
        made_by[(c,) + key].append(r)
        evidence[("pred",) + key] = r.evidence
    return pred_rel, made_by


def _set_scores(level: str, classes: Sequence[str], gold: dict, pred: dict, result: EvalResult,
                describe, sentence_of, explain=lambda c, key: ("", "")) -> None:
    """Per-class scores of gold and predicted key sets (with micro and macro rows), and an error row for each key
    missed or spurious."""
    per = []
    for c in classes:
        g, p = gold.get(c, set()), pred.get(c, set())
        if not g and not p:
            continue
        per.append(prf(level, "exact", c, len(g & p), len(p - g), len(g - p)))
        for key in sorted(g - p, key=str):
            result.errors.append(ErrorRow(level, "FN", key[0], c, describe(key), sentence_of(key, "gold")))
        for key in sorted(p - g, key=str):
            rule, assertion = explain(c, key)
            result.errors.append(ErrorRow(level, "FP", key[0], c, describe(key), sentence_of(key, "pred"), rule,
                                          assertion))
    result.scores.extend(per)
    result.scores.extend(averages(level, "exact", per))


def _assertion_scores(classes: Sequence[str], gold_rel: Mapping[str, set], pred_rel: Mapping[str, set],
                      gold_assertion: Mapping[tuple, str], made_by: Mapping[tuple, list[Relation]], sentence_of,
                      result: EvalResult) -> None:
    """Accuracy of the assertion of the matched relations (gold Negated / Hedged / neither)."""
    right = total = 0
    for c in classes:
        for key in sorted(gold_rel.get(c, set()) & pred_rel.get(c, set()), key=str):
            total += 1
            want = gold_assertion[(c,) + key]
            got = {_AS_GOLD.get(assertion_of(r), assertion_of(r)) for r in made_by[(c,) + key]}
            if want in got:
                right += 1
            else:
                rs = made_by[(c,) + key]
                said = join_distinct(assertion_of(r) for r in rs)
                result.errors.append(ErrorRow("relation", "wrong", key[0], c, f"{_describe(key)}: {said} (gold: {want})",
                                              sentence_of(key, "pred"), join_distinct(r.rule for r in rs), said))
    if total:
        result.scores.append(accuracy("relation", "assertion", right, total))
