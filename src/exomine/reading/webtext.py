"""Clean web-scraped review text into titled sections.

Scraped article pages carry navigation text, "Similar articles"/"Cited by"
lists, licence boilerplate, repeated figure labels and metric counters
around the article itself. This module recognises the article's parts from
the line structure alone (headings are short lines without final
punctuation; references are numbered bibliographic lines) and returns plain
``(name, heading, paragraphs)`` parts; :mod:`exomine.reading.ingest` turns them into a
:class:`~exomine.records.Document` with offsets.

A page is read line by line: each line goes to the first reader of its
class that takes it (a section heading, a figure label, furniture, a
caption, a reference, a keyword, a bullet item, a heading, a line under a
drop heading, running text), and the state those readers share is one
``_Page``. What a single line is (a heading, a byline, prose, ...) is
decided in :mod:`exomine.reading.webtext_lines`.

Nothing here reads files; every function takes and returns strings.

>>> parts, meta = parse_web_text("Exosomes in drug resistance\\nAbstract\\nExosomes carry miR-21 to cells.\\n"
...                              "Similar articles\\n- A. B. PMID: 1")
>>> [(p.name, p.paragraphs) for p in parts]
[('title', ('Exosomes in drug resistance',)), ('abstract', ('Exosomes carry miR-21 to cells.',))]
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from exomine.text.textnorm import normalise
from exomine.reading.webtext_lines import (is_byline, is_heading, is_label, is_list_item, is_noise, is_prose,
                                           is_sentence, is_title_like, reference_title, split_keywords)
from exomine.reading.webtext_rules import default_rules

__all__ = ["Part", "parse_web_text", "normalise_text", "decode_entities", "extract_metadata"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Part:
    name: str  # title | abstract | keywords | body | figure | references
    heading: str
    paragraphs: tuple[str, ...]


# Every pattern applied to a line lives in data/webtext_rules.yaml as a named rule (exomine.reading.webtext_rules).
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


# A character reference written out in plain text ("&nbsp;", "&amp;", "&#8211;", "&#x2014;"), terminated by ";"
# (html.unescape would also decode a few legacy names without one: "&not" in "&notes").
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """HTML character references written literally in a text file, decoded (:func:`html.unescape`).

    Only references that end with ";" are read; an unknown name ("&foo;") stays as it is.

    >>> decode_entities("Exosomes &amp; drug resistance&nbsp;&#8211; R&D &foo;")
    'Exosomes & drug resistance\xa0– R&D &foo;'
    """
    return _CHAR_REF.sub(lambda m: html.unescape(m.group()), text)


def normalise_text(text: str) -> str:
    """:func:`exomine.text.textnorm.normalise` (NFKC, dashes, invisibles), then fold runs of spaces per line."""
    text = normalise(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def extract_metadata(lines: list[str]) -> dict[str, str]:
    """What a scraped page states about itself: DOI, PMID, PMCID, year."""
    text = "\n".join(lines)
    meta: dict[str, str] = {}
    head = text[: max(3000, len(text) // 4)]
    # Lists of other articles ("Similar articles", "Cited by", references) carry their ids, not ours.
    rules = default_rules()
    stop = rules.one("metadata_stop")
    at = 0
    for line in head.split("\n"):
        if stop.test(line.strip()):
            head = head[:at]
            break
        at += len(line) + 1
    for key in ("doi", "pmid", "pmcid"):
        rx = rules.one(key).regex
        m = rx.search(head) or (rx.search(text) if key == "doi" else None)
        if m:
            meta[key] = m.group("value")
    return meta


def _choose_title(content: list[str]) -> str:
    """The page's title among the lines before the article starts.

    The candidates are title-like lines (see :func:`is_title_like`) before
    the abstract heading or the first paragraph of prose. The title is the
    first candidate that the page repeats (a running header), else the first
    one directly followed by an author list, else the first candidate. With no
    candidate, a first line followed by an author list is the title even if it
    ends with a full stop (PubMed's text export).
    """
    rules = default_rules()
    counts = Counter(content)
    candidates: list[tuple[int, str]] = []
    first_text = -1
    previous = ""
    for i, ln in enumerate(content[:80]):
        if rules.matches("abstract_heading", ln):
            break
        after_label, previous = is_label(previous, ln), ln
        if is_noise(ln) and not after_label:
            continue
        if is_title_like(ln):
            if not after_label:  # the value of a label ("Erschienen in:", "Journal:") is not the title
                candidates.append((i, ln))
            continue
        if first_text < 0 and not is_byline(ln) and not rules.matches("header_line", ln):
            first_text = i
        if is_prose(ln) and not rules.matches("header_line", ln):
            break

    def byline_follows(i: int) -> bool:
        nxt = next((ln for ln in content[i + 1 : i + 4] if not is_noise(ln)), "")
        return is_byline(nxt)

    for _, ln in candidates:
        if counts[ln] > 1:
            return ln
    for i, ln in candidates:
        if byline_follows(i):
            return ln
    if candidates:
        return candidates[0][1]
    if first_text >= 0 and byline_follows(first_text) and len(content[first_text].split()) <= 40:
        return content[first_text]
    return ""


class _Drop:
    """The lines dropped under one drop heading, so that a large drop can be reported."""

    # A drop that removed this many words of prose is logged as a warning.
    LARGE = 150

    def __init__(self, heading: str, rule, source: str):
        self.heading, self.rule, self.source = heading, rule, source
        self.lines: list[str] = []
        self.prose_words = 0

    def add(self, line: str) -> None:
        self.lines.append(line)
        if is_prose(line):
            self.prose_words += len(line.split())

    def close(self, why: str) -> None:
        if self.prose_words >= self.LARGE:
            log.warning("%sdropped %d lines (%d words of prose) under the heading %r (rule %s) until %s: %r ... %r",
                        f"{self.source}: " if self.source else "", len(self.lines), self.prose_words, self.heading,
                        self.rule.id, why, self.lines[0][:80], self.lines[-1][:80])
        elif self.lines:
            log.debug("dropped %d lines under %r (rule %s)", len(self.lines), self.heading, self.rule.id)


@dataclass
class _Page:
    """What the reader has gathered of a page so far, and the section it is in.

    The one piece of state the line readers below share: each takes the
    page and one line, and says whether it consumed the line.
    """

    source: str = ""  # the file, for log messages
    parts: list[Part] = field(default_factory=list)  # the parts closed so far, in document order
    section: str = ""  # the part the next paragraph goes to (abstract | body | keywords | references | figure), or ""
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)  # of the open section
    started: bool = False  # the article proper begins at the abstract or the first paragraph of text
    header: list[str] = field(default_factory=list)  # lines set aside before the article starts
    keywords: tuple[str, ...] = ()
    figures: list[str] = field(default_factory=list)
    seen_captions: set[str] = field(default_factory=set)
    pending_caption: str = ""  # "Figure 1." alone on a line: the next paragraph is its caption
    references: list[str] = field(default_factory=list)
    drop: _Drop | None = None  # set while the lines under a drop heading are skipped

    def open(self, section: str, heading: str) -> None:
        self.section, self.heading = section, heading

    def flush(self) -> None:
        """Close the open section's paragraphs into a part."""
        if self.paragraphs and self.section:
            self.parts.append(Part(self.section, self.heading, tuple(self.paragraphs)))
        self.paragraphs = []

    def end_drop(self, why: str) -> None:
        if self.drop is not None:
            self.drop.close(why)
            self.drop = None

    def close(self, why: str) -> None:
        """A new section begins: the open one is flushed and a drop ends."""
        self.flush()
        self.end_drop(why)

    def add_caption(self, label: str, caption: str) -> None:
        """A figure caption, kept once however often the page repeats it."""
        if caption not in self.seen_captions:
            self.seen_captions.add(caption)
            self.figures.append(f"{label}. {caption}")


# --- one reader per line class, in the order they are tried ---------------------------------------------------


def _section_heading(page: _Page, line: str) -> bool:
    """A heading that opens a part of known kind (references, keywords, abstract, figures) or a dropped section."""
    rules = default_rules()
    if rules.one("references_heading").test(line):
        page.close(repr(line))
        page.open("references", line)
        return True
    kw = rules.one("keywords_heading").test(line)
    if kw and len(line) < 400:
        page.close(repr(line))
        page.keywords += split_keywords(kw.group("terms"))
        page.section = ""
        if not kw.group("terms"):
            page.open("keywords", line)
        return True
    if rules.one("abstract_heading").test(line):
        page.close(repr(line))
        page.open("abstract", "Abstract")
        page.started = True
        return True
    if rules.one("figures_heading").test(line):
        page.close(repr(line))
        page.open("figure", line)
        return True
    drop_rule = rules.first("drop_heading", line)
    if drop_rule is not None:
        page.close(repr(line))
        page.section, page.drop = "", _Drop(line, drop_rule, page.source)
        return True
    return False


def _figure_label(page: _Page, line: str) -> bool:
    """"Figure 1." alone on a line of the article: the next paragraph is its caption."""
    label = default_rules().one("figure_label").test(line)
    if label and page.section != "figure" and page.started and page.drop is None:
        page.pending_caption = f"{label.group('kind').capitalize()} {label.group('number')}"
        return True
    return False


def _is_furniture(line: str) -> bool:
    """Navigation, licence and metric lines (named by a rule), and author lists."""
    return is_noise(line) or is_byline(line)


def _caption(page: _Page, line: str) -> bool:
    """A figure caption: the paragraph after a lone figure label, or a line that opens with its label."""
    figure_caption = default_rules().one("figure_caption").test
    if page.pending_caption and not is_heading(line) and not figure_caption(line):
        page.add_caption(page.pending_caption, line)
        page.pending_caption = ""
        return True
    page.pending_caption = ""
    cap = figure_caption(line)
    if cap and len(line.split()) > 4:
        page.add_caption(f"{cap.group('kind').capitalize()} {cap.group('number')}", cap.group("caption").strip())
        return True
    return False


def _reference(page: _Page, line: str) -> None:
    """A line under the references heading: its title, when one can be found."""
    ref = default_rules().one("reference_line").test(line)
    title = reference_title(ref.group("text") if ref else line)
    if title:
        page.references.append(title)


def _strip_bullet(line: str) -> str:
    m = default_rules().one("bullet").test(line)
    return line[m.end():] if m else line


def _keyword_line(page: _Page, line: str) -> bool:
    """Under a bare "Keywords" heading: bullet items, or one line of ";"/","-separated terms.

    A heading-like line without separators ends the list (the line is then not consumed).
    """
    rules = default_rules()
    is_list = bool(rules.one("bullet").test(line)) or (
        bool(re.search(r"[;,]", line)) and not rules.one("sentence_end").test(line.rstrip(".")) and len(line) < 400
    )
    if is_list or (len(line.split()) <= 4 and not line.isupper() and not re.match(r"^\d+\.?\s", line)
                   and not page.keywords):
        page.keywords += split_keywords(_strip_bullet(line))
        return True
    page.section = ""
    return False


def _bullet_item(page: _Page, line: str) -> str | None:
    """A bulleted line: a sentence or a long item is text (returned without its bullet); a short item is a
    keyword in the article, a header line before it, and dropped in a dropped section (``None``)."""
    if not default_rules().one("bullet").test(line):
        return line
    item = _strip_bullet(line)
    if page.drop is None and is_sentence(item):
        return item  # a list of sentences is text
    if page.started and len(item.split()) > 6:
        return item
    if page.started and page.drop is None and page.section in ("", "keywords", "abstract"):
        page.keywords += (item,)
        if page.section != "keywords":
            page.flush()
            page.open("keywords", "Keywords")
    elif not page.started and page.drop is None:
        page.header.append(item)
    return None


def _heading(page: _Page, line: str) -> None:
    """A heading: an item of a dropped list, or the start of a body section (a header line before the article)."""
    if page.drop is not None:
        if page.drop.rule.kind == "portal" and not line.isupper():
            page.drop.add(line)  # the items of a list of other papers read as headings
            return
        if page.drop.rule.kind == "back_matter" and is_list_item(line):
            page.drop.add(line)  # "FOO, foo protein": an entry of a list of abbreviations
            return
        page.end_drop(f"the heading {line!r}")
    page.flush()
    if line.isupper() or page.started:
        page.open("body", line)
    else:
        page.header.append(line)


def _dropped(page: _Page, line: str) -> bool:
    """A line under a drop heading is dropped, until running article text resumes after back matter."""
    drop = page.drop
    if drop.rule.kind == "back_matter" and is_prose(line) and not default_rules().matches("backmatter_statement", line):
        page.end_drop(f"running text resumes ({line[:40]!r}...)")
        page.flush()
        page.open(*(("body", "") if page.started else ("", "")))
        return False
    drop.add(line)
    return True


def _running_text(page: _Page, line: str) -> None:
    """A paragraph of running text. Before the article starts, short lines that are not sentences
    (affiliations, counters, citations) and page-header lines are set aside."""
    if not page.started and (default_rules().matches("header_line", line)
                             or (len(line.split()) < 8 and not is_sentence(line))):
        page.header.append(line)
        return
    if not page.section:
        page.open(*(("body", "") if page.started else ("abstract", "Abstract")))
        page.started = True
    page.paragraphs.append(line)


def _read_line(page: _Page, line: str) -> None:
    """Give a line to the first reader that takes it."""
    if _section_heading(page, line) or _figure_label(page, line) or _is_furniture(line) or _caption(page, line):
        return
    if page.section == "references":
        _reference(page, line)
        return
    if page.section == "keywords" and _keyword_line(page, line):
        return
    line = _bullet_item(page, line)
    if line is None:
        return
    if is_heading(line):
        _heading(page, line)
    elif page.drop is None or not _dropped(page, line):
        _running_text(page, line)


# --- the page ---------------------------------------------------------------------------------------------------


def parse_web_text(raw: str, source: str = "") -> tuple[list[Part], dict[str, str]]:
    """Split a scraped review page, or any plain text, into article parts.

    Any text is a document: a title, a sentence, a list of sentences, a title
    and abstract, or a scraped page. Only lines that a rule of
    ``data/webtext_rules.yaml`` names as furniture are removed; lines set
    aside as the page header (short lines and headings before the article
    starts) are the text itself when the file holds no other article text.
    HTML character references written out in the text ("&amp;", "&#8211;")
    are decoded first (:func:`decode_entities`).

    Parameters
    ----------
    raw
        The page text as scraped (one paragraph or widget item per line).
    source
        The file the text comes from, for log messages.

    Returns
    -------
    parts, metadata
        ``parts`` in document order: the title, abstract, keywords, body
        sections (one part per heading), figure captions and reference
        titles; ``metadata`` holds what the page states about itself.
    """
    lines = normalise_text(decode_entities(raw)).split("\n")
    metadata = extract_metadata(lines)
    content = [ln for ln in lines if ln]
    title = _choose_title(content)
    if title:
        metadata.setdefault("title", title)
    page = _Page(source, [Part("title", "Title", (title,))] if title else [])
    for line in content:
        if line != title:
            _read_line(page, line)
    page.flush()
    page.end_drop("the end of the page")
    parts = _assemble(page)
    if page.keywords:
        metadata["keywords"] = "; ".join(page.keywords)
    return parts, metadata


def _assemble(page: _Page) -> list[Part]:
    """The page's parts in document order, with its keywords, figure captions and reference titles."""
    rules = default_rules()
    parts = page.parts
    # A page without an "Abstract" heading opens with its abstract: call the first
    # untitled body block the abstract.
    if not any(p.name == "abstract" for p in parts):
        for i, p in enumerate(parts):
            if p.name == "body" and not p.heading:
                parts[i] = Part("abstract", "Abstract", p.paragraphs)
                break
    # Lines set aside as the page header are the text itself when there is no other article
    # text: a list of titles, a title and a short line, a line of symbols and numbers.
    header = [ln for ln in page.header if not rules.matches("header_line", ln)
              and not rules.matches("title_furniture", ln)]
    if header and not page.figures and not any(p.name in ("abstract", "body", "figure") for p in parts):
        parts.append(Part("abstract", "Abstract", tuple(header)))
    if page.keywords:
        parts.insert(min(len(parts), 2), Part("keywords", "Keywords", ("; ".join(page.keywords) + ".",)))
    if page.figures:
        parts.append(Part("figure", "Figure captions", tuple(page.figures)))
    if page.references:
        parts.append(Part("references", "References", tuple(page.references)))
    return parts
