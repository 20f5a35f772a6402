"""What a corpus file is: by its suffix, then by its content.

The suffix says which family a file belongs to; the first bytes decide
within it, so that a file saved under a generic suffix is read for what it
is:

* a ``.txt`` whose first line is a MEDLINE ``PMID- `` field followed by
  more ``TAG - value`` fields (PubMed's "Save → PubMed format") is
  ``medline``, one document per record;
* a ``.txt`` that opens with ``<!DOCTYPE html>``, ``<html>``, ``<head>`` or
  ``<body>`` is ``html``, and one that opens with ``%PDF-`` (a PDF saved
  under the wrong name) is ``pdf``;
* a ``.xml`` (or ``.xml.gz``) whose root is ``<collection>`` is BioC, any
  other ``.xml`` JATS;
* ``.html``/``.htm`` is ``html``, ``.pdf`` ``pdf``, ``.docx`` ``docx``;
  ``.nxml.gz`` and PMC Open Access packages (``.tar.gz``/``.tgz`` holding one
  ``.nxml``) are ``jats``.

:func:`payload` gives the bytes a reader parses: the file's own, or the
XML inside a gzip file or a PMC OA package. Nothing is unpacked to disk,
and a member that unpacks to more than :data:`MAX_UNPACKED` bytes is refused.

>>> sniff_text(b"\\nPMID- 90000001\\nOWN - NLM\\nTI  - Exosomal miR-9999.\\n")
'medline'
>>> sniff_text(b"<!DOCTYPE html>\\n<html><body><p>Exosomal miR-9999.</p></body></html>")
'html'
>>> sniff_text(b"Exosomal miR-9999 confers cisplatin resistance.")
'text'
"""

from __future__ import annotations

import gzip
import re
import tarfile
import zlib
from pathlib import Path

__all__ = ["SUPPORTED_SUFFIXES", "FormatProblem", "file_suffix", "file_stem", "sniff_text", "file_format", "payload",
           "MAX_UNPACKED"]

SUPPORTED_SUFFIXES = (".txt", ".xml", ".nxml", ".medline", ".nbib", ".pubtator", ".json", ".html", ".htm", ".pdf",
                      ".docx", ".xml.gz", ".nxml.gz", ".tar.gz", ".tgz")
_COMPOUND = (".xml.gz", ".nxml.gz", ".tar.gz")
_BY_SUFFIX = {".nxml": "jats", ".medline": "medline", ".nbib": "medline", ".pubtator": "pubtator",
              ".json": "bioc-json", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
              ".nxml.gz": "jats", ".tar.gz": "jats", ".tgz": "jats"}
_HEAD = 8192
SNIFF_BYTES = 1 << 20  # an XML root element is looked for in the first megabyte (comments, DTDs, BOMs before it)

# Largest XML member unpacked from a gzip file or a package (a review's full text is a few MB).
MAX_UNPACKED = 256 * 1024 * 1024

_MEDLINE_FIRST = re.compile(r"PMID ?- ?\d+\s*$")
_MEDLINE_FIELD = re.compile(r"[A-Z][A-Z0-9]{1,3} *- ")
_HTML_START = re.compile(r"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.I | re.S)


class FormatProblem(ValueError):
    """A file cannot be opened as what its suffix says (a broken archive, a package without its XML)."""


def file_suffix(path: str | Path) -> str:
    """The lower-case suffix that names a file's type: ``.tar.gz``, ``.xml.gz`` and ``.nxml.gz`` count as one."""
    name = Path(path).name.lower()
    for compound in _COMPOUND:
        if name.endswith(compound) and len(name) > len(compound):
            return compound
    return Path(name).suffix


def file_stem(name: str) -> str:
    """A file name without its type suffix (``PMC123.tar.gz`` → ``PMC123``, ``a.b.txt`` → ``a.b``)."""
    suffix = file_suffix(name)
    if suffix in _COMPOUND:
        return name[: -len(suffix)]
    return name.rsplit(".", 1)[0]


def sniff_text(head: bytes) -> str:
    """``medline``, ``html``, ``pdf`` or ``text``: what the first bytes of a ``.txt`` file hold."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if _HTML_START.match(text):
        return "html"
    lines = [ln.rstrip("\r") for ln in text.split("\n") if ln.strip()]
    if lines and _MEDLINE_FIRST.match(lines[0]) and len(lines) > 1 and _MEDLINE_FIELD.match(lines[1]):
        return "medline"
    return "text"


def _xml_kind(head: bytes) -> str:
    """BioC when the root element is ``<collection>`` (in any declared encoding, anywhere in ``head``), else JATS."""
    import io

    from exomine.reading.safeparse import xml_root

    return "bioc-xml" if xml_root(io.BytesIO(head)) == "collection" else "jats"


def _head(path: Path, size: int = _HEAD) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


def file_format(path: str | Path) -> str:
    """The reader a file goes to: ``text``, ``html``, ``jats``, ``pdf``, ``docx`` or a multi-record format.

    Only ``.txt`` and ``.xml`` files are opened (their first bytes), and a
    ``.xml.gz`` is unpacked for its root element.

    Raises
    ------
    KeyError
        For an unsupported suffix.
    OSError, FormatProblem
        When a file that must be opened cannot be.
    """
    path = Path(path)
    suffix = file_suffix(path)
    if suffix == ".txt":
        return sniff_text(_head(path))
    if suffix == ".xml":
        return _xml_kind(_head(path, SNIFF_BYTES))
    if suffix == ".xml.gz":
        return _xml_kind(_gunzip(path, SNIFF_BYTES))
    return _BY_SUFFIX[suffix]


def _gunzip(path: Path, head: int = 0) -> bytes:
    """The unpacked bytes of a gzip file (only the first ``head`` bytes when ``head`` is given)."""
    with open(path, "rb") as raw:  # an unreadable file raises OSError, a broken archive FormatProblem
        try:
            data = gzip.GzipFile(fileobj=raw).read(head or MAX_UNPACKED + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise FormatProblem(f"not a readable gzip file ({exc})") from exc
    if not head and len(data) > MAX_UNPACKED:
        raise FormatProblem(f"unpacks to more than {MAX_UNPACKED:,} bytes")
    return data


def _package_xml(path: Path) -> bytes:
    """The one article XML of a PMC Open Access package (``.nxml``; ``.xml`` in packages without one)."""
    with open(path, "rb") as raw:  # an unreadable file raises OSError, a broken archive FormatProblem
        return _package_member(raw)


def _package_member(raw) -> bytes:
    """The article XML member of an open tar archive (see :func:`_package_xml`)."""
    try:
        with tarfile.open(fileobj=raw, mode="r:*") as tar:
            members = [m for m in tar.getmembers() if m.isfile() and not Path(m.name).name.startswith(".")]
            for suffix in (".nxml", ".xml"):
                found = [m for m in members if m.name.lower().endswith(suffix)]
                if found:
                    break
            if len(found) != 1:
                listed = ", ".join(m.name for m in found[:3]) or "none"
                raise FormatProblem(f"a PMC OA package holds one .nxml article; this one holds {len(found)} "
                                    f"({listed})")
            if found[0].size > MAX_UNPACKED:
                raise FormatProblem(f"{found[0].name} unpacks to more than {MAX_UNPACKED:,} bytes")
            fh = tar.extractfile(found[0])
            return fh.read() if fh else b""
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise FormatProblem(f"not a readable tar.gz package ({exc})") from exc


def payload(path: str | Path) -> bytes:
    """The bytes a reader parses: the XML inside a ``.gz`` or a package, else the file itself.

    Raises
    ------
    OSError
        When the file cannot be read.
    FormatProblem
        A broken archive, or a package without exactly one article XML.
    """
    path = Path(path)
    suffix = file_suffix(path)
    if suffix in (".tar.gz", ".tgz"):
        return _package_xml(path)
    if suffix in (".xml.gz", ".nxml.gz"):
        return _gunzip(path)
    return path.read_bytes()
