"""Read gold annotations from public corpora into :class:`~exomine.brat.GoldDocument`.

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

from .brat import AnnotationError, GoldDocument, GoldEntity, GoldRelation

__all__ = ["read_pubtator", "read_bioc", "read_scai", "read_gold", "TYPE_MAP", "RELATION_MAP", "GoldFormatError"]

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
    return label


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
    for pmid in order:
        text = title.get(pmid, "") + "\n" + abstract.get(pmid, "")
        ents = []
        for k, (s, e, t, typ, no) in enumerate(mentions.get(pmid, [])):
            if text[s:e] != t:
                raise AnnotationError(str(path), no, f"mention {t!r} does not match text {text[s:e]!r} at {s}-{e}")
            label = _label(typ, t)
            if label:
                ents.append(GoldEntity(f"T{k + 1}", label, s, e, t))
        docs.append(GoldDocument(pmid, text, tuple(sorted(ents, key=lambda x: (x.start, x.end))), ()))
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
        docs.append(GoldDocument(d.id, text, tuple(sorted(ents, key=lambda x: (x.start, x.end))), tuple(rels)))
    return docs


def read_scai(path: str | Path) -> list[GoldDocument]:
    """Read the SCAI miRNA corpus XML."""
    path = Path(path)
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise GoldFormatError(f"{path}: malformed XML ({exc})") from exc
    docs = []
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
        docs.append(GoldDocument(d.get("origId") or d.get("id"), text, ents_sorted, tuple(rels)))
    return docs


def read_gold(path: str | Path, fmt: str = "auto") -> list[GoldDocument]:
    """Read gold in ``brat`` (a folder of .ann/.txt), ``pubtator``, ``bioc`` or ``scai`` format."""
    from .brat import read_ann

    path = Path(path)
    if fmt == "auto":
        if path.is_dir():
            fmt = "brat"
        elif path.suffix.lower() in (".pubtator", ".txt"):
            fmt = "pubtator"
        elif path.suffix.lower() == ".json":
            fmt = "bioc"
        else:
            head = path.read_text(encoding="utf-8", errors="replace")[:2000]
            fmt = "bioc" if "<collection" in head else "scai" if "<corpus" in head else "pubtator"
    if fmt == "brat":
        return [read_ann(a, a.with_suffix(".txt")) for a in sorted(path.glob("*.ann"))]
    readers = {"pubtator": read_pubtator, "bioc": read_bioc, "scai": read_scai}
    if fmt not in readers:
        raise GoldFormatError(f"{path}: unknown gold format {fmt!r} (brat, pubtator, bioc, scai)")
    return readers[fmt](path)
