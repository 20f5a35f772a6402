"""Score extracted entities, relations and triples against gold annotations.

Three levels, each with per-class precision/recall/F1 and micro and macro
averages:

* **entities** -- per label, with nervaluate's SemEval-2013 schemes:
  ``strict`` (same span and label) and ``overlap`` (nervaluate's
  ``ent_type``: overlapping span and same label);
* **relations** -- per type; a predicted relation matches a gold one when the
  type is the same and both arguments match. Arguments match when they are
  the same entity in the same sentence: a gold argument is identified by the
  normalised id of the predicted mention that overlaps it with the same label
  (so ``doxorubicin`` and its short form ``DOX`` are one argument), else by
  its folded text;
* **triples** -- (regulator, drug, effect) per document, from gold
  ``confers_*`` relations that are not negated, on the same argument ids.

False positives and false negatives are listed with their sentences so a
user can see what to fix. Everything here works on in-memory records.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from nervaluate import Evaluator

from .brat import GoldDocument, GoldEntity
from .records import LABELS, PREDICATES, Mention, Relation, SentenceRow, Triple

__all__ = ["Score", "Predictions", "EvalResult", "ErrorRow", "evaluate", "prf", "fold", "PAIR_PREDICATES"]

# Relation types that state a miRNA-gene interaction (for corpora that annotate
# undirected miRNA-gene pairs, such as the SCAI miRNA corpus).
PAIR_PREDICATES = ("targets", "upregulates", "downregulates", "activates", "inhibits")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def fold(text: str) -> str:
    """Case-, dash- and space-folded text, for keys of unnormalised mentions."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_DASHES).lower()).strip()


@dataclass(frozen=True)
class Score:
    level: str
    scheme: str
    label: str
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_row(self) -> dict:
        return {"level": self.level, "scheme": self.scheme, "label": self.label, "tp": round(self.tp, 2),
                "fp": round(self.fp, 2), "fn": round(self.fn, 2), "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


SCORE_COLUMNS = ("level", "scheme", "label", "tp", "fp", "fn", "precision", "recall", "f1")


def prf(level: str, scheme: str, label: str, tp: float, fp: float, fn: float) -> Score:
    return Score(level, scheme, label, tp, fp, fn)


@dataclass(frozen=True)
class ErrorRow:
    level: str  # entity | relation | triple
    kind: str  # FP | FN
    doc_id: str
    label: str
    item: str
    sentence: str

    def to_row(self) -> dict:
        return self.__dict__.copy()


ERROR_COLUMNS = ("level", "kind", "doc_id", "label", "item", "sentence")


@dataclass
class Predictions:
    """What the extractor produced for the gold documents."""

    mentions: Sequence[Mention]
    relations: Sequence[Relation]
    sentences: Sequence[SentenceRow]
    triples: Sequence[Triple]


@dataclass
class EvalResult:
    scores: list[Score] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)

    def get(self, level: str, scheme: str, label: str) -> Score:
        for s in self.scores:
            if (s.level, s.scheme, s.label) == (level, scheme, label):
                return s
        raise KeyError((level, scheme, label))


def _averages(level: str, scheme: str, per_class: list[Score]) -> list[Score]:
    """Micro (summed counts) and macro (mean F1, reported through P=R=F1 rows)."""
    if not per_class:
        return []
    micro = prf(level, scheme, "micro", sum(s.tp for s in per_class), sum(s.fp for s in per_class),
                sum(s.fn for s in per_class))
    macro_f1 = sum(s.f1 for s in per_class) / len(per_class)
    macro_p = sum(s.precision for s in per_class) / len(per_class)
    macro_r = sum(s.recall for s in per_class) / len(per_class)
    macro = _MacroScore(level, scheme, "macro", 0, 0, 0, macro_p, macro_r, macro_f1)
    return [micro, macro]


@dataclass(frozen=True)
class _MacroScore(Score):
    p: float = 0.0
    r: float = 0.0
    f: float = 0.0

    @property
    def precision(self) -> float:
        return self.p

    @property
    def recall(self) -> float:
        return self.r

    @property
    def f1(self) -> float:
        return self.f


class _Sentences:
    """Find the sentence of an offset in a document."""

    def __init__(self, rows: Iterable[SentenceRow], texts: Mapping[str, str]):
        self.by_doc: dict[str, list[SentenceRow]] = defaultdict(list)
        for r in rows:
            self.by_doc[r.doc_id].append(r)
        for v in self.by_doc.values():
            v.sort(key=lambda r: r.start)
        self.texts = texts

    def find(self, doc_id: str, offset: int) -> SentenceRow | None:
        for r in self.by_doc.get(doc_id, []):
            if r.start <= offset < r.end:
                return r
        return None

    def text(self, doc_id: str, offset: int) -> str:
        r = self.find(doc_id, offset)
        t = self.texts.get(doc_id, "")
        if r is not None:
            return t[r.start : r.end]
        lo = t.rfind("\n", 0, offset) + 1
        hi = t.find("\n", offset)
        return t[lo : hi if hi >= 0 else len(t)]

    def sid(self, doc_id: str, offset: int) -> int:
        r = self.find(doc_id, offset)
        return r.sentence_id if r is not None else -1 - offset


def _entity_scores(gold: Sequence[GoldDocument], pred: Predictions, labels: Sequence[str],
                   sents: _Sentences, result: EvalResult) -> None:
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in pred.mentions:
        by_doc[m.doc_id].append(m)
    true = [[{"label": e.label, "start": e.start, "end": e.end - 1} for e in g.entities if e.label in labels]
            for g in gold]
    predicted = [[{"label": m.label, "start": m.start, "end": m.end - 1} for m in by_doc.get(g.doc_id, [])
                  if m.label in labels] for g in gold]
    ev = Evaluator(true, predicted, tags=list(labels), loader="dict").evaluate()
    for scheme, nv in (("strict", "strict"), ("overlap", "ent_type")):
        per = []
        for label in labels:
            r = ev["entities"].get(label, {}).get(nv)
            if r is None:
                continue
            # nervaluate: actual = correct+incorrect+partial+spurious; possible = correct+incorrect+partial+missed
            per.append(prf("entity", scheme, label, r.correct, r.actual - r.correct, r.possible - r.correct))
        result.scores.extend(per)
        result.scores.extend(_averages("entity", scheme, per))
    # Error lists (overlap scheme).
    for g in gold:
        preds = [m for m in by_doc.get(g.doc_id, []) if m.label in labels]
        golds = [e for e in g.entities if e.label in labels]
        for e in golds:
            if not any(m.label == e.label and m.start < e.end and e.start < m.end for m in preds):
                result.errors.append(ErrorRow("entity", "FN", g.doc_id, e.label, e.text, sents.text(g.doc_id, e.start)))
        for m in preds:
            if not any(m.label == e.label and m.start < e.end and e.start < m.end for e in golds):
                result.errors.append(ErrorRow("entity", "FP", g.doc_id, m.label, m.text, sents.text(g.doc_id, m.start)))


def _gold_key(doc_id: str, e: GoldEntity, mentions: Sequence[Mention]) -> str:
    """Identity of a gold argument: the id of the predicted mention on it, else its folded text."""
    for m in mentions:
        if m.label == e.label and m.start < e.end and e.start < m.end and m.norm_id:
            return m.norm_id
    return "text:" + fold(e.text)


def _pred_key(name: str, norm_id: str) -> str:
    return norm_id or "text:" + fold(name)


def _set_scores(level: str, classes: Sequence[str], gold: dict, pred: dict, result: EvalResult,
                describe, sentence_of) -> None:
    per = []
    for c in classes:
        g, p = gold.get(c, set()), pred.get(c, set())
        if not g and not p:
            continue
        per.append(prf(level, "exact", c, len(g & p), len(p - g), len(g - p)))
        for key in sorted(g - p, key=str):
            result.errors.append(ErrorRow(level, "FN", key[0], c, describe(key), sentence_of(key, "gold")))
        for key in sorted(p - g, key=str):
            result.errors.append(ErrorRow(level, "FP", key[0], c, describe(key), sentence_of(key, "pred")))
    result.scores.extend(per)
    result.scores.extend(_averages(level, "exact", per))


def evaluate(gold: Sequence[GoldDocument], pred: Predictions, labels: Sequence[str] = LABELS,
             predicates: Sequence[str] = PREDICATES, undirected_pairs: bool = False) -> EvalResult:
    """Score predictions for the gold documents (only those documents are scored).

    Parameters
    ----------
    undirected_pairs
        Score relations as undirected miRNA-gene pairs of any
        :data:`PAIR_PREDICATES` type (for corpora such as SCAI that annotate
        interaction pairs, not typed relations).
    """
    result = EvalResult()
    docs = {g.doc_id for g in gold}
    pred = Predictions([m for m in pred.mentions if m.doc_id in docs], [r for r in pred.relations if r.doc_id in docs],
                       [s for s in pred.sentences if s.doc_id in docs],
                       [t for t in pred.triples if any(d in docs for d in t.doc_ids.split(";"))])
    sents = _Sentences(pred.sentences, {g.doc_id: g.text for g in gold})
    _entity_scores(gold, pred, labels, sents, result)

    mentions_by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in pred.mentions:
        mentions_by_doc[m.doc_id].append(m)
    evidence: dict[tuple, str] = {}

    def rel_class(predicate: str) -> str:
        return "miRNA-gene" if undirected_pairs else predicate

    gold_rel: dict[str, set] = defaultdict(set)
    gold_tri: dict[str, set] = defaultdict(set)
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
            ka, kb = _gold_key(g.doc_id, a, ms), _gold_key(g.doc_id, b, ms)
            key = (g.doc_id, sents.sid(g.doc_id, a.start), ka, kb)
            gold_rel[rel_class(r.type)].add(key)
            evidence[("gold",) + key] = sents.text(g.doc_id, a.start)
            if r.type.startswith("confers_") and not r.negated:
                tkey = (g.doc_id, ka, kb)
                gold_tri[r.type.removeprefix("confers_")].add(tkey)
                evidence[("gold",) + tkey] = sents.text(g.doc_id, a.start)
    pred_rel: dict[str, set] = defaultdict(set)
    for r in pred.relations:
        if undirected_pairs:
            if {r.subject_label, r.object_label} != {"MIRNA", "GENE"} or r.predicate not in PAIR_PREDICATES:
                continue
            if r.subject_label == "MIRNA":
                ka, kb = _pred_key(r.subject, r.subject_id), _pred_key(r.object, r.object_id)
            else:
                ka, kb = _pred_key(r.object, r.object_id), _pred_key(r.subject, r.subject_id)
        else:
            ka, kb = _pred_key(r.subject, r.subject_id), _pred_key(r.object, r.object_id)
        key = (r.doc_id, r.sentence_id, ka, kb)
        pred_rel[rel_class(r.predicate)].add(key)
        evidence[("pred",) + key] = r.evidence
    pred_tri: dict[str, set] = defaultdict(set)
    for t in pred.triples:
        for d in t.doc_ids.split(";"):
            if d in docs:
                tkey = (d, _pred_key(t.regulator, t.regulator_id), _pred_key(t.drug, t.drug_id))
                pred_tri[t.effect].add(tkey)
                evidence[("pred",) + tkey] = t.evidence

    def describe(key: tuple) -> str:
        return " -> ".join(str(k) for k in key[-2:])

    def sentence_of(key: tuple, side: str) -> str:
        return evidence.get((side,) + key) or evidence.get(("gold" if side == "pred" else "pred",) + key, "")

    classes = ["miRNA-gene"] if undirected_pairs else list(predicates)
    _set_scores("relation", classes, gold_rel, pred_rel, result, describe, sentence_of)
    if not undirected_pairs:
        _set_scores("triple", ["resistance", "sensitivity"], gold_tri, pred_tri, result, describe, sentence_of)
    return result
