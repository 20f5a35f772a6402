"""Read brat standoff annotations (``.ann``) strictly.

Gold is data: every line is checked, and a malformed one raises
:class:`AnnotationError` naming the file, the line number and the reason
(bad offsets, unknown label or relation type, text that does not match the
span, a relation argument that names no entity).

Attributes: ``Negated`` and ``Hedged`` qualify a relation (``A1\tHedged R3``);
``Class`` marks a DRUG entity that names a drug class rather than a drug
(``A2\tClass T7``: "EGFR-TKIs", "platinum"). A class is optional when scored:
neither required nor wrong (see :mod:`exomine.evaluation.evaluate`).

>>> text = "Exosomal miR-21 confers cisplatin resistance."
>>> ann = "T1\\tMIRNA 9 15\\tmiR-21\\nT2\\tDRUG 24 33\\tcisplatin\\nR1\\tconfers_resistance Arg1:T1 Arg2:T2\\n"
>>> gold = parse_ann(ann, text, "x.ann")
>>> [(r.type, gold.entity(r.arg1).text, gold.entity(r.arg2).text) for r in gold.relations]
[('confers_resistance', 'miR-21', 'cisplatin')]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from exomine.records import LABELS, PREDICATES

__all__ = ["AnnotationError", "GoldEntity", "GoldRelation", "GoldTriple", "GoldDocument", "LEVELS", "parse_ann",
           "read_ann", "format_ann"]

RELATION_ATTRIBUTES = ("Negated", "Hedged")
ENTITY_ATTRIBUTES = ("Class",)
ATTRIBUTES = RELATION_ATTRIBUTES + ENTITY_ATTRIBUTES
# What a gold source can annotate; a level it does not annotate is not scored.
LEVELS = ("entity", "relation", "triple")


class AnnotationError(ValueError):
    def __init__(self, path: str, line_no: int, reason: str):
        super().__init__(f"{path}:{line_no}: {reason}")
        self.path, self.line_no, self.reason = path, line_no, reason


@dataclass(frozen=True)
class GoldEntity:
    id: str
    label: str
    start: int
    end: int
    text: str
    drug_class: bool = False  # a DRUG entity that names a class (``Class`` attribute)


@dataclass(frozen=True)
class GoldRelation:
    id: str
    type: str
    arg1: str
    arg2: str
    negated: bool = False
    hedged: bool = False


@dataclass(frozen=True)
class GoldTriple:
    """A finding that gold states by name, without spans (sentence-level gold such as exodev).

    ``targets`` are in chain order; ``cancer`` is empty when the text names
    none; an ``optional`` triple (a drug class) is neither required nor wrong.
    """

    regulator: str
    drug: str
    effect: str  # resistance | sensitivity
    targets: tuple[str, ...] = ()
    cancer: str = ""
    optional: bool = False
    wrong: bool = False  # known not to be a finding (a curator marked it wrong): predicting it is a false positive


@dataclass(frozen=True)
class GoldDocument:
    """A gold text with what it annotates.

    ``triples`` is ``None`` when gold triples are derived from the
    ``confers_*`` relations (brat, BioC); sentence-level gold gives them
    directly. ``levels`` and ``labels`` say what the source annotates, so
    that a corpus without relations (PubTator) or without circRNAs (SCAI)
    is not scored on them; a ``partial`` document judges only the triples it
    lists (right, optional or ``wrong``).
    """

    doc_id: str
    text: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    triples: tuple[GoldTriple, ...] | None = None
    levels: tuple[str, ...] = LEVELS
    labels: tuple[str, ...] = LABELS
    source: str = ""  # the corpus file the gold is about, when it names one (document-level findings)
    partial: bool = False  # only the triples it lists are judged (curation marks): another prediction is not scored
    _by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def entity(self, ent_id: str) -> GoldEntity:
        if not self._by_id:
            self._by_id.update({e.id: e for e in self.entities})
        return self._by_id[ent_id]


def parse_ann(ann: str, text: str, path: str = "<ann>", doc_id: str = "",
              labels: tuple[str, ...] = LABELS, predicates: tuple[str, ...] = PREDICATES) -> GoldDocument:
    """Parse brat standoff against the text it annotates."""
    entities: dict[str, GoldEntity] = {}
    relations: dict[str, tuple[str, str, str, int]] = {}
    attrs: dict[str, set[str]] = {}
    attr_lines: dict[str, int] = {}
    for no, line in enumerate(ann.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        ident = parts[0]
        if ident.startswith("T"):
            if len(parts) != 3:
                raise AnnotationError(path, no, "entity line needs 3 tab-separated fields: ID, 'LABEL START END', text")
            head = parts[1].split(" ")
            if len(head) != 3:
                raise AnnotationError(path, no, f"expected 'LABEL START END', got {parts[1]!r} (discontinuous spans are not supported)")
            label, s, e = head
            if label not in labels:
                raise AnnotationError(path, no, f"unknown entity label {label!r} (expected one of {', '.join(labels)})")
            try:
                start, end = int(s), int(e)
            except ValueError:
                raise AnnotationError(path, no, f"offsets must be integers, got {s!r} {e!r}") from None
            if not 0 <= start < end <= len(text):
                raise AnnotationError(path, no, f"bad offsets {start}-{end} (text has {len(text)} characters)")
            if text[start:end] != parts[2]:
                raise AnnotationError(path, no, f"span text {parts[2]!r} does not match the text at {start}-{end}: {text[start:end]!r}")
            if ident in entities:
                raise AnnotationError(path, no, f"duplicate id {ident}")
            entities[ident] = GoldEntity(ident, label, start, end, parts[2])
        elif ident.startswith("R"):
            fields = parts[1].split(" ") if len(parts) >= 2 else []
            if len(fields) != 3 or not fields[1].startswith("Arg1:") or not fields[2].startswith("Arg2:"):
                raise AnnotationError(path, no, "relation line needs 'TYPE Arg1:Tn Arg2:Tm'")
            rtype = fields[0]
            if rtype not in predicates:
                raise AnnotationError(path, no, f"unknown relation type {rtype!r} (expected one of {', '.join(predicates)})")
            relations[ident] = (rtype, fields[1][5:], fields[2][5:], no)
        elif ident.startswith("A") or ident.startswith("M"):
            fields = parts[1].split(" ") if len(parts) >= 2 else []
            if len(fields) < 2 or fields[0] not in ATTRIBUTES:
                raise AnnotationError(path, no, f"attribute line needs 'Negated|Hedged Rn' or 'Class Tn', got {parts[1:]!r}")
            if fields[0] in ENTITY_ATTRIBUTES and not fields[1].startswith("T"):
                raise AnnotationError(path, no, f"{fields[0]} qualifies an entity (T line), not {fields[1]}")
            if fields[0] in RELATION_ATTRIBUTES and not fields[1].startswith("R"):
                raise AnnotationError(path, no, f"{fields[0]} qualifies a relation (R line), not {fields[1]}")
            attrs.setdefault(fields[1], set()).add(fields[0])
            attr_lines.setdefault(fields[1], no)
        else:
            raise AnnotationError(path, no, f"unknown annotation kind {ident!r} (expected T, R or A lines)")
    rels = []
    for rid, (rtype, a1, a2, no) in relations.items():
        for arg in (a1, a2):
            if arg not in entities:
                raise AnnotationError(path, no, f"relation {rid} refers to missing entity {arg}")
        got = attrs.get(rid, set())
        rels.append(GoldRelation(rid, rtype, a1, a2, "Negated" in got, "Hedged" in got))
    for target in attrs:
        if target not in relations and target not in entities:
            kind = "entity" if target.startswith("T") else "relation"
            raise AnnotationError(path, attr_lines[target], f"attribute refers to missing {kind} {target}")
    for tid, got in attrs.items():
        if "Class" in got:
            if entities[tid].label != "DRUG":
                raise AnnotationError(path, attr_lines[tid], f"Class marks a DRUG entity; {tid} is {entities[tid].label}")
            entities[tid] = replace(entities[tid], drug_class=True)
    return GoldDocument(doc_id or Path(path).stem, text, tuple(sorted(entities.values(), key=lambda e: (e.start, e.end))), tuple(rels))


def read_ann(ann_path: str | Path, text_path: str | Path, doc_id: str = "") -> GoldDocument:
    """Read ``.ann`` against its text file."""
    ann_path = Path(ann_path)
    try:
        text = Path(text_path).read_text(encoding="utf-8")
        ann = ann_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        bad = text_path if "text" not in locals() else ann_path
        raise AnnotationError(str(bad), 0, f"not UTF-8 text (invalid byte at offset {exc.start})") from exc
    return parse_ann(ann, text, str(ann_path), doc_id or ann_path.stem)


def format_ann(doc: GoldDocument) -> str:
    """Serialise a gold document back to brat standoff."""
    lines = [f"{e.id}\t{e.label} {e.start} {e.end}\t{e.text}" for e in doc.entities]
    n = 0
    for e in doc.entities:
        if e.drug_class:
            n += 1
            lines.append(f"A{n}\tClass {e.id}")
    for r in doc.relations:
        lines.append(f"{r.id}\t{r.type} Arg1:{r.arg1} Arg2:{r.arg2}")
        for flag, on in (("Negated", r.negated), ("Hedged", r.hedged)):
            if on:
                n += 1
                lines.append(f"A{n}\t{flag} {r.id}")
    return "\n".join(lines) + "\n"
