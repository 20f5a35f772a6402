"""Read a PDF's text layer as paragraphs, one a line.

The text of each page comes from pypdf (BSD-3-Clause, pure Python). A PDF
sets its text as lines of a column's width, so the lines are joined back
into paragraphs (:func:`join_lines`): a line much shorter than a full line
ends its paragraph (a heading, the last line of a paragraph), a line break
after a hyphen between two lower-case letters is a word break
(``resis-`` + ``tance``), and other hyphens are kept (``miR-`` + ``21``).
A short line without final punctuation after a finished sentence, and an
abstract, keywords or references heading (the web-text rules of those
names), start a paragraph of their own. Running headers and footers (the
same line on most pages, and on three at least, digits aside) and bare page
numbers are dropped. The paragraphs then go to the web-text
cleaner like any text.

A PDF whose pages mostly have no text layer (fewer than
:data:`MIN_PAGE_CHARS` characters: scanned images) is refused with that
reason, since it needs OCR first (e.g. ``ocrmypdf in.pdf out.pdf``); a PDF
with a few such pages is read, and the pages are named in a log warning.

>>> join_lines(["Exosomal miR-9999 confers cisplatin resis-", "tance in gastric cancer by targeting",
...             "PTEN.", "Methods", "Cells were cultured in a medium that holds"])
['Exosomal miR-9999 confers cisplatin resistance in gastric cancer by targeting PTEN.', 'Methods', \
'Cells were cultured in a medium that holds']
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from exomine.reading.webtext_rules import default_rules

__all__ = ["PdfProblem", "pdf_lines", "join_lines", "MIN_PAGE_CHARS"]

log = logging.getLogger(__name__)

# A page with fewer characters of text than this has no text layer (a scanned image, or an empty page).
MIN_PAGE_CHARS = 20
# A line shorter than this fraction of a full line ends its paragraph.
SHORT_LINE = 0.75

_WORD_BREAK = re.compile(r"[a-z]-$")
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)


class PdfProblem(ValueError):
    """A PDF that cannot be read as text (broken, encrypted, or a scan without a text layer)."""


def _full_width(lines: list[str]) -> int:
    lengths = sorted(len(ln) for ln in lines)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def _section_heading(line: str) -> bool:
    """An abstract, keywords or references heading (the web-text rules of that name)."""
    rules = default_rules()
    return any(rules.one(role).test(line) for role in ("abstract_heading", "keywords_heading", "references_heading"))


def join_lines(lines: list[str]) -> list[str]:
    """Paragraphs from the lines of a text set in columns (see the module docstring)."""
    lines = [" ".join(ln.split()) for ln in lines]
    lines = [ln for ln in lines if ln]
    short = SHORT_LINE * _full_width(lines)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        heading_like = len(line) < short and not re.search(r"[.?!:;,]$", line)
        if current and heading_like and (re.search(r"[.?!:]$", current) or _section_heading(line)):
            paragraphs.append(current)  # a heading after a finished sentence, or "Abstract", starts afresh
            current = ""
        if not current:
            current = line
        elif _WORD_BREAK.search(current) and line[:1].islower():
            current = current[:-1] + line
        elif current.endswith("-"):
            current += line
        else:
            current += " " + line
        if len(line) < short:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines (digits folded) that recur on most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts = Counter(key for page in pages for key in {re.sub(r"\d+", "#", ln.strip()) for ln in page if ln.strip()})
    return {key for key, n in counts.items() if n > len(pages) / 2 and n >= 3}


def _page_texts(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfProblem("encrypted PDF (save it without a password)")
        return [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError as exc:
        raise PdfProblem("encrypted PDF (save it without a password)") from exc
    except PdfProblem:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError) as exc:
        raise PdfProblem(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc


def pdf_lines(data: bytes, source: str = "") -> str:
    """The paragraphs of a PDF's text layer, one a line.

    The document information dictionary (``/Title``) is not read: it is
    often empty or a file name; the title is found in the text.

    Raises
    ------
    PdfProblem
        A broken or encrypted PDF, or one whose pages mostly have no text
        layer (scanned images, needing OCR).
    """
    texts = _page_texts(data)
    if not texts:
        raise PdfProblem("PDF has no pages")
    empty = [k for k, text in enumerate(texts, 1) if len("".join(text.split())) < MIN_PAGE_CHARS]
    if len(empty) > len(texts) / 2:
        raise PdfProblem(f"PDF has no text layer on {len(empty)} of its {len(texts)} page(s) (scanned images? "
                         "run OCR first, e.g. ocrmypdf, and put the result in the corpus)")
    if empty:
        log.warning("%s: no text layer on page(s) %s of %d (scanned images?); read without them",
                    source or "PDF", ", ".join(map(str, empty)), len(texts))
    pages = [text.split("\n") for text in texts]
    furniture = _furniture(pages)
    lines = [ln for page in pages for ln in page
             if re.sub(r"\d+", "#", ln.strip()) not in furniture and not _PAGE_NUMBER.match(ln.strip())]
    return "\n".join(join_lines(lines))
