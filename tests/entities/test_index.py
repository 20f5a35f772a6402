"""Tests for the compiled lexicon index (exomine.entities.index): which rows it keeps, and its serialisation."""

from __future__ import annotations

import pytest

from exomine.entities.index import LexiconIndex
from exomine.entities.lexicon import LexiconEntry
from exomine.entities.lookup import LexiconLookup
from exomine.entities.tagger import EntityTagger

def _found(index: LexiconIndex, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entry.norm_id) for m in LexiconLookup(index).find(text)]


def test_index_alias_shared_by_two_genes_is_dropped(tiny) -> None:
    assert tiny.lookup("SHARED1") is None
    assert _found(tiny, "SHARED1 was high") == []
    assert tiny.lookup("UNIQ1").norm_id == "HGNC:3"


def test_index_alias_never_shadows_a_symbol(tiny) -> None:
    assert tiny.lookup("KRAS").norm_id == "HGNC:6407"


def test_index_short_and_lowercase_aliases_dropped(tiny) -> None:
    assert tiny.lookup("p5") is None
    assert tiny.lookup("lowercase") is None


def test_index_stoplist_respected(tiny, tiny_entries) -> None:
    assert tiny.lookup("STOPPED") is None
    assert _found(tiny, "STOPPED and KRAS") == [("KRAS", "HGNC:6407")]
    assert LexiconIndex(tiny_entries).lookup("STOPPED") is not None


def test_index_excluded_ids(tiny, tiny_entries) -> None:
    assert _found(tiny, "Neoplasms of the lung") == []
    assert LexiconIndex(tiny_entries).lookup("Neoplasms") is not None


def test_index_drugs_case_insensitive_generic_preferred(tiny) -> None:
    assert _found(tiny, "GEMCITABINE and Gemzar") == [("GEMCITABINE", "DrugBank:DB00441"),
                                                     ("Gemzar", "DrugBank:DB00441")]
    assert tiny.lookup("gemzar").norm_name == "Gemcitabine"


def test_index_mirna_precursors_kept_apart(tiny) -> None:
    assert tiny.lookup("hsa-mir-21") is None
    tagger = EntityTagger(tiny)
    (span,) = tagger.tag_text("Exosomal miR-21 rose.", 0)
    assert (span.label, span.norm_id, span.norm_name) == ("MIRNA", "miRBase:MI0000077", "hsa-miR-21")


def test_index_alias_that_is_a_common_word_or_surname_is_dropped(word_index) -> None:
    assert word_index.lookup("SURN") is None
    assert _found(word_index, "Surn X, Surn Y and SURN wrote this.") == []
    assert _found(word_index, "SURN1 was high.") == [("SURN1", "HGNC:13")]


def test_index_round_trip_keeps_every_match(tiny) -> None:
    """The compiled index (marshal + the pickled automaton) finds exactly what the built one finds."""
    text = ("MET and Akt in non-small cell lung cancer; KRAS, UNIQ1, SHARED1 and PTEN (Loss of PTEN) in "
            "lung-cancer cells and NON SMALL CELL LUNG CANCER.")
    loaded = LexiconIndex.from_bytes(tiny.to_bytes())
    assert LexiconLookup(loaded).find(text) == LexiconLookup(tiny).find(text)
    assert LexiconLookup(loaded).find(text)
    assert EntityTagger(loaded).tag_text(text, 7) == EntityTagger(tiny).tag_text(text, 7)


def test_index_old_cache_is_refused(tiny) -> None:
    import marshal

    with pytest.raises(ValueError, match="rebuild"):
        LexiconIndex.from_bytes(marshal.dumps({"version": 2}))
    blob = tiny.to_bytes()
    head, _, body = blob.partition(b"\n")
    with pytest.raises(ValueError, match="rebuild"):  # written by another Python or pyahocorasick build
        LexiconIndex.from_bytes(head.replace(b"python ", b"python 2.") + b"\n" + body)


def test_index_drug_named_like_a_gene_is_the_gene_product() -> None:
    """A drug whose name is a gene's approved name is the gene's product: its spellings name the gene."""
    index = LexiconIndex([
        LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
        LexiconEntry("foo growth factor 1", "GENE", "HGNC:1", "FOO1", "name", "hgnc"),
        LexiconEntry("foogermin", "DRUG", "DrugBank:DB99999", "Foo Growth Factor 1", "generic", "drug_ner"),
        LexiconEntry("barplatin", "DRUG", "DrugBank:DB99998", "Barplatin", "generic", "drug_ner"),
    ])
    got = index.lookup("foogermin")
    assert (got.label, got.norm_id, got.kind) == ("GENE", "HGNC:1", "protein_name")
    assert index.lookup("barplatin").label == "DRUG"


def test_index_mixed_case_gene_name_matches_in_capitals_only_when_unique() -> None:
    entries = [LexiconEntry("Foox", "GENE", "HGNC:1", "FOOX1", "alias", "hgnc"),
               LexiconEntry("Barz", "GENE", "HGNC:2", "BARZ1", "alias", "hgnc"),
               LexiconEntry("BArz", "GENE", "HGNC:3", "BARZ2", "alias", "hgnc")]
    index = LexiconIndex(entries)
    assert index.upper.get("FOOX").norm_id == "HGNC:1"
    assert index.upper.get("BARZ") is None  # two genes write it so
