"""Read gold annotations from public corpora into :class:`~exomine.evaluation.brat.GoldDocument`.

Formats and the documented mapping of their types onto exomine's labels:

* **PubTator** (BioRED and most NCBI corpora): ``PMID|t|title``,
  ``PMID|a|abstract``, then ``PMID<TAB>start<TAB>end<TAB>text<TAB>type<TAB>id``
  lines; the text is ``title + "\\n" + abstract`` (PubTator offsets count the
  title, one separator, then the abstract). BioRED's relations are
  document-level between database ids, not typed mention pairs, and are not
  read.
* **BioC** XML or JSON (read with the ``bioc`` package): passages with
  annotations (``type`` infon, locations) and relations (nodes with
  ``refid``), typed by a ``type`` infon mapped through :data:`RELATION_MAP`.
* **SCAI miRNA corpus** XML (Bagewadi et al. 2014): sentences with ``entity``
  (``charOffset`` inclusive) and ``pair`` (``interaction="True"``) elements;
  each document becomes the text of its sentences, one per line, and each
  interacting miRNA-gene pair a ``targets`` relation (scored as an
  undirected pair); miRNA-disease pairs are not read.
* **Sentence-level triple gold** (JSON Lines, ``.jsonl``; the exodev
  convention): one item a line, ``{"id", "text", "triples": [{"regulator",
  "targets", "drug", "effect", "cancer", "optional"}]}``. Each item is one
  document (its text, unchanged); only triples are scored, by name, and an
  ``optional`` triple (a drug class) is neither required nor wrong.
* **Document-level findings** (JSON Lines, ``.jsonl``; the exodocs
  convention): one finding a line, ``{"doc": "<file>", "regulator",
  "targets", "drug", "effect", "cancer", "implicit", "optional"}``, the
  documents being the files named and every ``.txt`` file beside the gold
  file (one that no line names states no finding). Each file is one
  document, named by its stem as the workflow names it; an ``implicit``
  finding (the drug only inferable from elsewhere in the document) is, like
  an ``optional`` one, neither required nor wrong.
* **Curation marks** (the TSV the report exports, :mod:`exomine.curation`):
  a triple marked ``correct`` is a gold triple of each of its documents, one
  marked ``unsure`` an optional one, one marked ``wrong`` a known false
  positive; a ``confers_*`` relation mark counts the same for its document
  (other relation marks are not scored). The marks judge only what they
  list: a predicted triple that no mark names is not scored.

What a source annotates is recorded on each document (``levels``: entities,
relations, triples; ``labels``: the exomine labels its mention types map to,
as found in the file), and only that is scored: a PubTator file is scored on
entities only, the SCAI corpus on MIRNA, GENE and CANCER mentions and pairs.

Type mapping (:data:`TYPE_MAP`)

===============================  ========
source type                      label
===============================  ========
GeneOrGeneProduct, Gene,         GENE
Genes/Proteins, Protein
ChemicalEntity, Chemical, Drug   DRUG
Specific_miRNAs, miRNA           MIRNA
DiseaseOrPhenotypicFeature,      CANCER, only when the text names a cancer
Disease, Diseases                (cancer/carcinoma/tumour/-oma/leukaemia...)
CellLine, CellType, Cell         CELL
===============================  ========

A gene mention whose whole text is an ncRNA name by exomine's nomenclature
rules (BioRED annotates miR-501 as GeneOrGeneProduct) takes the label those
rules give it (MIRNA, CIRCRNA, LNCRNA), as the disease mapping reads the
text; it is scored only where the file annotates that class, so not as a
BioRED gene.

Everything else (species, variants, non-specific miRNA mentions, relation
triggers) is not scored. A ChemicalEntity is mapped to DRUG as the corpus
annotates it; corpora annotate every chemical, so DRUG precision on them is
not comparable with the bundled gold's drug-only definition.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from lxml import etree

from exomine.evaluation.brat import AnnotationError, GoldDocument, GoldEntity, GoldRelation, GoldTriple
from exomine.records import LABELS

__all__ = ["read_pubtator", "read_bioc", "read_scai", "read_triples_jsonl", "read_findings_jsonl", "read_curation_gold",
           "read_gold", "TYPE_MAP", "RELATION_MAP",
           "GoldFormatError"]

TYPE_MAP = {
    "GeneOrGeneProduct": "GENE", "Gene": "GENE", "Genes/Proteins": "GENE", "Protein": "GENE", "GENE": "GENE",
    "ChemicalEntity": "DRUG", "Chemical": "DRUG", "Drug": "DRUG", "DRUG": "DRUG",
    "Specific_miRNAs": "MIRNA", "miRNA": "MIRNA", "MIRNA": "MIRNA",
    "DiseaseOrPhenotypicFeature": "CANCER?", "Disease": "CANCER?", "Diseases": "CANCER?", "CANCER": "CANCER",
    "CellLine": "CELL", "CellType": "CELL", "Cell": "CELL", "CELL": "CELL",
    "CIRCRNA": "CIRCRNA", "LNCRNA": "LNCRNA", "PATHWAY": "PATHWAY",
}
RELATION_MAP = {
    "targets": "targets", "sponges": "sponges", "upregulates": "upregulates", "downregulates": "downregulates",
    "activates": "activates", "inhibits": "inhibits", "confers_resistance": "confers_resistance",
    "confers_sensitivity": "confers_sensitivity",
}
_CANCER = re.compile(r"(cancer|carcinom|tumou?r|neoplas|leuk[a]?emi|lymphom|melanom|sarcom|gliom|blastom|myelom|"
                     r"adenom|mesotheliom|malignan|metasta)", re.I)


class GoldFormatError(ValueError):
    """A gold file in an external format cannot be read; names the file and the reason."""


def _label(source_type: str, text: str) -> str | None:
    label = TYPE_MAP.get(source_type)
    if label == "CANCER?":
        return "CANCER" if _CANCER.search(text) else None
    if label == "GENE":
        # Corpora such as BioRED annotate ncRNA genes (miR-501) as genes; exomine labels them by class.
        from exomine.entities.nomenclature import find_ncrna

        names = find_ncrna(text)
        if len(names) == 1 and (names[0].start, names[0].end) == (0, len(text)):
            return names[0].label
    return label


def _labels_of(source_types) -> tuple[str, ...]:
    """The exomine labels that a file's mention types map to (what the file annotates), in LABELS order."""
    found = {TYPE_MAP[t].rstrip("?") for t in source_types if t in TYPE_MAP}
    return tuple(label for label in LABELS if label in found)


def read_pubtator(path: str | Path) -> list[GoldDocument]:
    """Read a PubTator file (title/abstract lines and mention lines)."""
    path = Path(path)
    docs: list[GoldDocument] = []
    title: dict[str, str] = {}
    abstract: dict[str, str] = {}
    mentions: dict[str, list[tuple[int, int, str, str, int]]] = defaultdict(list)
    order: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise GoldFormatError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start})") from exc
    if True:
        for no, line in enumerate(lines, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            m = re.match(r"^([^|\t]+)\|([ta])\|(.*)$", line)
            if m:
                pmid = m.group(1)
                if pmid not in title and pmid not in abstract:
                    order.append(pmid)
                (title if m.group(2) == "t" else abstract)[pmid] = m.group(3)
                continue
            parts = line.split("\t")
            if len(parts) >= 5 and parts[1].isdigit() and parts[2].isdigit():
                mentions[parts[0]].append((int(parts[1]), int(parts[2]), parts[3], parts[4], no))
            elif len(parts) >= 4 and not parts[1].isdigit():
                continue  # a relation line: PMID, type, id1, id2 (document level; not scored)
            else:
                raise GoldFormatError(f"{path}:{no}: not a PubTator title, abstract, mention or relation line")
    labels = _labels_of({m[3] for ms in mentions.values() for m in ms})
    for pmid in order:
        text = title.get(pmid, "") + "\n" + abstract.get(pmid, "")
        ents = []
        for k, (s, e, t, typ, no) in enumerate(mentions.get(pmid, [])):
            if text[s:e] != t:
                raise AnnotationError(str(path), no, f"mention {t!r} does not match text {text[s:e]!r} at {s}-{e}")
            label = _label(typ, t)
            if label:
                ents.append(GoldEntity(f"T{k + 1}", label, s, e, t))
        docs.append(GoldDocument(pmid, text, tuple(sorted(ents, key=lambda x: (x.start, x.end))), (),
                                 levels=("entity",), labels=labels))
    return docs


def read_bioc(path: str | Path) -> list[GoldDocument]:
    """Read BioC XML (``.xml``) or JSON (``.json``) with the ``bioc`` package."""
    import bioc
    from bioc import biocjson, biocxml

    path = Path(path)
    try:
        with open(path, encoding="utf-8") as fh:
            collection = biocjson.load(fh) if path.suffix.lower() == ".json" else biocxml.load(fh)
    except Exception as exc:  # bioc raises a variety of parser errors
        raise GoldFormatError(f"{path}: not a readable BioC file ({exc})") from exc
    docs = []
    types = {a.infons.get("type", "") for d in collection.documents for p in d.passages for a in p.annotations}
    labels = _labels_of(types)
    relation_types = {r.infons.get("type", "") for d in collection.documents
                      for r in list(d.relations) + [r for p in d.passages for r in p.relations]}
    levels = ("entity", "relation", "triple") if relation_types & set(RELATION_MAP) else ("entity",)
    for d in collection.documents:
        # Lay passages out at their own offsets, padding gaps with newlines.
        length = max((p.offset + len(p.text or "") for p in d.passages), default=0)
        chars = ["\n"] * length
        for p in d.passages:
            for i, c in enumerate(p.text or ""):
                chars[p.offset + i] = c
        text = "".join(chars)
        ents, rels = [], []
        for p in d.passages:
            for a in p.annotations:
                if not a.locations:
                    continue
                loc = a.total_span
                label = _label(a.infons.get("type", ""), a.text or "")
                if text[loc.offset : loc.end] != (a.text or ""):
                    raise GoldFormatError(f"{path}: document {d.id}, annotation {a.id}: text {a.text!r} does not "
                                          f"match the passage text at {loc.offset}-{loc.end}")
                if label:
                    ents.append(GoldEntity(a.id, label, loc.offset, loc.end, a.text))
            for r in list(p.relations) + (list(d.relations) if p is d.passages[-1] else []):
                rtype = RELATION_MAP.get(r.infons.get("type", ""))
                nodes = [n.refid for n in r.nodes]
                if rtype and len(nodes) == 2:
                    rels.append(GoldRelation(r.id, rtype, nodes[0], nodes[1]))
        ids = {e.id for e in ents}
        rels = [r for r in rels if r.arg1 in ids and r.arg2 in ids]
        docs.append(GoldDocument(d.id, text, tuple(sorted(ents, key=lambda x: (x.start, x.end))), tuple(rels),
                                 levels=levels, labels=labels))
    return docs


def read_scai(path: str | Path) -> list[GoldDocument]:
    """Read the SCAI miRNA corpus XML."""
    path = Path(path)
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise GoldFormatError(f"{path}: malformed XML ({exc})") from exc
    docs = []
    labels = _labels_of({e.get("type", "") for e in root.iter("entity")})
    for d in root.iter("document"):
        chunks, ents, rels = [], {}, []
        pos = 0
        for s in d.iter("sentence"):
            stext = s.get("text", "")
            for e in s.iter("entity"):
                label = _label(e.get("type", ""), e.get("text", ""))
                if not label:
                    continue
                spans = [tuple(int(x) for x in part.split("-")) for part in e.get("charOffset", "").split(",") if part]
                if len(spans) != 1:
                    continue  # discontinuous mention
                a, b = spans[0]
                if stext[a : b + 1] != e.get("text"):
                    raise GoldFormatError(f"{path}: entity {e.get('id')} text does not match its offsets")
                ents[e.get("id")] = GoldEntity(e.get("id"), label, pos + a, pos + b + 1, e.get("text"))
            for p in s.iter("pair"):
                a, b = ents.get(p.get("e1")), ents.get(p.get("e2"))
                # Only interacting miRNA-gene pairs; miRNA-disease associations are not relations here.
                if p.get("interaction") == "True" and a and b and {a.label, b.label} == {"MIRNA", "GENE"}:
                    mirna, gene = (a, b) if a.label == "MIRNA" else (b, a)
                    rels.append(GoldRelation(p.get("id"), "targets", mirna.id, gene.id))
            chunks.append(stext.rstrip() + "\n")
            pos += len(chunks[-1])
        text = "".join(chunks)
        ents_sorted = tuple(sorted(ents.values(), key=lambda x: (x.start, x.end)))
        docs.append(GoldDocument(d.get("origId") or d.get("id"), text, ents_sorted, tuple(rels),
                                 levels=("entity", "relation"), labels=labels))
    return docs


def _triple(path: Path, no: int, raw) -> GoldTriple:
    if not isinstance(raw, dict):
        raise GoldFormatError(f"{path}:{no}: a triple must be a JSON object, got {type(raw).__name__}")
    for key in ("regulator", "drug", "effect"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise GoldFormatError(f"{path}:{no}: triple without a {key!r} name: {raw!r}")
    if raw["effect"] not in ("resistance", "sensitivity"):
        raise GoldFormatError(f"{path}:{no}: effect must be 'resistance' or 'sensitivity', got {raw['effect']!r}")
    targets = raw.get("targets") or []
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise GoldFormatError(f"{path}:{no}: 'targets' must be a list of names, got {targets!r}")
    return GoldTriple(raw["regulator"], raw["drug"], raw["effect"], tuple(targets), raw.get("cancer") or "",
                      bool(raw.get("optional") or raw.get("implicit")))


def read_triples_jsonl(path: str | Path) -> list[GoldDocument]:
    """Read sentence-level triple gold (JSON Lines, the exodev convention): each item is one document.

    The document text is the item's text followed by a newline, as a corpus
    file written from the item holds it.
    """
    path = Path(path)
    docs, seen = [], set()
    for no, item in _json_lines(path):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("text"), str):
            raise GoldFormatError(f"{path}:{no}: an item needs an 'id' and a 'text' string")
        if item["id"] in seen:
            raise GoldFormatError(f"{path}:{no}: duplicate id {item['id']!r}")
        seen.add(item["id"])
        if not isinstance(item.get("triples", []), list):
            raise GoldFormatError(f"{path}:{no}: 'triples' must be a list")
        triples = tuple(_triple(path, no, t) for t in item.get("triples", []))
        docs.append(GoldDocument(item["id"], item["text"] + "\n", (), (), triples=triples, levels=("triple",)))
    if not docs:
        raise GoldFormatError(f"{path}: no items")
    return docs


def _json_lines(path: Path):
    """``(line number, object)`` for every non-empty line of a JSON Lines file."""
    import json

    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise GoldFormatError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start})") from exc
    for no, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield no, json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{no}: not a JSON object ({exc.msg})") from None


def read_findings_jsonl(path: str | Path) -> list[GoldDocument]:
    """Read document-level findings (JSON Lines, the exodocs convention): one finding a line, ``doc`` naming the
    document's file beside the gold file; ``implicit`` and ``optional`` findings are neither required nor wrong.
    Every ``.txt`` file beside the gold file is a document too: one that no line names states no finding.

    A document is named by its file's stem, as the workflow names it, and its text is the file's when the
    file is there (its path is kept as the document's ``source``, so that a fresh extraction reads the file
    as the workflow would).
    """
    path = Path(path)
    found: dict[str, list[GoldTriple]] = {f.name: [] for f in sorted(path.parent.glob("*.txt"))}
    for no, item in _json_lines(path):
        if not isinstance(item, dict) or not isinstance(item.get("doc"), str) or not item["doc"].strip():
            raise GoldFormatError(f"{path}:{no}: a finding needs a 'doc' naming its document's file")
        t = _triple(path, no, item)
        if item.get("implicit"):
            t = GoldTriple(t.regulator, t.drug, t.effect, t.targets, t.cancer, True)
        found.setdefault(item["doc"], []).append(t)
    if not found:
        raise GoldFormatError(f"{path}: no findings and no documents")
    docs = []
    for name, triples in found.items():
        file = path.parent / name
        text = file.read_text(encoding="utf-8", errors="replace") if file.is_file() else ""
        docs.append(GoldDocument(Path(name).stem, text, (), (), triples=tuple(triples), levels=("triple",),
                                 source=str(file) if file.is_file() else ""))
    return docs


def read_curation_gold(path: str | Path) -> list[GoldDocument]:
    """Curation marks (:func:`exomine.curation.read_curation`) as partial triple gold, one document per doc id."""
    from exomine.curation import CurationError, read_curation

    try:
        marks = read_curation(path)
    except CurationError as exc:
        raise GoldFormatError(str(exc)) from None
    by_doc: dict[str, list[GoldTriple]] = defaultdict(list)
    for m in marks:
        if not m.predicate.startswith("confers_") or m.effect not in ("resistance", "sensitivity"):
            continue
        gold = GoldTriple(m.subject or m.subject_id, m.object or m.object_id, m.effect, optional=m.mark == "unsure",
                          wrong=m.mark == "wrong")
        for doc in filter(None, m.doc_id.split(";")):
            by_doc[doc].append(gold)
    if not by_doc:
        raise GoldFormatError(f"{path}: no triple or confers_* relation marks with a document")
    return [GoldDocument(doc, "", (), (), triples=tuple(ts), levels=("triple",), partial=True)
            for doc, ts in by_doc.items()]


def _jsonl_kind(path: Path) -> str:
    """``findings`` when the first object of a JSON Lines file names a ``doc``, else ``triples``."""
    for _, item in _json_lines(path):
        return "findings" if isinstance(item, dict) and "doc" in item and "text" not in item else "triples"
    return "triples"


def read_gold(path: str | Path, fmt: str = "auto") -> list[GoldDocument]:
    """Read gold in ``brat`` (a folder of .ann/.txt), ``pubtator``, ``bioc``, ``scai``, ``triples`` (sentence-level
    JSONL), ``findings`` (document-level JSONL) or ``curation`` (the report's marks, .tsv) format."""
    from exomine.evaluation.brat import read_ann

    path = Path(path)
    if fmt == "auto":
        if path.is_dir():
            fmt = "brat"
        elif path.suffix.lower() == ".tsv":
            fmt = "curation"
        elif path.suffix.lower() in (".pubtator", ".txt"):
            fmt = "pubtator"
        elif path.suffix.lower() == ".json":
            fmt = "bioc"
        elif path.suffix.lower() == ".jsonl":
            fmt = _jsonl_kind(path)
        else:
            head = path.read_text(encoding="utf-8", errors="replace")[:2000]
            fmt = "bioc" if "<collection" in head else "scai" if "<corpus" in head else "pubtator"
    if fmt == "brat":
        return [read_ann(a, a.with_suffix(".txt")) for a in sorted(path.glob("*.ann"))]
    readers = {"pubtator": read_pubtator, "bioc": read_bioc, "scai": read_scai, "triples": read_triples_jsonl,
               "findings": read_findings_jsonl, "curation": read_curation_gold}
    if fmt not in readers:
        raise GoldFormatError(f"{path}: unknown gold format {fmt!r} (brat, pubtator, bioc, scai, triples, findings, "
                              "curation)")
    return readers[fmt](path)
