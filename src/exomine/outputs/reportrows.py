"""The report's rows beyond the triples themselves: each triple's mentions, in evidence order, and the statements
that did not become triples.

A triple's mentions are the triple mentions of the shard tables that share
its aggregation key (:func:`exomine.tables.triple_key`), ordered as the
aggregation chooses the primary evidence (:func:`exomine.tables.evidence_rank`:
a body sentence before a caption or a reference title, by the mention's
``section_kind``, a direct statement before a knockdown paraphrase, then
belief): the first is the triple's ``evidence``. Each is
``[doc_id, [sentence ids], section, rule, belief]``, the section the
reader's name for the part of the document the sentence is in.

A statement is a drug-effect relation (``confers_*``) that the sentence does
not assert as a finding (hedged, an association, an aim, negated): it is no
triple, and the report lists it beside the triples, filterable by assertion,
with the belief its rule and assertion would give (:mod:`exomine.extraction.belief`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Mapping, Sequence

from exomine.curation import relation_mark_key
from exomine.entities.lexicon import is_drug_class
from exomine.extraction.belief import Priors, load_priors
from exomine.records import Relation, Triple
from exomine.tables import evidence_rank, triple_key

__all__ = ["mention_index", "triple_mentions", "statement_rows", "assertion_of"]

Sections = Mapping[tuple[str, int], str]  # (doc, sentence id) -> section name


def _keys(provenance: str) -> list[tuple[str, int]]:
    out = []
    for part in provenance.split(";"):
        doc, _, sid = part.rpartition(":")
        if doc and sid.lstrip("-").isdigit():
            out.append((doc, int(sid)))
    return out


def mention_index(mentions: Iterable[Triple]) -> dict[tuple[str, str, str], list[Triple]]:
    """The triple mentions by aggregation key, in table order."""
    index: dict[tuple[str, str, str], list[Triple]] = {}
    for m in mentions:
        index.setdefault(triple_key(m), []).append(m)
    return index


def _section_of(m: Triple, sections: Sections) -> str:
    """The section of a mention's first sentence (the reader's name: body, figure, references ...)."""
    return next((sections.get(k, "") for k in _keys(m.provenance)), "")


def triple_mentions(t: Triple, index: Mapping[tuple[str, str, str], list[Triple]], sections: Sections) -> list[list]:
    """The mentions behind ``t`` (of its documents), primary evidence first; from its provenance when no mention
    table was read."""
    docs = set(t.doc_ids.split(";"))
    found = [m for m in index.get(triple_key(t), []) if m.doc_ids in docs]
    if not found:
        found = [replace(t, doc_ids=doc, provenance=f"{doc}:{sid}", evidence="") for doc, sid in _keys(t.provenance)]
    ranked = sorted(found, key=evidence_rank, reverse=True)  # as the aggregation chose the triple's evidence
    out = []
    for m in ranked:
        keys = _keys(m.provenance)
        doc = keys[0][0] if keys else m.doc_ids
        out.append([doc, [sid for d, sid in keys if d == doc], _section_of(m, sections), m.rule, m.belief])
    return out


def assertion_of(r: Relation) -> str:
    """A relation's assertion; its negated/hedged flags where a table predates the assertion column."""
    if (r.assertion or "finding") == "finding":
        return "negated" if r.negated else "hedged" if r.hedged else "finding"
    return r.assertion


def statement_rows(relations: Sequence[Relation], priors: Priors | None = None) -> list[dict[str, Any]]:
    """One report row per drug-effect relation that is not asserted as a finding (no triple)."""
    priors = priors or load_priors()
    rows = []
    for r in relations:
        assertion = assertion_of(r)
        if not r.predicate.startswith("confers_") or assertion == "finding":
            continue
        belief = priors.mention_belief(r.rule, r.section, assertion)
        rows.append({
            "kind": "statement", "key": relation_mark_key(r), "reg": r.subject, "regLabel": r.subject_label,
            "regId": r.subject_id, "targets": [], "drug": r.object, "drugId": r.object_id or f"text:{r.object.lower()}",
            "drugClass": is_drug_class(r.object_id), "effect": r.predicate.removeprefix("confers_"), "cancer": "",
            "cell": "", "nMentions": 1, "nDocs": 1, "docs": [r.doc_id], "assertion": assertion, "belief": belief,
            "rules": [r.rule] if r.rule else [], "evidence": r.evidence,
            "mentions": [[r.doc_id, [r.sentence_id], r.section, r.rule, belief]], "edges": [],
        })
    return rows
