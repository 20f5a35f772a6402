"""Find the documents of a corpus folder and their curated metadata.

A corpus is a folder of input files: ``.txt`` texts (web scrapes, abstracts,
titles, sentences), ``.xml``/``.nxml`` JATS, and multi-record exports
(MEDLINE ``.medline``/``.nbib``, ``.pubtator``, BioC ``.xml``/``.json``), each
record of which is a document ``<file stem>.<record id>``. ``manifest.tsv``
in the folder, when present, holds what each text states about itself
(doc_id, file, title, journal, year, doi, pmid, pmcid); files that it does
not list are still processed, under their file name.

The manifest is validated (:func:`load_manifest`): its encoding, its header,
every row against ``data/manifest.schema.yaml``, and across rows (a doc_id
listed twice, a file that is not in the corpus folder, a doc_id that is not
its file's document id). Each problem names the file, line and column; the rows
with problems are not used, the others are.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from exomine.reading.ingest import InputError
from exomine.reading.inventory import list_corpus
from exomine.validation import Problem, SchemaError, decode_utf8, load_schema, record_problems

__all__ = ["discover", "read_manifest", "load_manifest", "Manifest", "MANIFEST_COLUMNS"]

MANIFEST_COLUMNS = ("doc_id", "file", "title", "journal", "year", "doi", "pmid", "pmcid")


@dataclass(frozen=True)
class Manifest:
    """The usable rows of a manifest (by doc_id) and the problems of the others."""

    path: str = ""
    rows: Mapping[str, Mapping[str, str]] | None = None
    problems: tuple[Problem, ...] = ()

    def __post_init__(self):
        if self.rows is None:
            object.__setattr__(self, "rows", {})


def load_manifest(path: str | Path, documents: Mapping[str, Path] | None = None) -> Manifest:
    """Read and validate a manifest; an absent file is an empty manifest.

    Parameters
    ----------
    path
        The ``manifest.tsv``.
    documents
        The corpus documents by id (:func:`exomine.reading.inventory.list_corpus`).
        When given, a row must name one of their files, under its id.

    Returns
    -------
    Manifest
        Usable rows by doc_id (the first of a repeated doc_id; a value that
        breaks the schema emptied), and one :class:`~exomine.validation.Problem`
        per row or value that is not used. A file that is not UTF-8 text, or
        lacks the doc_id or file column, has no usable rows.
    """
    path = Path(path)
    where = str(path)
    if not path.is_file():
        return Manifest(where)
    try:
        text = decode_utf8(where, path.read_bytes())
    except SchemaError as exc:
        return Manifest(where, {}, tuple(exc.problems))
    csv.field_size_limit(1 << 24)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    header = next(reader, None)
    if not header:
        return Manifest(where)
    missing = [c for c in ("doc_id", "file") if c not in header]
    if missing:
        return Manifest(where, {}, (Problem(where, 1, len(header) + 1,
                                            f"manifest lacks column(s) {', '.join(missing)} in its header"),))
    rows = _Rows(where, path.parent, header, {name: header.index(name) + 1 for name in header},
                 load_schema("manifest"), _files_of(documents))
    for i, name in enumerate(header):
        if name in header[:i]:
            rows.problem(1, i + 1, f"column {name!r} appears twice in the header; the second is ignored")
    end = reader.line_num
    for fields in reader:
        line, end = end + 1, reader.line_num  # a record may span lines (a quoted line break)
        if any(f.strip() for f in fields):  # not a blank line
            _add_row(rows, line, fields)
    return Manifest(where, rows.rows, tuple(rows.problems))


def _files_of(documents: Mapping[str, Path] | None) -> dict[str, list[str]] | None:
    """File name -> its document ids (one per record of a multi-record file); ``None`` without documents."""
    if documents is None:
        return None
    files: dict[str, list[str]] = {}
    for doc_id, p in documents.items():
        files.setdefault(p.name, []).append(doc_id)
    return files


@dataclass
class _Rows:
    """The usable rows read so far, the problems found, and what a new row is checked against."""

    where: str
    folder: Path  # the manifest's folder (the corpus)
    header: list[str]
    column: dict[str, int]  # column name -> its 1-based column (the first, when a name repeats)
    schema: dict
    files: dict[str, list[str]] | None  # the corpus files and their document ids, when known
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    line_of_doc: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.where, line, column, message))


def _add_row(rows: _Rows, line: int, fields: list[str]) -> None:
    """Check one record; keep it when it can be matched to its document."""
    row = _row_values(rows, line, fields)
    if row is None:
        return
    doc_id, file = row["doc_id"], row["file"]
    column = rows.column
    if doc_id in rows.line_of_doc:
        rows.problem(line, column["doc_id"], f"doc_id {doc_id!r} repeats line {rows.line_of_doc[doc_id]}")
        return
    if rows.files is not None and file not in rows.files:
        absent = "no such file" if not (rows.folder / file).exists() else "not a document exomine reads"
        rows.problem(line, column["file"], f"file {file!r} is not in the corpus ({absent})")
        return
    if rows.files is not None and doc_id not in rows.files[file]:
        ids = rows.files[file]
        expected = ids[0] if len(ids) == 1 else f"{ids[0]}, ..."
        rows.problem(line, column["doc_id"], f"doc_id {doc_id!r} is not the document id of {file} ({expected!r}); "
                                             f"documents are named by their file")
        return
    rows.line_of_doc[doc_id] = line
    rows.rows[doc_id] = row


def _row_values(rows: _Rows, line: int, fields: list[str]) -> dict[str, str] | None:
    """The record's values by column, checked against the schema: ``None`` when it cannot name its document,
    else with every value that breaks the schema emptied (and reported)."""
    header, column = rows.header, rows.column
    if len(fields) > len(header):
        rows.problem(line, len(header) + 1,
                     f"extra field {fields[len(header)]!r}: the header has {len(header)} columns")
        return None
    row = {name: (fields[column[name] - 1] if column[name] - 1 < len(fields) else "") for name in column}
    found = record_problems(row, rows.schema)
    unusable = [(name, message) for name, message in found if name in ("doc_id", "file", "")]
    if unusable:  # the row cannot be matched to its document
        name, message = unusable[0]
        rows.problem(line, column.get(name, 1), message)
        return None
    for name, message in found:  # a bad value: the rest of the row is used
        rows.problem(line, column.get(name, 1), f"{message} (the value is not used)")
        row[name] = ""
    return row


def read_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    """Manifest rows by doc_id; an absent file is an empty manifest.

    The strict form of :func:`load_manifest`.

    Raises
    ------
    InputError
        At the first problem, naming the file, line and column.
    """
    manifest = load_manifest(path)
    if manifest.problems:
        first = manifest.problems[0]
        raise InputError(path, f"line {first.line}, column {first.column}: {first.message}")
    return {doc_id: dict(row) for doc_id, row in manifest.rows.items()}


def discover(folder: str | Path) -> dict[str, Path]:
    """Documents in ``folder`` by doc_id, sorted: one per single-document file, one per record otherwise.

    Several document ids map to the same file when it holds several records.
    Listing is cheap enough for workflow planning: only multi-record files
    (and ``.xml`` files, for their root element) are opened, and their
    records are listed, not parsed.

    The strict form of :func:`exomine.reading.inventory.list_corpus` (which the
    workflow uses, to report such files instead of stopping).

    Raises
    ------
    InputError
        When the folder does not exist, or a file name cannot be a document id
        (two files would give the same id, a ``;`` or a line break in the name).
    """
    listing = list_corpus(folder)
    rejected = [r for r in listing.others if r.status == "rejected"]
    if rejected:
        raise InputError(rejected[0].file, rejected[0].reason)
    return listing.documents
