"""Score extracted entities, relations and triples against gold annotations.

Each level has per-class precision/recall/F1 and micro and macro averages:

* **entities** -- per label, with nervaluate's SemEval-2013 schemes:
  ``strict`` (same span and label) and ``overlap`` (nervaluate's
  ``ent_type``: overlapping span and same label); a gene named inside a
  pathway's name (source ``+in_pathway``: Wnt in "Wnt/beta-catenin
  signaling") is optional, counted where the gold annotates it (BioRED) and
  not wrong where the gold annotates only the pathway;
* **relations** (``exact``) -- per type; a predicted relation matches a gold
  one when the type is the same and both arguments match. Arguments match
  when they are the same entity in the same sentence: a gold argument is
  identified by the normalised id of the predicted mention that overlaps it
  with the same label (so ``doxorubicin`` and its short form ``DOX`` are one
  argument), else by its folded text. Every predicted relation counts,
  whatever its ``assertion``: the annotation guidelines annotate hedged and
  negated statements as relations that carry a ``Hedged`` or ``Negated``
  attribute, so a hedged relation that gold has is found, not wrong. Whether
  the assertion is right is scored on its own (``relation / assertion /
  accuracy``, over the matched relations): gold ``Negated`` is *negated*,
  ``Hedged`` is *hedged*, *association* or *aim* (the guidelines' Hedged
  covers possibility, association and proposal), neither is *finding*;
* **triples** (``exact``, the main score) -- (regulator, drug, effect) per
  document. Gold triples are stated by the gold (sentence-level JSONL) or
  derived from brat ``confers_*`` relations that are neither negated nor
  hedged (a hedge, an association or a negation states no finding, the
  exodev convention). Every predicted triple counts. Over the matched
  triples two more scores are reported on their own rows:

  - ``targets`` -- set precision/recall of the target lists (gold targets of
    a brat triple: the chain of non-negated relations from the regulator in
    its sentence, as the guidelines annotate an axis);
  - ``cancer`` -- precision/recall of the triple's cancer, and its
    ``accuracy`` (a triple without a cancer is right when the gold names
    none). A brat triple's gold cancers are the CANCER mentions of its
    sentence; when the sentence names none its cancer is not scored.

Drug classes are optional, neither required nor wrong: a predicted triple
whose ``drug_is_class`` is true is not counted, nor is a predicted triple
that matches only an optional gold triple (JSONL ``optional``, or a brat DRUG
mention with the ``Class`` attribute); relations and entities on such drugs
are left out the same way.

Triple arguments, targets and cancers match by normalised id when both sides
have one, else leniently by name (:func:`names_match`: case, Unicode dashes,
species prefixes, "exosomal"/"lncRNA" words, miRNA arms). A predicted
argument's names are its name and the texts of its mentions in the document.

False positives and false negatives are listed with their sentences, and a
predicted row with the rule that made it and its assertion, so a user can
see what to fix. Everything here works on in-memory records.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Sequence

from nervaluate import Evaluator

from exomine.evaluation.brat import GoldDocument, GoldEntity
from exomine.entities.lexicon import is_drug_class
from exomine.records import LABELS, PREDICATES, Mention, Relation, SentenceRow, Triple
from exomine.tables import aggregate_triples

__all__ = ["Score", "Predictions", "EvalResult", "ErrorRow", "evaluate", "prf", "fold", "name_key", "names_match",
           "PAIR_PREDICATES", "SCORE_COLUMNS", "ERROR_COLUMNS", "SUMMARY_LABELS"]

IN_PATHWAY = "+in_pathway"
"""Source suffix of a gene named inside a pathway's name (exomine.entities.tagger): optional in entity scoring."""

# Relation types that state a miRNA-gene interaction (for corpora that annotate
# undirected miRNA-gene pairs, such as the SCAI miRNA corpus).
PAIR_PREDICATES = ("targets", "upregulates", "downregulates", "activates", "inhibits")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"), "-")
_GREEK = str.maketrans({"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
                        "μ": "mu"})
# Words a gold annotator or a sentence puts before a name that do not change what it names.
_LEAD_WORDS = re.compile(r"^(?:(?:exosomal|exosome-derived|exosomic|extracellular|circulating|serum|plasma)\s+)+")
_SPECIES = re.compile(r"^(?:hsa|mmu|rno)[-_ ]")
_CLASS_WORDS = re.compile(r"^(?:lncrna|lnc-rna|long non-?coding rna|protein|gene)[\s-]+(?=[a-z0-9])")
# How a predicted assertion compares with gold's two attributes.
_AS_GOLD = {"association": "hedged", "aim": "hedged"}


def fold(text: str) -> str:
    """Case-, dash- and space-folded text, for keys of unnormalised mentions."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_DASHES).lower()).strip()


def name_key(name: str) -> str:
    """A lenient key for a name: folded, Greek letters spelled out, prefixes that name no difference removed.

    >>> name_key("Exosomal hsa-miR-21-5p"), name_key("lncRNA-SNHG14"), name_key("microRNA 21")
    ('mir-21-5p', 'snhg14', 'mir-21')
    """
    s = fold(name).translate(_GREEK)
    s = _LEAD_WORDS.sub("", s)
    s = _SPECIES.sub("", s)
    s = _CLASS_WORDS.sub("", s)
    s = re.sub(r"^pre-(?=mi|let)", "", s)
    s = re.sub(r"micro-?rna|mirna", "mir", s).replace("circrna", "circ")
    s = re.sub(r"[^a-z0-9-]+", "-", s)
    s = re.sub(r"^(mir|let)-?(?=\d)", r"\1-", s)
    return re.sub(r"-+", "-", s).strip("-")


def _keys_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a.replace("-", "") == b.replace("-", ""):
        return True
    if a.startswith(("mir-", "let-")) and b.startswith(("mir-", "let-")):
        short, long = sorted((a, b), key=len)
        return long.startswith(short) and long[len(short)] == "-"  # an arm or locus: miR-501 ~ miR-501-5p
    return False


def names_match(a: str, b: str) -> bool:
    """Whether two names name the same thing, leniently (see :func:`name_key`; miR-501 matches miR-501-5p)."""
    return _keys_match(name_key(a), name_key(b))


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
# Labels of the rows that summarise a level (summary.tsv).
SUMMARY_LABELS = ("micro", "macro", "accuracy")


def prf(level: str, scheme: str, label: str, tp: float, fp: float, fn: float) -> Score:
    return Score(level, scheme, label, tp, fp, fn)


@dataclass(frozen=True)
class ErrorRow:
    """One error: ``kind`` FP or FN, or ``wrong`` for a matched item with a wrong attribute (cancer, assertion).

    ``rule`` and ``assertion`` describe the predicted row (for an entity, the
    ``source`` of its match); for a missed triple, the predicted relation
    between the same arguments when there is one (why it is no triple).
    """

    level: str  # entity | relation | triple
    kind: str  # FP | FN | wrong
    doc_id: str
    label: str
    item: str
    sentence: str
    rule: str = ""
    assertion: str = ""

    def to_row(self) -> dict:
        return self.__dict__.copy()


ERROR_COLUMNS = ("level", "kind", "doc_id", "label", "item", "sentence", "rule", "assertion")


@dataclass
class Predictions:
    """What the extractor produced for the gold documents (triples per document or corpus-level)."""

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


def _accuracy(level: str, scheme: str, correct: int, total: int) -> Score:
    """An accuracy row: the accuracy in the P, R and F1 columns, tp = right, fp = wrong."""
    acc = correct / total if total else 0.0
    return _MacroScore(level, scheme, "accuracy", correct, total - correct, 0, acc, acc, acc)


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

    def bounds(self, doc_id: str, offset: int) -> tuple[int, int]:
        """The sentence around ``offset`` (the extractor's sentences, else the line)."""
        r = self.find(doc_id, offset)
        if r is not None:
            return r.start, r.end
        t = self.texts.get(doc_id, "")
        hi = t.find("\n", offset)
        return t.rfind("\n", 0, offset) + 1, hi if hi >= 0 else len(t)

    def text(self, doc_id: str, offset: int) -> str:
        lo, hi = self.bounds(doc_id, offset)
        return self.texts.get(doc_id, "")[lo:hi]

    def sid(self, doc_id: str, offset: int) -> int:
        r = self.find(doc_id, offset)
        return r.sentence_id if r is not None else -1 - offset


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def _entity_scores(gold: Sequence[GoldDocument], pred: Predictions, labels: Sequence[str],
                   sents: _Sentences, class_drugs: Mapping[str, set[str]], result: EvalResult) -> None:
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in pred.mentions:
        by_doc[m.doc_id].append(m)
    golds: list[list[GoldEntity]] = []
    preds: list[list[Mention]] = []
    for g in gold:
        doc_labels = set(labels) & set(g.labels)
        classes = [e for e in g.entities if e.drug_class]
        gdrugs = [e for e in g.entities if e.label == "DRUG" and not e.drug_class]
        golds.append([e for e in g.entities if e.label in doc_labels and not e.drug_class])
        # Optional: mentions on a gold drug class, predicted drug classes that gold does not call a drug, and the
        # genes a pathway is named by (source +in_pathway) where gold annotates no such gene.
        preds.append([m for m in by_doc.get(g.doc_id, []) if m.label in doc_labels
                      and not any(m.label == "DRUG" and _overlaps(m, e) for e in classes)
                      and not (m.source.endswith(IN_PATHWAY) and not any(
                          e.label == m.label and _overlaps(m, e) for e in g.entities))
                      and not (m.label == "DRUG" and (is_drug_class(m.norm_id) or _pred_key(m.norm_name or m.text, m.norm_id)
                               in class_drugs.get(g.doc_id, ())) and not any(_overlaps(m, e) for e in gdrugs))])
    true = [[{"label": e.label, "start": e.start, "end": e.end - 1} for e in es] for es in golds]
    predicted = [[{"label": m.label, "start": m.start, "end": m.end - 1} for m in ms] for ms in preds]
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
    for g, gs, ps in zip(gold, golds, preds):
        for e in gs:
            if not any(m.label == e.label and _overlaps(m, e) for m in ps):
                result.errors.append(ErrorRow("entity", "FN", g.doc_id, e.label, e.text, sents.text(g.doc_id, e.start)))
        for m in ps:
            if not any(m.label == e.label and _overlaps(m, e) for e in gs):
                result.errors.append(ErrorRow("entity", "FP", g.doc_id, m.label, m.text, sents.text(g.doc_id, m.start),
                                              rule=m.source))


def _gold_key(doc_id: str, e: GoldEntity, mentions: Sequence[Mention]) -> str:
    """Identity of a gold argument: the id of the predicted mention on it, else its folded text."""
    for m in mentions:
        if m.label == e.label and _overlaps(m, e) and m.norm_id:
            return m.norm_id
    return "text:" + fold(e.text)


def _pred_key(name: str, norm_id: str) -> str:
    return norm_id or "text:" + fold(name)


def _assertion(r: Relation) -> str:
    """The relation's assertion; the negated/hedged flags where a table predates the assertion column."""
    if (r.assertion or "finding") == "finding":
        return "negated" if r.negated else "hedged" if r.hedged else "finding"
    return r.assertion


def _join(values: Iterable[str]) -> str:
    return ";".join(dict.fromkeys(v for v in values if v))


def _set_scores(level: str, classes: Sequence[str], gold: dict, pred: dict, result: EvalResult,
                describe, sentence_of, explain=lambda c, key: ("", "")) -> None:
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
    result.scores.extend(_averages(level, "exact", per))


# --- triples --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Arg:
    """A triple argument, target or cancer: its normalised id (may be empty) and the names it goes by."""

    id: str
    names: tuple[str, ...]
    keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, norm_id: str, names: Iterable[str]) -> "_Arg":
        names = tuple(dict.fromkeys(n for n in names if n))
        return cls(norm_id, names, tuple(dict.fromkeys(name_key(n) for n in names)))

    def matches(self, other: "_Arg") -> bool:
        if self.id and other.id:
            return self.id == other.id
        return any(_keys_match(a, b) for a in self.keys for b in other.keys)

    def __str__(self) -> str:
        return self.names[0] if self.names else self.id


class _Surfaces:
    """The texts a normalised entity was written as in a document (for lenient name matching)."""

    def __init__(self, mentions: Iterable[Mention]):
        self.by: dict[tuple[str, str], set[str]] = defaultdict(set)
        for m in mentions:
            if m.norm_id:
                self.by[(m.doc_id, m.norm_id)].add(m.text)
            if m.norm_name:
                self.by[(m.doc_id, "name:" + fold(m.norm_name))].add(m.text)

    def arg(self, doc_id: str, name: str, norm_id: str = "") -> _Arg:
        texts = self.by.get((doc_id, norm_id), set()) if norm_id else set()
        texts = texts | self.by.get((doc_id, "name:" + fold(name)), set())
        return _Arg.of(norm_id, [name, *sorted(texts)])


@dataclass
class _Finding:
    """A gold or predicted triple of one document, with what is scored on it."""

    doc_id: str
    effect: str
    regulator: _Arg
    drug: _Arg
    targets: list[_Arg]
    cancers: list[_Arg]  # gold: the cancers its sentence (item) names; predicted: its cancer, if any
    cancer_scored: bool = True  # gold: whether its cancer is known
    optional: bool = False
    sentence: str = ""
    rule: str = ""
    assertion: str = ""
    provenance: tuple[int, ...] = ()  # predicted: the sentence ids of its mentions in this document

    def same(self, other: "_Finding") -> bool:
        return (self.doc_id == other.doc_id and self.effect == other.effect and self.regulator.matches(other.regulator)
                and self.drug.matches(other.drug))

    def describe(self) -> str:
        return " -> ".join(str(a) for a in [self.regulator, *self.targets, self.drug])


def _merge_into(found: list[_Arg], new: Iterable[_Arg]) -> None:
    for a in new:
        if not any(a.matches(b) for b in found):
            found.append(a)


def _gold_findings(g: GoldDocument, mentions: Sequence[Mention], sents: _Sentences) -> list[_Finding]:
    """Gold triples of a document: stated (JSONL), or from its confers_* relations that are neither negated nor hedged."""
    if g.triples is not None:
        text = g.text.strip()
        found = [_Finding(g.doc_id, t.effect, _Arg.of("", [t.regulator]), _Arg.of("", [t.drug]),
                          [_Arg.of("", [x]) for x in t.targets], [_Arg.of("", [t.cancer])] if t.cancer else [],
                          True, t.optional, text) for t in g.triples]
    else:
        def arg(e: GoldEntity) -> _Arg:
            for m in mentions:
                if m.label == e.label and _overlaps(m, e) and m.norm_id:
                    return _Arg.of(m.norm_id, [e.text, m.norm_name])
            return _Arg.of("", [e.text])

        edges: dict[str, list[str]] = defaultdict(list)
        for r in g.relations:
            if not r.type.startswith("confers_") and not r.negated:
                edges[r.arg1].append(r.arg2)
        found = []
        for r in g.relations:
            if not r.type.startswith("confers_") or r.negated or r.hedged:
                continue
            a, b = g.entity(r.arg1), g.entity(r.arg2)
            chain, frontier, seen = [], [a.id], {a.id}
            while frontier:  # breadth first, each step in text order: the axis as written
                nxt = []
                for node in frontier:
                    for o in sorted(edges.get(node, []), key=lambda i: g.entity(i).start):
                        if o not in seen:
                            seen.add(o)
                            chain.append(g.entity(o))
                            nxt.append(o)
                frontier = nxt
            lo, hi = sents.bounds(g.doc_id, a.start)
            cancers = [e for e in g.entities if e.label == "CANCER" and lo <= e.start < hi]
            found.append(_Finding(g.doc_id, r.type.removeprefix("confers_"), arg(a), arg(b), [arg(e) for e in chain],
                                  [arg(e) for e in cancers], bool(cancers), b.drug_class, g.text[lo:hi]))
    merged: list[_Finding] = []  # one gold finding stated twice is one finding
    for f in found:
        same = next((m for m in merged if m.same(f)), None)
        if same is None:
            merged.append(f)
            continue
        _merge_into(same.targets, f.targets)
        _merge_into(same.cancers, f.cancers)
        same.cancer_scored |= f.cancer_scored
        same.optional &= f.optional
    return merged


def _doc_triples(triples: Iterable[Triple], docs: set[str]) -> dict[str, list[Triple]]:
    """Triples per gold document, as a one-document corpus would show them (aggregated within the document)."""
    by_doc: dict[str, list[Triple]] = defaultdict(list)
    for t in triples:
        ds = [d for d in t.doc_ids.split(";") if d in docs]
        for d in ds:
            if t.doc_ids != d:
                prov = ";".join(p for p in t.provenance.split(";") if p.rsplit(":", 1)[0] == d)
                t = replace(t, doc_ids=d, n_docs=1, provenance=prov)
            by_doc[d].append(t)
    return {d: aggregate_triples(ts) for d, ts in by_doc.items()}


def _pred_findings(doc_id: str, triples: Sequence[Triple], surfaces: _Surfaces,
                   relations: Mapping[tuple[str, int], list[Relation]]) -> list[_Finding]:
    out = []
    for t in triples:
        if t.drug_is_class:
            continue  # a drug class: optional, neither required nor wrong
        sids = tuple(int(p.rsplit(":", 1)[1]) for p in t.provenance.split(";")
                     if p.rsplit(":", 1)[0] == doc_id and p.rsplit(":", 1)[-1].lstrip("-").isdigit())
        reg, drug = surfaces.arg(doc_id, t.regulator, t.regulator_id), surfaces.arg(doc_id, t.drug, t.drug_id)
        names = t.targets.split(";") if t.targets else []
        ids = (t.target_ids or "").split(";")
        targets = [surfaces.arg(doc_id, n, ids[i] if i < len(ids) else "") for i, n in enumerate(names)]
        cancers = [surfaces.arg(doc_id, t.cancer)] if t.cancer else []
        # Its assertion: that of the confers relations behind it, else the triple's own hedged flag.
        behind = [r for sid in sids for r in relations.get((doc_id, sid), [])
                  if r.predicate == "confers_" + t.effect and _pred_key(r.subject, r.subject_id) ==
                  _pred_key(t.regulator, t.regulator_id) and _pred_key(r.object, r.object_id) == _pred_key(t.drug, t.drug_id)]
        assertion = _join(_assertion(r) for r in behind) or ("hedged" if t.hedged else "finding")
        out.append(_Finding(doc_id, t.effect, reg, drug, targets, cancers, sentence=t.evidence,
                            rule=t.rule or _join(r.rule for r in behind), assertion=assertion, provenance=sids))
    return sorted(out, key=lambda f: (f.effect, f.describe()))


def _match_args(gold: Sequence[_Arg], pred: Sequence[_Arg]) -> tuple[int, list[_Arg], list[_Arg]]:
    """Greedy one-to-one matching: (matched, gold left over, predicted left over)."""
    left = list(gold)
    extra = []
    for p in pred:
        hit = next((g for g in left if g.matches(p)), None)
        if hit is None:
            extra.append(p)
        else:
            left.remove(hit)
    return len(pred) - len(extra), left, extra


def _triple_scores(gold: list[_Finding], pred: list[_Finding], relations: Mapping[str, list[Relation]],
                   surfaces: _Surfaces, result: EvalResult) -> None:
    used: set[int] = set()
    pairs: list[tuple[_Finding, _Finding]] = []
    counts = {e: [0, 0, 0] for e in ("resistance", "sensitivity")}
    for p in pred:
        cands = [i for i, g in enumerate(gold) if i not in used and g.same(p)]
        if not cands:
            counts.setdefault(p.effect, [0, 0, 0])[1] += 1
            result.errors.append(ErrorRow("triple", "FP", p.doc_id, p.effect, p.describe(), p.sentence, p.rule,
                                          p.assertion))
            continue
        i = min(cands, key=lambda i: gold[i].optional)  # a required finding first
        used.add(i)
        if not gold[i].optional:
            counts.setdefault(p.effect, [0, 0, 0])[0] += 1
            pairs.append((gold[i], p))
    for i, g in enumerate(gold):
        if i in used or g.optional:
            continue
        counts.setdefault(g.effect, [0, 0, 0])[2] += 1
        # Why it is missed: a predicted relation between the same arguments (hedged, say), if there is one.
        near = [r for r in relations.get(g.doc_id, []) if r.predicate == "confers_" + g.effect
                and g.regulator.matches(surfaces.arg(g.doc_id, r.subject, r.subject_id))
                and g.drug.matches(surfaces.arg(g.doc_id, r.object, r.object_id))]
        result.errors.append(ErrorRow("triple", "FN", g.doc_id, g.effect, g.describe(), g.sentence,
                                      _join(r.rule for r in near), _join(_assertion(r) for r in near)))
    per = [prf("triple", "exact", e, *c) for e, c in counts.items() if any(c)]
    result.scores.extend(per)
    result.scores.extend(_averages("triple", "exact", per))
    if not pairs:
        return
    # Targets: set precision/recall over the matched triples.
    tp = fp = fn = 0
    for g, p in pairs:
        m, missed, extra = _match_args(g.targets, p.targets)
        tp, fp, fn = tp + m, fp + len(extra), fn + len(missed)
        for a in missed:
            result.errors.append(ErrorRow("targets", "FN", g.doc_id, g.effect, f"{p.describe()}: {a}", g.sentence,
                                          p.rule, p.assertion))
        for a in extra:
            result.errors.append(ErrorRow("targets", "FP", g.doc_id, g.effect, f"{p.describe()}: {a}", p.sentence,
                                          p.rule, p.assertion))
    if tp + fp + fn:
        result.scores.append(prf("triple", "targets", "micro", tp, fp, fn))
    # Cancer: precision/recall and accuracy over the matched triples whose gold cancer is known.
    tp = fp = fn = right = scored = 0
    for g, p in pairs:
        if not g.cancer_scored:
            continue
        scored += 1
        pc = p.cancers[0] if p.cancers else None
        ok = pc is not None and any(gc.matches(pc) for gc in g.cancers)
        tp += ok
        fp += pc is not None and not ok
        fn += bool(g.cancers) and not ok
        right += ok or (pc is None and not g.cancers)
        if not ok and (pc is not None or g.cancers):
            kind = "wrong" if pc is not None and g.cancers else "FP" if pc is not None else "FN"
            gold_names = " | ".join(str(c) for c in g.cancers) or "none"
            result.errors.append(ErrorRow("cancer", kind, g.doc_id, g.effect,
                                          f"{p.describe()}: {pc or 'none'} (gold: {gold_names})", g.sentence, p.rule,
                                          p.assertion))
    if scored:
        result.scores.append(prf("triple", "cancer", "micro", tp, fp, fn))
        result.scores.append(_accuracy("triple", "cancer", right, scored))


# --- the evaluation ---------------------------------------------------------------------------------------------


def evaluate(gold: Sequence[GoldDocument], pred: Predictions, labels: Sequence[str] = LABELS,
             predicates: Sequence[str] = PREDICATES, undirected_pairs: bool = False) -> EvalResult:
    """Score predictions for the gold documents (only those documents, and only what their gold annotates).

    Parameters
    ----------
    gold
        Gold documents; each says which levels (``entity``, ``relation``,
        ``triple``) and labels it annotates.
    pred
        The extractor's records; triples may be per document (mention tables)
        or corpus-level (``triples.tsv``).
    undirected_pairs
        Score relations as undirected miRNA-gene pairs of any
        :data:`PAIR_PREDICATES` type (for corpora such as SCAI that annotate
        interaction pairs, not typed relations); no triples are scored.
    """
    result = EvalResult()
    docs = {g.doc_id for g in gold}
    pred = Predictions([m for m in pred.mentions if m.doc_id in docs], [r for r in pred.relations if r.doc_id in docs],
                       [s for s in pred.sentences if s.doc_id in docs],
                       [t for t in pred.triples if any(d in docs for d in t.doc_ids.split(";"))])
    sents = _Sentences(pred.sentences, {g.doc_id: g.text for g in gold})
    triples_by_doc = _doc_triples(pred.triples, docs)
    mentions_by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in pred.mentions:
        mentions_by_doc[m.doc_id].append(m)
    # Drug classes, optional everywhere: gold DRUG mentions marked Class, predicted triples' class drugs.
    class_drugs: dict[str, set[str]] = defaultdict(set)
    for d, ts in triples_by_doc.items():
        class_drugs[d].update(_pred_key(t.drug, t.drug_id) for t in ts if t.drug_is_class)
    for g in gold:
        class_drugs[g.doc_id].update(_gold_key(g.doc_id, e, mentions_by_doc.get(g.doc_id, []))
                                     for e in g.entities if e.drug_class)

    entity_gold = [g for g in gold if "entity" in g.levels]
    entity_labels = [label for label in labels if any(label in g.labels for g in entity_gold)]
    if entity_gold and entity_labels:
        _entity_scores(entity_gold, pred, entity_labels, sents, class_drugs, result)

    relation_docs = {g.doc_id for g in gold if "relation" in g.levels}
    if relation_docs:
        _relation_scores([g for g in gold if g.doc_id in relation_docs],
                         [r for r in pred.relations if r.doc_id in relation_docs], predicates, undirected_pairs,
                         mentions_by_doc, sents, class_drugs, result)

    triple_gold = [g for g in gold if "triple" in g.levels]
    if triple_gold and not undirected_pairs:
        surfaces = _Surfaces(pred.mentions)
        rel_by_sentence: dict[tuple[str, int], list[Relation]] = defaultdict(list)
        rel_by_doc: dict[str, list[Relation]] = defaultdict(list)
        for r in pred.relations:
            rel_by_sentence[(r.doc_id, r.sentence_id)].append(r)
            rel_by_doc[r.doc_id].append(r)
        gold_f = [f for g in triple_gold for f in _gold_findings(g, mentions_by_doc.get(g.doc_id, []), sents)]
        pred_f = [f for g in triple_gold for f in _pred_findings(g.doc_id, triples_by_doc.get(g.doc_id, []), surfaces,
                                                                  rel_by_sentence)]
        _triple_scores(gold_f, pred_f, rel_by_doc, surfaces, result)
    return result


def _relation_scores(gold: Sequence[GoldDocument], relations: Sequence[Relation], predicates: Sequence[str],
                     undirected_pairs: bool, mentions_by_doc: Mapping[str, list[Mention]], sents: _Sentences,
                     class_drugs: Mapping[str, set[str]], result: EvalResult) -> None:
    evidence: dict[tuple, str] = {}

    def rel_class(predicate: str) -> str:
        return "miRNA-gene" if undirected_pairs else predicate

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
            ka, kb = _gold_key(g.doc_id, a, ms), _gold_key(g.doc_id, b, ms)
            key = (g.doc_id, sents.sid(g.doc_id, a.start), ka, kb)
            gold_rel[rel_class(r.type)].add(key)
            gold_assertion[(rel_class(r.type),) + key] = "negated" if r.negated else "hedged" if r.hedged else "finding"
            evidence[("gold",) + key] = sents.text(g.doc_id, a.start)
    pred_rel: dict[str, set] = defaultdict(set)
    made_by: dict[tuple, list[Relation]] = defaultdict(list)
    for r in relations:
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
        made_by[(rel_class(r.predicate),) + key].append(r)
        evidence[("pred",) + key] = r.evidence
    # Relations on a drug class are optional: neither required nor wrong.
    for table in (gold_rel, pred_rel):
        for c in table:
            table[c] = {k for k in table[c] if k[3] not in class_drugs.get(k[0], ()) and not is_drug_class(k[3])}

    def describe(key: tuple) -> str:
        return " -> ".join(str(k) for k in key[-2:])

    def sentence_of(key: tuple, side: str) -> str:
        return evidence.get((side,) + key) or evidence.get(("gold" if side == "pred" else "pred",) + key, "")

    classes = ["miRNA-gene"] if undirected_pairs else list(predicates)

    def explain(c: str, key: tuple) -> tuple[str, str]:
        rs = made_by.get((c,) + key, [])
        return _join(r.rule for r in rs), _join(_assertion(r) for r in rs)

    _set_scores("relation", classes, gold_rel, pred_rel, result, describe, sentence_of, explain)
    if undirected_pairs:
        return
    # Assertion of the matched relations (gold Negated / Hedged / neither).
    right = total = 0
    for c in classes:
        for key in sorted(gold_rel.get(c, set()) & pred_rel.get(c, set()), key=str):
            total += 1
            want = gold_assertion[(c,) + key]
            got = {_AS_GOLD.get(_assertion(r), _assertion(r)) for r in made_by[(c,) + key]}
            if want in got:
                right += 1
            else:
                rs = made_by[(c,) + key]
                result.errors.append(ErrorRow("relation", "wrong", key[0], c,
                                              f"{describe(key)}: {_join(_assertion(r) for r in rs)} (gold: {want})",
                                              sentence_of(key, "pred"), _join(r.rule for r in rs),
                                              _join(_assertion(r) for r in rs)))
    if total:
        result.scores.append(_accuracy("relation", "assertion", right, total))
