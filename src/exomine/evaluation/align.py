"""Putting a gold item beside a predicted one: the sentence of an offset, the identity of an argument.

A gold argument is identified by the normalised id of the predicted mention
that overlaps it with the same label (so "doxorubicin" and its short form
"DOX" are one argument), else by its folded text; a predicted argument by its
normalised id, else its folded name. Also a predicted relation's assertion,
and the ";"-joined lists of rules and assertions that error rows show.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping, Sequence

from exomine.evaluation.brat import GoldEntity
from exomine.evaluation.names import fold
from exomine.records import Mention, Relation, SentenceRow

__all__ = ["Sentences", "overlaps", "gold_key", "pred_key", "assertion_of", "join_distinct"]


class Sentences:
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


def overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def gold_key(doc_id: str, e: GoldEntity, mentions: Sequence[Mention]) -> str:
    """Identity of a gold argument: the id of the predicted mention on it, else its folded text."""
    for m in mentions:
        if m.label == e.label and overlaps(m, e) and m.norm_id:
            return m.norm_id
    return "text:" + fold(e.text)


def pred_key(name: str, norm_id: str) -> str:
    """Identity of a predicted argument: its normalised id, else its folded name."""
    return norm_id or "text:" + fold(name)


def assertion_of(r: Relation) -> str:
    """The relation's assertion; the negated/hedged flags where a table predates the assertion column."""
    if (r.assertion or "finding") == "finding":
        return "negated" if r.negated else "hedged" if r.hedged else "finding"
    return r.assertion


def join_distinct(values: Iterable[str]) -> str:
    """The distinct non-empty values, in order, joined with ";"."""
    return ";".join(dict.fromkeys(v for v in values if v))
