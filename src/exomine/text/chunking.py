"""Long texts in bounded pieces, whatever a spaCy pipeline's ``max_length`` is.

A web scrape can hold a whole article on one line: one "paragraph" of
megabytes, which spaCy refuses (E088: text longer than ``nlp.max_length``)
and which the super-linear steps (pysbd, the abbreviation detector) would
crawl through. :func:`chunk_spans` covers such a text with consecutive
pieces of at most ``limit`` characters, cut after the last sentence end
before the limit, else at the last white space, else at the limit itself;
:func:`nlp_pieces` runs a pipeline on each piece. Texts that fit are one
piece, so ordinary paragraphs are processed exactly as before. Sentences
get the same bound (:func:`bound_spans`): the entity and relation steps
look at one sentence at a time, and a megabyte without a full stop is not a
sentence.

>>> chunk_spans("One. Two. Three.", 10)
[(0, 10), (10, 16)]
>>> chunk_spans("short", 100)
[(0, 5)]
"""

from __future__ import annotations

import re

__all__ = ["CHUNK_CHARS", "SENTENCE_CHARS", "chunk_spans", "nlp_pieces", "bound_spans"]

# Largest piece handed to spaCy: far above any real paragraph, far below spaCy's default max_length.
CHUNK_CHARS = 100_000
# Longest "sentence" processed as one: a run of text without sentence ends longer than this (a
# table or a list flattened into a line) is processed in pieces. Real sentences stay far below it
# (the longest of the bundled corpus and of exodev: 376 and 439 characters); relation patterns
# cost more than linear time in the length of a sentence.
SENTENCE_CHARS = 2_000

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
_SPACE = re.compile(r"\s+")


def _last_end(pattern: re.Pattern, text: str, start: int, stop: int) -> int:
    """End of the last match of ``pattern`` inside ``text[start:stop]``, or -1."""
    end = -1
    for m in pattern.finditer(text, start, stop):
        end = m.end()
    return end


def chunk_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` spans covering ``text``, none longer than ``limit``.

    Parameters
    ----------
    text
        Any text.
    limit
        Longest span, at least 1.
    """
    if limit < 1:
        raise ValueError("the chunk limit must be at least 1")
    spans = []
    start, n = 0, len(text)
    while n - start > limit:
        stop = start + limit
        cut = _last_end(_SENTENCE_END, text, start, stop)
        if cut <= start:
            cut = _last_end(_SPACE, text, start, stop)
        if cut <= start:
            cut = stop
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def nlp_pieces(nlp, text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, object]]:
    """``(offset, Doc)`` for each piece of ``text``, each under ``nlp.max_length``.

    Character offsets in a piece's Doc plus its offset are offsets in ``text``.
    """
    limit = max(1, min(limit, nlp.max_length))
    return [(a, nlp(text[a:b])) for a, b in chunk_spans(text, limit)]


def bound_spans(text: str, spans, limit: int = SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``spans`` (offsets into ``text``) with every span longer than ``limit`` cut into pieces.

    >>> bound_spans("aaa bbb ccc. d.", [(0, 12), (13, 15)], limit=8)
    [(0, 8), (8, 12), (13, 15)]
    """
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if b - a <= limit:
            out.append((a, b))
        else:
            out.extend((a + x, a + y) for x, y in chunk_spans(text[a:b], limit))
    return out
