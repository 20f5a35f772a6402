"""What the HTML report shows: a results folder read into plain records, then one JSON-able payload.

Reading (:func:`read_results`) is the I/O edge; :func:`build_payload` is a pure function of the
records, so tests build a payload from hand-made records without files. The payload is compact
(rows as lists, nodes and edges by index) because a corpus of 10,000 triples has to fit in one
HTML file.

Each triple carries the edges it draws in the network: the regulator's chain of targets, each
target linked from the nearest earlier chain member that a stated relation links it to (with
that relation's predicate; ``chain`` when no relation states the link), and the regulator's
``confers_<effect>`` edge to the drug; its belief, and its mentions, primary evidence first
(:mod:`exomine.outputs.reportrows`). After the triples come the statements that did not become
triples (hedged, associations, aims, negations), which draw no edge. Triples and relations carry
the key a curation mark finds them by (:mod:`exomine.curation`); marks given to the run are in
``curation``. Documents and entity ids carry their links out (:mod:`exomine.outputs.links`).

>>> from exomine.records import Triple
>>> t = Triple("miR-9999", "MIRNA", "MI9", "FOO1", "HGNC:1", "Cisplatin", "DB1", "resistance", "", "", 1, 1, "a",
...            "e", False, "a:3")
>>> p = build_payload(ReportInputs(triples=(t,)))
>>> [(p["nodes"][s][1], pred, p["nodes"][o][1]) for s, o, pred in p["edges"]]
[('miR-9999', 'chain', 'FOO1'), ('miR-9999', 'confers_resistance', 'Cisplatin')]
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from exomine import __version__
from exomine.curation import CurationMark, mark_key, read_curation, relation_mark_key, triple_mark_key
from exomine.outputs.links import document_links, entity_url
from exomine.outputs.reportrows import mention_index, statement_rows, triple_mentions
from exomine.records import ASSERTIONS, LABELS, PREDICATES, Document, Mention, Relation, SentenceRow, Triple
from exomine.tables import read_records

__all__ = [
    "Evaluation",
    "ReportInputs",
    "read_results",
    "read_table",
    "build_payload",
    "DEFAULT_MAX_TEXT_CHARS",
    "INGEST_STATUSES",
]

#: Document texts are embedded whole while their total stays under this many characters; beyond it a
#: document contributes only its evidence sentences (the report says so).
DEFAULT_MAX_TEXT_CHARS = 8_000_000
INGEST_STATUSES = ("read", "rejected", "skipped", "duplicate")
EVAL_TABLES = ("summary", "entities", "relations", "triples")
NOT_AN_EDGE = ("negated", "aim", "association")  # as in exomine.outputs.graph: only stated findings link nodes


@dataclass(frozen=True)
class Evaluation:
    """The evaluation folder: score tables (``summary``, ``entities``, ``relations``, ``triples``) and errors."""

    tables: Mapping[str, tuple[Mapping[str, str], ...]] = field(default_factory=dict)
    errors: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report is built from. ``ingest`` is None when the results have no ingest report."""

    triples: tuple[Triple, ...] = ()
    relations: tuple[Relation, ...] = ()
    entities: tuple[Mention, ...] = ()
    sentences: tuple[SentenceRow, ...] = ()
    documents: tuple[Document, ...] = ()
    ingest: tuple[Mapping[str, str], ...] | None = None
    evaluation: Evaluation | None = None
    mentions: tuple[Triple, ...] = ()  # the shard tables' triple mentions (each triple's evidence list)
    curation: tuple[CurationMark, ...] = ()  # marks given to the run (--config curation=FILE)


# ----------------------------------------------------------------------------------------------- reading


def read_table(path: str | Path, required: Sequence[str] = ()) -> tuple[dict[str, str], ...]:
    """A TSV with a header as plain rows.

    Raises
    ------
    ValueError
        When a ``required`` column is missing (naming the file and the columns).
    """
    csv.field_size_limit(1 << 24)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        return tuple(dict(row) for row in reader)


def _read_document(path: Path) -> Document:
    try:
        return Document.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a structured document written by exomine ({exc})") from exc


def read_evaluation(folder: str | Path) -> Evaluation | None:
    """The score tables and error list of an ``eval/`` folder, or None when it has none."""
    folder = Path(folder)
    if not (folder / "summary.tsv").exists():
        return None
    tables = {name: read_table(folder / f"{name}.tsv") for name in EVAL_TABLES if (folder / f"{name}.tsv").exists()}
    errors = folder / "errors.tsv"
    return Evaluation(tables, read_table(errors, ("level", "kind", "doc_id", "item", "sentence")) if errors.exists() else ())


def read_results(
    results: str | Path,
    *,
    triples: str | Path | None = None,
    relations: str | Path | None = None,
    entities: str | Path | None = None,
    sentences: Iterable[str | Path] | None = None,
    documents: Iterable[str | Path] | None = None,
    ingest: str | Path | None = None,
    evaluation: str | Path | None = None,
    with_evaluation: bool = True,
    mentions: Iterable[str | Path] | None = None,
    curation: str | Path | None = None,
) -> ReportInputs:
    """Read a results folder (the workflow passes its exact input paths; by default they are found in it).

    Missing optional parts (ingest report, evaluation) are None; the corpus tables must exist. Documents
    whose structured file is absent (not read) are left out. ``with_evaluation=False`` ignores any
    evaluation folder (a stale one from a run that had gold). ``mentions`` are the shard triple tables
    (default: ``shards/*/triples.tsv``); ``curation`` a curation file whose marks the report shows.
    """
    results = Path(results)
    sentence_paths = sorted((results / "shards").glob("*/sentences.tsv")) if sentences is None else sentences
    mention_paths = sorted((results / "shards").glob("*/triples.tsv")) if mentions is None else mentions
    doc_paths = sorted((results / "docs").glob("*.json")) if documents is None else documents
    ingest_path = Path(ingest) if ingest is not None else results / "ingest.tsv"
    eval_dir = Path(evaluation) if evaluation is not None else results / "eval"
    return ReportInputs(
        triples=tuple(read_records(triples or results / "triples.tsv", Triple)),
        relations=tuple(read_records(relations or results / "relations.tsv", Relation)),
        entities=tuple(read_records(entities or results / "entities.tsv", Mention)),
        sentences=tuple(s for p in sentence_paths for s in read_records(p, SentenceRow)),
        documents=tuple(_read_document(Path(p)) for p in doc_paths if Path(p).exists()),
        ingest=read_table(ingest_path, ("file", "doc_id", "status", "reason")) if ingest_path.exists() else None,
        evaluation=read_evaluation(eval_dir) if with_evaluation else None,
        mentions=tuple(m for p in mention_paths for m in read_records(p, Triple)),
        curation=tuple(read_curation(curation)) if curation else (),
    )


# ----------------------------------------------------------------------------------------------- payload


def _split(value: str) -> list[str]:
    return value.split(";") if value else []


def _node_id(name: str, norm_id: str) -> str:
    return norm_id or f"text:{name}"


def _evidence_keys(provenance: str) -> list[tuple[str, int]]:
    keys = []
    for part in _split(provenance):
        doc, _, sid = part.rpartition(":")
        if doc and sid.lstrip("-").isdigit():
            keys.append((doc, int(sid)))
    return keys


class _Graph:
    """Nodes and edges by index, shared by all triples."""

    def __init__(self, names: Mapping[str, tuple[str, str]]):
        self.names = names  # id -> (name, label) as the entity tables give them
        self.nodes: list[list[str]] = []
        self.edges: list[list[Any]] = []
        self._node: dict[str, int] = {}
        self._edge: dict[tuple[int, int, str], int] = {}

    def node(self, node_id: str, name: str, label: str) -> int:
        if node_id not in self._node:
            known = self.names.get(node_id, ("", ""))
            self._node[node_id] = len(self.nodes)
            self.nodes.append([node_id, name or known[0], label or known[1] or "OTHER"])
        return self._node[node_id]

    def edge(self, s: int, o: int, predicate: str) -> int:
        key = (s, o, predicate)
        if key not in self._edge:
            self._edge[key] = len(self.edges)
            self.edges.append([s, o, predicate])
        return self._edge[key]


def _stated_links(relations: Iterable[Relation]) -> dict[tuple[str, str], str]:
    """(subject id, object id) -> the predicate most often stated between them (findings only)."""
    counts: dict[tuple[str, str], Counter] = {}
    for r in relations:
        if r.negated or r.assertion in NOT_AN_EDGE:
            continue
        key = (_node_id(r.subject, r.subject_id), _node_id(r.object, r.object_id))
        counts.setdefault(key, Counter())[r.predicate] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _triple_edges(t: Triple, graph: _Graph, links: Mapping[tuple[str, str], str]) -> list[int]:
    reg = _node_id(t.regulator, t.regulator_id)
    names, ids = _split(t.targets), _split(t.target_ids)
    ids += [""] * (len(names) - len(ids))
    chain = [(reg, t.regulator, t.regulator_label)] + [(_node_id(n, i), n, "") for n, i in zip(names, ids)]
    index = [graph.node(*c) for c in chain]
    edges = []
    for i in range(1, len(chain)):
        target = chain[i][0]
        for j in range(i - 1, -1, -1):
            source = chain[j][0]
            if (source, target) in links:
                edges.append(graph.edge(index[j], index[i], links[(source, target)]))
                break
            if (target, source) in links:
                edges.append(graph.edge(index[i], index[j], links[(target, source)]))
                break
        else:
            edges.append(graph.edge(index[i - 1], index[i], "chain"))
    drug = graph.node(_node_id(t.drug, t.drug_id), t.drug, "DRUG")
    edges.append(graph.edge(index[0], drug, f"confers_{t.effect}"))
    return edges


def _triple_row(t: Triple, edges: list[int], mentions: list[list]) -> dict[str, Any]:
    names, ids = _split(t.targets), _split(t.target_ids)
    ids += [""] * (len(names) - len(ids))
    return {
        "kind": "triple", "key": triple_mark_key(t),
        "reg": t.regulator, "regLabel": t.regulator_label, "regId": t.regulator_id,
        "targets": [[n, i] for n, i in zip(names, ids)],
        "drug": t.drug, "drugId": t.drug_id or f"text:{t.drug.lower()}", "drugClass": bool(t.drug_is_class),
        "effect": t.effect, "cancer": t.cancer, "cell": t.source_cell,
        "drugFrom": t.drug_from, "cancerFrom": t.cancer_from, "cellFrom": t.source_cell_from,
        "section": t.section_kind, "background": bool(t.background),
        "nMentions": t.n_mentions, "nDocs": t.n_docs, "docs": _split(t.doc_ids),
        "assertion": "hedged" if t.hedged else "finding", "belief": t.belief,
        "rules": _split(t.rule), "evidence": t.evidence, "mentions": mentions, "edges": edges,
    }


def _sections(doc: Document) -> list[list[Any]]:
    return [[s.name, s.heading, [[p.start, p.end] for p in s.paragraphs]] for s in doc.sections]


def _within(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _documents(inputs: ReportInputs, max_text_chars: int) -> tuple[dict[str, Any], list[str]]:
    """Per-document text (whole while under the budget, else only the evidence sentences) and markup."""
    sentences: dict[str, list[SentenceRow]] = {}
    for s in inputs.sentences:
        sentences.setdefault(s.doc_id, []).append(s)
    entities: dict[str, list[Mention]] = {}
    for m in inputs.entities:
        entities.setdefault(m.doc_id, []).append(m)
    relations: dict[str, list[Relation]] = {}
    for r in inputs.relations:
        relations.setdefault(r.doc_id, []).append(r)
    evidence: dict[str, set[int]] = {}
    for t in inputs.triples:
        for doc, sid in _evidence_keys(t.provenance):
            evidence.setdefault(doc, set()).add(sid)
    for r in inputs.relations:  # the statements that are no triples are shown with their sentences too
        if r.predicate.startswith("confers_"):
            evidence.setdefault(r.doc_id, set()).add(r.sentence_id)

    out: dict[str, Any] = {}
    partial: list[str] = []
    budget = max_text_chars
    for doc in sorted(inputs.documents, key=lambda d: d.doc_id):
        whole = len(doc.text) <= budget
        sents = sorted(sentences.get(doc.doc_id, []), key=lambda s: s.start)
        if whole:
            budget -= len(doc.text)
        else:
            partial.append(doc.doc_id)
            sents = [s for s in sents if s.sentence_id in evidence.get(doc.doc_id, set())]
        spans = [(s.start, s.end) for s in sents]
        ents = sorted(entities.get(doc.doc_id, []), key=lambda m: (m.start, -m.end))
        rels = relations.get(doc.doc_id, [])
        if not whole:
            ents = [m for m in ents if _within(m.start, m.end, spans)]
            keep = {s.sentence_id for s in sents}
            rels = [r for r in rels if r.sentence_id in keep]
        out[doc.doc_id] = {
            "title": doc.metadata.get("title", "") or doc.doc_id,
            "meta": {k: str(v) for k, v in doc.metadata.items() if k != "title" and v not in ("", None)},
            "links": document_links(doc.metadata),
            "sections": _sections(doc),
            "text": doc.text if whole else None,
            "snips": {} if whole else {str(s.sentence_id): doc.text[s.start : s.end] for s in sents},
            "sents": [[s.sentence_id, s.section, s.start, s.end] for s in sents],
            "ents": [[m.start, m.end, m.label, m.norm_id, m.norm_name] for m in ents],
            "rels": [[r.sentence_id, r.subject_start, r.subject_end, r.object_start, r.object_end, r.subject,
                      _node_id(r.subject, r.subject_id), r.predicate, r.object, _node_id(r.object, r.object_id),
                      r.assertion, r.rule, relation_mark_key(r)] for r in rels],
        }
    return out, partial


def _error_spans(error: Mapping[str, str], doc: Document | None, entities: Sequence[Mention]) -> list[list[Any]]:
    """Highlights inside an error's sentence: the predicted entities, and the erroneous item marked."""
    sentence = error.get("sentence", "")
    spans: list[list[Any]] = []
    offset = doc.text.find(sentence) if doc is not None and sentence else -1
    ids = set()
    if error.get("level") in ("relation", "triple"):
        ids = {part.strip() for part in error.get("item", "").split("->")}
    if offset >= 0:
        end = offset + len(sentence)
        for m in entities:
            if offset <= m.start and m.end <= end:
                spans.append([m.start - offset, m.end - offset, m.label, int(m.norm_id in ids)])
    if error.get("level") == "entity" and error.get("item"):
        at = sentence.find(error["item"])
        if at >= 0:
            stop = at + len(error["item"])
            spans = [s for s in spans if s[1] <= at or s[0] >= stop] + [[at, stop, error.get("label", ""), 1]]
    return sorted(spans)


def _evaluation(inputs: ReportInputs, names: Mapping[str, tuple[str, str]]) -> dict[str, Any] | None:
    ev = inputs.evaluation
    if ev is None:
        return None
    docs = {d.doc_id: d for d in inputs.documents}
    entities: dict[str, list[Mention]] = {}
    for m in inputs.entities:
        entities.setdefault(m.doc_id, []).append(m)
    errors = []
    for e in ev.errors:
        item = e.get("item", "")
        if e.get("level") in ("relation", "triple"):
            item = " -> ".join(names.get(p.strip(), (p.strip(),))[0] or p.strip() for p in item.split("->"))
        errors.append([e.get("level", ""), e.get("kind", ""), e.get("doc_id", ""), e.get("label", ""), item,
                       e.get("item", ""), e.get("sentence", ""),
                       _error_spans(e, docs.get(e.get("doc_id", "")), entities.get(e.get("doc_id", ""), []))])
    tables = {name: {"columns": list(rows[0].keys()) if rows else [], "rows": [list(r.values()) for r in rows]}
              for name, rows in ev.tables.items()}
    return {"tables": tables, "errors": errors}


def _ingest(rows: Sequence[Mapping[str, str]] | None) -> dict[str, Any] | None:
    if rows is None:
        return None
    columns = list(rows[0].keys()) if rows else ["file", "doc_id", "status", "reason"]
    return {"columns": columns, "rows": [[r.get(c, "") or "" for c in columns] for r in rows],
            "counts": dict(Counter(r.get("status", "") for r in rows))}


def _names(inputs: ReportInputs) -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    for m in inputs.entities:
        if m.norm_id:
            names.setdefault(m.norm_id, (m.norm_name or m.text, m.label))
    for r in inputs.relations:
        names.setdefault(_node_id(r.subject, r.subject_id), (r.subject, r.subject_label))
        names.setdefault(_node_id(r.object, r.object_id), (r.object, r.object_label))
    return names


def _curation(marks: Sequence[CurationMark]) -> dict[str, dict[str, str]]:
    """The run's marks by key, as the viewer stores its own (exomine.curation's columns)."""
    return {mark_key(m): {k: str(v) for k, v in m.__dict__.items()} for m in marks}


def _id_links(triples: Sequence[Mapping[str, Any]], nodes: Sequence[Sequence[str]]) -> dict[str, str]:
    ids = {n[0] for n in nodes} | {t["regId"] for t in triples} | {t["drugId"] for t in triples}
    ids |= {x[1] for t in triples for x in t["targets"]}
    return {i: url for i in sorted(ids) if i and (url := entity_url(i))}


def build_payload(inputs: ReportInputs, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
                  title: str = "exomine results") -> dict[str, Any]:
    """The report's data: triples with their edges and mentions, the statements that are no triples, documents,
    ingest, evaluation, curation marks and links."""
    names = _names(inputs)
    graph = _Graph(names)
    links = _stated_links(inputs.relations)
    sections = {(s.doc_id, s.sentence_id): s.section for s in inputs.sentences}
    index = mention_index(inputs.mentions)
    triples = [_triple_row(t, _triple_edges(t, graph, links), triple_mentions(t, index, sections))
               for t in inputs.triples]
    triples += statement_rows(inputs.relations)
    docs, partial = _documents(inputs, max_text_chars)
    notices = []
    if partial:
        notices.append(f"{len(partial)} of {len(docs)} documents are too large to embed whole "
                       f"(over {max_text_chars:,} characters together): only their evidence sentences are included.")
    return {
        "title": title,
        "version": __version__,
        "labels": list(LABELS),
        "predicates": list(PREDICATES) + ["chain"],
        "assertions": list(ASSERTIONS),
        "nodes": graph.nodes,
        "edges": graph.edges,
        "triples": triples,
        "nTriples": len(inputs.triples),
        "docs": docs,
        "idLinks": _id_links(triples, graph.nodes),
        "curation": _curation(inputs.curation),
        "ingest": _ingest(inputs.ingest),
        "eval": _evaluation(inputs, names),
        "notices": notices,
    }
