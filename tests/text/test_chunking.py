"""Tests for long texts in bounded pieces (exomine.text.chunking) and the extractor on texts longer than spaCy allows."""

from __future__ import annotations

import pytest
import spacy

from exomine.text.chunking import bound_spans, chunk_spans, nlp_pieces
from exomine.records import Document, Paragraph, Section

SENTENCE = "Exosomal miR-9999 promotes FOOmab resistance in gastric cancer by targeting PTEN. "


def _check_cover(text: str, spans: list[tuple[int, int]], limit: int) -> None:
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b for a, b in spans) or text == ""
    assert all(b1 == a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert all(b - a <= limit for a, b in spans)


@pytest.mark.parametrize(
    "text, limit",
    [(SENTENCE * 40, 500), ("word " * 1000, 64), ("x" * 1001, 100), ("", 10), ("short", 100), (SENTENCE, 1)],
)
def test_chunking_spans_cover_the_text_within_the_limit(text: str, limit: int) -> None:
    _check_cover(text, chunk_spans(text, limit), limit)


def test_chunking_cuts_after_sentence_ends_then_white_space_then_anywhere() -> None:
    text = SENTENCE * 10
    spans = chunk_spans(text, 200)
    assert all(text[b - 2 : b] == ". " for _, b in spans[:-1])  # after a full stop and its space
    words = "lorem ipsum " * 50
    assert all(words[b - 1] == " " for _, b in chunk_spans(words, 50)[:-1])
    assert chunk_spans("y" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    with pytest.raises(ValueError):
        chunk_spans("abc", 0)


def test_chunking_bound_spans_only_splits_overlong_spans() -> None:
    text = "A short one. " + "z " * 100 + "end."
    spans = [(0, 12), (13, len(text))]
    bounded = bound_spans(text, spans, limit=30)
    assert bounded[0] == (0, 12)
    _check_cover(text[13:], [(a - 13, b - 13) for a, b in bounded[1:]], 30)
    assert bound_spans(text, spans, limit=10_000) == spans


def test_chunking_nlp_pieces_respect_max_length_and_keep_offsets() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = SENTENCE * 30
    whole = [(s.start_char, s.end_char) for s in nlp(text).sents]
    nlp.max_length = 400  # far below the text's length: one nlp(text) call would raise E088
    with pytest.raises(ValueError, match="E088"):
        nlp(text)
    pieces = nlp_pieces(nlp, text)
    assert len(pieces) > 1 and all(len(doc.text) <= 400 for _, doc in pieces)
    assert [(o + s.start_char, o + s.end_char) for o, doc in pieces for s in doc.sents] == whole


def _document(text: str) -> Document:
    return Document("long", "long.txt", text + "\n", (Section("body", "", (Paragraph(0, text),)),), {})


def test_chunking_extractor_reads_a_paragraph_longer_than_max_length(extractor, monkeypatch) -> None:
    text = SENTENCE.strip() + " " + "Exosomal circFOO1 confers FOOmab resistance by sponging miR-9999. " * 30
    reference = extractor.process(_document(text))
    monkeypatch.setattr(extractor.nlp, "max_length", 300)
    chunked = extractor.process(_document(text))
    assert chunked.mentions == reference.mentions
    assert chunked.relations == reference.relations
    assert chunked.sentences == reference.sentences


def test_chunking_extractor_bounds_a_line_without_sentence_ends(extractor) -> None:
    from exomine.text.chunking import SENTENCE_CHARS

    text = "exosomal miR-9999 and PTEN and circFOO1 " * (3 * SENTENCE_CHARS // 40)
    result = extractor.process(_document(text))
    assert len(result.sentences) >= 3
    assert all(s.end - s.start <= SENTENCE_CHARS for s in result.sentences)
    assert {m.text for m in result.mentions} >= {"miR-9999", "PTEN"}
