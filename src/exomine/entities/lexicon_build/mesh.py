"""MeSH descriptors and supplementary concepts, indexed by id and label (for drugs and cancers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lexicon_build.common import split_list

__all__ = ["MeshIndex", "is_c04", "is_c04_id", "mesh_index"]


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
        trees[row[0]] = tuple(split_list(row[3] if len(row) > 3 else "", "|"))
        by_label.setdefault(row[1].casefold(), row[0])
    for row in supplementary_rows:
        if len(row) < 2 or not row[0]:
            continue
        labels.setdefault(row[0], row[1])
        by_label.setdefault(row[1].casefold(), row[0])
    return MeshIndex(labels, trees, by_label)


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
