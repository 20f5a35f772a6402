"""Find the documents of a corpus folder and their curated metadata.

A corpus is a folder of review files (``.txt`` web scrapes, ``.xml``/``.nxml``
JATS). ``manifest.tsv`` in the folder, when present, holds what each text
states about itself (doc_id, file, title, journal, year, doi, pmid, pmcid);
files that it does not list are still processed, under their file name.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .ingest import SUPPORTED_SUFFIXES, InputError, doc_id_for

__all__ = ["discover", "read_manifest", "MANIFEST_COLUMNS"]

MANIFEST_COLUMNS = ("doc_id", "file", "title", "journal", "year", "doi", "pmid", "pmcid")


def read_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    """Manifest rows by doc_id; an absent file is an empty manifest."""
    path = Path(path)
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = [c for c in ("doc_id", "file") if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, f"manifest lacks column(s) {', '.join(missing)}")
        return {row["doc_id"]: {k: (v or "") for k, v in row.items()} for row in reader}


def discover(folder: str | Path) -> dict[str, Path]:
    """Documents in ``folder`` by doc_id (file name without suffix), sorted.

    Raises
    ------
    InputError
        When the folder does not exist, or two files would give the same document id.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "corpus folder does not exist (set --config corpus=DIR)")
    docs: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES or path.name.startswith("."):
            continue
        doc_id = doc_id_for(path)
        if doc_id in docs:
            raise InputError(path, f"document id {doc_id!r} is also used by {docs[doc_id].name}")
        docs[doc_id] = path
    return docs
