"""Tests for the entity tagger (exomine.entities.tagger) with the shipped lexicons and with tiny hand-made ones.

Which terms the index keeps and how lookup matches them: test_index.py and test_lookup.py."""

from __future__ import annotations

import pytest

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.index import LexiconIndex
from exomine.entities.lookup import LexiconLookup
from exomine.entities.tagger import Abbreviation, EntitySpan, EntityTagger, resolve_overlaps


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
    listed = _one(tagger, "Exosomal miR-21 rose.", "miR-21")
    assert listed.source == "nomenclature:mirna"
    unknown = _one(tagger, "Exosomal miR-99999 rose.", "miR-99999")
    assert unknown.label == "MIRNA"
    # no accession is made up for a name no list has: the canonical name, in its own namespace, says so
    assert unknown.norm_id == "miRNA:hsa-miR-99999"
    assert unknown.source == "nomenclature:mirna+unlisted"


@pytest.mark.parametrize("text, surface, expected", [
    # an older miRBase name that HGNC keeps as an alias names the renamed precursor
    ("Exosomal miR-203 rose.", "miR-203", "miRBase:MI0000283"),
    # every miRBase key comes before an HGNC alias: miR-181a is hsa-mir-181a-1's, as before
    ("Exosomal miR-181a rose.", "miR-181a", "miRBase:MI0000289"),
])
def test_tagger_mirna_hgnc_precursor_aliases(tagger, text: str, surface: str, expected: str) -> None:
    span = _one(tagger, text, surface)
    assert (span.norm_id, span.source) == (expected, "nomenclature:mirna")


def test_tagger_mirna_gene_without_mirbase_row_gets_its_hgnc_id() -> None:
    index = LexiconIndex([LexiconEntry("hsa-mir-9999", "MIRNA", "HGNC:99999", "MIR9999", "hgnc_precursor", "hgnc"),
                          LexiconEntry("hsa-mir-9998a", "MIRNA", "miRBase:MI9999998", "hsa-mir-9998a", "precursor",
                                       "mirbase"),
                          LexiconEntry("hsa-mir-9998", "MIRNA", "HGNC:99998", "MIR9998", "hgnc_precursor", "hgnc")])
    tagger = EntityTagger(index)
    assert tagger.mirna_identity("miR-9999-5p") == ("HGNC:99999", "hsa-miR-9999-5p", True)
    assert tagger.mirna_identity("miR-9998a") == ("miRBase:MI9999998", "hsa-miR-9998a", True)
    assert tagger.mirna_identity("mmu-miR-9999") == ("miRNA:mmu-miR-9999", "mmu-miR-9999", False)


@pytest.mark.parametrize("text, surface, norm_id, source", [
    ("Exosomal lncRNA FOOBAR9 rose.", "FOOBAR9", "lncRNA:FOOBAR9", "nomenclature:lncrna_intro+unlisted"),
    ("Exosomal circFOO9 rose.", "circFOO9", "circRNA:circFOO9", "nomenclature:circrna+unlisted"),
    ("Exosomal lncRNA H19 rose.", "H19", None, "nomenclature:lncrna_intro"),
])
def test_tagger_unlisted_ncrna_source(tagger, text: str, surface: str, norm_id, source: str) -> None:
    span = _one(tagger, text, surface)
    assert span.source == source
    if norm_id:
        assert span.norm_id == norm_id
    else:
        assert span.norm_id.startswith("HGNC:")


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
# dash and case variants with the shipped lexicons
# --------------------------------------------------------------------------


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
# Unicode dashes and Greek letters
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


def test_tagger_disease_long_form_is_not_the_gene_named_after_it() -> None:
    # FOOL1's protein is named after the disease ("fooleukodystrophy protein"), and FOOL1 was once "FLD"
    tagger = EntityTagger(LexiconIndex([
        LexiconEntry("FOOL1", "GENE", "HGNC:31", "FOOL1", "symbol", "hgnc"),
        LexiconEntry("FLD", "GENE", "HGNC:31", "FOOL1", "previous", "hgnc"),
        LexiconEntry("fooleukodystrophy protein", "GENE", "HGNC:31", "FOOL1", "protein_name", "mesh"),
    ]))
    text = "X-linked fooleukodystrophy (FLD) is rare. FLD patients were studied."
    ctx = tagger.document_context([Abbreviation("FLD", "X-linked fooleukodystrophy")], text)
    assert not [s for s in tagger.tag_text(text, 0, ctx) if s.label == "GENE"]
    # counter-example: the same short form defined by its protein's name is the gene
    text = "The fooleukodystrophy protein (FLD) binds."
    ctx = tagger.document_context([Abbreviation("FLD", "fooleukodystrophy protein")], text)
    assert [s.norm_id for s in tagger.tag_text(text, 0, ctx) if s.text == "FLD"] == ["HGNC:31"]


def test_tagger_previous_symbol_outranks_aliases_of_other_genes() -> None:
    tagger = EntityTagger(LexiconIndex([
        LexiconEntry("FOO1", "GENE", "HGNC:41", "FOO1", "symbol", "hgnc"),
        LexiconEntry("BARX1", "GENE", "HGNC:41", "FOO1", "previous", "hgnc"),
        LexiconEntry("BAZ2", "GENE", "HGNC:42", "BAZ2", "symbol", "hgnc"),
        LexiconEntry("BARX1", "GENE", "HGNC:42", "BAZ2", "alias", "hgnc"),
        LexiconEntry("QUXA1", "GENE", "HGNC:41", "FOO1", "alias", "hgnc"),
        LexiconEntry("QUXA1", "GENE", "HGNC:42", "BAZ2", "alias", "hgnc"),
    ]))
    spans = {s.text: s.norm_id for s in tagger.tag_text("BARX1 and QUXA1 rose.", 0)}
    assert spans == {"BARX1": "HGNC:41"}  # an alias of two genes, neither's previous symbol, stays ambiguous


def test_tagger_lexicon_matches_become_mentions_at_the_text_offset() -> None:
    tagger = EntityTagger(LexiconIndex([LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
                                        LexiconEntry("barplatin", "DRUG", "DrugBank:DB99998", "Barplatin", "generic",
                                                     "drug_ner")]))
    assert tagger.tag_text("Foo1 and Barplatin.", 100) == [
        EntitySpan(100, 104, "Foo1", "GENE", "HGNC:1", "FOO1", "lexicon:case"),
        EntitySpan(109, 118, "Barplatin", "DRUG", "DrugBank:DB99998", "Barplatin", "lexicon:case"),
    ]


def test_tagger_cell_line_subline_and_shape() -> None:
    tagger = EntityTagger(LexiconIndex([
        LexiconEntry("FOO-99", "CELL", "Cellosaurus:CVCL_9999", "FOO-99", "cell_line", "efo"),
        LexiconEntry("barplatin", "DRUG", "DrugBank:DB99998", "Barplatin", "generic", "drug_ner"),
        LexiconEntry("BPT", "DRUG", "DrugBank:DB99998", "Barplatin", "abbreviation", "curated"),
        LexiconEntry("QUX4", "GENE", "HGNC:99", "QUX4", "symbol", "hgnc"),
    ]))
    got = [(e.text, e.label, e.norm_id, e.norm_name, e.source) for e in tagger.tag_text(
        "FOO99/BPT cells, FOO-99-R cells, BAZ823 cells and QUX4 cells resist barplatin.", 0)]
    assert got == [
        ("FOO99/BPT", "CELL", "Cellosaurus:CVCL_9999", "FOO-99/BPT", "lexicon:dash+subline"),  # no drug mention
        ("FOO-99-R", "CELL", "Cellosaurus:CVCL_9999", "FOO-99-R", "lexicon:exact+subline"),
        ("BAZ823", "CELL", "CellLine:BAZ823", "BAZ823", "nomenclature:cell_line_shape+unlisted"),
        ("QUX4", "GENE", "HGNC:99", "QUX4", "lexicon:exact"),  # a gene before "cells" stays a gene
        ("barplatin", "DRUG", "DrugBank:DB99998", "Barplatin", "lexicon:exact"),
    ]


def test_tagger_short_cell_line_name_needs_cells_after_it() -> None:
    tagger = EntityTagger(LexiconIndex([LexiconEntry("QX24", "CELL", "EFO:9999924", "QX24", "cell_line", "efo"),
                                        LexiconEntry("FOOBAR-7", "CELL", "EFO:9999907", "FOOBAR-7", "cell_line",
                                                     "efo")]))
    def cells(text):
        return [e.text for e in tagger.tag_text(text, 0) if e.label == "CELL"]

    assert cells("QX24 cells and QX24/R cells grew.") == ["QX24", "QX24/R"]
    assert cells("The QX24 score rose; qx24 and FOOBAR-7 grew.") == ["FOOBAR-7"]  # case-sensitive, short alone


@pytest.mark.parametrize("text, surface, source", [
    ("p-FOO1 rose.", "p-FOO1", "lexicon:exact+phospho"),
    ("Then pFOO1 rose.", "pFOO1", "lexicon:exact+phospho"),
    ("Then pFoo1 rose.", "pFoo1", "lexicon:case+phospho"),
    ("Then phospho-FOO1 rose.", "phospho-FOO1", "lexicon:exact+phospho"),
    ("Then phosphorylated FOO1 rose.", "phosphorylated FOO1", "lexicon:exact+phospho"),
])
def test_tagger_modified_protein_is_the_protein(text: str, surface: str, source: str) -> None:
    tagger = EntityTagger(LexiconIndex([LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc")]))
    (span,) = [s for s in tagger.tag_text(text, 0) if s.label == "GENE"]
    assert (span.text, span.norm_id, span.source) == (surface, "HGNC:1", source)


def test_tagger_modified_protein_counter_examples() -> None:
    tagger = EntityTagger(LexiconIndex([LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
                                        LexiconEntry("pBAR", "GENE", "HGNC:2", "BAR", "alias", "hgnc"),
                                        LexiconEntry("BAR", "GENE", "HGNC:3", "BAR2", "symbol", "hgnc")]))
    got = [(s.text, s.norm_id) for s in tagger.tag_text("The p-value of FOO1, pBAR and non-phosphorylated FOO1.", 0)]
    assert got == [("FOO1", "HGNC:1"), ("pBAR", "HGNC:2"), ("FOO1", "HGNC:1")]  # a term of its own stays itself


def test_tagger_pathway_named_by_genes_lists_them_as_parts() -> None:
    tagger = EntityTagger(LexiconIndex([
        LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc"),
        LexiconEntry("BAR2", "GENE", "HGNC:2", "BAR2", "symbol", "hgnc"),
        LexiconEntry("FOO1/BAR2", "PATHWAY", "hsa09999", "FOO signaling pathway", "synonym", "curated"),
        LexiconEntry("Quxpathy", "PATHWAY", "GO:9999999", "quxpathy", "name", "curated"),
    ]))
    spans = tagger.tag_text("The FOO1/BAR2 pathway, the BAR2-FOO1 signaling and the Quxpathy pathway.", 0)
    got = [(s.text, s.label, [(p.text, p.norm_id, p.source) for p in s.parts]) for s in spans]
    assert got == [
        ("FOO1/BAR2", "PATHWAY", [("FOO1", "HGNC:1", "lexicon:exact+in_pathway"),
                                  ("BAR2", "HGNC:2", "lexicon:exact+in_pathway")]),
        ("BAR2-FOO1", "PATHWAY", [("BAR2", "HGNC:2", "lexicon:exact+in_pathway"),
                                  ("FOO1", "HGNC:1", "lexicon:exact+in_pathway")]),
        ("Quxpathy", "PATHWAY", []),  # not named by genes
    ]
    assert [s.text for s in spans[0].with_parts()] == ["FOO1/BAR2", "FOO1", "BAR2"]


def test_tagger_codons_and_amino_acid_codes_are_not_genes() -> None:
    tagger = EntityTagger(LexiconIndex([LexiconEntry("GCA", "GENE", "HGNC:51", "GCA", "symbol", "hgnc"),
                                        LexiconEntry("TYR", "GENE", "HGNC:52", "TYR", "symbol", "hgnc")]))
    got = [s.text for s in tagger.tag_text("A silent GCA/GCG change at Tyr 705; GCA and TYR rose.", 0)]
    assert got == ["GCA", "TYR"]  # the codon pair and the residue are left, the symbols kept


def test_tagger_acronym_defined_in_the_plural_covers_the_singular() -> None:
    tagger = EntityTagger(LexiconIndex([
        LexiconEntry("FMB", "GENE", "HGNC:61", "FMB", "symbol", "hgnc"),
        LexiconEntry("foomablastomas", "CANCER", "MeSH:D999999", "Foomablastoma", "mesh_variant", "mesh"),
    ]))
    text = "Human foomablastomas (FMBs) grew. FMB formation and FMBs were studied."
    ctx = tagger.document_context([Abbreviation("FMBs", "foomablastomas")], text)
    assert {(s.text, s.label) for s in tagger.tag_text(text, 0, ctx) if s.text.startswith("FMB")} == {
        ("FMBs", "CANCER"), ("FMB", "CANCER")}


def test_index_short_dash_variant_is_no_name() -> None:
    index = LexiconIndex([LexiconEntry("Q-2", "GENE", "HGNC:62", "QUX2", "alias", "hgnc")])
    assert not LexiconLookup(index).find("the group Q2 protein")
