"""Curation marks: a curator's verdict on a triple or a relation, as the report exports them.

The report (``results/report.html``) lets a curator mark a triple or a relation
``correct``, ``wrong`` or ``unsure`` with a note; the marks are kept in the
browser and exported as a TSV file of this format (one mark a line, a header):

============  ==========================================================================
column        what
============  ==========================================================================
kind          ``triple`` or ``relation``
subject       the regulator (triple) or the relation's subject, as the tables name it
subject_id    its normalised identifier (may be empty)
predicate     ``confers_resistance`` / ``confers_sensitivity`` for a triple; the relation's predicate
object        the drug (triple) or the relation's object
object_id     its normalised identifier (may be empty)
doc_id        the documents of a triple (``;``-joined), the document of a relation
sentence_id   the relation's sentence (empty for a triple)
mark          ``correct``, ``wrong`` or ``unsure``
note          free text
marked_at     when (ISO 8601, from the browser)
key           :func:`mark_key`, which the report uses to find the item again
============  ==========================================================================

The file is gold for ``exomine evaluate`` (:mod:`exomine.evaluation.goldformats`)
and an input of the workflow (``--config curation=FILE``): the report shows
the marks, and ``curation_drop_wrong=true`` leaves out of the corpus tables
what was marked wrong (:func:`drop_wrong`). Identity is by normalised id,
else the lower-cased name, as the triple aggregation groups
(:func:`exomine.tables.triple_key`).

>>> m = CurationMark("triple", "miR-9999", "MI9", "confers_resistance", "foomycin", "", "a;b", "", "wrong")
>>> mark_key(m)
'triple|MI9|foomycin|resistance'
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Iterable, Sequence

from exomine.records import RELATION_COLUMNS, TRIPLE_COLUMNS, Relation, Triple
from exomine.tables import atomic_open, read_records, write_records

__all__ = ["CurationMark", "CURATION_COLUMNS", "MARKS", "KINDS", "CurationError", "read_curation", "write_curation",
           "mark_key", "triple_mark_key", "relation_mark_key", "drop_wrong", "drop_wrong_from_tables", "is_curation_file"]

MARKS = ("correct", "wrong", "unsure")
KINDS = ("triple", "relation")


class CurationError(ValueError):
    """A curation file that cannot be read: names the file, the line and the reason."""


@dataclass(frozen=True)
class CurationMark:
    kind: str
    subject: str
    subject_id: str
    predicate: str
    object: str
    object_id: str
    doc_id: str
    sentence_id: str
    mark: str
    note: str = ""
    marked_at: str = ""

    @property
    def effect(self) -> str:
        return self.predicate.removeprefix("confers_")


CURATION_COLUMNS = tuple(f.name for f in fields(CurationMark)) + ("key",)


def _id_or_name(norm_id: str, name: str) -> str:
    return norm_id or name.lower()


def triple_mark_key(t: Triple) -> str:
    """The key of a corpus triple (its aggregation key)."""
    return f"triple|{_id_or_name(t.regulator_id, t.regulator)}|{_id_or_name(t.drug_id, t.drug)}|{t.effect}"


def relation_mark_key(r: Relation) -> str:
    """The key of a relation mention: its document, sentence, arguments and predicate."""
    return (f"relation|{r.doc_id}|{r.sentence_id}|{_id_or_name(r.subject_id, r.subject)}|{r.predicate}|"
            f"{_id_or_name(r.object_id, r.object)}")


def mark_key(m: CurationMark) -> str:
    """The key of the item a mark is about (:func:`triple_mark_key` or :func:`relation_mark_key` of it)."""
    if m.kind == "triple":
        return f"triple|{_id_or_name(m.subject_id, m.subject)}|{_id_or_name(m.object_id, m.object)}|{m.effect}"
    return (f"relation|{m.doc_id}|{m.sentence_id}|{_id_or_name(m.subject_id, m.subject)}|{m.predicate}|"
            f"{_id_or_name(m.object_id, m.object)}")


def is_curation_file(path: str | Path) -> bool:
    """Whether ``path`` is a TSV whose header is that of a curation file."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            head = fh.readline().rstrip("\r\n").split("\t")
    except (OSError, UnicodeDecodeError):
        return False
    return head[:2] == ["kind", "subject"] and "mark" in head


def read_curation(path: str | Path) -> list[CurationMark]:
    """The marks of a curation file; the last mark of an item wins.

    Raises
    ------
    CurationError
        On a missing column, an unknown kind or mark, a relation without a document (file and line named).
    """
    path = Path(path)
    required = CURATION_COLUMNS[:9]  # note, marked_at and key may be absent
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise CurationError(f"{path}: not a curation file (missing column(s) {', '.join(missing)})")
        marks: dict[str, CurationMark] = {}
        for no, row in enumerate(reader, 2):
            m = CurationMark(**{f.name: (row.get(f.name) or "").strip() for f in fields(CurationMark)})
            if m.kind not in KINDS:
                raise CurationError(f"{path}:{no}: kind must be one of {', '.join(KINDS)}, not {m.kind!r}")
            if m.mark not in MARKS:
                raise CurationError(f"{path}:{no}: mark must be one of {', '.join(MARKS)}, not {m.mark!r}")
            if not (m.subject or m.subject_id) or not (m.object or m.object_id) or not m.predicate:
                raise CurationError(f"{path}:{no}: a mark needs a subject, a predicate and an object")
            if m.kind == "relation" and not (m.doc_id and m.sentence_id.lstrip("-").isdigit()):
                raise CurationError(f"{path}:{no}: a relation mark needs its doc_id and sentence_id")
            marks[mark_key(m)] = m
    return list(marks.values())


def write_curation(path: str | Path, marks: Iterable[CurationMark]) -> int:
    """Write marks in the curation format; returns how many."""
    rows = [{**asdict(m), "key": mark_key(m)} for m in marks]
    with atomic_open(path) as fh:
        writer = csv.DictWriter(fh, CURATION_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def drop_wrong(records: Sequence[Triple | Relation], marks: Iterable[CurationMark]) -> tuple[list, int]:
    """The triples (or relations) a curator did not mark wrong, and how many were left out."""
    wrong = {mark_key(m) for m in marks if m.mark == "wrong"}
    kept = [r for r in records if (triple_mark_key(r) if isinstance(r, Triple) else relation_mark_key(r)) not in wrong]
    return kept, len(records) - len(kept)


def drop_wrong_from_tables(curation: str | Path, triples: str | Path, relations: str | Path) -> tuple[int, int]:
    """Rewrite the corpus ``triples`` and ``relations`` tables without what ``curation`` marks wrong; returns how
    many triples and relations were left out."""
    marks = read_curation(curation)
    counts = []
    for path, cls, columns in ((triples, Triple, TRIPLE_COLUMNS), (relations, Relation, RELATION_COLUMNS)):
        kept, dropped = drop_wrong(read_records(path, cls), marks)
        if dropped:
            write_records(path, kept, columns)
        counts.append(dropped)
    return counts[0], counts[1]
