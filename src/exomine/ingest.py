"""Read one corpus file into a structured, cleaned :class:`~exomine.records.Document`.

This is the I/O edge of ingestion: it reads bytes, checks that they are
text, dispatches to the web-text cleaner or the JATS reader, and lays the
parts out into one cleaned text with offsets. Every later offset refers to
``Document.text``: headings and paragraphs one per line, a blank line
between sections.

Bad input raises :class:`InputError` naming the file and the reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from .jats import JatsError, parse_jats
from .records import Document, Paragraph, Section
from .webtext import Part, parse_web_text

__all__ = ["InputError", "read_document", "build_document", "doc_id_for", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".txt", ".xml", ".nxml")


class InputError(ValueError):
    """An input file cannot be read as a review; the message names file and reason."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def doc_id_for(path: str | Path) -> str:
    """The document id of a corpus file: its file name without suffix."""
    return Path(path).name.rsplit(".", 1)[0]


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


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise InputError(path, "file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes), expected UTF-8 text or JATS XML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (invalid byte at offset {exc.start})") from exc


def read_document(path: str | Path, doc_id: str | None = None, metadata: Mapping[str, str] | None = None) -> Document:
    """Read and clean one review.

    Parameters
    ----------
    path
        A ``.txt`` web scrape, or PMC/JATS ``.xml``/``.nxml``.
    doc_id
        Defaults to the file name without suffix.
    metadata
        Curated values (e.g. from ``corpus/manifest.tsv``) that override what
        the text states about itself.

    Raises
    ------
    InputError
        Unreadable, empty, binary, non-UTF-8 or malformed input, or a file in
        which no article text was found.
    """
    path = Path(path)
    doc_id = doc_id or doc_id_for(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {path.suffix!r} (expected one of {', '.join(SUPPORTED_SUFFIXES)})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror})") from exc
    if path.suffix.lower() in (".xml", ".nxml"):
        if not data.strip():
            raise InputError(path, "file is empty")
        try:
            parts, found = parse_jats(data)
        except JatsError as exc:
            raise InputError(path, str(exc)) from exc
    else:
        parts, found = parse_web_text(_decode(path, data), source=str(path))
    if not any(p.paragraphs for p in parts):
        raise InputError(path, "no article text found (no words left once page furniture is removed)")
    merged = {**found, **{k: v for k, v in (metadata or {}).items() if v}}
    merged = {k: re.sub(r"\s+", " ", str(v)).strip() for k, v in merged.items()}
    return build_document(doc_id, str(path), parts, merged)
