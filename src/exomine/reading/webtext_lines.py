"""What one line of a scraped page is: a heading, a byline, furniture, a sentence, prose, a list item, a title.

The classifiers of :mod:`exomine.reading.webtext`, one function per line class,
each a pure function of the line and the named rules of
``data/webtext_rules.yaml`` (:mod:`exomine.reading.webtext_rules`). Also the
title of a bibliographic reference line (:func:`reference_title`).

>>> is_heading("1. Introduction"), is_heading("Exosomes carry miR-21 to cells.")
(True, False)
>>> is_byline("Anna Smith, Bo Li and Carl Jones")
True
"""

from __future__ import annotations

import re
import unicodedata

from exomine.reading.webtext_rules import default_rules

__all__ = ["is_heading", "is_byline", "is_noise", "reference_title", "split_keywords", "is_sentence", "is_prose",
           "is_list_item", "starts_lowercase_symbol", "strip_lead_symbols", "is_title_like", "is_label"]


def is_heading(line: str, max_words: int = 14) -> bool:
    """A heading is a short line that does not read as a sentence."""
    words = line.split()
    if not words or len(words) > max_words or len(line) > 12 * max_words:
        return False
    if default_rules().matches("sentence_end", line) and not line.isupper():
        return False
    return line[0].isupper() or line[0].isdigit()


def is_byline(line: str) -> bool:
    """An author list: three or more comma-separated personal names ("by A, B and C", "Li X(1), Wang Y(2).")."""
    line = re.sub(r"^by\s+", "", line, flags=re.I).rstrip(".")
    items = [i.strip() for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", line) if i.strip()]
    items = [i for i in items if i not in ("*",)]
    name = default_rules().one("byline_name")
    return len(items) >= 3 and sum(bool(name.test(i)) for i in items) >= 0.8 * len(items)


def is_noise(line: str) -> bool:
    """Page furniture: a line that a ``noise_line`` or ``licence`` rule names."""
    rules = default_rules()
    return rules.matches("noise_line", line) or rules.matches("licence", line)


def split_keywords(value: str) -> tuple[str, ...]:
    """The terms of a keyword line, split at ";" and "," ("a; b, c." -> ("a", "b", "c"))."""
    value = value.strip().rstrip(".")
    parts = re.split(r"\s*[;,]\s*", value) if value else []
    return tuple(p for p in parts if p)


def is_sentence(line: str) -> bool:
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


def is_prose(line: str) -> bool:
    """A paragraph of running article text (not a list, label, citation or caption).

    At least eight words, a sentence ending, mostly lower-case words and
    several function words; a run of ";"-separated definitions is a list.
    """
    words = line.split()
    if len(words) < 8 or not is_sentence(line):
        return False
    if sum(1 for w in words if w[0].islower()) < 0.4 * len(words):
        return False
    if len(default_rules().one("prose_word").regex.findall(line)) < 2:
        return False
    return line.count(";") < 2 or len(words) > 8 * line.count(";")


def is_list_item(line: str) -> bool:
    """An entry of a list: terms or abbreviations ("EV, extracellular vesicle", "a; b"), or a labelled
    value ("Drafted the manuscript: A B, C D")."""
    first = line.split()[0]
    return first.endswith((",", ":")) or ";" in line or ": " in line


def starts_lowercase_symbol(line: str) -> bool:
    """The line opens with a symbol written in lower case (miR-21, circFOO, lncRNA, mTOR, p53)."""
    first = line.split()[0]
    return first[0].islower() and any(c.isupper() or c.isdigit() for c in first[1:])


# Unicode categories of the symbols a title may open with: emoji and other symbols (So), their modifiers
# (Sk: skin tones) and combining marks (Mn, Me: variation selectors, the keycap). Python's re has no \p{So},
# so this is code, not a rule of data/webtext_rules.yaml.
_LEAD_SYMBOL_CATEGORIES = ("So", "Sk", "Mn", "Me")


def strip_lead_symbols(line: str) -> str:
    """The line without the emoji or other symbols it opens with ("🧬 Exosomal FOO1" -> "Exosomal FOO1").

    >>> strip_lead_symbols("\U0001f9ec\ufe0f Exosomal FOO1"), strip_lead_symbols("Exosomal FOO1")
    ('Exosomal FOO1', 'Exosomal FOO1')
    """
    i = 0
    while i < len(line) and (line[i].isspace() or unicodedata.category(line[i]) in _LEAD_SYMBOL_CATEGORIES):
        i += 1
    return line[i:] if i < len(line) else line


def is_title_like(line: str) -> bool:
    """A line that could be the page's title: a heading of 3-40 words that is not furniture.

    A title may open with an emoji or other symbol ("🧬 Exosomal FOO1 in ..."): it is judged without them,
    and neither the line as written nor the line without them may be furniture.
    """
    text = strip_lead_symbols(line)
    words = text.split()
    if not 3 <= len(words) <= 40 or len(text) > 480:
        return False
    if not (text[0].isupper() or text[0].isdigit() or starts_lowercase_symbol(text)):
        return False
    if default_rules().matches("sentence_end", text) and not text.isupper():
        # a question, or a final parenthesis without digits ("... (Review)", "... (NSCLC)"), still reads as a title
        if not (text.endswith("?") or re.search(r"\([^()\d]{1,40}\)$", text)):
            return False
    return not any(_is_title_furniture(x) for x in dict.fromkeys((line, text)))


def _is_title_furniture(line: str) -> bool:
    """Furniture a title-like line may be: noise, a byline, or a line of a role that is never the title."""
    if is_noise(line) or is_byline(line):
        return True
    rules = default_rules()
    return any(rules.matches(role, line) for role in (
        "title_furniture", "header_line", "drop_heading", "abstract_heading", "keywords_heading",
        "references_heading", "figures_heading", "figure_caption"))


_DATE_LABEL = re.compile(r"(?:\W*\s*)?(?:first\s+)?(?:published|received|accepted|revised|online|issue\s+date)"
                         r"(?:\s+online)?\s*:", re.I)
_DATE = re.compile(r"\W*(?:\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|"
                   r"[A-Za-z]{3,9}\s+\d{4}|\d{4}(?:[-/.]\d{1,2}){1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b")


def is_label(line: str, value: str = "") -> bool:
    """A short label whose value is the next line ("Erschienen in:", "Journal:"). A date label
    ("Published:") whose next line is no date has lost its value: that line is not it."""
    if not (line.endswith(":") and len(line.split()) <= 4):
        return False
    return not (value and _DATE_LABEL.fullmatch(line) and not _DATE.match(value))


# --- reference lines ---------------------------------------------------------------------------------------


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
