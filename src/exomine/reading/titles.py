"""Notices before a title ("RETRACTED ARTICLE:", "Retraction:", "Erratum:", "Correction to:").

Such a prefix is not part of what the article states: it is removed from the
title before extraction and kept in the document's metadata as
``title_note``, so that a curator still sees that the article was retracted
or corrected. The prefixes are the ``title_notice`` pattern of
``data/context_patterns.yaml``.

>>> split_title_notice("RETRACTED ARTICLE: Exosomal FOO1 confers cisplatin resistance")
('Exosomal FOO1 confers cisplatin resistance', 'RETRACTED ARTICLE')
>>> split_title_notice("Correction of FOO1 loss restores sensitivity")
('Correction of FOO1 loss restores sensitivity', '')
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from exomine.reading.webtext import Part
from exomine.text.patterns import load_patterns

__all__ = ["split_title_notice", "strip_title_notices"]


def split_title_notice(title: str) -> tuple[str, str]:
    """``(title without its notice, the notice as written)``; a title that is only a notice is left whole."""
    m = load_patterns("context_patterns.yaml")["title_notice"].regex.match(title)
    if m is None or not title[m.end():].strip():
        return title, ""
    return title[m.end():].strip(), m.group("name")


def strip_title_notices(parts: Sequence[Part]) -> tuple[list[Part], str]:
    """The parts with the notices removed from the title part's text, and the notices found ("; "-joined)."""
    out, notes = [], []
    for part in parts:
        if part.name == "title":
            paragraphs = []
            for text in part.paragraphs:
                text, note = split_title_notice(text)
                paragraphs.append(text)
                if note:
                    notes.append(note)
            part = replace(part, paragraphs=tuple(paragraphs))
        out.append(part)
    return out, "; ".join(dict.fromkeys(notes))
