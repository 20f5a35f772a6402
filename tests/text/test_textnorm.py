"""Tests for exomine.text.textnorm: one normalisation for ingestion, lexicon building and lookup."""

from __future__ import annotations

import pytest

from exomine.text.textnorm import DASHES, greek_to_words, loose_key, match_key, normalise, term_key


@pytest.mark.parametrize("dash", list(DASHES))
def test_textnorm_every_dash_becomes_hyphen(dash: str) -> None:
    assert normalise(f"non{dash}small cell lung cancer") == "non-small cell lung cancer"


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Bcl\u00ad2", "Bcl2"),  # soft hyphen removed
        ("FOO\u200b1 and BAR\u200d2\ufeff", "FOO1 and BAR2"),  # zero-width characters removed
        ("miR-9999\u00a0and\u2009circFOO\u202flncBAR", "miR-9999 and circFOO lncBAR"),  # space variants
        ("\uff26\uff2f\uff2f\uff11", "FOO1"),  # NFKC: full-width letters
        ("Ca\u00b2\u207a", "Ca2+"),  # NFKC: superscripts
        ("plain ASCII text", "plain ASCII text"),
        ("line one\nline  two", "line one\nline  two"),  # layout is left alone
    ],
)
def test_textnorm_normalise_cases(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize("text", ["linc\u2011FOO \u2014 TGF\u2010\u03b2\u00a0x", "Bcl\u00ad2", "\ufb01ne \u00b5M"])
def test_textnorm_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_textnorm_greek_written_out_shares_a_key() -> None:
    assert term_key("TGF\u2010\u03b2") == term_key("TGF-beta") == "TGF-beta"
    assert term_key("NF-\u03baB") == "NF-kappaB"
    assert greek_to_words("\u03b1-FOO") == "alpha-FOO"
    assert term_key("FOO1") == "FOO1"  # case is kept


@pytest.mark.parametrize("a, b", [("TGF-\u03b2", "TGFbeta"), ("caspase-3", "caspase 3"), ("Bcl-2", "Bcl2"),
                                  ("FOO\u20101", "FOO 1")])
def test_textnorm_loose_key_joins_dash_and_space_variants(a: str, b: str) -> None:
    assert loose_key(a) == loose_key(b)


def test_textnorm_imports_nothing_from_exomine() -> None:
    import ast
    from pathlib import Path

    import exomine.text.textnorm as mod

    tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0 and not (node.module or "").startswith("exomine"), node.module
        elif isinstance(node, ast.Import):
            assert not any(a.name.startswith("exomine") for a in node.names)


@pytest.mark.parametrize("a, b", [("FOO-1", "foo 1"), ("TGF-\u03b2", "tgfbeta"), ("Non\u2013small  cell", "NONSMALLCELL"),
                                  ("FOO\u00ad1", "foo1")])
def test_textnorm_match_key_is_shared_by_variants(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize("a, b", [("FOO1", "BAR1"), ("FOO/1", "FOO1"), ("FOO.1", "FOO1")])
def test_textnorm_match_key_keeps_letters_digits_and_punctuation(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_textnorm_match_key_is_coarser_than_loose_key() -> None:
    """Every pair that loose_key (ignoring case) makes equal, match_key makes equal too."""
    pairs = [("caspase-3", "caspase3"), ("NF-kappaB", "NF\u03baB"), ("FOO bar", "FOO-BAR"), ("protein S", "proteins")]
    for a, b in pairs:
        if loose_key(a).lower() == loose_key(b).lower():
            assert match_key(a) == match_key(b)
    assert match_key("protein S") == match_key("proteins")  # candidates only: loose_key tells them apart
