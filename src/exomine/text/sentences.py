"""A fast, linear-time sentence splitter for biomedical review text.

pysbd (which scispaCy wraps) is careful but slow and super-linear on long
inputs: it compiles regular expressions per call and rescans the text per
abbreviation. Review prose needs fewer rules. A boundary is a ``.``, ``!``
or ``?`` (optionally followed by closing quotes, brackets and a citation
such as ``[45]`` or ``[4-6]``) followed by white space and a sentence
opener -- an upper-case letter, a digit, an opening bracket or quote, or a
name that is written in lower case at the start of a sentence (``miR-21``,
``circRNA``, ``lncRNA``, ``p53``, ``siRNA``, Greek letters) -- unless the
period ends a known abbreviation (``et al.``, ``e.g.``, ``Fig.``, ``vs.``),
an initial (``J. Smith``) or a number (``1.5``).

>>> [text[a:b] for a, b in [(s, e) for s, e in split_sentences(text := "Exosomes carry miR-21[3]. miR-21 targets PTEN (Fig. 1). It also binds e.g. SOX2.")]]
['Exosomes carry miR-21[3].', 'miR-21 targets PTEN (Fig. 1).', 'It also binds e.g. SOX2.']
"""

from __future__ import annotations

import re

__all__ = ["split_sentences", "ABBREVIATIONS"]

ABBREVIATIONS = frozenset(
    """al e.g i.e etc vs cf fig figs ref refs no nos vol approx ca et eq eqs resp dr mr mrs ms prof st
    sp spp var subsp inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec suppl ed eds
    min max mol wt conc temp dept univ viz sec""".split()
)
_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?:\[[\d,\s–-]+\])?[\"'”’)\]]*(?=\s+)")
_OPENER = re.compile(
    r"\s+(?=[A-Z0-9(\[\"'“‘]|(?:hsa-|mmu-)?(?:miR|mir|let-\d|circ|lnc|linc|si|sh|p\d|pri-|pre-|m6A|mRNA|ncRNA|"
    r"[α-ωΑ-Ω]|[a-z]+-[A-Z0-9]))"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text`` (whitespace trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        opener = _OPENER.match(text, end)
        if not opener:
            continue
        before = text[start : m.start()]
        word = re.search(r"(\S+)$", before)
        last = word.group(1) if word else ""
        if m.group(0).startswith("."):
            bare = last.lower().rstrip(".")
            if bare in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", last.lower()):
                continue  # "et al.", "e.g."
            if re.fullmatch(r"[A-Z]", last):
                continue  # an initial: "J. Smith"
            if re.fullmatch(r"\d+", last) and text[end : end + 1 + 1].strip()[:1].isdigit():
                continue  # "1. 5" is rare; keep numbers apart only before digits
        spans.append((start, end))
        start = opener.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out
