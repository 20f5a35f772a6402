"""Clean web-scraped review text into titled sections.

Scraped article pages carry navigation text, "Similar articles"/"Cited by"
lists, licence boilerplate, repeated figure labels and metric counters
around the article itself. This module recognises the article's parts from
the line structure alone (headings are short lines without final
punctuation; references are numbered bibliographic lines) and returns plain
``(name, heading, paragraphs)`` parts; :mod:`exomine.ingest` turns them into a
:class:`~exomine.records.Document` with offsets.

Nothing here reads files; every function takes and returns strings.

>>> parts, meta = parse_web_text("My Title\\nAbstract\\nExosomes carry miR-21 to cells.\\nSimilar articles\\n- A. B. PMID: 1")
>>> [(p.name, p.paragraphs) for p in parts]
[('title', ('My Title',)), ('abstract', ('Exosomes carry miR-21 to cells.',))]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .webtext_rules import LineRules, default_rules

__all__ = ["Part", "parse_web_text", "reference_title", "normalise_text", "extract_metadata"]


@dataclass(frozen=True)
class Part:
    name: str  # title | abstract | keywords | body | figure | references
    heading: str
    paragraphs: tuple[str, ...]


# Every pattern applied to a line lives in data/webtext_rules.yaml as a named rule (exomine.webtext_rules).
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)


def normalise_text(text: str) -> str:
    """NFC-normalise, drop zero-width characters and fold runs of spaces."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _is_heading(line: str, max_words: int = 14) -> bool:
    """A heading is a short line that does not read as a sentence."""
    words = line.split()
    if not words or len(words) > max_words or len(line) > 12 * max_words:
        return False
    if default_rules().matches("sentence_end", line) and not line.isupper():
        return False
    return line[0].isupper() or line[0].isdigit()


def _is_byline(line: str) -> bool:
    """An author list: three or more comma-separated personal names."""
    items = [i.strip() for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", line) if i.strip()]
    items = [i for i in items if i not in ("*",)]
    name = default_rules().one("byline_name")
    return len(items) >= 3 and sum(bool(name.test(i)) for i in items) >= 0.8 * len(items)


def _is_noise(line: str) -> bool:
    rules = default_rules()
    return rules.matches("noise_line", line) or rules.matches("licence", line)


def reference_title(entry: str) -> str:
    """Title of a bibliographic reference, or ``""`` when none can be found.

    Handles the Vancouver/ICMJE style ``Authors. Title. Journal Year;...``
    (authors end with "et al." or initials), as printed by PubMed, PMC and
    most publishers, the MDPI/ACS style ``Surname, I.; Surname, I. Title.``
    and APA ``Surname, I., & Surname, I. (2020). Title.``

    >>> reference_title("Song Z, Jia G, Ma P, Cang S. Exosomal miR-4443 promotes cisplatin resistance. Life Sci 2021;276:119399.")
    'Exosomal miR-4443 promotes cisplatin resistance.'
    """
    rules = default_rules()
    entry = rules.one("reference_link_suffix").regex.sub("", entry).strip()
    entry = entry.replace("\u00a0", " ")
    apa = rules.one("reference_apa").test(entry)
    if apa and re.search(r"\b[A-Z]\.", apa.group("authors")):
        rest = apa.group("rest")
    else:
        for stop in re.finditer(r"\.\s+", entry):
            authors = entry[: stop.start()]
            if _is_author_list(authors) or _is_semicolon_author_list(authors):
                rest = entry[stop.end() :]
                break
        else:
            return ""
    # The title ends at the first ". " or "? " followed by a journal-like segment and a year
    # ("Nature. 2020", "Nat. Commun. 2016;7", "Life Sci 2021;276").
    journal_year = rules.one("reference_journal_year").regex
    for t in re.finditer(r"[.?!]\s+", rest):
        if journal_year.match(rest, t.end()):
            return rest[: t.start() + 1].strip()
    t = re.search(r"[.?!]\s+", rest)
    return rest[: t.start() + 1].strip() if t else ""


def _is_semicolon_author_list(text: str) -> bool:
    items = [i.strip() for i in text.split(";") if i.strip()]
    if items and items[-1].startswith("et al"):
        items = items[:-1]
    author = default_rules().one("reference_semicolon_author")
    return bool(items) and all(author.test(i) for i in items)


def _is_author_list(text: str) -> bool:
    """``Surname AB, Surname C, et al`` (a consortium may follow after ";")."""
    text = text.split(";")[0].strip()
    items = [i.strip() for i in re.split(r",\s*|\s+and\s+", text) if i.strip()]
    if not items or len(items) > 60:
        return False
    for item in items:
        if item == "et al":
            continue
        words = item.split()
        if not 2 <= len(words) <= 5 or not words[0][0].isupper() and len(words) < 3:
            return False
        initials = words[-1].replace(".", "").replace("-", "")
        if not (initials.isalpha() and initials.isupper() and len(initials) <= 4):
            return False
    return True


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


def _split_keywords(value: str) -> tuple[str, ...]:
    value = value.strip().rstrip(".")
    parts = re.split(r"\s*[;,]\s*", value) if value else []
    return tuple(p for p in parts if p)


def parse_web_text(raw: str) -> tuple[list[Part], dict[str, str]]:
    """Split a scraped review page into article parts.

    Parameters
    ----------
    raw
        The page text as scraped (one paragraph or widget item per line).

    Returns
    -------
    parts, metadata
        ``parts`` in document order: the title, abstract, keywords, body
        sections (one part per heading), figure captions and reference
        titles; ``metadata`` holds what the page states about itself.
    """
    rules = default_rules()
    is_references = rules.one("references_heading").test
    is_keywords = rules.one("keywords_heading").test
    is_abstract = rules.one("abstract_heading").test
    is_figures = rules.one("figures_heading").test
    figure_label = rules.one("figure_label").test
    figure_caption = rules.one("figure_caption").test
    reference_line = rules.one("reference_line").test
    bullet = rules.one("bullet")
    sentence_end = rules.one("sentence_end").test

    def strip_bullet(line: str) -> str:
        m = bullet.test(line)
        return line[m.end():] if m else line

    lines = [ln for ln in normalise_text(raw).split("\n")]
    metadata = extract_metadata(lines)
    content = [ln for ln in lines if ln]

    # Title: the first line that repeats in the page, else the first heading-like line
    # of a few words that is not page furniture.
    title = ""
    seen: dict[str, int] = {}
    for ln in content[:60]:
        if _is_noise(ln) or not _is_heading(ln, 40) or len(ln.split()) < 3 or _is_byline(ln):
            continue
        seen[ln] = seen.get(ln, 0) + 1
    repeated = [ln for ln, n in seen.items() if n > 1]
    if repeated:
        title = repeated[0]
    elif seen:
        title = next(iter(seen))
    if title:
        metadata.setdefault("title", title)

    parts: list[Part] = [Part("title", "Title", (title,))] if title else []
    current_name, current_heading, buf = "", "", []
    figures: list[str] = []
    references: list[str] = []
    keywords: tuple[str, ...] = ()
    seen_captions: set[str] = set()
    dropping = False
    pending_caption = ""  # "Figure 1." alone on a line: the next paragraph is its caption
    started = False  # the article proper begins at the abstract or the first long paragraph

    def flush() -> None:
        nonlocal buf
        if buf and current_name:
            parts.append(Part(current_name, current_heading, tuple(buf)))
        buf = []

    for ln in content:
        if ln == title:
            continue
        if is_references(ln):
            flush()
            current_name, current_heading, dropping = "references", ln, False
            continue
        kw = is_keywords(ln)
        if kw and len(ln) < 400:
            flush()
            keywords = keywords + _split_keywords(kw.group("terms"))
            current_name, dropping = "", False
            if not kw.group("terms"):
                current_name, current_heading = "keywords", ln
            continue
        if is_abstract(ln):
            flush()
            current_name, current_heading, dropping, started = "abstract", "Abstract", False, True
            continue
        if is_figures(ln):
            flush()
            current_name, current_heading, dropping = "figure", ln, False
            continue
        if rules.matches("drop_heading", ln):
            flush()
            current_name, dropping = "", True
            continue
        label = figure_label(ln)
        if label and current_name != "figure" and started and not dropping:
            pending_caption = f"{label.group('kind').capitalize()} {label.group('number')}"
            continue
        if _is_noise(ln) or _is_byline(ln):
            continue
        if pending_caption and not _is_heading(ln) and not figure_caption(ln):
            caption = ln
            if caption not in seen_captions:
                seen_captions.add(caption)
                figures.append(f"{pending_caption}. {caption}")
            pending_caption = ""
            continue
        pending_caption = ""
        cap = figure_caption(ln)
        if cap and len(ln.split()) > 4:
            caption = cap.group("caption").strip()
            if caption not in seen_captions:
                seen_captions.add(caption)
                figures.append(f"{cap.group('kind').capitalize()} {cap.group('number')}. {caption}")
            continue
        if current_name == "references":
            ref = reference_line(ln)
            body = ref.group("text") if ref else ln
            rt = reference_title(body)
            if rt:
                references.append(rt)
            continue
        if current_name == "keywords":
            # Under a bare "Keywords" heading: bullet items, or one line of ";"/","-separated
            # terms; a heading-like line without separators ends the list.
            is_list = bool(bullet.test(ln)) or (
                bool(re.search(r"[;,]", ln)) and not sentence_end(ln.rstrip(".")) and len(ln) < 400
            )
            if is_list or (len(ln.split()) <= 4 and not ln.isupper() and not re.match(r"^\d+\.?\s", ln)
                           and not keywords):
                keywords = keywords + _split_keywords(strip_bullet(ln))
                continue
            current_name = ""
        if bullet.test(ln):
            item = strip_bullet(ln)
            if not started or len(item.split()) <= 6:
                if started and not dropping and current_name in ("", "keywords", "abstract"):
                    keywords = keywords + (item,)
                    if current_name != "keywords":
                        flush()
                        current_name, current_heading = "keywords", "Keywords"
                continue
            ln = item
        if _is_heading(ln):
            if dropping and not ln.isupper():
                continue
            flush()
            if ln.isupper() or started:
                current_name, current_heading, dropping = "body", ln, False
            continue
        if dropping:
            continue
        # A paragraph of running text.
        if len(ln.split()) < 8 and not started:
            continue  # affiliations, bylines and counters before the article starts
        if not current_name:
            current_name = "abstract" if not started else "body"
            current_heading = "Abstract" if not started else ""
            started = True
        buf.append(ln)
    flush()

    # A page without an "Abstract" heading opens with its abstract: call the first
    # untitled body block the abstract.
    if not any(p.name == "abstract" for p in parts):
        for i, p in enumerate(parts):
            if p.name == "body" and not p.heading:
                parts[i] = Part("abstract", "Abstract", p.paragraphs)
                break
    # A short text (one sentence, a list of sentences) that has no article structure is read
    # whole: every line that is not page furniture is a paragraph of text.
    if not any(p.name in ("abstract", "body") for p in parts):
        rest = tuple(ln for ln in content if ln != title and not _is_noise(ln) and not _is_byline(ln))
        if rest:
            parts.append(Part("abstract", "Abstract", rest))
    if keywords:
        parts.insert(min(len(parts), 2), Part("keywords", "Keywords", ("; ".join(keywords) + ".",)))
        metadata["keywords"] = "; ".join(keywords)
    if figures:
        parts.append(Part("figure", "Figure captions", tuple(figures)))
    if references:
        parts.append(Part("references", "References", tuple(references)))
    return parts, metadata
