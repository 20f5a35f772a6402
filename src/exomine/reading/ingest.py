"""Read corpus files into structured, cleaned :class:`~exomine.records.Document` objects.

This is the I/O edge of ingestion: it reads bytes, checks that they are
text, dispatches to the web-text cleaner, the JATS reader or the reader of
multi-record exports (:mod:`exomine.reading.bibformats`: MEDLINE, PubTator, BioC),
and lays the parts out into one cleaned text with offsets. What a file is
comes from :mod:`exomine.reading.formats` (suffix, then content); HTML, PDF
and Word files are turned into lines of text (:mod:`~exomine.reading.html`,
:mod:`~exomine.reading.pdf`, :mod:`~exomine.reading.docx`) that the web-text
cleaner reads like any ``.txt``. Every later
offset refers to ``Document.text``: headings and paragraphs one per line, a
blank line between sections.

A ``.txt``, ``.html``, ``.pdf``, ``.docx``, ``.xml`` (JATS) or ``.nxml``
file (also gzipped, or a PMC OA ``.tar.gz`` package) is one document, named
by the file name without suffix. A MEDLINE (``.medline``, ``.nbib``, or a
``.txt`` in PubMed format), PubTator (``.pubtator``) or BioC (``.json``, or
``.xml`` whose root is ``<collection>``) file holds one document per record,
named ``<file stem>.<record id>`` (the PMID or the BioC document id), or
just ``<record id>`` when that is the file stem (``123.medline`` holding PMID 123).

Bad input raises :class:`InputError` naming the file (and the record) and the reason.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping

from exomine.reading.bibformats import MULTI_RECORD_FORMATS, FormatError, Record, RecordError, list_records, \
    record_parts, split_records
from exomine.reading.formats import SUPPORTED_SUFFIXES, FormatProblem, file_format, file_stem, file_suffix, payload
from exomine.reading.jats import JatsError, parse_jats
from exomine.records import Document, Paragraph, Section
from exomine.reading.titles import split_title_notice, strip_title_notices
from exomine.reading.webtext import Part, parse_web_text

__all__ = ["InputError", "read_document", "read_documents", "build_document", "doc_id_for", "document_ids",
           "record_content", "input_format", "SUPPORTED_SUFFIXES"]


class InputError(ValueError):
    """An input file cannot be read as a review; the message names file and reason."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def doc_id_for(path: str | Path, record: str | None = None) -> str:
    """The document id of a corpus file (its name without suffix), or of one of its records (``<stem>.<record>``)."""
    stem = file_stem(Path(path).name)
    return f"{stem}.{record}" if record is not None else stem


def input_format(path: str | Path) -> str:
    """``text``, ``html``, ``jats``, ``pdf``, ``docx`` or a multi-record format (``medline``, ``pubtator``,
    ``bioc-xml``, ``bioc-json``): :func:`exomine.reading.formats.file_format`.

    Only ``.txt`` and ``.xml`` files are opened, for their first bytes (a
    ``.xml.gz`` is unpacked for its root element).
    """
    path = Path(path)
    suffix = file_suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix!r} (expected one of {', '.join(SUPPORTED_SUFFIXES)})")
    with _as_input_error(path):
        return file_format(path)


def _payload(path: Path) -> bytes:
    """The bytes a reader parses (the XML inside a ``.gz`` or a PMC OA package, else the file's)."""
    with _as_input_error(path):
        return payload(path)


@contextmanager
def _as_input_error(path: Path) -> Iterator[None]:
    """A file that cannot be opened or unpacked becomes an :class:`InputError` naming it and the reason."""
    try:
        yield
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror})") from exc
    except FormatProblem as exc:
        raise InputError(path, str(exc)) from exc


def document_ids(path: str | Path) -> list[str]:
    """The document ids a corpus file holds, cheaply (records are listed, not parsed).

    A file that holds no readable record list (empty, not text, malformed)
    is one document under its own name; reading it raises the reason.
    """
    path = Path(path)
    fmt = input_format(path)
    if fmt not in MULTI_RECORD_FORMATS:
        return [doc_id_for(path)]
    try:
        ids = list_records(payload(path), fmt)
    except (OSError, FormatError, FormatProblem):
        ids = []
    return [_record_doc_id(path, rid) for rid in ids] or [doc_id_for(path)]


def _record_doc_id(path: Path, record: str) -> str:
    """``<stem>.<record id>``, or the stem alone when it is the record id (``123.medline`` holding PMID 123)."""
    return doc_id_for(path) if record == doc_id_for(path) else doc_id_for(path, record)


@lru_cache(maxsize=2)
def _records(path: str, mtime_ns: int, size: int, fmt: str) -> dict[str, Record]:
    """The records of a file (cached: a shard job reads the records of one file one after another)."""
    data = _payload(Path(path))
    if not data.strip():
        raise InputError(path, "file is empty")
    try:
        return split_records(data, fmt)
    except FormatError as exc:
        raise InputError(path, str(exc)) from exc


def _record(path: Path, fmt: str, doc_id: str | None, record: str | None) -> Record:
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror})") from exc
    records = _records(str(path), stat.st_mtime_ns, stat.st_size, fmt)
    if not records:
        raise InputError(path, "no records found")
    if record is None:
        stem = doc_id_for(path)
        if doc_id and doc_id.startswith(stem + "."):
            record = doc_id[len(stem) + 1 :]
        elif len(records) == 1:
            record = next(iter(records))
        else:
            raise InputError(path, f"the file holds {len(records)} records; its documents are "
                                   f"{stem}.<record id> ({', '.join(list(records)[:3])}{', ...' if len(records) > 3 else ''})")
    if record not in records:
        raise InputError(path, f"no record {record!r} in the file")
    return records[record]


def record_content(path: str | Path, doc_id: str | None = None) -> bytes:
    """The bytes a document is read from: the whole file, or the one record of a multi-record file."""
    path = Path(path)
    fmt = input_format(path)
    if fmt not in MULTI_RECORD_FORMATS:
        return _payload(path)
    return _record(path, fmt, doc_id, None).content


def build_document(doc_id: str, source: str, parts: list[Part], metadata: Mapping[str, str]) -> Document:
    """Lay article parts out as one cleaned text and record paragraph offsets."""
    chunks: list[str] = []
    pos = 0
    sections = []
    for part in parts:
        paragraphs = []
        if part.name not in ("title",) and part.heading:
            chunks.append(part.heading + "\n")
            pos += len(part.heading) + 1
        for para in part.paragraphs:
            paragraphs.append(Paragraph(pos, para))
            chunks.append(para + "\n")
            pos += len(para) + 1
        chunks.append("\n")
        pos += 1
        sections.append(Section(part.name, part.heading, tuple(paragraphs)))
    return Document(doc_id, source, "".join(chunks), tuple(sections), dict(metadata))


_BINARY = "binary file (contains NUL bytes), expected UTF-8 text or JATS XML"
_UTF16 = (b"\xff\xfe", b"\xfe\xff")  # byte-order marks (UTF-32's start with UTF-16's)


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise InputError(path, "file is empty")
    if data.startswith(_UTF16):
        raise InputError(path, "UTF-16/UTF-32 text, expected UTF-8 (save the file as UTF-8)")
    if b"\x00" in data:  # anywhere in the file, not only at its start
        raise InputError(path, _BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (invalid byte at offset {exc.start})") from exc


def _converted_lines(path: Path, fmt: str, data: bytes) -> tuple[str, dict[str, str]]:
    """The lines of text of an HTML page, a PDF or a Word file, and what the file states about itself."""
    from exomine.reading.docx import DocxProblem, docx_lines
    from exomine.reading.html import html_lines
    from exomine.reading.pdf import PdfProblem, pdf_lines

    if not data.strip():
        raise InputError(path, "file is empty")
    try:
        if fmt == "html":
            return html_lines(data, source=str(path))
        if fmt == "pdf":
            return pdf_lines(data, source=str(path)), {}
        return docx_lines(data)
    except (PdfProblem, DocxProblem) as exc:
        raise InputError(path, str(exc)) from exc


def _single_parts(path: Path, fmt: str) -> tuple[list[Part], dict[str, str]]:
    """The parts and stated metadata of a one-document file."""
    data = _payload(path)
    if fmt == "jats":
        if not data.strip():
            raise InputError(path, "file is empty")
        if b"\x00" in data and not data.startswith(_UTF16) and not data.startswith((b"<\x00", b"\x00<")):
            raise InputError(path, _BINARY)  # NUL bytes in XML that is not UTF-16/32
        try:
            return parse_jats(data)
        except JatsError as exc:
            raise InputError(path, str(exc)) from exc
    if fmt in ("html", "pdf", "docx"):
        text, stated = _converted_lines(path, fmt, data)
        parts, found = parse_web_text(text, source=str(path))
        return parts, {**found, **stated}
    return parse_web_text(_decode(path, data), source=str(path))


def read_document(path: str | Path, doc_id: str | None = None, metadata: Mapping[str, str] | None = None,
                  record: str | None = None) -> Document:
    """Read and clean one review, or one record of a multi-record file.

    Parameters
    ----------
    path
        A ``.txt`` text (a web scrape, an abstract, a title, sentences), an
        HTML page, a PDF with a text layer, a Word ``.docx``, PMC/JATS
        ``.xml``/``.nxml`` (also gzipped, or a PMC OA ``.tar.gz``), or a
        MEDLINE, PubTator or BioC file.
    doc_id
        Defaults to the file name without suffix (``<stem>.<record id>`` for
        a record); for a multi-record file it names the record unless
        ``record`` does.
    metadata
        Curated values (e.g. from ``corpus/manifest.tsv``) that override what
        the text states about itself.
    record
        The record id in a multi-record file.

    Raises
    ------
    InputError
        Unreadable, empty, binary, non-UTF-8 or malformed input, a malformed
        record, or a file in which no article text was found.
    """
    path = Path(path)
    fmt = input_format(path)
    source = str(path)
    if fmt in MULTI_RECORD_FORMATS:
        rec = _record(path, fmt, doc_id, record)
        doc_id = doc_id or _record_doc_id(path, rec.id)
        source = f"{path}#{rec.id}"
        try:
            parts, found = record_parts(rec, fmt)
        except RecordError as exc:
            raise InputError(path, str(exc)) from exc
    else:
        doc_id = doc_id or doc_id_for(path)
        parts, found = _single_parts(path, fmt)
    if not any(p.paragraphs for p in parts):
        raise InputError(path, "no article text found (no words left once page furniture is removed)")
    merged = {**found, **{k: v for k, v in (metadata or {}).items() if v}}
    merged = {k: re.sub(r"\s+", " ", str(v)).strip() for k, v in merged.items()}
    # "RETRACTED ARTICLE:", "Erratum:" ...: not what the article states; kept as a note (exomine.reading.titles)
    parts, note = strip_title_notices(parts)
    if merged.get("title"):
        merged["title"], title_note = split_title_notice(merged["title"])
        note = note or title_note
    if note:
        merged["title_note"] = note
    return build_document(doc_id, source, parts, merged)


def read_documents(path: str | Path, metadata: Mapping[str, Mapping[str, str]] | None = None) -> Iterator[Document]:
    """Every document of a corpus file, in file order (``metadata`` by document id)."""
    for doc_id in document_ids(path):
        yield read_document(path, doc_id, (metadata or {}).get(doc_id))
