"""Every entry of a corpus folder, and whether it is a document to read.

:func:`list_corpus` sorts the folder's entries into documents (by document
id; a multi-record file holds one per record, ``<stem>.<record id>``) and the
rest, each with the reason it is not read, as rows of the ingest report
(``results/ingest.tsv``):

* **skipped** -- hidden files, sub-folders, dangling symbolic links and
  symbolic link loops, other special files and unsupported file types
  (``.doc``, ``.odt``, ``.md``; what a supported file holds is decided when it
  is read, :mod:`exomine.reading.formats`);
* **rejected** -- names that cannot be a document id: ``;`` (it separates
  list items in table cells such as ``doc_ids``), tabs, line breaks and other
  control characters, bytes that are not UTF-8 (in a record id too), a
  second file or record with the same id (``a.txt`` and ``a.xml``) or with
  the same result file name (:func:`exomine.filenames.doc_stem`); files that
  cannot be opened (no permission) or whose records cannot be listed.

File names and record ids are data: braces, ``<name>``, quotes, ``$``,
slashes and ``..`` in a record id, spaces and other shell or pattern
characters are ordinary characters of a document id, which is never used as
a path (results are written under :func:`exomine.filenames.doc_stem`).
Listing never raises on a file's content: it runs while the workflow is
planned, and a bad file is a row of the report, not a failed run.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("a.txt", "b;c.txt", "notes.odt"):
...     _ = (d / name).write_text("x")
>>> listing = list_corpus(d)
>>> list(listing.documents), [(r.status, r.reason.split(" (")[0]) for r in listing.others]
(['a'], [('rejected', "file name contains ';', which separates list items in table cells"), ('skipped', "unsupported file type '.odt'")])
"""

from __future__ import annotations

import errno
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection

from exomine.filenames import doc_stem
from exomine.reading.formats import SUPPORTED_SUFFIXES, file_suffix
from exomine.reading.ingest import InputError, doc_id_for, document_ids
from exomine.records import IngestRow

__all__ = ["Listing", "list_corpus", "name_problem", "display_path"]


@dataclass(frozen=True)
class Listing:
    """A corpus folder: the documents to read and the entries that are not read."""

    documents: dict[str, Path] = field(default_factory=dict)  # by document id, sorted by file name
    others: tuple[IngestRow, ...] = ()  # skipped and rejected entries, with their reasons


def display_path(path: str | Path) -> str:
    """``path`` as printable text (bytes of a name that are not UTF-8 shown as ``\\xNN``)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def name_problem(name: str, what: str = "file name") -> str | None:
    """Why a file name (or a record id, ``what``) cannot name a document, or ``None`` when it can."""
    fix = "rename the file" if what == "file name" else "change it in the file"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return f"{what} is not valid UTF-8 ({fix})"
    if ";" in name:
        return f"{what} contains ';', which separates list items in table cells ({fix})"
    if any(c in name for c in "\t\n\r"):
        return f"{what} contains a tab or a line break, which would split table cells ({fix})"
    if any(unicodedata.category(c) == "Cc" for c in name):
        return f"{what} contains control characters ({fix})"
    return None


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link leads to no file (dangling, a loop), or ``None``."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"symbolic link loop (following {display_path(os.readlink(path))} comes back to a link)"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return f"dangling symbolic link (its target {display_path(os.readlink(path))} does not exist)"
        return f"symbolic link that cannot be followed ({exc.strerror})"
    return None


def _skip_reason(path: Path) -> str | None:
    if path.name.startswith("."):
        return "hidden file"
    if path.is_symlink():
        problem = _link_problem(path)
        if problem:
            return problem
    if path.is_dir():
        return "a folder (the corpus folder is read without its sub-folders)"
    if not path.is_file():
        return "not a regular file"
    if file_suffix(path) not in SUPPORTED_SUFFIXES:
        return f"unsupported file type {path.suffix or '(none)'!r} (exomine reads {', '.join(SUPPORTED_SUFFIXES)})"
    return None


def _unreadable(path: Path) -> str | None:
    """Why the file cannot be opened for reading (no permission, ...), or ``None``."""
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        return f"cannot read file ({exc.strerror or exc})"
    return None


def _record_ids(path: Path) -> tuple[list[str], str | None]:
    """The document ids of a readable corpus file, or the reason it cannot be listed (never an exception)."""
    try:
        return document_ids(path), None  # one per record of a multi-record file
    except InputError:
        return [doc_id_for(path)], None  # reading the file gives the reason
    except Exception as exc:  # RecursionError, MemoryError ...: a listing must not stop the planning
        return [], f"cannot list the records of the file ({type(exc).__name__}: {exc})"


def _id_problem(doc_id: str, path: Path, documents: dict[str, Path], stems: dict[str, str]) -> str | None:
    """Why ``doc_id`` (of ``path``) cannot be a document of this corpus, or ``None``."""
    stem = doc_id_for(path)
    problem = name_problem(doc_id[len(stem) + 1:], "record id") if doc_id != stem else None
    if problem is None and doc_id in documents:
        other = "another record of the same file" if documents[doc_id] == path else documents[doc_id].name
        problem = f"document id {doc_id!r} is also used by {other} (rename one of them)"
    if problem is None and doc_stem(doc_id) in stems:
        problem = (f"document id {doc_id!r} has the same result file name {doc_stem(doc_id)!r} as "
                   f"{stems[doc_stem(doc_id)]!r} (rename one of them)")
    return problem


def list_corpus(folder: str | Path, ignore: Collection[str] = ()) -> Listing:
    """Sort the entries of ``folder`` into documents and the rest.

    Parameters
    ----------
    folder
        The corpus folder (not read recursively).
    ignore
        Entry names that belong to the corpus but are no documents (the
        manifest, the gold folder): neither read nor listed.

    Raises
    ------
    InputError
        When the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "corpus folder does not exist (set --config corpus=DIR)")
    documents: dict[str, Path] = {}
    stems: dict[str, str] = {}  # result file stem -> document id
    others: list[IngestRow] = []
    for path in sorted(folder.iterdir()):
        if path.name in ignore:
            continue
        skip = _skip_reason(path)
        if skip:
            others.append(IngestRow(display_path(path), "", "skipped", skip))
            continue
        problem = name_problem(path.name) or _unreadable(path)
        ids, listing_problem = ([], problem) if problem else _record_ids(path)
        if listing_problem:
            others.append(IngestRow(display_path(path), display_path(doc_id_for(path)), "rejected", listing_problem))
            continue
        for doc_id in ids:
            problem = _id_problem(doc_id, path, documents, stems)
            if problem:
                others.append(IngestRow(display_path(path), display_path(doc_id), "rejected", problem))
                continue
            documents[doc_id] = path
            stems[doc_stem(doc_id)] = doc_id
    documents = dict(sorted(documents.items()))
    return Listing(documents, tuple(others))
