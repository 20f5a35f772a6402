"""Read a saved web page (``.html``, ``.htm``, or a ``.txt`` holding HTML) as the lines of its main text.

The page's main text is found by trafilatura (Barbaresi 2021, *Trafilatura:
A Web Scraping Library and Command-Line Tool for Text Discovery and
Extraction*, ACL System Demonstrations), which drops navigation, headers,
footers, comments and other boilerplate. Its title, headings, paragraphs,
list items and table rows become one line each (a line break
in a paragraph starts a new line), which is what the web-text
cleaner (:func:`exomine.reading.webtext.parse_web_text`) reads: a page gives
the same parts as the same text saved as ``.txt``. A page in which
trafilatura finds no main text (a fragment, a bare list) is read whole,
one line per block element, without scripts, styles and navigation.

The page's own statements about itself come from its Highwire ``citation_*``
meta tags (PubMed, PMC and most publishers write them): title, DOI, PMID,
PMCID, journal and year.

>>> lines, meta = html_lines(b'<html><head><meta name="citation_doi" content="10.5555/x.1"></head>'
...                          b'<body><h1>Exosomal miR-9999</h1><p>It confers cisplatin resistance.</p></body></html>')
>>> lines.split("\\n"), meta["doi"]
(['Exosomal miR-9999', 'It confers cisplatin resistance.'], '10.5555/x.1')
"""

from __future__ import annotations

import logging
import re

from lxml import etree, html

__all__ = ["html_lines", "citation_metadata"]

log = logging.getLogger(__name__)

_CITATION = {"citation_title": "title", "citation_doi": "doi", "citation_pmid": "pmid", "citation_pmcid": "pmcid",
             "citation_journal_title": "journal", "citation_publication_date": "year", "citation_date": "year",
             "citation_year": "year"}
_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "dd", "dt",
           "figcaption", "caption", "table", "ul", "ol", "pre")
_NOT_TEXT = ("script", "style", "noscript", "nav", "header", "footer", "form", "template", "svg", "button")


def _tree(data: bytes):
    try:
        return html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return None


def citation_metadata(root) -> dict[str, str]:
    """Title, DOI, PMID, PMCID, journal and year from a page's ``<meta name="citation_...">`` tags."""
    meta: dict[str, str] = {}
    if root is None:
        return meta
    for el in root.iter("meta"):
        key = _CITATION.get((el.get("name") or el.get("property") or "").strip().lower())
        value = " ".join((el.get("content") or "").split())
        if not key or not value or key in meta:
            continue
        if key == "year":
            found = re.search(r"\b(1[89]|20)\d\d\b", value)
            if not found:
                continue
            value = found.group()
        if key == "doi":
            value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
        meta[key] = value
    return meta


def _element_lines(el) -> list[str]:
    """An element's text, a line per line break (``<lb/>``) in it."""
    for lb in el.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    return [" ".join(ln.split()) for ln in "".join(el.itertext()).split("\n")]


def _main_lines(xml: str) -> tuple[list[str], str]:
    """The lines of trafilatura's XML output, and the title it found."""
    doc = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    main = doc.find("main")
    lines: list[str] = []
    for el in (main if main is not None else []):
        if el.tag == "list":
            lines.extend(ln for item in el.iter("item") for ln in _element_lines(item))
        elif el.tag == "table":
            lines.extend(" ".join(" ".join(_element_lines(c)) for c in row.iter("cell")) for row in el.iter("row"))
        else:
            lines.extend(_element_lines(el))
    return [ln for ln in lines if ln], " ".join((doc.get("title") or "").split())


def _fallback_lines(root) -> list[str]:
    """Every block element's text, one per line (for pages in which trafilatura finds no main text)."""
    if root is None:
        return []
    for el in list(root.iter(*_NOT_TEXT)):
        el.drop_tree()
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        if el.text:
            el.text = "\n" + el.text
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    return [" ".join(ln.split()) for ln in text.split("\n") if ln.strip()]


def html_lines(data: bytes, source: str = "") -> tuple[str, dict[str, str]]:
    """The main text of a page as lines (title first), and what its meta tags state.

    Parameters
    ----------
    data
        The page as saved (its encoding is read from the page).
    source
        The file, for log messages.

    Returns
    -------
    text, metadata
        One heading, paragraph, list item or table row per line; ``""`` when
        the page holds no text.
    """
    import trafilatura

    root = _tree(data)
    meta = citation_metadata(root)
    xml = trafilatura.extract(data, output_format="xml", with_metadata=True, favor_recall=True,
                              include_comments=False, include_tables=True, include_images=False, deduplicate=False)
    lines, title = _main_lines(xml) if xml else ([], "")
    if not lines:
        log.info("%s: no main text found by trafilatura; reading every block of the page", source or "page")
        lines = _fallback_lines(root)
    title = meta.get("title") or title
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(lines), meta
