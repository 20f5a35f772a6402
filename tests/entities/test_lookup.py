"""Tests for candidate lookup (exomine.entities.lookup): which lexicon terms a text names, and how each matched."""

from __future__ import annotations

import pytest

from exomine.entities.index import LexiconIndex
from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lookup import LexiconLookup, match_kind


def _found(index: LexiconIndex, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entry.norm_id) for m in LexiconLookup(index).find(text)]


def test_lookup_gene_symbols_are_case_sensitive(tiny) -> None:
    assert _found(tiny, "MET amplification") == [("MET", "HGNC:7029")]
    assert _found(tiny, "we met the authors") == []
    assert _found(tiny, "they met MET") == [("MET", "HGNC:7029")]


def test_lookup_title_case_gene_only_mid_text(tiny) -> None:
    assert _found(tiny, "Loss of PTEN raises Akt phosphorylation") == [("Akt", "FPLX:AKT")]
    assert _found(tiny, "Met was amplified") == []  # sentence-initial capital is not evidence


def test_lookup_longest_match(tiny) -> None:
    assert _found(tiny, "in non-small cell lung cancer and lung cancer") == [
        ("non-small cell lung cancer", "MeSH:D002289"),
        ("lung cancer", "MeSH:D008175"),
    ]


def test_lookup_no_match_inside_a_word(tiny) -> None:
    assert _found(tiny, "pAKT1 and KRASG12D and BCL2L1") == []
    assert _found(tiny, "BCL2-mediated") == [("BCL2", "HGNC:990")]


def test_lookup_lncrna_symbol_case_sensitive(tiny) -> None:
    assert _found(tiny, "exosomal H19") == [("H19", "HGNC:4713")]
    assert _found(tiny, "exosomal h19") == []


def test_lookup_no_match_across_lines(tiny) -> None:
    assert _found(tiny, "lung\ncancer") == []


@pytest.mark.parametrize(
    "surface, term, kind, how",
    [
        ("FOO1", "FOO1", "symbol", "exact"),
        ("FOO1", "FOO1", "alias", "alias"),
        ("Foo1", "FOO1", "symbol", "case"),
        ("FOO-1", "FOO1", "symbol", "dash"),
        ("foo 1", "FOO-1", "alias", "alias+dash+case"),
        ("BAR-\u03b2", "BAR-beta", "symbol", "greek"),
        ("BAR\u03b2", "BAR-beta", "symbol", "greek+dash"),
        ("FOO\u20101", "FOO-1", "symbol", "exact"),  # a Unicode hyphen is a hyphen, not a variant
    ],
)
def test_lookup_match_kind(surface: str, term: str, kind: str, how: str) -> None:
    assert match_kind(surface, LexiconEntry(term, "GENE", "HGNC:1", "FOO1", kind, "hgnc")) == how


def test_lookup_source_records_how_the_match_was_made() -> None:
    index = LexiconIndex([
        LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
        LexiconEntry("BARB", "GENE", "HGNC:2", "BARB", "symbol", "hgnc"),
        LexiconEntry("BAR-beta", "GENE", "HGNC:2", "BARB", "alias", "hgnc"),
        LexiconEntry("foo protein one", "GENE", "HGNC:1", "FOO1", "name", "hgnc"),
    ])
    text = "We saw FOO1, Foo1, FOO-1, BAR-\u03b2, BAR\u03b2 and Foo Protein One."
    got = {s.text: s.source for s in LexiconLookup(index).find(text)}
    assert got == {"FOO1": "lexicon:exact", "Foo1": "lexicon:case", "FOO-1": "lexicon:dash",
                   "BAR-\u03b2": "lexicon:alias+greek", "BAR\u03b2": "lexicon:alias+greek+dash",
                   "Foo Protein One": "lexicon:case"}
    assert all(s.split(":")[0] == "lexicon" for s in got.values())


def test_lookup_space_in_text_never_stands_for_nothing() -> None:
    index = LexiconIndex([LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc")])
    assert [s.text for s in LexiconLookup(index).find("We saw FOO-1 and FOO 1 here.")] == ["FOO-1"]


def test_lookup_match_never_ends_in_a_dash() -> None:
    """A genotype's dash ("FOO1-/- mice") or a suspended hyphen ("FOO1-, BAR2- or ...") is not part of the name."""
    index = LexiconIndex([LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
                          LexiconEntry("BAR-2", "GENE", "HGNC:2", "BAR2", "symbol", "hgnc")])
    got = LexiconLookup(index).find("In FOO1-/- mice and BAR-2-, FOO1- or BAR2-driven cells.")
    assert [s.text for s in got] == ["FOO1", "BAR-2", "FOO1", "BAR2"]


def test_lookup_long_terms_with_many_separators_are_found() -> None:
    """One automaton pass proposes a term however its dashes and spaces are written."""
    lookup = LexiconLookup(LexiconIndex([
        LexiconEntry("foo-bar baz-qux 1-2 cancer", "CANCER", "MeSH:D1", "Foo", "mesh_synonym", "mesh")]))
    for surface in ("foo-bar baz-qux 1-2 cancer", "Foo bar baz qux 1 2 cancer", "foo-bar-baz-qux-1-2-cancer",
                    "foo bar baz-qux12 cancer"):
        assert [s.text for s in lookup.find(f"In {surface}, cells died.")] == [surface]
    assert lookup.find("In foobar bazqux 12 cancer, cells died.") == []  # words are never run together


def test_lookup_non_ascii_sentences_match_like_ascii_ones(tiny) -> None:
    """A sentence with a Greek letter (the token-by-token match keys) finds what its ASCII twin finds."""
    ascii_text = "MET and Akt in non-small cell lung cancer, KRAS x-FOO and PTEN-1 (lung cancer)."
    greek_text = ascii_text.replace("x-FOO", "\u03b2-FOO")
    assert _found(tiny, greek_text) == _found(tiny, ascii_text)
    lookup = LexiconLookup(tiny)
    assert [s.start for s in lookup.find(greek_text)] == [s.start for s in lookup.find(ascii_text)]
    assert len(_found(tiny, ascii_text)) >= 4


def test_lookup_title_case_common_word_is_not_a_gene(word_index) -> None:
    got = {s.text for s in LexiconLookup(word_index).find("We saw the Wordy effect of Quak on cells.")}
    assert got == {"Quak"}  # "Wordy" is a word; "Quak" is the symbol written in title case


def test_lookup_symbol_that_spells_a_word_still_matches_in_capitals(word_index) -> None:
    assert [s.text for s in LexiconLookup(word_index).find("Cells lacking WORDY grew.")] == ["WORDY"]


def test_lookup_gene_symbol_inside_a_longer_name_is_not_the_gene() -> None:
    index = LexiconIndex([LexiconEntry("FOO", "GENE", "HGNC:31", "FOO", "symbol", "hgnc"),
                          LexiconEntry("BAR1", "GENE", "HGNC:32", "BAR1", "symbol", "hgnc")])
    got = [s.text for s in LexiconLookup(index).find("FOO-7901 cells lost FOO and BAR-1 after FOO-like changes.")]
    assert got == ["FOO", "BAR-1", "FOO"]  # "FOO-7901" is a cell line; "BAR-1" is BAR1 written with a dash


def test_lookup_gene_with_number_inside_an_isoform_name_stays_the_gene() -> None:
    index = LexiconIndex([LexiconEntry("QUX", "GENE", "FPLX:QUX", "QUX", "famplex_entity", "famplex"),
                          LexiconEntry("QUX4", "GENE", "HGNC:33", "QUX4", "symbol", "hgnc")])
    assert [s.text for s in LexiconLookup(index).find("The QUX-4J isoform and QUX-7901 cells.")] == ["QUX"]


def test_lookup_match_records_its_entry_and_offsets_in_the_text(tiny) -> None:
    (match,) = LexiconLookup(tiny).find("Loss of BCL2 in cells.")
    assert (match.start, match.end, match.text, match.source) == (8, 12, "BCL2", "lexicon:exact")
    assert match.entry == LexiconEntry("BCL2", "GENE", "HGNC:990", "BCL2", "symbol", "hgnc")


def test_lookup_repeated_surfaces_match_alike(tiny) -> None:
    """The memo of surfaces gives the same answer as a first lookup, in a text and across texts."""
    lookup = LexiconLookup(tiny)
    first = lookup.find("Loss of Akt and BCL2; then Akt and BCL2 again.")
    assert [m.text for m in first] == ["Akt", "BCL2", "Akt", "BCL2"]
    assert lookup.find("Loss of Akt and BCL2; then Akt and BCL2 again.") == first
    assert LexiconLookup(tiny).find("Loss of Akt and BCL2; then Akt and BCL2 again.") == first


def test_lookup_sentence_initial_capital_of_a_lower_case_term() -> None:
    index = LexiconIndex([LexiconEntry("foo kinase", "GENE", "FPLX:FOO", "FOO", "famplex_grounding", "famplex"),
                          LexiconEntry("foolin", "GENE", "FPLX:FOL", "FOL", "famplex_grounding", "famplex")])
    lookup = LexiconLookup(index)
    assert [(m.text, m.source) for m in lookup.find("Foo kinase rose.")] == [("Foo kinase", "lexicon:alias+case")]
    assert lookup.find("Then Foo kinase rose.") == []  # only the first word of a sentence is capitalised so
    assert lookup.find("Foolin rose.") == []  # one word: a capitalised word may be a name of its own
