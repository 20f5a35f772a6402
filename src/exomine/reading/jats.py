"""Read PMC / JATS article XML (``.xml``, ``.nxml``) into article parts.

Uses lxml's real XML parser (no regular expressions over markup). The parts
are the same plain :class:`~exomine.reading.webtext.Part` records that the web-text
cleaner produces, so both formats flow into one document builder.

Hostile XML is refused with a reason: entities are never resolved (no file or
network access, no "billion laughs" expansion), and elements nested deeper
than :data:`MAX_DEPTH` are an error. The tree is walked with explicit stacks,
never by recursion, so no depth reaches Python's recursion limit.

>>> xml = b"<article><front><article-meta><title-group><article-title>T</article-title>"\
...       b"</title-group><abstract><p>Exosomal miR-21 confers cisplatin resistance.</p></abstract>"\
...       b"</article-meta></front></article>"
>>> parts, meta = parse_jats(xml)
>>> [(p.name, p.paragraphs) for p in parts]
[('title', ('T',)), ('abstract', ('Exosomal miR-21 confers cisplatin resistance.',))]
"""

from __future__ import annotations

import re

from lxml import etree

from exomine.reading.webtext import Part, normalise_text

__all__ = ["parse_jats", "JatsError", "MAX_DEPTH"]

# Deepest element nesting accepted. Real articles (MathML included) stay far below it.
MAX_DEPTH = 512

_SKIP_IN_TEXT = {"table-wrap", "fig", "disp-formula", "supplementary-material", "table", "alternatives"}


class JatsError(ValueError):
    """The bytes are not a well-formed JATS article."""


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(el: etree._Element) -> str:
    """Visible text of an element, skipping floats (tables, figures) nested in it."""
    chunks: list[str] = []
    stack: list = [el]  # elements to open, and the tails to emit after them (document order)
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            chunks.append(node)
            continue
        if node.text and _local(node.tag) not in _SKIP_IN_TEXT:
            chunks.append(node.text)
        for child in reversed(node):
            if child.tail:
                stack.append(child.tail)
            if _local(child.tag) not in _SKIP_IN_TEXT:
                stack.append(child)
    return " ".join(normalise_text("".join(chunks)).split())


def _depth(root: etree._Element, limit: int) -> int:
    """Nesting depth of ``root``'s tree (the root is depth 1), counted up to ``limit + 1``."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        stack.extend((child, depth + 1) for child in node)
    return deepest


def _find(el: etree._Element, path: str) -> list[etree._Element]:
    return el.xpath(path)


def _paragraphs(el: etree._Element) -> tuple[str, ...]:
    paras = [_text(p) for p in _find(el, "./*[local-name()='p']")]
    return tuple(p for p in paras if p)


def _sections(top: etree._Element) -> list[Part]:
    """A body section and its sub-sections in document order; nested headings joined with " / "."""
    parts = []
    stack = [(top, "")]
    while stack:
        sec, prefix = stack.pop()
        title_el = _find(sec, "./*[local-name()='title']")
        heading = _text(title_el[0]) if title_el else ""
        heading = f"{prefix} / {heading}" if prefix and heading else heading or prefix
        paras = _paragraphs(sec)
        if paras:
            parts.append(Part("body", heading, paras))
        stack.extend((child, heading) for child in reversed(_find(sec, "./*[local-name()='sec']")))
    return parts


def parse_jats(data: bytes) -> tuple[list[Part], dict[str, str]]:
    """Parse a JATS/NLM article.

    Parameters
    ----------
    data
        The file's bytes (the parser honours the XML declaration's encoding).

    Returns
    -------
    parts, metadata
        Title, abstract, keywords, body sections (nested headings joined with
        " / "), figure and table captions, and reference titles.

    Raises
    ------
    JatsError
        When the XML is malformed, nested deeper than :data:`MAX_DEPTH`
        elements, or holds no article.
    """
    art = _article(_parse_xml(data))
    metadata: dict[str, str] = {}
    parts: list[Part] = []
    meta_el = (_find(art, "./*[local-name()='front']/*[local-name()='article-meta']") or [None])[0]
    if meta_el is not None:
        parts.extend(_front(meta_el, metadata))
    journal = _find(art, ".//*[local-name()='journal-meta']//*[local-name()='journal-title']")
    if journal:
        metadata["journal"] = _text(journal[0])
    parts.extend(_body(art))
    captions = _captions(art)
    if captions:
        parts.append(Part("figure", "Figure captions", tuple(c for c in captions if c)))
    titles = _reference_titles(art)
    if titles:
        parts.append(Part("references", "References", tuple(titles)))
    return parts, metadata


def _parse_xml(data: bytes) -> etree._Element:
    """The root element; entities are not resolved, and a tree nested deeper than :data:`MAX_DEPTH` is refused."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=True)
    too_deep = f"XML elements nested deeper than {MAX_DEPTH} levels (not a JATS article)"
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            raise JatsError(too_deep) from exc
        raise JatsError(f"malformed XML: {exc}") from exc
    if _depth(root, MAX_DEPTH) > MAX_DEPTH:
        raise JatsError(too_deep)
    return root


def _article(root: etree._Element) -> etree._Element:
    """The root ``<article>``, else the first ``<article>`` inside the root element."""
    articles = [root] if _local(root.tag) == "article" else _find(root, ".//*[local-name()='article']")
    if not articles:
        raise JatsError(f"no <article> element (root is <{_local(root.tag)}>)")
    return articles[0]


def _front(meta_el: etree._Element, metadata: dict[str, str]) -> list[Part]:
    """Title, abstract and keyword parts of ``<article-meta>``; its title, ids, year and keywords go to ``metadata``."""
    parts = []
    t = _find(meta_el, ".//*[local-name()='title-group']/*[local-name()='article-title']")
    if t and _text(t[0]):
        metadata["title"] = _text(t[0])
        parts.append(Part("title", "Title", (metadata["title"],)))
    for aid in _find(meta_el, "./*[local-name()='article-id']"):
        kind = {"doi": "doi", "pmid": "pmid", "pmc": "pmcid", "pmcid": "pmcid"}.get(aid.get("pub-id-type", ""))
        if kind and aid.text:
            value = aid.text.strip()
            metadata[kind] = f"PMC{value}" if kind == "pmcid" and value.isdigit() else value
    years = _find(meta_el, ".//*[local-name()='pub-date']/*[local-name()='year']")
    if years and years[0].text:
        metadata["year"] = years[0].text.strip()
    for abstract in _find(meta_el, "./*[local-name()='abstract']"):
        if abstract.get("abstract-type") in ("graphical", "teaser"):
            continue
        paras = _paragraphs(abstract)
        if paras:
            parts.append(Part("abstract", "Abstract", paras))
        # a structured abstract: each part under its label ("Background", "Results"), which says what it holds
        for sec in _find(abstract, ".//*[local-name()='sec']"):
            title = _find(sec, "./*[local-name()='title']")
            if _paragraphs(sec):
                parts.append(Part("abstract", (_text(title[0]) if title else "") or "Abstract", _paragraphs(sec)))
    kwds = [_text(k) for k in _find(meta_el, ".//*[local-name()='kwd']")]
    if kwds:
        metadata["keywords"] = "; ".join(kwds)
        parts.append(Part("keywords", "Keywords", ("; ".join(kwds) + ".",)))
    return parts


def _body(art: etree._Element) -> list[Part]:
    """The body's loose paragraphs (an untitled part), then its sections."""
    parts = []
    for body in _find(art, "./*[local-name()='body']"):
        loose = _paragraphs(body)
        if loose:
            parts.append(Part("body", "", loose))
        for sec in _find(body, "./*[local-name()='sec']"):
            parts.extend(_sections(sec))
    return parts


def _captions(art: etree._Element) -> list[str]:
    """Figure and table captions, each after its label ("Figure 1. ...")."""
    captions = []
    for fig in _find(art, ".//*[local-name()='fig' or local-name()='table-wrap']"):
        label = _find(fig, "./*[local-name()='label']")
        cap = _find(fig, "./*[local-name()='caption']")
        if cap:
            text = " ".join(_text(c) for c in _find(cap[0], "./*") if _text(c)) or _text(cap[0])
            lab = _text(label[0]) if label else ""
            captions.append(f"{lab}. {text}" if lab and not text.startswith(lab) else text)
    return captions


def _reference_titles(art: etree._Element) -> list[str]:
    """The article titles of the reference list, each ending as a sentence does."""
    titles = []
    for ref in _find(art, ".//*[local-name()='ref-list']//*[local-name()='ref']"):
        t = _find(ref, ".//*[local-name()='article-title']")
        if t and _text(t[0]):
            title = _text(t[0])
            titles.append(title if re.search(r"[.?!]$", title) else title + ".")
    return titles
