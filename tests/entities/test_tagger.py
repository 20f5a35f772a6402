"""Tests for the entity tagger (exomine.entities.tagger) with the shipped lexicons and with tiny hand-made ones."""

from __future__ import annotations

import pytest

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.tagger import Abbreviation, EntitySpan, EntityTagger, LexiconIndex, resolve_overlaps


def _tags(tagger, text: str, context=None) -> dict[str, tuple[str, str]]:
    """surface -> (label, norm_id) for every mention; offsets checked on the way."""
    out = {}
    for span in tagger.tag_text(text, 0, context):
        assert text[span.start : span.end] == span.text
        out[span.text] = (span.label, span.norm_id)
    return out


def _one(tagger, text: str, surface: str, context=None) -> EntitySpan:
    hits = [s for s in tagger.tag_text(text, 0, context) if s.text == surface]
    assert hits, f"{surface!r} not tagged in {text!r}: {tagger.tag_text(text, 0, context)}"
    return hits[0]


# --------------------------------------------------------------------------
# the shipped lexicons
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, surface, label, norm_id",
    [
        ("Exosomal miR-21 lowers PTEN levels in recipient cells.", "PTEN", "GENE", "HGNC:9588"),
        ("Exosomal H19 was elevated in resistant cells.", "H19", "LNCRNA", "HGNC:4713"),
        ("Exosomal MALAT1 was elevated in resistant cells.", "MALAT1", "LNCRNA", None),
        ("Exosomal SNHG14 was elevated in resistant cells.", "SNHG14", "LNCRNA", None),
        ("Exosomes activated AKT in recipient cells.", "AKT", "GENE", "FPLX:AKT"),
        ("Exosomes activated PI3K in recipient cells.", "PI3K", "GENE", "FPLX:PI3K"),
        ("Loss of PTEN increases Akt phosphorylation in recipient cells.", "Akt", "GENE", "FPLX:AKT"),
        ("Exosomal miR-21 was enriched.", "miR-21", "MIRNA", "miRBase:MI0000077"),
        ("Exosomal hsa-miR-9-5p was enriched.", "hsa-miR-9-5p", "MIRNA", None),
        ("Exosomal circ_0072083 was enriched.", "circ_0072083", "CIRCRNA", "circBase:hsa_circ_0072083"),
        ("The cells were treated with 5-FU for two days.", "5-FU", "DRUG", "DrugBank:DB00544"),
        ("The cells were treated with L-OHP for two days.", "L-OHP", "DRUG", "DrugBank:DB00526"),
        ("Resistance in breast cancer is common.", "breast cancer", "CANCER", "MeSH:D001943"),
        ("Resistance in non-small cell lung cancer is common.", "non-small cell lung cancer", "CANCER", "MeSH:D002289"),
        ("Exosomes from cancer-associated fibroblasts were studied.", "cancer-associated fibroblasts", "CELL", None),
        ("Exosomes from CAFs were studied.", "CAFs", "CELL", None),
        ("Exosomes from M2 macrophages were studied.", "M2 macrophages", "CELL", None),
        ("Exosomes activated the Wnt/β-catenin pathway.", "Wnt/β-catenin", "PATHWAY", "hsa04310"),
    ],
)
def test_tagger_labels_and_ids(tagger, text: str, surface: str, label: str, norm_id: str | None) -> None:
    span = _one(tagger, text, surface)
    assert span.label == label
    if norm_id is not None:
        assert span.norm_id == norm_id
    assert span.norm_id and span.norm_name


def test_tagger_mirna_precursor_lookup(tagger) -> None:
    # mature names resolve to their miRBase precursor accession, via "<name>" then "<name>-1"
    assert _one(tagger, "Exosomal hsa-miR-9-5p rose.", "hsa-miR-9-5p").norm_id.startswith("miRBase:MI")
    assert _one(tagger, "Exosomal miR-92a-3p rose.", "miR-92a-3p").norm_id.startswith("miRBase:MI")
    unknown = _one(tagger, "Exosomal miR-99999 rose.", "miR-99999")
    assert unknown.label == "MIRNA"
    assert unknown.norm_id == "miRBase:hsa-miR-99999"  # no accession: the canonical name stands in


def test_tagger_cell_synonyms_share_an_id(tagger) -> None:
    long = _one(tagger, "Exosomes from cancer-associated fibroblasts.", "cancer-associated fibroblasts")
    short = _one(tagger, "Exosomes from CAFs.", "CAFs")
    assert long.norm_id == short.norm_id


def test_tagger_brand_and_generic_drug_share_an_id(tagger) -> None:
    a = _one(tagger, "Cells were exposed to adriamycin.", "adriamycin")
    d = _one(tagger, "Cells were exposed to doxorubicin.", "doxorubicin")
    assert a.label == d.label == "DRUG"
    assert a.norm_id == d.norm_id == "DrugBank:DB00997"


def test_tagger_drug_match_is_case_insensitive(tagger) -> None:
    assert _one(tagger, "Cisplatin was given.", "Cisplatin").norm_id == _one(tagger, "We gave cisplatin.", "cisplatin").norm_id


def test_tagger_axis_with_pathway_cue_is_not_a_pathway(tagger) -> None:
    tags = _tags(tagger, "Exosomes act through the miR-1182/TPD52 pathway in ovarian cancer.")
    assert tags["miR-1182"][0] == "MIRNA"
    assert tags["TPD52"][0] == "GENE"
    assert not any(label == "PATHWAY" for label, _ in tags.values())


def test_tagger_gene_pair_before_pathway_cue_is_a_pathway(tagger) -> None:
    tags = _tags(tagger, "Exosomal miR-21 activates the PI3K/Akt pathway.")
    assert tags["PI3K/Akt"][0] == "PATHWAY"
    assert "PI3K" not in tags and "Akt" not in tags


@pytest.mark.parametrize(
    "text",
    [
        "Exosomes promote cancer progression.",
        "Exosomes promote tumor growth.",
        "Cancer cells release exosomes.",
        "Tumour exosomes carry cargo to distant sites.",
        "Exosomes contribute to metastasis and neoplasm growth.",
    ],
)
def test_tagger_generic_cancer_words_are_not_cancer_mentions(tagger, text: str) -> None:
    assert not [s for s in tagger.tag_text(text, 0) if s.label == "CANCER"]


def test_tagger_offsets_are_shifted(tagger) -> None:
    text = "Exosomal miR-21 lowers PTEN."
    spans = tagger.tag_text(text, 100)
    assert [(s.start, s.end) for s in spans] == [(109, 115), (123, 127)]


# --------------------------------------------------------------------------
# document context: abbreviations
# --------------------------------------------------------------------------


def test_tagger_short_form_takes_long_form_identity(tagger) -> None:
    text = "DDP resistance was reversed by exosome inhibitors."
    ctx = tagger.document_context([Abbreviation("DDP", "cisplatin")], text)
    ddp = _one(tagger, text, "DDP", ctx)
    cis = _one(tagger, "Cells were exposed to cisplatin.", "cisplatin")
    assert (ddp.label, ddp.norm_id) == ("DRUG", cis.norm_id)


def test_tagger_short_form_defined_as_drug_overrides_gene_alias(tagger) -> None:
    text = "MTX resistance was reversed by exosome inhibitors."
    assert _one(tagger, text, "MTX").label == "GENE"  # the lexicon's reading
    ctx = tagger.document_context([Abbreviation("MTX", "methotrexate")], text)
    mtx = _one(tagger, text, "MTX", ctx)
    assert mtx.label == "DRUG"
    assert mtx.norm_id == _one(tagger, "Cells got methotrexate.", "methotrexate").norm_id


@pytest.mark.parametrize(
    "short, long",
    [
        ("TME", "tumor microenvironment"),
        ("ADC", "antibody-drug conjugate"),  # the lexicon has ADC as a gene alias
    ],
)
def test_tagger_short_form_of_non_entity_is_not_tagged(tagger, short: str, long: str) -> None:
    text = f"Exosomes remodel the {short} and {short} shapes the drug response."
    ctx = tagger.document_context([Abbreviation(short, long)], text)
    assert short not in _tags(tagger, text, ctx)


def test_tagger_long_form_of_gene_takes_gene_identity(tagger) -> None:
    text = "Exosomal miR-1234-5p downregulated adiponectin in adipocytes."
    ctx = tagger.document_context([Abbreviation("ADIPOQ", "adiponectin")], text)
    adipo = _one(tagger, text, "adiponectin", ctx)
    gene = _one(tagger, "ADIPOQ was low.", "ADIPOQ")
    assert (adipo.label, adipo.norm_id) == ("GENE", gene.norm_id)


def test_tagger_lncrna_introduced_once_is_lncrna_throughout(tagger) -> None:
    text = "The lncRNA CCAL was enriched in exosomes. Later, CCAL raised cisplatin resistance."
    ctx = tagger.document_context([], text)
    second = [s for s in tagger.tag_text(text, 0, ctx) if s.text == "CCAL"]
    assert len(second) == 2
    assert {s.label for s in second} == {"LNCRNA"}


def test_tagger_empty_abbreviations_are_ignored(tagger) -> None:
    ctx = tagger.document_context([Abbreviation("", "cisplatin"), Abbreviation("DDP", " ")], "")
    assert dict(ctx.short_forms) == {}


# --------------------------------------------------------------------------
# resolve_overlaps
# --------------------------------------------------------------------------


def _span(start: int, end: int, label: str = "GENE", source: str = "lexicon:x") -> EntitySpan:
    return EntitySpan(start, end, "x" * (end - start), label, f"id:{start}-{end}", "n", source)


def test_tagger_resolve_overlaps_keeps_longer_span() -> None:
    short, long, apart = _span(0, 4), _span(0, 12, "CANCER"), _span(20, 25)
    assert resolve_overlaps([short, long, apart]) == [long, apart]


def test_tagger_resolve_overlaps_equal_length_prefers_source() -> None:
    lex = _span(5, 10, "GENE", "lexicon:hgnc")
    nom = _span(5, 10, "MIRNA", "nomenclature")
    model = _span(5, 10, "DRUG", "model:CHEMICAL")
    assert resolve_overlaps([model, lex, nom]) == [nom]


def test_tagger_resolve_overlaps_output_sorted_and_disjoint() -> None:
    spans = [_span(30, 35), _span(0, 5), _span(3, 9), _span(10, 12)]
    kept = resolve_overlaps(spans)
    assert [s.start for s in kept] == sorted(s.start for s in kept)
    assert all(a.end <= b.start for a, b in zip(kept, kept[1:]))
    assert _span(3, 9) in kept and _span(0, 5) not in kept


# --------------------------------------------------------------------------
# LexiconIndex on a tiny hand-made lexicon
# --------------------------------------------------------------------------

TINY = [
    LexiconEntry("MET", "GENE", "HGNC:7029", "MET", "symbol", "hgnc"),
    LexiconEntry("KRAS", "GENE", "HGNC:6407", "KRAS", "symbol", "hgnc"),
    LexiconEntry("BCL2", "GENE", "HGNC:990", "BCL2", "symbol", "hgnc"),
    LexiconEntry("AKT", "GENE", "FPLX:AKT", "AKT", "famplex_entity", "famplex"),
    LexiconEntry("SHARED1", "GENE", "HGNC:1", "GENEA", "alias", "hgnc"),
    LexiconEntry("SHARED1", "GENE", "HGNC:2", "GENEB", "alias", "hgnc"),
    LexiconEntry("UNIQ1", "GENE", "HGNC:3", "GENEC", "alias", "hgnc"),
    LexiconEntry("KRAS", "GENE", "HGNC:4", "OTHER", "alias", "hgnc"),  # would shadow KRAS's symbol
    LexiconEntry("p5", "GENE", "HGNC:5", "GENED", "alias", "hgnc"),  # too short
    LexiconEntry("lowercase", "GENE", "HGNC:6", "GENEE", "alias", "hgnc"),  # all lower case
    LexiconEntry("H19", "LNCRNA", "HGNC:4713", "H19", "symbol", "hgnc"),
    LexiconEntry("STOPPED", "GENE", "HGNC:7", "STOPPED", "symbol", "hgnc"),
    LexiconEntry("gemcitabine", "DRUG", "DrugBank:DB00441", "Gemcitabine", "generic", "drug_ner"),
    LexiconEntry("Gemzar", "DRUG", "DrugBank:DB00441", "Gemcitabine", "brand", "drug_ner"),
    LexiconEntry("Neoplasms", "CANCER", "MeSH:D009369", "Neoplasms", "mesh_label", "mesh"),
    LexiconEntry("lung cancer", "CANCER", "MeSH:D008175", "Lung Neoplasms", "mesh_synonym", "mesh"),
    LexiconEntry("non-small cell lung cancer", "CANCER", "MeSH:D002289", "NSCLC", "mesh_synonym", "mesh"),
    LexiconEntry("hsa-mir-21", "MIRNA", "miRBase:MI0000077", "hsa-mir-21", "precursor", "mirbase"),
]
STOP = [LexiconEntry("STOPPED", "GENE", "", "something else", "stop", "curated")]


@pytest.fixture(scope="module")
def tiny() -> LexiconIndex:
    return LexiconIndex(TINY, STOP, exclude_ids=["MeSH:D009369"])


def _found(index: LexiconIndex, text: str) -> list[tuple[str, str]]:
    return [(s.text, s.norm_id) for s in index.find(text)]


def test_tagger_index_gene_symbols_are_case_sensitive(tiny) -> None:
    assert _found(tiny, "MET amplification") == [("MET", "HGNC:7029")]
    assert _found(tiny, "we met the authors") == []
    assert _found(tiny, "they met MET") == [("MET", "HGNC:7029")]


def test_tagger_index_title_case_gene_only_mid_text(tiny) -> None:
    assert _found(tiny, "Loss of PTEN raises Akt phosphorylation") == [("Akt", "FPLX:AKT")]
    assert _found(tiny, "Met was amplified") == []  # sentence-initial capital is not evidence


def test_tagger_index_alias_shared_by_two_genes_is_dropped(tiny) -> None:
    assert tiny.lookup("SHARED1") is None
    assert _found(tiny, "SHARED1 was high") == []
    assert tiny.lookup("UNIQ1").norm_id == "HGNC:3"


def test_tagger_index_alias_never_shadows_a_symbol(tiny) -> None:
    assert tiny.lookup("KRAS").norm_id == "HGNC:6407"


def test_tagger_index_short_and_lowercase_aliases_dropped(tiny) -> None:
    assert tiny.lookup("p5") is None
    assert tiny.lookup("lowercase") is None


def test_tagger_index_stoplist_respected(tiny) -> None:
    assert tiny.lookup("STOPPED") is None
    assert _found(tiny, "STOPPED and KRAS") == [("KRAS", "HGNC:6407")]
    assert LexiconIndex(TINY).lookup("STOPPED") is not None


def test_tagger_index_excluded_ids(tiny) -> None:
    assert _found(tiny, "Neoplasms of the lung") == []
    assert LexiconIndex(TINY).lookup("Neoplasms") is not None


def test_tagger_index_drugs_case_insensitive_generic_preferred(tiny) -> None:
    assert _found(tiny, "GEMCITABINE and Gemzar") == [("GEMCITABINE", "DrugBank:DB00441"), ("Gemzar", "DrugBank:DB00441")]
    assert tiny.lookup("gemzar").norm_name == "Gemcitabine"


def test_tagger_index_longest_match(tiny) -> None:
    assert _found(tiny, "in non-small cell lung cancer and lung cancer") == [
        ("non-small cell lung cancer", "MeSH:D002289"),
        ("lung cancer", "MeSH:D008175"),
    ]


def test_tagger_index_no_match_inside_a_word(tiny) -> None:
    assert _found(tiny, "pAKT1 and KRASG12D and BCL2L1") == []
    assert _found(tiny, "BCL2-mediated") == [("BCL2", "HGNC:990")]


def test_tagger_index_lncrna_symbol_case_sensitive(tiny) -> None:
    assert _found(tiny, "exosomal H19") == [("H19", "HGNC:4713")]
    assert _found(tiny, "exosomal h19") == []


def test_tagger_index_mirna_precursors_kept_apart(tiny) -> None:
    assert tiny.lookup("hsa-mir-21") is None
    tagger = EntityTagger(tiny)
    (span,) = tagger.tag_text("Exosomal miR-21 rose.", 0)
    assert (span.label, span.norm_id, span.norm_name) == ("MIRNA", "miRBase:MI0000077", "hsa-miR-21")


def test_tagger_index_no_match_across_lines(tiny) -> None:
    assert _found(tiny, "lung\ncancer") == []


@pytest.mark.parametrize(
    "sentence, surface, norm_id",
    [
        ("Cleavage of caspase-3 was seen.", "caspase-3", "HGNC:1504"),  # HGNC name "caspase 3"
        ("Levels of interleukin-6 rose.", "interleukin-6", "HGNC:6018"),
        ("Cells secreted FGF-2 in culture.", "FGF-2", "HGNC:3676"),  # symbol FGF2 written with a hyphen
        ("The drug blocks mTOR in these cells.", "mTOR", "HGNC:3942"),  # MTOR written with a lower-case m
        ("They measured fibroblast growth factor-2 in serum.", "fibroblast growth factor-2", "HGNC:3676"),
    ],
)
def test_tagger_hyphenated_gene_names(tagger, sentence: str, surface: str, norm_id: str) -> None:
    genes = {(e.text, e.norm_id) for e in tagger.tag_text(sentence, 0) if e.label == "GENE"}
    assert (surface, norm_id) in genes


# --------------------------------------------------------------------------
# Unicode dashes, Greek letters and how a match was made
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, surface, label, norm_id",
    [
        # U+2010 HYPHEN inside a cancer name: the whole name, not its "small cell lung cancer" tail
        ("Exosomal miR-9999 spread in non\u2010small cell lung cancer models.", "non\u2010small cell lung cancer",
         "CANCER", "MeSH:D002289"),
        ("Levels of Bcl\u20102 fell in FOO1-treated cells.", "Bcl\u20102", "GENE", "HGNC:990"),
        ("Cleaved caspase\u20103 rose after circFOO loss.", "caspase\u20103", "GENE", "HGNC:1504"),
        ("Exosomal TGF\u2010\u03b2 from BAR cells was measured.", "TGF\u2010\u03b2", None, None),
        ("Exosomal TGF\u03b2 from BAR cells was measured.", "TGF\u03b2", None, None),
        ("Exosomal TGF-beta from BAR cells was measured.", "TGF-beta", None, None),
    ],
)
def test_tagger_unicode_dash_and_greek_variants(tagger, sentence: str, surface: str, label, norm_id) -> None:
    span = _one(tagger, sentence, surface)
    if label:
        assert span.label == label
    if norm_id:
        assert span.norm_id == norm_id


def test_tagger_greek_spellings_share_an_id(tagger) -> None:
    ids = {_one(tagger, f"Exosomal {s} from FOO cells rose.", s).norm_id for s in ("TGF-\u03b2", "TGF\u03b2", "TGFbeta")}
    assert len(ids) == 1


def test_tagger_normalised_text_tags_as_raw(tagger) -> None:
    from exomine.text.textnorm import normalise

    raw = "Bcl\u20102 and caspase\u20103 in non\u2010small cell lung cancer treated with FOO1."
    clean = normalise(raw)
    assert [(s.start, s.end, s.norm_id) for s in tagger.tag_text(raw, 0)] == \
        [(s.start, s.end, s.norm_id) for s in tagger.tag_text(clean, 0)]


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
def test_tagger_match_kind(surface: str, term: str, kind: str, how: str) -> None:
    from exomine.entities.tagger import match_kind

    assert match_kind(surface, LexiconEntry(term, "GENE", "HGNC:1", "FOO1", kind, "hgnc")) == how


def test_tagger_source_records_how_the_match_was_made() -> None:
    index = LexiconIndex([
        LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
        LexiconEntry("BARB", "GENE", "HGNC:2", "BARB", "symbol", "hgnc"),
        LexiconEntry("BAR-beta", "GENE", "HGNC:2", "BARB", "alias", "hgnc"),
        LexiconEntry("foo protein one", "GENE", "HGNC:1", "FOO1", "name", "hgnc"),
    ])
    got = {s.text: s.source for s in index.find("We saw FOO1, Foo1, FOO-1, BAR-\u03b2, BAR\u03b2 and Foo Protein One.")}
    assert got == {"FOO1": "lexicon:exact", "Foo1": "lexicon:case", "FOO-1": "lexicon:dash",
                   "BAR-\u03b2": "lexicon:alias+greek", "BAR\u03b2": "lexicon:alias+greek+dash",
                   "Foo Protein One": "lexicon:case"}
    assert all(s.split(":")[0] == "lexicon" for s in got.values())


def test_tagger_space_in_text_never_stands_for_nothing() -> None:
    index = LexiconIndex([LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc")])
    assert [s.text for s in index.find("We saw FOO-1 and FOO 1 here.")] == ["FOO-1"]


def test_tagger_match_never_ends_in_a_dash() -> None:
    """A genotype's dash ("FOO1-/- mice") or a suspended hyphen ("FOO1-, BAR2- or ...") is not part of the name."""
    index = LexiconIndex([LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
                          LexiconEntry("BAR-2", "GENE", "HGNC:2", "BAR2", "symbol", "hgnc")])
    assert [s.text for s in index.find("In FOO1-/- mice and BAR-2-, FOO1- or BAR2-driven cells.")] == \
        ["FOO1", "BAR-2", "FOO1", "BAR2"]


def test_tagger_long_terms_with_many_separators_are_found() -> None:
    """One automaton pass proposes a term however its dashes and spaces are written."""
    index = LexiconIndex([LexiconEntry("foo-bar baz-qux 1-2 cancer", "CANCER", "MeSH:D1", "Foo", "mesh_synonym", "mesh")])
    for surface in ("foo-bar baz-qux 1-2 cancer", "Foo bar baz qux 1 2 cancer", "foo-bar-baz-qux-1-2-cancer",
                    "foo bar baz-qux12 cancer"):
        assert [s.text for s in index.find(f"In {surface}, cells died.")] == [surface]
    assert index.find("In foobar bazqux 12 cancer, cells died.") == []  # words are never run together


def test_tagger_non_ascii_sentences_match_like_ascii_ones(tiny) -> None:
    """A sentence with a Greek letter (the token-by-token match keys) finds what its ASCII twin finds."""
    ascii_text = "MET and Akt in non-small cell lung cancer, KRAS x-FOO and PTEN-1 (lung cancer)."
    greek_text = ascii_text.replace("x-FOO", "\u03b2-FOO")
    assert _found(tiny, greek_text) == _found(tiny, ascii_text)
    assert [s.start for s in tiny.find(greek_text)] == [s.start for s in tiny.find(ascii_text)]
    assert len(_found(tiny, ascii_text)) >= 4


def test_tagger_index_round_trip_keeps_every_match(tiny) -> None:
    """The compiled index (marshal + the pickled automaton) finds exactly what the built one finds."""
    text = ("MET and Akt in non-small cell lung cancer; KRAS, UNIQ1, SHARED1 and PTEN (Loss of PTEN) in "
            "lung-cancer cells and NON SMALL CELL LUNG CANCER.")
    loaded = LexiconIndex.from_bytes(tiny.to_bytes())
    assert loaded.find(text, 7) == tiny.find(text, 7)
    assert loaded.find(text)


def test_tagger_index_old_cache_is_refused(tiny) -> None:
    import marshal

    with pytest.raises(ValueError, match="rebuild"):
        LexiconIndex.from_bytes(marshal.dumps({"version": 2}))
    blob = tiny.to_bytes()
    head, _, body = blob.partition(b"\n")
    with pytest.raises(ValueError, match="rebuild"):  # written by another Python or pyahocorasick build
        LexiconIndex.from_bytes(head.replace(b"python ", b"python 2.") + b"\n" + body)


# --------------------------------------------------------------------------
# name classes
# --------------------------------------------------------------------------


@pytest.fixture()
def foo_tagger() -> EntityTagger:
    return EntityTagger(LexiconIndex([
        LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
        LexiconEntry("ROX", "GENE", "FPLX:ROX", "ROX", "famplex_entity", "famplex"),
        LexiconEntry("LINC-ROX", "LNCRNA", "HGNC:3", "LINC-ROX", "symbol", "hgnc"),
    ]))


def test_tagger_circrna_named_after_host_is_not_the_gene(foo_tagger) -> None:
    spans = foo_tagger.tag_text("Exosomal circular RNA FOO1 sponged miR-9999.", 0)
    assert [(s.text, s.label, s.norm_id) for s in spans if s.label != "MIRNA"] == [
        ("circular RNA FOO1", "CIRCRNA", "circRNA:circFOO1")]


@pytest.mark.parametrize("surface", ["linc-ROX", "linc\u2011ROX", "LINC-ROX"])
def test_tagger_prefixed_lncrna_is_the_whole_span(foo_tagger, surface: str) -> None:
    (span,) = foo_tagger.tag_text(f"Exosomal {surface} drove resistance.", 0)
    assert (span.text, span.label, span.norm_id) == (surface, "LNCRNA", "HGNC:3")  # not the gene family ROX


def test_tagger_prefixed_lncrna_never_takes_a_protein_gene_identity(foo_tagger) -> None:
    (span,) = foo_tagger.tag_text("Exosomal lncRNA-FOO1 drove resistance.", 0)
    assert (span.label, span.norm_id) == ("LNCRNA", "lncRNA:FOO1")


@pytest.mark.parametrize(
    "text, name, label",
    [
        ("We found a novel circRNA, termed BARZ1, in exosomes. Later, BARZ1 sponged miR-9999.", "BARZ1", "CIRCRNA"),
        ("We found a lncRNA named QUUX7 in serum. QUUX7 was high in resistant cells.", "QUUX7", "LNCRNA"),
        ("A circRNA sponge for miR-9999, hereafter ciRS-9999, was found. ciRS-9999 rose.", "ciRS-9999", "CIRCRNA"),
    ],
)
def test_tagger_names_defined_in_text_are_known_throughout(foo_tagger, text: str, name: str, label: str) -> None:
    context = foo_tagger.document_context([], text)
    later = text.rindex(name)
    spans = [s for s in foo_tagger.tag_text(text, 0, context) if s.text == name]
    assert any(s.start == later and s.label == label for s in spans), spans
    assert all(s.source.startswith("nomenclature") for s in spans)


# --------------------------------------------------------------------------
# common words and bylines; drug classes
# --------------------------------------------------------------------------


def _word_index() -> LexiconIndex:
    return LexiconIndex([
        LexiconEntry("WORDY", "GENE", "HGNC:11", "WORDY", "symbol", "hgnc"),   # a symbol that spells a word
        LexiconEntry("QUAK", "GENE", "HGNC:12", "QUAK", "symbol", "hgnc"),     # a symbol that is no word
        LexiconEntry("SURN", "GENE", "HGNC:13", "SURN1", "alias", "hgnc"),     # an alias that is a surname
        LexiconEntry("SURN1", "GENE", "HGNC:13", "SURN1", "symbol", "hgnc"),
    ], common_words=["wordy", "surn"])


def test_tagger_title_case_common_word_is_not_a_gene() -> None:
    got = {s.text for s in _word_index().find("We saw the Wordy effect of Quak on cells.")}
    assert got == {"Quak"}  # "Wordy" is a word; "Quak" is the symbol written in title case


def test_tagger_symbol_that_spells_a_word_still_matches_in_capitals() -> None:
    assert [s.text for s in _word_index().find("Cells lacking WORDY grew.")] == ["WORDY"]


def test_tagger_alias_that_is_a_common_word_or_surname_is_dropped() -> None:
    index = _word_index()
    assert index.find("Surn X, Surn Y and SURN wrote this.") == []
    assert [s.norm_id for s in index.find("SURN1 was high.")] == ["HGNC:13"]


@pytest.mark.parametrize("text", ["Impact of exosomes on drug resistance.", "Yes, exosomes matter.",
                                  "By Hua Li, Ding Wei and Lan Zhou.", "Authors: Hua X, Ding Y, Lan Z."])
def test_tagger_common_words_and_bylines_give_no_genes(tagger, text: str) -> None:
    assert not [s for s in tagger.tag_text(text, 0) if s.label in ("GENE", "LNCRNA")]


def test_tagger_capitalised_word_mid_title_is_not_a_gene(tagger) -> None:
    assert not [s for s in tagger.tag_text("The Impact Of Exosomal miR-9999 On Resistance", 0) if s.label == "GENE"]


@pytest.mark.parametrize(
    "text, surface, norm_id",
    [
        ("Exosomal miR-9999 conferred resistance to EGFR-TKIs in lung cancer.", "EGFR-TKIs", "DrugClass:EGFR-TKI"),
        ("circFOO drove resistance to anti-PD-1 antibodies.", "anti-PD-1 antibodies", "DrugClass:Anti-PD-1"),
        ("circFOO drove resistance to anti-PD1 therapy.", "anti-PD1 therapy", "DrugClass:Anti-PD-1"),
        ("lncBAR drove resistance to platinum-based chemotherapy.", "platinum-based chemotherapy", "DrugClass:Platinum"),
        ("lncBAR drove resistance to immune checkpoint inhibitors.", "immune checkpoint inhibitors",
         "DrugClass:ImmuneCheckpointInhibitor"),
        ("lncBAR drove resistance to taxanes.", "taxanes", "DrugClass:Taxane"),
        ("lncBAR drove resistance to chemotherapy.", "chemotherapy", "DrugClass:Chemotherapy"),
        ("lncBAR drove resistance to proteasome inhibitors.", "proteasome inhibitors", "DrugClass:ProteasomeInhibitor"),
    ],
)
def test_tagger_drug_classes(tagger, text: str, surface: str, norm_id: str) -> None:
    from exomine.entities.lexicon import is_drug_class

    span = _one(tagger, text, surface)
    assert (span.label, span.norm_id) == ("DRUG", norm_id)
    assert is_drug_class(span.norm_id)


@pytest.mark.parametrize(
    "text, surface",
    [("Cells resisted carboplatin.", "carboplatin"), ("Cells resisted nedaplatin.", "nedaplatin"),
     ("Cells resisted lobaplatin.", "lobaplatin"), ("Patients received FOLFOX.", "FOLFOX"),
     ("Patients received XELOX.", "XELOX"), ("Patients received CAPOX.", "CAPOX"), ("Patients received R-CHOP.", "R-CHOP"),
     ("Patients received FOLFIRI.", "FOLFIRI")],
)
def test_tagger_platinum_drugs_and_regimens_are_named_drugs(tagger, text: str, surface: str) -> None:
    from exomine.entities.lexicon import is_drug_class

    span = _one(tagger, text, surface)
    assert span.label == "DRUG" and not is_drug_class(span.norm_id)


def test_tagger_two_drugs_of_a_combination(tagger) -> None:
    drugs = [s.norm_name for s in tagger.tag_text("They received gemcitabine plus cisplatin.", 0) if s.label == "DRUG"]
    assert drugs == ["Gemcitabine", "Cisplatin"]


@pytest.mark.parametrize("text", ["Exosomes drive chemoresistance.", "Exosomes drive drug resistance in FOO cells."])
def test_tagger_generic_resistance_words_are_no_drug(tagger, text: str) -> None:
    assert not [s for s in tagger.tag_text(text, 0) if s.label == "DRUG"]


def test_lexicon_named_drugs_are_never_classes() -> None:
    from exomine.entities.lexicon import is_drug_class, load_lexicon

    assert not any(is_drug_class(e.norm_id) for name in ("drugs", "abbreviations") for e in load_lexicon(name))
    assert all(is_drug_class(e.norm_id) for e in load_lexicon("drug_classes"))


def _abbrev_tagger() -> EntityTagger:
    return EntityTagger(LexiconIndex([
        LexiconEntry("FOOL4", "GENE", "HGNC:21", "FOOL4", "symbol", "hgnc"),
        LexiconEntry("foo like canonical ligand 4", "GENE", "HGNC:21", "FOOL4", "name", "hgnc"),
        LexiconEntry("AHX", "GENE", "HGNC:22", "AHX", "symbol", "hgnc"),
        LexiconEntry("aryl hux receptor", "GENE", "HGNC:22", "AHX", "name", "hgnc"),
    ]))


def test_tagger_short_form_sharing_words_with_the_gene_name_is_the_gene() -> None:
    tagger = _abbrev_tagger()
    text = "Foo-like 4 (Fool4) binds. Fool4 blockade helps."
    ctx = tagger.document_context([Abbreviation("Fool4", "Foo-like 4")], text)
    spans = [s for s in tagger.tag_text(text, 0, ctx) if s.text == "Fool4"]
    assert len(spans) == 2 and all(s.norm_id == "HGNC:21" for s in spans)


def test_tagger_gene_symbol_defined_as_something_else_is_not_a_gene() -> None:
    tagger = _abbrev_tagger()
    text = "We measured airway hyperthinginess (AHX) in mice. AHX was high."
    ctx = tagger.document_context([Abbreviation("AHX", "airway hyperthinginess")], text)
    assert not [s for s in tagger.tag_text(text, 0, ctx) if s.label == "GENE"]


def test_tagger_gene_symbol_inside_a_longer_name_is_not_the_gene() -> None:
    index = LexiconIndex([LexiconEntry("FOO", "GENE", "HGNC:31", "FOO", "symbol", "hgnc"),
                          LexiconEntry("BAR1", "GENE", "HGNC:32", "BAR1", "symbol", "hgnc")])
    got = [s.text for s in index.find("FOO-7901 cells lost FOO and BAR-1 after FOO-like changes.")]
    assert got == ["FOO", "BAR-1", "FOO"]  # "FOO-7901" is a cell line; "BAR-1" is BAR1 written with a dash


def test_tagger_gene_with_number_inside_an_isoform_name_stays_the_gene() -> None:
    index = LexiconIndex([LexiconEntry("QUX", "GENE", "FPLX:QUX", "QUX", "famplex_entity", "famplex"),
                          LexiconEntry("QUX4", "GENE", "HGNC:33", "QUX4", "symbol", "hgnc")])
    assert [s.text for s in index.find("The QUX-4J isoform and QUX-7901 cells.")] == ["QUX"]
