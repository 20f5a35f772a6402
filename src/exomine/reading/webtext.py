"""Clean web-scraped review text into titled sections.

Scraped article pages carry navigation text, "Similar articles"/"Cited by"
lists, licence boilerplate, repeated figure labels and metric counters
around the article itself. This module recognises the article's parts from
the line structure alone (headings are short lines without final
punctuation; references are numbered bibliographic lines) and returns plain
``(name, heading, paragraphs)`` parts; :mod:`exomine.reading.ingest` turns them into a
:class:`~exomine.records.Document` with offsets.

Nothing here reads files; every function takes and returns strings.

>>> parts, meta = parse_web_text("Exosomes in drug resistance\\nAbstract\\nExosomes carry miR-21 to cells.\\n"
...                              "Similar articles\\n- A. B. PMID: 1")
>>> [(p.name, p.paragraphs) for p in parts]
[('title', ('Exosomes in drug resistance',)), ('abstract', ('Exosomes carry miR-21 to cells.',))]
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from exomine.text.textnorm import normalise
from exomine.reading.webtext_rules import default_rules

__all__ = ["Part", "parse_web_text", "reference_title", "normalise_text", "extract_metadata"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Part:
    name: str  # title | abstract | keywords | body | figure | references
    heading: str
    paragraphs: tuple[str, ...]


# Every pattern applied to a line lives in data/webtext_rules.yaml as a named rule (exomine.reading.webtext_rules).
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalise_text(text: str) -> str:
    """:func:`exomine.text.textnorm.normalise` (NFKC, dashes, invisibles), then fold runs of spaces per line."""
    text = normalise(text)
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
    """An author list: three or more comma-separated personal names ("by A, B and C", "Li X(1), Wang Y(2).")."""
    line = re.sub(r"^by\s+", "", line, flags=re.I).rstrip(".")
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


def _is_sentence(line: str) -> bool:
    """A line of running text: it ends as a sentence does and has lower-case words.

    Short sentences count ("It confers cisplatin resistance."); labels,
    citations and counters ("Oncologie 2022, 24(2), 247-259.", "Li X et al.") do not.
    """
    words = line.split()
    if len(words) < 2 or not default_rules().matches("sentence_stop", line):
        return False
    lower = [w for w in (w.strip(".,;:()[]\"'") for w in words) if len(w) >= 3 and w[0].islower() and w.isalpha()
             and w not in ("al", "et")]
    digits = sum(1 for w in words if any(c.isdigit() for c in w))
    return bool(lower) and digits <= len(words) // 2


def _is_prose(line: str) -> bool:
    """A paragraph of running article text (not a list, label, citation or caption).

    At least eight words, a sentence ending, mostly lower-case words and
    several function words; a run of ";"-separated definitions is a list.
    """
    words = line.split()
    if len(words) < 8 or not _is_sentence(line):
        return False
    if sum(1 for w in words if w[0].islower()) < 0.4 * len(words):
        return False
    if len(default_rules().one("prose_word").regex.findall(line)) < 2:
        return False
    return line.count(";") < 2 or len(words) > 8 * line.count(";")


def _is_list_item(line: str) -> bool:
    """An entry of a list: terms or abbreviations ("EV, extracellular vesicle", "a; b"), or a labelled
    value ("Drafted the manuscript: A B, C D")."""
    first = line.split()[0]
    return first.endswith((",", ":")) or ";" in line or ": " in line


def _starts_lowercase_symbol(line: str) -> bool:
    """The line opens with a symbol written in lower case (miR-21, circFOO, lncRNA, mTOR, p53)."""
    first = line.split()[0]
    return first[0].islower() and any(c.isupper() or c.isdigit() for c in first[1:])


def _is_title_like(line: str) -> bool:
    """A line that could be the page's title: a heading of 3-40 words that is not furniture."""
    rules = default_rules()
    words = line.split()
    if not 3 <= len(words) <= 40 or len(line) > 480:
        return False
    if not (line[0].isupper() or line[0].isdigit() or _starts_lowercase_symbol(line)):
        return False
    if rules.matches("sentence_end", line) and not line.isupper():
        # a question, or a final parenthesis without digits ("... (Review)", "... (NSCLC)"), still reads as a title
        if not (line.endswith("?") or re.search(r"\([^()\d]{1,40}\)$", line)):
            return False
    if _is_noise(line) or _is_byline(line):
        return False
    return not any(rules.matches(role, line) for role in (
        "title_furniture", "header_line", "drop_heading", "abstract_heading", "keywords_heading",
        "references_heading", "figures_heading", "figure_caption"))


_DATE_LABEL = re.compile(r"(?:\W*\s*)?(?:first\s+)?(?:published|received|accepted|revised|online|issue\s+date)"
                         r"(?:\s+online)?\s*:", re.I)
_DATE = re.compile(r"\W*(?:\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|"
                   r"[A-Za-z]{3,9}\s+\d{4}|\d{4}(?:[-/.]\d{1,2}){1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b")


def _is_label(line: str, value: str = "") -> bool:
    """A short label whose value is the next line ("Erschienen in:", "Journal:"). A date label
    ("Published:") whose next line is no date has lost its value: that line is not it."""
    if not (line.endswith(":") and len(line.split()) <= 4):
        return False
    return not (value and _DATE_LABEL.fullmatch(line) and not _DATE.match(value))


def _choose_title(content: list[str]) -> str:
    """The page's title among the lines before the article starts.

    The candidates are title-like lines (see :func:`_is_title_like`) before
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
        after_label, previous = _is_label(previous, ln), ln
        if _is_noise(ln) and not after_label:
            continue
        if _is_title_like(ln):
            if not after_label:  # the value of a label ("Erschienen in:", "Journal:") is not the title
                candidates.append((i, ln))
            continue
        if first_text < 0 and not _is_byline(ln) and not rules.matches("header_line", ln):
            first_text = i
        if _is_prose(ln) and not rules.matches("header_line", ln):
            break

    def byline_follows(i: int) -> bool:
        nxt = next((ln for ln in content[i + 1 : i + 4] if not _is_noise(ln)), "")
        return _is_byline(nxt)

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
        if _is_prose(line):
            self.prose_words += len(line.split())

    def close(self, why: str) -> None:
        if self.prose_words >= self.LARGE:
            log.warning("%sdropped %d lines (%d words of prose) under the heading %r (rule %s) until %s: %r ... %r",
                        f"{self.source}: " if self.source else "", len(self.lines), self.prose_words, self.heading,
                        self.rule.id, why, self.lines[0][:80], self.lines[-1][:80])
        elif self.lines:
            log.debug("dropped %d lines under %r (rule %s)", len(self.lines), self.heading, self.rule.id)


def parse_web_text(raw: str, source: str = "") -> tuple[list[Part], dict[str, str]]:
    """Split a scraped review page, or any plain text, into article parts.

    Any text is a document: a title, a sentence, a list of sentences, a title
    and abstract, or a scraped page. Only lines that a rule of
    ``data/webtext_rules.yaml`` names as furniture are removed; lines set
    aside as the page header (short lines and headings before the article
    starts) are the text itself when the file holds no other article text.

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

    title = _choose_title(content)
    if title:
        metadata.setdefault("title", title)

    parts: list[Part] = [Part("title", "Title", (title,))] if title else []
    current_name, current_heading, buf = "", "", []
    figures: list[str] = []
    references: list[str] = []
    keywords: tuple[str, ...] = ()
    seen_captions: set[str] = set()
    drop: _Drop | None = None  # set while the lines under a drop heading are skipped
    pending_caption = ""  # "Figure 1." alone on a line: the next paragraph is its caption
    started = False  # the article proper begins at the abstract or the first paragraph of text
    header: list[str] = []  # lines set aside before the article starts (page header, or the text itself)

    def flush() -> None:
        nonlocal buf
        if buf and current_name:
            parts.append(Part(current_name, current_heading, tuple(buf)))
        buf = []

    def end_drop(why: str) -> None:
        nonlocal drop
        if drop is not None:
            drop.close(why)
            drop = None

    for ln in content:
        if ln == title:
            continue
        if is_references(ln):
            flush()
            end_drop(repr(ln))
            current_name, current_heading = "references", ln
            continue
        kw = is_keywords(ln)
        if kw and len(ln) < 400:
            flush()
            end_drop(repr(ln))
            keywords = keywords + _split_keywords(kw.group("terms"))
            current_name = ""
            if not kw.group("terms"):
                current_name, current_heading = "keywords", ln
            continue
        if is_abstract(ln):
            flush()
            end_drop(repr(ln))
            current_name, current_heading, started = "abstract", "Abstract", True
            continue
        if is_figures(ln):
            flush()
            end_drop(repr(ln))
            current_name, current_heading = "figure", ln
            continue
        drop_rule = rules.first("drop_heading", ln)
        if drop_rule is not None:
            flush()
            end_drop(repr(ln))
            current_name, drop = "", _Drop(ln, drop_rule, source)
            continue
        label = figure_label(ln)
        if label and current_name != "figure" and started and drop is None:
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
            if drop is None and _is_sentence(item):
                ln = item  # a list of sentences is text
            elif not started or len(item.split()) <= 6:
                if started and drop is None and current_name in ("", "keywords", "abstract"):
                    keywords = keywords + (item,)
                    if current_name != "keywords":
                        flush()
                        current_name, current_heading = "keywords", "Keywords"
                elif not started and drop is None:
                    header.append(item)
                continue
            else:
                ln = item
        if _is_heading(ln):
            if drop is not None:
                if drop.rule.kind == "portal" and not ln.isupper():
                    drop.add(ln)  # the items of a list of other papers read as headings
                    continue
                if drop.rule.kind == "back_matter" and _is_list_item(ln):
                    drop.add(ln)  # "FOO, foo protein": an entry of a list of abbreviations
                    continue
                end_drop(f"the heading {ln!r}")
            flush()
            if ln.isupper() or started:
                current_name, current_heading = "body", ln
            else:
                header.append(ln)
            continue
        if drop is not None:
            # Back matter ends where running article text resumes.
            if drop.rule.kind == "back_matter" and _is_prose(ln) and not rules.matches("backmatter_statement", ln):
                end_drop(f"running text resumes ({ln[:40]!r}...)")
                flush()
                current_name, current_heading = ("body", "") if started else ("", "")
            else:
                drop.add(ln)
                continue
        # A paragraph of running text. Before the article starts, short lines that are not
        # sentences (affiliations, counters, citations) and page-header lines are set aside.
        if not started and (rules.matches("header_line", ln) or (len(ln.split()) < 8 and not _is_sentence(ln))):
            header.append(ln)
            continue
        if not current_name:
            current_name = "abstract" if not started else "body"
            current_heading = "Abstract" if not started else ""
            started = True
        buf.append(ln)
    flush()
    end_drop("the end of the page")

    # A page without an "Abstract" heading opens with its abstract: call the first
    # untitled body block the abstract.
    if not any(p.name == "abstract" for p in parts):
        for i, p in enumerate(parts):
            if p.name == "body" and not p.heading:
                parts[i] = Part("abstract", "Abstract", p.paragraphs)
                break
    # Lines set aside as the page header are the text itself when there is no other article
    # text: a list of titles, a title and a short line, a line of symbols and numbers.
    header = [ln for ln in header if not rules.matches("header_line", ln) and not rules.matches("title_furniture", ln)]
    if header and not figures and not any(p.name in ("abstract", "body", "figure") for p in parts):
        parts.append(Part("abstract", "Abstract", tuple(header)))
    if keywords:
        parts.insert(min(len(parts), 2), Part("keywords", "Keywords", ("; ".join(keywords) + ".",)))
        metadata["keywords"] = "; ".join(keywords)
    if figures:
        parts.append(Part("figure", "Figure captions", tuple(figures)))
    if references:
        parts.append(Part("references", "References", tuple(references)))
    return parts, metadata
