"""Find the documents of a corpus folder and their curated metadata.

A corpus is a folder of input files: ``.txt`` texts (web scrapes, abstracts,
titles, sentences), ``.xml``/``.nxml`` JATS, and multi-record exports
(MEDLINE ``.medline``/``.nbib``, ``.pubtator``, BioC ``.xml``/``.json``), each
record of which is a document ``<file stem>.<record id>``. ``manifest.tsv``
in the folder, when present, holds what each text states about itself
(doc_id, file, title, journal, year, doi, pmid, pmcid); files that it does
not list are still processed, under their file name.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .ingest import SUPPORTED_SUFFIXES, InputError, document_ids

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
    """Documents in ``folder`` by doc_id, sorted: one per single-document file, one per record otherwise.

    Several document ids map to the same file when it holds several records.
    Listing is cheap enough for workflow planning: only multi-record files
    (and ``.xml`` files, for their root element) are opened, and their
    records are listed, not parsed.

    Raises
    ------
    InputError
        When the folder does not exist, or two files or records would give the same document id.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "corpus folder does not exist (set --config corpus=DIR)")
    docs: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES or path.name.startswith("."):
            continue
        for doc_id in document_ids(path):
            if doc_id in docs:
                other = "another record of the same file" if docs[doc_id] == path else docs[doc_id].name
                raise InputError(path, f"document id {doc_id!r} is also used by {other}")
            docs[doc_id] = path
    return dict(sorted(docs.items()))
