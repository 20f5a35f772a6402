"""Runtime loader for the shipped lexicons.

The lexicons are UTF-8 tab-separated files in ``exomine/data/lexicons/``,
optionally gzip-compressed, each with the same six columns::

    term  label  norm_id  norm_name  kind  source

Lines starting with ``#`` before or between rows are comments (the curated
files use one to say so). How the generated files were made, from which
sources and under which licences, is recorded next to them in
``PROVENANCE.md`` and ``manifest.json``; they are regenerated with
``python -m exomine.entities.lexicon_build``.

This module imports only the standard library and reads files lazily, so
importing it is cheap.
"""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

__all__ = [
    "COLUMNS",
    "DEFAULT_LEXICONS",
    "LexiconEntry",
    "lexicon_dir",
    "lexicon_path",
    "load_all",
    "load_lexicon",
    "parse_lines",
    "index_inputs",
    "is_drug_class",
    "DRUG_CLASS_PREFIX",
]

DRUG_CLASS_PREFIX = "DrugClass:"
"""Namespace of drug-class identifiers (``drug_classes.tsv``): ``DrugClass:<Name>``."""

COLUMNS: tuple[str, ...] = ("term", "label", "norm_id", "norm_name", "kind", "source")
"""Column names every lexicon file has, in order, as its header row."""

DEFAULT_LEXICONS: tuple[str, ...] = (
    "genes",
    "mirna",
    "families",
    "drug_classes",
    "drugs",
    "cancers",
    "cells",
    "cell_lines",
    "pathways",
)
"""Lexicons shipped with the package, by file stem."""


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One surface form of one normalised concept.

    Attributes
    ----------
    term : str
        The surface string as it appears in the source (case kept).
    label : str
        Entity label, e.g. ``GENE``, ``LNCRNA``, ``MIRNA``, ``DRUG``,
        ``CANCER``, ``CELL``, ``PATHWAY``.
    norm_id : str
        Prefixed identifier of the concept, e.g. ``HGNC:9588``,
        ``DrugBank:DB00997``, ``MeSH:D001943``, ``FPLX:AKT``.
    norm_name : str
        Preferred name of the concept (approved symbol, MeSH label, ...).
    kind : str
        What sort of surface form ``term`` is (``symbol``, ``alias``,
        ``brand``, ``mesh_synonym``, ...).
    source : str
        Short tag of the resource the row came from (see ``PROVENANCE.md``).
    """

    term: str
    label: str
    norm_id: str
    norm_name: str
    kind: str
    source: str


def lexicon_dir() -> Path:
    """Return the directory holding the shipped lexicon files.

    Returns
    -------
    pathlib.Path
        ``<package>/data/lexicons``.
    """
    return Path(__file__).resolve().parents[1] / "data" / "lexicons"


def lexicon_path(name: str, directory: Path | None = None) -> Path:
    """Return the path of lexicon ``name`` (``.tsv`` or ``.tsv.gz``).

    Parameters
    ----------
    name : str
        File stem, e.g. ``"genes"``.
    directory : pathlib.Path, optional
        Where to look; defaults to :func:`lexicon_dir`.

    Returns
    -------
    pathlib.Path
        The plain ``.tsv`` file if present, else the ``.tsv.gz`` one.

    Raises
    ------
    FileNotFoundError
        If neither ``<name>.tsv`` nor ``<name>.tsv.gz`` exists.
    """
    base = Path(directory) if directory is not None else lexicon_dir()
    for candidate in (base / f"{name}.tsv", base / f"{name}.tsv.gz"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"lexicon {name!r} not found: neither {base / (name + '.tsv')} nor "
        f"{base / (name + '.tsv.gz')} exists (regenerate with "
        "`python -m exomine.entities.lexicon_build`)"
    )


def parse_lines(lines: Iterable[str], origin: str = "<lines>") -> Iterator[LexiconEntry]:
    """Parse lexicon TSV lines into entries.

    Parameters
    ----------
    lines : iterable of str
        Lines of a lexicon file; ``#`` comment lines and blank lines are
        skipped, the first other line must be the header :data:`COLUMNS`.
    origin : str, optional
        Name used in error messages.

    Yields
    ------
    LexiconEntry
        One per data row.

    Raises
    ------
    ValueError
        If the header is missing or wrong, or a row has the wrong number of
        fields.
    """
    intern = sys.intern
    header_seen = False
    ncol = len(COLUMNS)
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(fields) != COLUMNS:
                raise ValueError(f"{origin}:{lineno}: expected header {COLUMNS}, got {tuple(fields)}")
            header_seen = True
            continue
        if len(fields) != ncol:
            raise ValueError(f"{origin}:{lineno}: expected {ncol} fields, got {len(fields)}")
        term, label, norm_id, norm_name, kind, source = fields
        yield LexiconEntry(term, intern(label), norm_id, norm_name, intern(kind), intern(source))
    if not header_seen:
        raise ValueError(f"{origin}: no header row {COLUMNS}")


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> tuple[LexiconEntry, ...]:
    """Load one shipped lexicon (cached).

    Parameters
    ----------
    name : str
        File stem in :func:`lexicon_dir`, e.g. ``"genes"`` for
        ``genes.tsv.gz``.

    Returns
    -------
    tuple of LexiconEntry
        All rows, in file order.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is malformed.
    """
    path = lexicon_path(name)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return tuple(parse_lines(handle, origin=str(path)))


def load_all(names: Iterable[str] = DEFAULT_LEXICONS) -> dict[str, tuple[LexiconEntry, ...]]:
    """Load several lexicons.

    Parameters
    ----------
    names : iterable of str, optional
        File stems; defaults to :data:`DEFAULT_LEXICONS`.

    Returns
    -------
    dict
        ``name -> tuple of LexiconEntry``, in the order given.
    """
    return {name: load_lexicon(name) for name in names}


def index_inputs() -> list[Path]:
    """Files a compiled lexicon index is built from (the workflow's ``compile_lexicons`` inputs).

    Every shipped lexicon file plus the code and patterns that shape the
    index (:mod:`exomine.entities.index` builds and writes it), so that a
    changed lexicon or index rebuilds the cache.
    """
    package = Path(__file__).resolve().parents[1]
    files = sorted(p for p in lexicon_dir().iterdir() if p.is_file())
    files += [package / f"{m}.py" for m in ("entities/lexicon", "entities/index", "text/textnorm", "text/patterns")]
    files.append(package / "data" / "tagger_patterns.yaml")
    return files


def is_drug_class(norm_id: str) -> bool:
    """Whether a normalised drug id names a class of drugs (``DrugClass:EGFR-TKI``), not a named drug.

    >>> is_drug_class("DrugClass:Platinum"), is_drug_class("DrugBank:DB00515")
    (True, False)
    """
    return norm_id.startswith(DRUG_CLASS_PREFIX)
