"""Helpers every lexicon source shares: the kind ranking, de-duplication, TSV text and file I/O."""

from __future__ import annotations

import bz2
import csv
import gzip
import hashlib
import importlib.metadata
import importlib.util
import io
import pickle
from pathlib import Path
from typing import Any, Iterable

from exomine.entities.lexicon import COLUMNS, LexiconEntry, parse_lines

__all__ = ["GZIP_THRESHOLD", "KIND_ORDER", "SOURCE_TAGS", "clean_term", "count_rows", "dedupe", "dist_version",
           "package_file", "parse_rows", "parse_tsv_dicts", "read_pickle_bz2", "render_tsv", "sha256",
           "split_list", "write_lexicon"]

GZIP_THRESHOLD = 1_000_000
"""Files whose uncompressed text exceeds this many bytes are written gzipped."""

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
            "famplex_plural",
            "generic",
            "brand",
            "variant",
            "mesh_label",
            "mesh_synonym",
            "mesh_variant",
            "derived",
            "cell_line",
            "cell_line_synonym",
            "derived_cell_line",
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
    "efo": "efo",
}
"""Values of the ``source`` column in generated files."""


# --------------------------------------------------------------------------
# small pure helpers
# --------------------------------------------------------------------------


def split_list(value: str | None, sep: str = ",") -> list[str]:
    """Split a separated field, stripping blanks and empty items."""
    if not value:
        return []
    return [item.strip() for item in value.split(sep) if item.strip()]


def clean_term(term: str) -> str | None:
    """Return ``term`` stripped, or ``None`` if it is unusable in a TSV cell."""
    term = term.strip()
    if not term or any(ch in term for ch in "\t\r\n"):
        return None
    return term


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


def parse_tsv_dicts(text: str) -> list[dict[str, str]]:
    """Parse TSV text with a header row into dicts."""
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))


def parse_rows(text: str, delimiter: str) -> list[list[str]]:
    """Parse header-less delimited text into rows."""
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting))


# --------------------------------------------------------------------------
# I/O edges
# --------------------------------------------------------------------------


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


def sha256(path: Path) -> str:
    """The SHA-256 of a file, as hex."""
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


def count_rows(path: Path) -> int:
    """Data rows of a lexicon file (plain or gzipped)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return sum(1 for _ in parse_lines(handle, origin=str(path)))


def dist_version(dist: str) -> str:
    """The installed version of a distribution, or ``unknown``."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
