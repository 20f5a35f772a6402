"""Drugs, from the drug-NER dictionary (DrugBank open vocabulary and more), with ids checked against MeSH."""

from __future__ import annotations

import re
from typing import Any, Mapping

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import SOURCE_TAGS, clean_term, dedupe
from exomine.entities.lexicon_build.mesh import MeshIndex

__all__ = ["DRUG_MESH_BRANCHES", "DRUG_NER_DIST", "DRUG_NER_FILE", "DRUG_NER_PKG", "build_drugs", "file_spec",
           "resolve_drug_mesh_id"]

DRUG_NER_DIST = "drug-named-entity-recognition"
DRUG_NER_PKG = "drug_named_entity_recognition"
DRUG_NER_FILE = "drug_ner_dictionary.pkl.bz2"

DRUG_MESH_BRANCHES: tuple[str, ...] = ("D01", "D02", "D03", "D04")
"""MeSH tree branches (inorganic, organic, heterocyclic, polycyclic compounds)
accepted for drugs that have no DrugBank id. Proteins, enzymes, antigens,
nucleic acids and pharmacologic-action classes (D05-D27 only) are left out."""

# A drug-dictionary variant that names cells (a cell therapy product, or a brand like "doxo cell").
_CELL_PRODUCT = re.compile(r"(?:^|[\s-])cells?$", re.I)


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
        term = clean_term(variant)
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


def file_spec(drug_version: str) -> dict[str, str]:
    """Source, licence and filters of the drugs file (for PROVENANCE.md and the manifest)."""
    return {
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
    }
