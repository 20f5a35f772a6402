"""Exports for other tools: brat standoff, BioC XML/JSON and Cytoscape JSON.

* **brat** (``brat/<stem>.txt`` + ``.ann``, with ``annotation.conf``): the
  predicted entities and relations over the cleaned text, so that a curator
  can open them in brat, correct them and use them as gold
  (:func:`exomine.evaluation.brat.read_ann` reads them back). A relation the text does
  not state as a finding (hedged, an aim or an association) carries
  ``Hedged``, a negated one ``Negated``, and a DRUG entity that names a
  drug class ``Class``, as the annotation guidelines say;
  the normalised id, rule and assertion of each annotation are in brat's
  ``AnnotatorNotes`` (``#`` lines, which the gold reader skips).
* **BioC** (Comeau et al. 2013): one collection, a document per text, a
  passage per paragraph, annotations typed by label with their identifier,
  relations at document level with ``Arg1``/``Arg2`` nodes (the
  ``bioc`` package and :func:`exomine.evaluation.goldformats.read_bioc` read it).
* **Cytoscape** ``.cyjs`` (Cytoscape.js / Cytoscape desktop JSON, via
  :func:`networkx.cytoscape_data`): the relation graph of ``graph.graphml``,
  and the triple network (one regulator -> drug edge per triple).

The core takes in-memory records (:func:`annotate`, :func:`brat_ann`,
:func:`bioc_document`, :func:`triple_network`); the writers at the end read
the results database and documents one at a time.

>>> from exomine.records import Document, Mention, Paragraph, Section
>>> text = "miR-9999 and FOO1."
>>> doc = Document("d", "d.txt", text, (Section("abstract", "", (Paragraph(0, text),)),))
>>> m = [Mention("d", "abstract", 0, 0, 8, "miR-9999", "MIRNA", "miRBase:X", "hsa-miR-9999", "rule")]
>>> [line.split(chr(9)) for line in brat_ann(annotate(doc, m, [])).splitlines()]
[['T1', 'MIRNA 0 8', 'miR-9999'], ['#1', 'AnnotatorNotes T1', 'miRBase:X hsa-miR-9999 (rule)']]
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx

from exomine.entities.lexicon import is_drug_class
from exomine.filenames import doc_stem
from exomine.records import LABELS, PREDICATES, Document, Mention, Relation, Triple
from exomine.tables import atomic_open

__all__ = ["AnnEntity", "AnnRelation", "Annotated", "annotate", "brat_ann", "annotation_conf", "bioc_document",
           "graph_cyjs", "triple_network", "write_brat", "write_bioc", "write_cyjs", "iter_annotated", "xml_safe"]

log = logging.getLogger(__name__)

NOT_FINDINGS = ("hedged", "aim", "association")  # assertions written as brat's Hedged attribute

# Characters outside XML 1.0's Char production (C0 controls but tab and line ends, lone surrogates, U+FFFE, U+FFFF)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Line ends besides those that XML cannot carry (brat and exomine's gold reader split .ann lines at them)
_LINE_ENDS = re.compile("[\n\r\x85\u2028\u2029]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot carry replaced by U+FFFD (one for one: offsets stay true).

    Text that was read may hold them (``\\x0b`` from a word processor, an ANSI escape, U+FFFE); BioC XML
    cannot, and the brat export writes the same text so that both agree.

    >>> xml_safe("a\\x0bb\\x1b[1mc\\ufffe") == "a\\ufffdb\\ufffd[1mc\\ufffd"
    True
    """
    return _NOT_XML.sub("\ufffd", text)


@dataclass(frozen=True)
class AnnEntity:
    """An entity span of one document with its export id (``T<n>``)."""

    id: str
    label: str
    start: int
    end: int
    text: str
    norm_id: str
    norm_name: str
    source: str

    @property
    def drug_class(self) -> bool:
        """A DRUG entity that names a class of drugs (brat's ``Class`` attribute)."""
        return self.label == "DRUG" and is_drug_class(self.norm_id)


@dataclass(frozen=True)
class AnnRelation:
    """A relation between two exported entities (``R<n>``)."""

    id: str
    type: str
    arg1: str
    arg2: str
    negated: bool
    hedged: bool
    assertion: str
    rule: str
    sentence_id: int


@dataclass(frozen=True)
class Annotated:
    """A document with its exported entities and relations; ``skipped`` counts what could not be exported."""

    doc: Document
    entities: tuple[AnnEntity, ...]
    relations: tuple[AnnRelation, ...]
    skipped: int = 0


def _exportable(text: str, label: str, start: int, end: int) -> bool:
    return label in LABELS and 0 <= start < end <= len(text) and not _LINE_ENDS.search(text, start, end)


def annotate(doc: Document, mentions: Iterable[Mention], relations: Iterable[Relation]) -> Annotated:
    """Number a document's entity spans and relations for export.

    One entity per (label, start, end); a relation argument that is no
    entity mention becomes one (from the relation's offsets). A relation
    row repeated with the same arguments, type and qualifiers is exported
    once. Spans that cross a line, leave the text or carry an unknown label
    (brat cannot show them) are skipped and counted.
    """
    text = doc.text
    spans: dict[tuple[str, int, int], AnnEntity] = {}
    skipped = 0

    def entity(label: str, start: int, end: int, norm_id: str, norm_name: str, source: str) -> AnnEntity | None:
        key = (label, start, end)
        if key not in spans:
            if not _exportable(text, label, start, end):
                return None
            spans[key] = AnnEntity("", label, start, end, text[start:end], norm_id, norm_name, source)
        return spans[key]

    for m in mentions:
        if entity(m.label, m.start, m.end, m.norm_id, m.norm_name, m.source) is None:
            skipped += 1
    pending = []
    for r in relations:
        a = entity(r.subject_label, r.subject_start, r.subject_end, r.subject_id, r.subject, "relation argument")
        b = entity(r.object_label, r.object_start, r.object_end, r.object_id, r.object, "relation argument")
        if a is None or b is None or r.predicate not in PREDICATES:
            skipped += 1
            continue
        hedged = bool(r.hedged) or r.assertion in NOT_FINDINGS
        negated = bool(r.negated) or r.assertion == "negated"
        pending.append((r.predicate, (a.label, a.start, a.end), (b.label, b.start, b.end), negated, hedged,
                        r.assertion, r.rule, r.sentence_id))
    ordered = sorted(spans.values(), key=lambda e: (e.start, e.end, e.label))
    ids = {(e.label, e.start, e.end): f"T{i}" for i, e in enumerate(ordered, 1)}
    ents = tuple(AnnEntity(ids[(e.label, e.start, e.end)], *[getattr(e, f) for f in
                                                              ("label", "start", "end", "text", "norm_id",
                                                               "norm_name", "source")]) for e in ordered)
    rels, seen = [], set()
    for pred, a, b, negated, hedged, assertion, rule, sid in pending:
        key = (pred, a, b, negated, hedged)
        if key in seen:
            continue
        seen.add(key)
        rels.append(AnnRelation(f"R{len(rels) + 1}", pred, ids[a], ids[b], negated, hedged, assertion, rule, sid))
    return Annotated(doc, ents, tuple(rels), skipped)


def _note(value: str) -> str:
    return " ".join(xml_safe(value).split())


def brat_ann(a: Annotated) -> str:
    """The ``.ann`` standoff of an annotated document."""
    lines, n_attr, n_note = [], 0, 0
    for e in a.entities:
        lines.append(f"{e.id}\t{e.label} {e.start} {e.end}\t{xml_safe(e.text)}")
        if e.drug_class:
            n_attr += 1
            lines.append(f"A{n_attr}\tClass {e.id}")
        n_note += 1
        lines.append(f"#{n_note}\tAnnotatorNotes {e.id}\t{_note(f'{e.norm_id} {e.norm_name} ({e.source})')}")
    for r in a.relations:
        lines.append(f"{r.id}\t{r.type} Arg1:{r.arg1} Arg2:{r.arg2}")
        for flag, on in (("Negated", r.negated), ("Hedged", r.hedged)):
            if on:
                n_attr += 1
                lines.append(f"A{n_attr}\t{flag} {r.id}")
        n_note += 1
        lines.append(f"#{n_note}\tAnnotatorNotes {r.id}\t{_note(f'assertion={r.assertion} rule={r.rule}')}")
    return "\n".join(lines) + "\n" if lines else ""


# Argument types of each predicate (brat's annotation.conf needs them; "<ENTITY>" would allow any).
_REGULATORS = "MIRNA|CIRCRNA|LNCRNA|GENE"
_ARGS = {
    "targets": (_REGULATORS, "MIRNA|CIRCRNA|LNCRNA|GENE|PATHWAY"),
    "sponges": (_REGULATORS, "MIRNA|CIRCRNA|LNCRNA|GENE"),
    "confers_resistance": (_REGULATORS + "|PATHWAY|CELL", "DRUG"),
    "confers_sensitivity": (_REGULATORS + "|PATHWAY|CELL", "DRUG"),
}


def annotation_conf() -> str:
    """brat's ``annotation.conf`` for exomine's labels, predicates and attributes."""
    rels = []
    for p in PREDICATES:
        arg1, arg2 = _ARGS.get(p, ("<ENTITY>", "<ENTITY>"))
        rels.append(f"{p}\tArg1:{arg1}, Arg2:{arg2}")
    return ("# brat configuration for exomine predictions (labels and predicates of exomine.records)\n"
            "[entities]\n" + "\n".join(LABELS) + "\n\n[relations]\n" + "\n".join(rels) +
            "\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n"
            "Negated\tArg:<RELATION>\nHedged\tArg:<RELATION>\nClass\tArg:DRUG\n")


def bioc_document(a: Annotated):
    """A ``bioc.BioCDocument``: a passage per paragraph, annotations in their paragraph, relations on the document.

    Every text goes through :func:`xml_safe`, so any text that was read can be written as BioC XML.
    """
    import bioc

    x = xml_safe
    d = bioc.BioCDocument()
    d.id = x(a.doc.doc_id)
    for key, value in sorted(a.doc.metadata.items()):
        if value not in ("", None):
            d.infons[x(str(key))] = x(str(value))
    passages = []
    for s in a.doc.sections:
        for p in s.paragraphs:
            passage = bioc.BioCPassage()
            passage.offset, passage.text = p.start, x(p.text)
            passage.infons.update({"section_type": x(s.name), "type": "paragraph", "heading": x(s.heading)})
            passages.append((p.start, p.end, passage))
            d.add_passage(passage)
    for e in a.entities:
        home = next((ps for start, end, ps in passages if start <= e.start and e.end <= end), None)
        if home is None:  # outside every paragraph: a passage of its own span keeps the offsets true
            home = bioc.BioCPassage()
            home.offset, home.text = e.start, x(e.text)
            home.infons["type"] = "span"
            passages.append((e.start, e.end, home))
            d.add_passage(home)
        ann = bioc.BioCAnnotation()
        ann.id, ann.text = e.id, x(e.text)
        ann.infons.update({"type": e.label, "identifier": x(e.norm_id), "name": x(e.norm_name), "source": x(e.source)})
        if e.drug_class:
            ann.infons["drug_class"] = "true"
        ann.add_location(bioc.BioCLocation(e.start, e.end - e.start))
        home.add_annotation(ann)
    for r in a.relations:
        rel = bioc.BioCRelation()
        rel.id = r.id
        rel.infons.update({"type": r.type, "negated": str(r.negated).lower(), "hedged": str(r.hedged).lower(),
                           "assertion": x(r.assertion), "rule": x(r.rule), "sentence_id": str(r.sentence_id)})
        rel.add_node(bioc.BioCNode(r.arg1, "Arg1"))
        rel.add_node(bioc.BioCNode(r.arg2, "Arg2"))
        d.add_relation(rel)
    return d


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def graph_cyjs(g: nx.Graph, name: str = "exomine") -> dict:
    """Cytoscape JSON of a graph (node ``id``, ``name`` and ``label``; edge ``predicate`` and support)."""
    h = g.copy()
    for _, data in h.nodes(data=True):
        data.update({k: _jsonable(v) for k, v in data.items()})
    data = nx.cytoscape_data(h)
    data["data"] = {"name": name}
    return data


def triple_network(triples: Iterable[Triple]) -> nx.MultiDiGraph:
    """One regulator -> drug edge per triple (effect, targets, cancer, support as edge data)."""
    g = nx.MultiDiGraph()
    for i, t in enumerate(triples, 1):
        reg, drug = t.regulator_id or f"text:{t.regulator}", t.drug_id or f"text:{t.drug}"
        g.add_node(reg, name=t.regulator, label=t.regulator_label)
        g.add_node(drug, name=t.drug, label="DRUG", drug_is_class=t.drug_is_class)
        g.add_edge(reg, drug, key=f"triple{i}", triple_id=i, effect=t.effect, targets=t.targets,
                   target_ids=t.target_ids, cancer=t.cancer, source_cell=t.source_cell, n_mentions=t.n_mentions,
                   n_docs=t.n_docs, hedged=t.hedged, doc_ids=t.doc_ids)
    return g


# -- writers (I/O edge) ------------------------------------------------------------------------------------------

def _atomic_write(path: Path, text: str) -> None:
    with atomic_open(path) as fh:
        fh.write(text)


def _rows(cur, cls, batch: int = 5000) -> Iterator:
    names = [d[0] for d in cur.description]
    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            return
        for row in rows:
            yield cls.from_row(dict(zip(names, row)))


def iter_annotated(database: str | Path, docs_dir: str | Path) -> Iterator[Annotated]:
    """Every document of the results database with its entities and relations, one at a time (by doc_id)."""
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        doc_ids = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
        ents = _rows(con.cursor().execute("SELECT * FROM entities ORDER BY doc_id, start, \"end\""), Mention)
        rels = _rows(con.cursor().execute("SELECT * FROM relations ORDER BY doc_id, sentence_id"), Relation)
        next_ent, next_rel = next(ents, None), next(rels, None)
        for doc_id in doc_ids:
            path = Path(docs_dir) / f"{doc_stem(doc_id)}.json"
            try:
                doc = Document.from_json(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError) as exc:
                raise ValueError(f"{path}: cannot read the document ({exc})") from exc
            # rows of a document without a documents row (doc_ids sort the same way in both) are passed over
            while next_ent is not None and next_ent.doc_id < doc_id:
                next_ent = next(ents, None)
            while next_rel is not None and next_rel.doc_id < doc_id:
                next_rel = next(rels, None)
            mine_e, mine_r = [], []
            while next_ent is not None and next_ent.doc_id == doc_id:
                mine_e.append(next_ent)
                next_ent = next(ents, None)
            while next_rel is not None and next_rel.doc_id == doc_id:
                mine_r.append(next_rel)
                next_rel = next(rels, None)
            yield annotate(doc, mine_e, mine_r)
    finally:
        con.close()


def write_brat(annotated: Iterable[Annotated], out_dir: str | Path) -> dict[str, int]:
    """``<out_dir>/<stem>.txt`` and ``.ann`` per document, plus ``annotation.conf``; returns counts.

    ``<stem>`` is :func:`exomine.filenames.doc_stem` of the document id; text is written through
    :func:`xml_safe` (the same characters, one for one, so offsets stay true). The pairs of documents no
    longer exported (removed from the corpus) are deleted.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {"documents": 0, "entities": 0, "relations": 0, "skipped": 0}
    written = set()
    for a in annotated:
        stem = doc_stem(a.doc.doc_id)  # never the raw id as a path
        written.add(stem)
        _atomic_write(out_dir / f"{stem}.txt", xml_safe(a.doc.text))  # as brat_ann writes the spans' text
        _atomic_write(out_dir / f"{stem}.ann", brat_ann(a))
        counts["documents"] += 1
        counts["entities"] += len(a.entities)
        counts["relations"] += len(a.relations)
        counts["skipped"] += a.skipped
    for stale in [*out_dir.glob("*.ann"), *out_dir.glob("*.txt")]:
        if stale.stem not in written:
            stale.unlink()
    _atomic_write(out_dir / "annotation.conf", annotation_conf())
    return counts


def write_bioc(annotated: Iterable[Annotated], xml_path: str | Path, json_path: str | Path) -> int:
    """One BioC collection, as XML and as JSON, written one document at a time; returns the number of documents."""
    import bioc
    from bioc.biocjson.encoder import BioCJSONEncoder
    from bioc.biocxml.encoder import BioCXMLDocumentWriter

    xml_path, json_path = Path(xml_path), Path(json_path)
    for p in (xml_path, json_path):
        p.parent.mkdir(parents=True, exist_ok=True)
    xml_tmp, json_tmp = xml_path.with_name(f".{xml_path.name}.tmp"), json_path.with_name(f".{json_path.name}.tmp")
    collection = bioc.BioCCollection()
    collection.source, collection.key = "exomine", "exomine.key"
    # The same corpus gives the same file on any day: the date is the build's (SOURCE_DATE_EPOCH,
    # the reproducible-builds convention), else left empty rather than today's.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    collection.date = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%d")
                       if epoch.isdigit() else "")
    head = {k: v for k, v in BioCJSONEncoder().default(collection).items() if k != "documents"}
    encoder = BioCJSONEncoder()
    n = 0
    with open(json_tmp, "w", encoding="utf-8") as fh:
        xml = BioCXMLDocumentWriter(str(xml_tmp))
        xml.write_collection_info(collection)
        fh.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "documents": [\n')
        for a in annotated:
            doc = bioc_document(a)
            xml.write_document(doc)
            fh.write((",\n" if n else "") + json.dumps(encoder.default(doc), ensure_ascii=False))
            n += 1
        fh.write("\n]}\n")
        xml.close()
    os.replace(xml_tmp, xml_path)
    os.replace(json_tmp, json_path)
    return n


def write_cyjs(graph: nx.Graph, path: str | Path, name: str = "exomine") -> None:
    """Write a graph as Cytoscape JSON (``.cyjs``)."""
    _atomic_write(Path(path), json.dumps(graph_cyjs(graph, name), ensure_ascii=False, indent=1))
