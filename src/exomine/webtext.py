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

__all__ = ["Part", "parse_web_text", "reference_title", "normalise_text", "extract_metadata"]


@dataclass(frozen=True)
class Part:
    name: str  # title | abstract | keywords | body | figure | references
    heading: str
    paragraphs: tuple[str, ...]


# Headings that open the parts we keep. Matched case-insensitively on the whole line.
_ABSTRACT = re.compile(r"^(abstract|summary)$", re.I)
_KEYWORDS = re.compile(r"^(keywords?|key words)\s*[:.]?\s*(.*)$", re.I)
_REFERENCES = re.compile(r"^(references|bibliography|literature cited|references and notes)$", re.I)
_FIGURES = re.compile(r"^(figures?|figures? and tables|tables)$", re.I)

# Headings that open parts of the page that are not the article's findings:
# portal widgets, bibliographic lists of other papers, and back matter.
_DROP_HEADINGS = re.compile(
    r"^(similar articles|cited by|publication types|mesh terms|substances|grants and funding|"
    r"linkout.*|full text sources|related information|pubmed disclaimer|"
    r"conflicts? of interest( statement)?|competing interests?|declarations?|acknowledge?ments?|"
    r"authors?[’'] contributions?|author contributions?|funding|financial support( and sponsorship)?|"
    r"availability of data and materials|data availability( statement)?|ethical approval.*|"
    r"consent for publication|copyright|cite this( article)?|how to cite|download citation|"
    r"export citation.*|about this article|data & comments|comments|share this article|"
    r"article notes|author information|affiliations|supplementary (material|information)|"
    r"asjc scopus subject areas|dive into the research topics.*|related|contents|"
    r"special issue|citation manager file format|type of import|tips on downloading citation|"
    r"abbreviations|footnotes|notes|metrics|views|downloads|citations)$",
    re.I,
)

# Single lines that are page furniture wherever they occur.
_NOISE_LINE = re.compile(
    r"^(skip to main (page )?content|go to:?|open in a new tab|view (larger image|full size image)|"
    r"download (figure|high-res image)|pmc copyright notice|copyright notice|"
    r"an official website of the united states government|"
    r"here'?s how you know|dot gov|https|the \.gov means it.s official\.?|"
    r"federal government websites often end in.*|the site is secure\.?|"
    r"the https:// ensures.*|access keys.*|download pdf|open access( icon)?.*|free pmc article|"
    r"review|research article|original article|share( link)?|cite|cite this|"
    r"research output:.*|original language.*|english|pages \(from-to\).*|number of pages.*|"
    r"journal.*|issue number.*|publication status.*|externally published.*|"
    r"views:.*|\d+ citations? \(scopus\)|scan the qr code.*|see updates|portico|"
    r"all published articles will preserved here permanently:?|https?://\S+|"
    r"u\.s\. flag|-|•|\d{1,6}|.*\bissn\b.*|© the author\(s\) \d{4}\.?|"
    r"figure \d+[a-z]?\.?|fig\. ?\d+\.?|table \d+\.?|\.?\s*\d{4} [a-z]{3} \d+.*doi:.*|doi: ?10\.\S+)$",
    re.I,
)
_LICENCE = re.compile(
    r"(creative commons|licensed under|this is an open access article|"
    r"permits unrestricted use|open access this article is licensed|all rights reserved|"
    r"comments must be written in english|if you have the appropriate software installed|"
    r"this feature enables you to download)",
    re.I,
)
_FIGURE_LABEL = re.compile(r"^(figure|fig\.?|table)\s*(\d+[a-z]?)\.?$", re.I)
_FIGURE_CAPTION = re.compile(r"^(figure|fig\.?|table)\s*(\d+[a-z]?)[.:|]\s+(\S.*)$", re.I)
_REFERENCE_LINE = re.compile(r"^\s*(\[?\d{1,4}[.\])]|\d{1,4}\s)\s*(\S.*)$")
_BULLET = re.compile(r"^\s*[•·\-–*]\s+")
_SENTENCE_END = re.compile(r"[.!?:;)\]]\s*$|\[\d[\d,\s–-]*\]\s*$")

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s;,]+[^\s;,.)])")
_PMID = re.compile(r"\bPMID:?\s*(\d{4,9})\b")
_PMCID = re.compile(r"\b(PMC\d{5,9})\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")

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
    if _SENTENCE_END.search(line) and not line.isupper():
        return False
    return line[0].isupper() or line[0].isdigit()


_NAME = re.compile(r"^[A-Z][\w'’\-]+(?: [A-Z][\w'’\-.]*){0,4}(?:\d+|\*|,\*)*$")


def _is_byline(line: str) -> bool:
    """An author list: three or more comma-separated personal names."""
    items = [i.strip() for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", line) if i.strip()]
    items = [i for i in items if i not in ("*",)]
    return len(items) >= 3 and sum(bool(_NAME.match(i)) for i in items) >= 0.8 * len(items)


def _is_noise(line: str) -> bool:
    return bool(_NOISE_LINE.match(line) or _LICENCE.search(line))


def reference_title(entry: str) -> str:
    """Title of a bibliographic reference, or ``""`` when none can be found.

    Handles the Vancouver/ICMJE style ``Authors. Title. Journal Year;...``
    (authors end with "et al." or initials), as printed by PubMed, PMC and
    most publishers, the MDPI/ACS style ``Surname, I.; Surname, I. Title.``
    and APA ``Surname, I., & Surname, I. (2020). Title.``

    >>> reference_title("Song Z, Jia G, Ma P, Cang S. Exosomal miR-4443 promotes cisplatin resistance. Life Sci 2021;276:119399.")
    'Exosomal miR-4443 promotes cisplatin resistance.'
    """
    entry = re.sub(r"\s+(-\s+)?\[?(PMC free article|PMC|PubMed|DOI|Google Scholar|CrossRef)\b.*$", "", entry).strip()
    entry = entry.replace("\u00a0", " ")
    apa = _APA.match(entry)
    if apa and re.search(r"\b[A-Z]\.", apa.group(1)):
        rest = apa.group(2)
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
    for t in re.finditer(r"[.?!]\s+", rest):
        if _JOURNAL_YEAR.match(rest, t.end()):
            return rest[: t.start() + 1].strip()
    t = re.search(r"[.?!]\s+", rest)
    return rest[: t.start() + 1].strip() if t else ""


_JOURNAL_YEAR = re.compile(r"[A-Z][\w&().'’-]*\.?(?:,?\s+\(?[\w&().'’-]+\.?\)?){0,8}?[.,]?\s*(?:\(?\d{4}\b|[A-Z][a-z]{2}\.?\s\d{1,2};)")
# APA: "Smith, J., & Doe, A. (2020). Title. Journal, 1, 2."
_APA = re.compile(r"^([^()]{2,600}?)\s*\((?:19|20)\d{2}[a-z]?\)\.\s+(.+)$")
# MDPI/ACS: "Zhang, H.; Wang, X.; Yang, Z. Title. Journal 2022, 24, 247."
_SEMICOLON_AUTHOR = re.compile(r"^[A-Z][\w'’\-]+(?: [\w'’\-]+){0,3},\s*(?:[A-Z]\.?-?){1,4}$")


def _is_semicolon_author_list(text: str) -> bool:
    items = [i.strip() for i in text.split(";") if i.strip()]
    if items and items[-1].startswith("et al"):
        items = items[:-1]
    return bool(items) and all(_SEMICOLON_AUTHOR.match(i) for i in items)


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
    cut = re.search(r"^(similar articles|cited by|references|related articles)\s*$", head, re.I | re.M)
    if cut:
        head = head[: cut.start()]
    for key, rx, src in (("doi", _DOI, head), ("pmid", _PMID, head), ("pmcid", _PMCID, head)):
        m = rx.search(src) or (rx.search(text) if key == "doi" else None)
        if m:
            meta[key] = m.group(1)
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
        if _REFERENCES.match(ln):
            flush()
            current_name, current_heading, dropping = "references", ln, False
            continue
        kw = _KEYWORDS.match(ln)
        if kw and len(ln) < 400:
            flush()
            keywords = keywords + _split_keywords(kw.group(2))
            current_name, dropping = "", False
            if not kw.group(2):
                current_name, current_heading = "keywords", ln
            continue
        if _ABSTRACT.match(ln):
            flush()
            current_name, current_heading, dropping, started = "abstract", "Abstract", False, True
            continue
        if _FIGURES.match(ln):
            flush()
            current_name, current_heading, dropping = "figure", ln, False
            continue
        if _DROP_HEADINGS.match(ln):
            flush()
            current_name, dropping = "", True
            continue
        label = _FIGURE_LABEL.match(ln)
        if label and current_name != "figure" and started and not dropping:
            pending_caption = f"{label.group(1).capitalize()} {label.group(2)}"
            continue
        if _is_noise(ln) or _is_byline(ln):
            continue
        if pending_caption and not _is_heading(ln) and not _FIGURE_CAPTION.match(ln):
            caption = ln
            if caption not in seen_captions:
                seen_captions.add(caption)
                figures.append(f"{pending_caption}. {caption}")
            pending_caption = ""
            continue
        pending_caption = ""
        cap = _FIGURE_CAPTION.match(ln)
        if cap and len(ln.split()) > 4:
            caption = cap.group(3).strip()
            if caption not in seen_captions:
                seen_captions.add(caption)
                figures.append(f"{cap.group(1).capitalize()} {cap.group(2)}. {caption}")
            continue
        if current_name == "references":
            ref = _REFERENCE_LINE.match(ln)
            body = ref.group(2) if ref else ln
            rt = reference_title(body)
            if rt:
                references.append(rt)
            continue
        if current_name == "keywords":
            # Under a bare "Keywords" heading: bullet items, or one line of ";"/","-separated
            # terms; a heading-like line without separators ends the list.
            is_list = bool(_BULLET.match(ln)) or (
                bool(re.search(r"[;,]", ln)) and not _SENTENCE_END.search(ln.rstrip(".")) and len(ln) < 400
            )
            if is_list or (len(ln.split()) <= 4 and not ln.isupper() and not re.match(r"^\d+\.?\s", ln)
                           and not keywords):
                keywords = keywords + _split_keywords(_BULLET.sub("", ln))
                continue
            current_name = ""
        if _BULLET.match(ln):
            item = _BULLET.sub("", ln)
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
