"""Triples as the evaluation sees them: gold and predicted findings of one document, and their arguments.

A gold finding is stated by the gold (sentence-level JSONL) or derived from a
brat ``confers_*`` relation that is neither negated nor hedged; its targets
are the chain of non-negated relations from the regulator in its sentence
(the axis as the guidelines annotate it), and its cancers the CANCER mentions
of that sentence. A predicted finding is a triple of the document, with the
assertion of the relations behind it. Arguments match by normalised id when
both sides have one, else by name (:func:`exomine.evaluation.names.keys_match`);
a predicted argument's names are its name and the texts of its mentions in
the document. A gold finding may be ``wrong`` (a curator marked it so):
predicting it is a false positive.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

from exomine.evaluation.align import Sentences, assertion_of, join_distinct, overlaps, pred_key
from exomine.evaluation.brat import GoldDocument, GoldEntity
from exomine.evaluation.names import fold, keys_match, name_key
from exomine.records import Mention, Relation, Triple
from exomine.tables import aggregate_triples

__all__ = ["Arg", "Surfaces", "Finding", "gold_findings", "doc_triples", "pred_findings"]


@dataclass(frozen=True)
class Arg:
    """A triple argument, target or cancer: its normalised id (may be empty) and the names it goes by."""

    id: str
    names: tuple[str, ...]
    keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, norm_id: str, names: Iterable[str]) -> "Arg":
        names = tuple(dict.fromkeys(n for n in names if n))
        return cls(norm_id, names, tuple(dict.fromkeys(name_key(n) for n in names)))

    def matches(self, other: "Arg") -> bool:
        if self.id and other.id:
            return self.id == other.id
        return any(keys_match(a, b) for a in self.keys for b in other.keys)

    def __str__(self) -> str:
        return self.names[0] if self.names else self.id


class Surfaces:
    """The texts a normalised entity was written as in a document (for lenient name matching)."""

    def __init__(self, mentions: Iterable[Mention]):
        self.by: dict[tuple[str, str], set[str]] = defaultdict(set)
        for m in mentions:
            if m.norm_id:
                self.by[(m.doc_id, m.norm_id)].add(m.text)
            if m.norm_name:
                self.by[(m.doc_id, "name:" + fold(m.norm_name))].add(m.text)

    def arg(self, doc_id: str, name: str, norm_id: str = "") -> Arg:
        texts = self.by.get((doc_id, norm_id), set()) if norm_id else set()
        texts = texts | self.by.get((doc_id, "name:" + fold(name)), set())
        return Arg.of(norm_id, [name, *sorted(texts)])


@dataclass
class Finding:
    """A gold or predicted triple of one document, with what is scored on it."""

    doc_id: str
    effect: str
    regulator: Arg
    drug: Arg
    targets: list[Arg]
    cancers: list[Arg]  # gold: the cancers its sentence (item) names; predicted: its cancer, if any
    cancer_scored: bool = True  # gold: whether its cancer is known
    optional: bool = False
    sentence: str = ""
    rule: str = ""
    assertion: str = ""
    provenance: tuple[int, ...] = ()  # predicted: the sentence ids of its mentions in this document
    belief: float = 0.0  # predicted: its belief within this document
    wrong: bool = False  # gold: known not to be a finding

    def same(self, other: "Finding") -> bool:
        return (self.doc_id == other.doc_id and self.effect == other.effect and self.regulator.matches(other.regulator)
                and self.drug.matches(other.drug))

    def describe(self) -> str:
        return " -> ".join(str(a) for a in [self.regulator, *self.targets, self.drug])


def _merge_into(found: list[Arg], new: Iterable[Arg]) -> None:
    for a in new:
        if not any(a.matches(b) for b in found):
            found.append(a)


def gold_findings(g: GoldDocument, mentions: Sequence[Mention], sents: Sentences) -> list[Finding]:
    """Gold triples of a document: stated (JSONL), or from its confers_* relations that are neither negated nor hedged.

    One finding stated twice is one finding (its targets and cancers merged).
    """
    if g.triples is not None:
        text = g.text.strip()
        found = [Finding(g.doc_id, t.effect, Arg.of("", [t.regulator]), Arg.of("", [t.drug]),
                         [Arg.of("", [x]) for x in t.targets], [Arg.of("", [t.cancer])] if t.cancer else [],
                         True, t.optional, text, wrong=t.wrong) for t in g.triples]
    else:
        found = _relation_findings(g, mentions, sents)
    merged: list[Finding] = []
    for f in found:
        same = next((m for m in merged if m.same(f) and m.wrong == f.wrong), None)
        if same is None:
            merged.append(f)
            continue
        _merge_into(same.targets, f.targets)
        _merge_into(same.cancers, f.cancers)
        same.cancer_scored |= f.cancer_scored
        same.optional &= f.optional
    return merged


def _relation_findings(g: GoldDocument, mentions: Sequence[Mention], sents: Sentences) -> list[Finding]:
    """One finding per confers_* relation of a brat document that is neither negated nor hedged."""
    def arg(e: GoldEntity) -> Arg:
        for m in mentions:
            if m.label == e.label and overlaps(m, e) and m.norm_id:
                return Arg.of(m.norm_id, [e.text, m.norm_name])
        return Arg.of("", [e.text])

    edges: dict[str, list[str]] = defaultdict(list)
    for r in g.relations:
        if not r.type.startswith("confers_") and not r.negated:
            edges[r.arg1].append(r.arg2)
    found = []
    for r in g.relations:
        if not r.type.startswith("confers_") or r.negated or r.hedged:
            continue
        a, b = g.entity(r.arg1), g.entity(r.arg2)
        chain = _axis(g, a, edges)
        lo, hi = sents.bounds(g.doc_id, a.start)
        cancers = [e for e in g.entities if e.label == "CANCER" and lo <= e.start < hi]
        found.append(Finding(g.doc_id, r.type.removeprefix("confers_"), arg(a), arg(b), [arg(e) for e in chain],
                             [arg(e) for e in cancers], bool(cancers), b.drug_class, g.text[lo:hi]))
    return found


def _axis(g: GoldDocument, start: GoldEntity, edges: Mapping[str, list[str]]) -> list[GoldEntity]:
    """The entities reached from ``start`` along ``edges``, breadth first and each step in text order: the axis
    as written."""
    chain, frontier, seen = [], [start.id], {start.id}
    while frontier:
        nxt = []
        for node in frontier:
            for o in sorted(edges.get(node, []), key=lambda i: g.entity(i).start):
                if o not in seen:
                    seen.add(o)
                    chain.append(g.entity(o))
                    nxt.append(o)
        frontier = nxt
    return chain


def doc_triples(triples: Iterable[Triple], docs: set[str]) -> dict[str, list[Triple]]:
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


def pred_findings(doc_id: str, triples: Sequence[Triple], surfaces: Surfaces,
                  relations: Mapping[tuple[str, int], list[Relation]]) -> list[Finding]:
    """Predicted findings of one document: its triples (drug classes left out, being optional), each with the
    assertion of the confers relations behind it (``relations`` by document and sentence id)."""
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
        reg_key, drug_key = pred_key(t.regulator, t.regulator_id), pred_key(t.drug, t.drug_id)
        behind = [r for sid in sids for r in relations.get((doc_id, sid), []) if r.predicate == "confers_" + t.effect
                  and pred_key(r.subject, r.subject_id) == reg_key and pred_key(r.object, r.object_id) == drug_key]
        assertion = join_distinct(assertion_of(r) for r in behind) or ("hedged" if t.hedged else "finding")
        out.append(Finding(doc_id, t.effect, reg, drug, targets, cancers, sentence=t.evidence,
                           rule=t.rule or join_distinct(r.rule for r in behind), assertion=assertion, provenance=sids,
                           belief=t.belief))
    return sorted(out, key=lambda f: (f.effect, f.describe()))
