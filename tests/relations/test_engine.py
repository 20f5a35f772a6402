"""Tests for the pattern-based relation engine (exomine.relations.engine) on hand-written sentences."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from exomine.relations.engine import RelationHit, RelationRules, chain_roots, extract_relations, load_rules

Rel = tuple[str, str, str]


def _hits(tagger, rules, sentence: str, offset: int = 0) -> tuple[list, list[RelationHit]]:
    ents = tagger.tag_text(sentence, offset)
    return ents, extract_relations(sentence, offset, ents, rules)


def relations(tagger, rules, sentence: str) -> set[Rel]:
    """(subject text, predicate, object text) for every relation in the sentence."""
    ents, hits = _hits(tagger, rules, sentence)
    return {(ents[h.subject].text, h.predicate, ents[h.object].text) for h in hits}


def flagged(tagger, rules, sentence: str) -> dict[Rel, tuple[bool, bool]]:
    """relation -> (negated, hedged)."""
    ents, hits = _hits(tagger, rules, sentence)
    return {(ents[h.subject].text, h.predicate, ents[h.object].text): (h.negated, h.hedged) for h in hits}


# --------------------------------------------------------------------------
# sentence shapes
# --------------------------------------------------------------------------

SHAPES = {
    "axis_slash": (
        "Exosomal circFOO1 promotes gemcitabine resistance through the circFOO1/miR-1234-5p/KRAS axis.",
        {
            ("circFOO1", "sponges", "miR-1234-5p"),
            ("miR-1234-5p", "targets", "KRAS"),
            ("circFOO1", "confers_resistance", "gemcitabine"),
        },
    ),
    "axis_circbase_id": (
        "Tumor-derived exosomal hsa_circ_0001234 promotes 5-fluorouracil resistance via the miR-4321/BCL2 axis "
        "in colorectal cancer.",
        {
            ("hsa_circ_0001234", "sponges", "miR-4321"),
            ("miR-4321", "targets", "BCL2"),
            ("hsa_circ_0001234", "confers_resistance", "5-fluorouracil"),
        },
    ),
    "axis_via_dash_two_genes": (
        "Exosomal circFOO1 confers oxaliplatin resistance via the miR-1234-5p-KRAS/BCL2 axis.",
        {
            ("circFOO1", "sponges", "miR-1234-5p"),
            ("miR-1234-5p", "targets", "KRAS"),
            ("miR-1234-5p", "targets", "BCL2"),
            ("circFOO1", "confers_resistance", "oxaliplatin"),
        },
    ),
    "sponging_and_enhancing": (
        "Exosomal circFOO1 enhanced doxorubicin resistance by sponging miR-1234-5p and enhancing ABCB1 expression.",
        {
            ("circFOO1", "sponges", "miR-1234-5p"),
            ("circFOO1", "upregulates", "ABCB1"),
            ("circFOO1", "confers_resistance", "doxorubicin"),
        },
    ),
    "sponging_and_upregulating": (
        "Exosomal circBAR2 promoted cisplatin resistance by sponging miR-5678-3p and upregulating KRAS in lung cancer.",
        {
            ("circBAR2", "sponges", "miR-5678-3p"),
            ("circBAR2", "upregulates", "KRAS"),
            ("circBAR2", "confers_resistance", "cisplatin"),
        },
    ),
    "relative_clause": (
        "Exosomes from oxaliplatin-resistant cells were enriched in miR-1234-5p, which conferred resistance "
        "by suppressing KRAS and BCL2.",
        {
            ("miR-1234-5p", "targets", "KRAS"),
            ("miR-1234-5p", "targets", "BCL2"),
            ("miR-1234-5p", "confers_resistance", "oxaliplatin"),
        },
    ),
    "promotes_drug_resistance": (
        "Exosomal miR-1234-5p promotes cisplatin resistance in gastric cancer.",
        {("miR-1234-5p", "confers_resistance", "cisplatin")},
    ),
    "resistance_of_cells_to_drug": (
        "Exosomal miR-1234-5p increased the resistance of colorectal cancer cells to oxaliplatin.",
        {("miR-1234-5p", "confers_resistance", "oxaliplatin")},
    ),
    "confers_resistance_to_by_targeting": (
        "Exosomal miR-1234-5p confers resistance to paclitaxel in ovarian cancer cells by targeting KRAS and BCL2.",
        {
            ("miR-1234-5p", "targets", "KRAS"),
            ("miR-1234-5p", "targets", "BCL2"),
            ("miR-1234-5p", "confers_resistance", "paclitaxel"),
        },
    ),
    "nominal_inhibition": (
        "Exosomal miR-1234-5p promotes docetaxel resistance via KRAS inhibition.",
        {("miR-1234-5p", "targets", "KRAS"), ("miR-1234-5p", "confers_resistance", "docetaxel")},
    ),
    "enhanced_chemosensitivity": (
        "Exosomal miR-1234-5p enhanced chemosensitivity to gemcitabine in pancreatic cancer.",
        {("miR-1234-5p", "confers_sensitivity", "gemcitabine")},
    ),
    "reduces_resistance": (
        "Exosomal miR-1234-5p reduces doxorubicin resistance in breast cancer cells.",
        {("miR-1234-5p", "confers_sensitivity", "doxorubicin")},
    ),
    "attenuating_induced_chemoresistance": (
        "Exosomal miR-1234-5p targets BCL2, attenuating chemoresistance induced by oxaliplatin.",
        {("miR-1234-5p", "targets", "BCL2"), ("miR-1234-5p", "confers_sensitivity", "oxaliplatin")},
    ),
    "silencing_restored_sensitivity": (
        "Silencing of circFOO1 restored sensitivity to gemcitabine in pancreatic cancer cells.",
        {("circFOO1", "confers_resistance", "gemcitabine")},
    ),
    "knockdown_enhanced_sensitivity": (
        "Knockdown of circFOO1 enhanced the sensitivity of pancreatic cancer cells to gemcitabine.",
        {("circFOO1", "confers_resistance", "gemcitabine")},
    ),
    "sirna_reduced_resistance": (
        "siRNA against MALAT1 reduced oxaliplatin resistance in colorectal cancer cells.",
        {("MALAT1", "confers_resistance", "oxaliplatin")},
    ),
    "knockdown_reduced_resistance": (
        "Knockdown of exosomal miR-1234-5p reduced gemcitabine resistance.",
        {("miR-1234-5p", "confers_resistance", "gemcitabine")},
    ),
    "counterweighted_by": (
        "Doxorubicin resistance can be counterweighted by miR-1234-5p in breast cancer.",
        {("miR-1234-5p", "confers_sensitivity", "Doxorubicin")},
    ),
    "whereas_splits_clauses": (
        "Exosomal miR-1234-5p promotes oxaliplatin resistance, whereas miR-5678-3p enhances sensitivity to gemcitabine.",
        {("miR-1234-5p", "confers_resistance", "oxaliplatin"), ("miR-5678-3p", "confers_sensitivity", "gemcitabine")},
    ),
    "marker_gene_is_not_a_regulator": (
        "Exosomes from CD63+ fibroblasts promote gemcitabine resistance.",
        set(),
    ),
    "targeting_modifier_is_not_a_regulator": (
        "ABCB1-targeting miRNAs restored sensitivity to paclitaxel.",
        set(),
    ),
    "passive_target_of": (
        "KRAS (a small GTPase) is a direct target of miR-1234-5p in these cells.",
        {("miR-1234-5p", "targets", "KRAS")},
    ),
    "passive_by_with_adverb": (
        "BCL2 mRNA is translationally repressed by miR-1234-5p and miR-5678.",
        {("miR-1234-5p", "targets", "BCL2"), ("miR-5678", "targets", "BCL2")},
    ),
    "nominal_passive_regulation_of_by": (
        "Regulation of KRAS and BCL2 by miR-1234-5p may explain the phenotype.",
        {("miR-1234-5p", "targets", "KRAS"), ("miR-1234-5p", "targets", "BCL2")},
    ),
    "apposition_known_target": (
        "Knockdown raised ABCB1, a known miR-1234-5p target, in resistant cells.",
        {("miR-1234-5p", "targets", "ABCB1")},
    ),
    "targeting_including_list": (
        "miR-1234-5p acts by targeting several oncogenes, including KRAS, BCL2 and ABCB1.",
        {("miR-1234-5p", "targets", "KRAS"), ("miR-1234-5p", "targets", "BCL2"), ("miR-1234-5p", "targets", "ABCB1")},
    ),
    "undirected_verb_before_nominal_trigger": (
        "miR-1234-5p acts by affecting the activation of the KRAS signaling pathway.",
        set(),
    ),
    "no_self_relation_in_checkpoint_blockade": (
        "Exosomes enriched with PD-L1 foster resistance to PD-1/PD-L1 inhibition.",
        set(),
    ),
    "knockdown_of_named_lncrna_reversing_resistance": (
        "Knockdown of exosomal lncRNA MALAT1 reversed oxaliplatin resistance in colon cancer cells.",
        {("MALAT1", "confers_resistance", "oxaliplatin")},
    ),
    "silencing_lnc_prefixed_name_restoring_sensitivity": (
        "Silencing exosomal lncFOO restored gemcitabine sensitivity in tumour cells.",
        {("lncFOO", "confers_resistance", "gemcitabine")},
    ),
    "sponge_to_facilitate_gene_with_hyphenated_symbol": (
        "Exosomal lncRNA FOO1 promotes gefitinib resistance by sponging miR-1234-5p to facilitate Bcl-2 expression.",
        {("FOO1", "sponges", "miR-1234-5p"), ("FOO1", "upregulates", "Bcl-2"),
         ("FOO1", "confers_resistance", "gefitinib")},
    ),
    "mirna_regulates_gene_is_targeting": (
        "miR-1234-5p dysregulates the expression of KRAS in neurons.",
        {("miR-1234-5p", "targets", "KRAS")},
    ),
}


@pytest.mark.parametrize("sentence, expected", list(SHAPES.values()), ids=list(SHAPES))
def test_relations_sentence_shapes(tagger, rules, sentence: str, expected: set[Rel]) -> None:
    assert relations(tagger, rules, sentence) == expected


CERNA = (
    "Exosomal MALAT1 can competitively bind miR-1234-5p and miR-5678-3p to enhance KRAS and BCL2 expression, "
    "leading to oxaliplatin resistance."
)


def test_relations_competitive_binding_sponges_and_resistance(tagger, rules) -> None:
    got = relations(tagger, rules, CERNA)
    assert {
        ("MALAT1", "sponges", "miR-1234-5p"),
        ("MALAT1", "sponges", "miR-5678-3p"),
        ("MALAT1", "confers_resistance", "oxaliplatin"),
    } <= got


def test_relations_competitive_binding_to_enhance(tagger, rules) -> None:
    assert relations(tagger, rules, CERNA) == {
        ("MALAT1", "sponges", "miR-1234-5p"),
        ("MALAT1", "sponges", "miR-5678-3p"),
        ("MALAT1", "upregulates", "KRAS"),
        ("MALAT1", "upregulates", "BCL2"),
        ("MALAT1", "confers_resistance", "oxaliplatin"),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Inhibition of miR-1234-5p increased sensitivity to gemcitabine.",
        "Inhibiting miR-1234-5p restored sensitivity to gemcitabine.",
        "The miR-1234-5p inhibitor increased sensitivity to gemcitabine.",
    ],
)
def test_relations_inhibition_of_regulator_restoring_sensitivity(tagger, rules, sentence: str) -> None:
    assert relations(tagger, rules, sentence) == {("miR-1234-5p", "confers_resistance", "gemcitabine")}


# --------------------------------------------------------------------------
# hedges and negation are flagged, not dropped
# --------------------------------------------------------------------------


def asserted(tagger, rules, sentence: str) -> dict[Rel, str]:
    """relation -> assertion."""
    ents, hits = _hits(tagger, rules, sentence)
    return {(ents[h.subject].text, h.predicate, ents[h.object].text): h.assertion for h in hits}


@pytest.mark.parametrize(
    "sentence, relation, assertion",
    [
        ("Exosomal miR-1234-5p may promote gemcitabine resistance by targeting KRAS.",
         ("miR-1234-5p", "confers_resistance", "gemcitabine"), "hedged"),
        ("Exosomal miR-1234-5p may promote gemcitabine resistance by targeting KRAS.",
         ("miR-1234-5p", "targets", "KRAS"), "hedged"),
        ("Exosomal miR-1234-5p is associated with gemcitabine resistance.",
         ("miR-1234-5p", "confers_resistance", "gemcitabine"), "association"),
        ("Exosomal miR-1234-5p is linked with gemcitabine resistance.",
         ("miR-1234-5p", "confers_resistance", "gemcitabine"), "association"),
        ("Exosomal miR-1234-5p was upregulated in cells with gemcitabine resistance.",
         ("miR-1234-5p", "confers_resistance", "gemcitabine"), "association"),
        ("Exosomal miR-1234-5p might promote cisplatin resistance.",
         ("miR-1234-5p", "confers_resistance", "cisplatin"), "hedged"),
        ("Exosomal miR-1234-5p did not promote gemcitabine resistance.",
         ("miR-1234-5p", "confers_resistance", "gemcitabine"), "negated"),
        ("Exosomal miR-1234-5p did not target KRAS.", ("miR-1234-5p", "targets", "KRAS"), "negated"),
        ("Exosomal miR-1234-5p did not increase sensitivity to cisplatin.",
         ("miR-1234-5p", "confers_sensitivity", "cisplatin"), "negated"),
        ("We investigated whether exosomal miR-1234-5p promotes cisplatin resistance.",
         ("miR-1234-5p", "confers_resistance", "cisplatin"), "aim"),
        ("The aim of this study was to explore how exosomal miR-1234-5p promotes cisplatin resistance.",
         ("miR-1234-5p", "confers_resistance", "cisplatin"), "aim"),
        ("Exosomal miR-1234-5p promotes cisplatin resistance by targeting KRAS.",
         ("miR-1234-5p", "confers_resistance", "cisplatin"), "finding"),
        ("Silencing of miR-1234-5p could significantly reverse cisplatin resistance.",
         ("miR-1234-5p", "confers_resistance", "cisplatin"), "finding"),
    ],
)
def test_relations_assertion_is_recorded(tagger, rules, sentence: str, relation: Rel, assertion: str) -> None:
    """Hedges, aims, associations and negations are recorded on the relation, never dropped."""
    found = asserted(tagger, rules, sentence)
    assert relation in found
    assert found[relation] == assertion


@pytest.mark.parametrize("sentence", [
    "Exosomal miR-1234-5p altered the sensitivity of cells to cisplatin.",
    "Exosomal miR-1234-5p modulates gemcitabine metabolism and gemcitabine sensitivity.",
    "Exosomal circFOO1 regulates cisplatin resistance of lung cancer cells.",
])
def test_relations_undirected_response_states_no_effect(tagger, rules, sentence: str) -> None:
    assert not [r for r in relations(tagger, rules, sentence) if r[1].startswith("confers_")]


def test_relations_hits_index_the_entity_list_in_document_offsets(tagger, rules) -> None:
    sentence = "Exosomal miR-1234-5p promotes cisplatin resistance by targeting KRAS."
    ents, hits = _hits(tagger, rules, sentence, offset=500)
    assert all(e.start >= 500 for e in ents)
    assert {(ents[h.subject].text, h.predicate, ents[h.object].text) for h in hits} == {
        ("miR-1234-5p", "confers_resistance", "cisplatin"),
        ("miR-1234-5p", "targets", "KRAS"),
    }
    # ordered by subject then object position
    keys = [(ents[h.subject].start, ents[h.object].start) for h in hits]
    assert keys == sorted(keys)


def test_relations_need_two_entities(tagger, rules) -> None:
    assert relations(tagger, rules, "Exosomal miR-1234-5p was abundant.") == set()
    assert extract_relations("", 0, [], rules) == []


# --------------------------------------------------------------------------
# rules are data
# --------------------------------------------------------------------------


def test_relations_load_rules_default_is_cached(rules) -> None:
    assert isinstance(rules, RelationRules)
    assert load_rules() is rules
    assert {"MIRNA", "CIRCRNA", "LNCRNA", "GENE"} == set(rules.regulators)


def test_relations_custom_rules_file(tmp_path: Path, tagger) -> None:
    data = yaml.safe_load(resources.files("exomine").joinpath("data/relation_rules.yaml").read_text("utf-8"))
    sentence = "Exosomal circFOO1 soaks up miR-1234-5p in tumour cells."
    packaged = load_rules()
    assert relations(tagger, packaged, sentence) == set()
    sponge = next(r for r in data["binary"] if r["predicate"] == "sponges")
    sponge["trigger"] = r"\b(soaks?\s+up)\b"
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    custom = load_rules(str(path))
    assert custom is not packaged
    assert relations(tagger, custom, sentence) == {("circFOO1", "sponges", "miR-1234-5p")}
    # the packaged rules are not changed by loading another file
    assert relations(tagger, load_rules(), sentence) == set()


def test_relations_chain_roots() -> None:
    units = [0, 1, 2, 3]
    labels = ["CIRCRNA", "MIRNA", "GENE", "DRUG"]
    regulators = frozenset({"MIRNA", "CIRCRNA", "LNCRNA", "GENE"})
    assert chain_roots(units, labels, {1, 2}, regulators) == [0]
    assert chain_roots(units, labels, set(), regulators) == [0, 1, 2]


# --------------------------------------------------------------------------
# error classes of issue 7 (invented regulators; real drug and gene names)
# --------------------------------------------------------------------------

def effects(tagger, rules, sentence: str) -> set[Rel]:
    """Drug-effect relations stated as findings (an lncRNA named "lncX" may be tagged as "X")."""
    ents, hits = _hits(tagger, rules, sentence)

    def name(e) -> str:
        return "lnc" + e.text if e.label == "LNCRNA" and f"lnc{e.text}" in sentence else e.text

    return {(name(ents[h.subject]), h.predicate, ents[h.object].text) for h in hits
            if h.predicate.startswith("confers_") and h.assertion == "finding"}


@pytest.mark.parametrize("sentence, expected", [
    # removal of the regulator: its own effect is the opposite of what removing it does
    ("Suppression of lncFOO9 lowered doxorubicin resistance.", ("lncFOO9", "confers_resistance", "doxorubicin")),
    ("miR-9871 loss drove temozolomide resistance.", ("miR-9871", "confers_sensitivity", "temozolomide")),
    ("Knockdown of circFOO9 restored cisplatin sensitivity.", ("circFOO9", "confers_resistance", "cisplatin")),
    ("siRNA against circFOO9 increased paclitaxel sensitivity.", ("circFOO9", "confers_resistance", "paclitaxel")),
    ("An antagomir of miR-9871 resensitized resistant cells to gemcitabine.",
     ("miR-9871", "confers_resistance", "gemcitabine")),
    ("The miR-9871 inhibitor made cells less sensitive to cisplatin.",
     ("miR-9871", "confers_sensitivity", "cisplatin")),
    # response wordings
    ("Exosomal circFOO9 increased trastuzumab-induced cytotoxicity.", ("circFOO9", "confers_sensitivity", "trastuzumab")),
    ("Exosomal circFOO9 increased trastuzumab-induced cell death.", ("circFOO9", "confers_sensitivity", "trastuzumab")),
    ("Exosomal miR-9871 lowered the IC50 of gemcitabine.", ("miR-9871", "confers_sensitivity", "gemcitabine")),
    ("Exosomal miR-9871 made tumour cells less sensitive to cisplatin.", ("miR-9871", "confers_resistance", "cisplatin")),
    ("Exosomal miR-9871 resensitized resistant cells to cisplatin.", ("miR-9871", "confers_sensitivity", "cisplatin")),
    ("Exosomal lncFOO9 blunted the response to sorafenib.", ("lncFOO9", "confers_resistance", "sorafenib")),
])
def test_relations_polarity_classes(tagger, rules, sentence: str, expected: Rel) -> None:
    got = effects(tagger, rules, sentence)
    assert expected in got, got
    flipped = (expected[0], "confers_sensitivity" if expected[1] == "confers_resistance" else "confers_resistance",
               expected[2])
    assert flipped not in got


@pytest.mark.parametrize("sentence, regulator", [
    ("Exosomal circFOO9 promoted cisplatin resistance through the circFOO9/miR-9871/KRAS axis.", "circFOO9"),
    ("lncFOO9, a ceRNA of miR-9871, promoted cisplatin resistance by raising KRAS.", "lncFOO9"),
    ("The lncFOO9-miR-9871-HGF/MET network promoted gefitinib resistance.", "lncFOO9"),
])
def test_relations_cerna_most_upstream_rna_is_the_regulator(tagger, rules, sentence: str, regulator: str) -> None:
    regs = {s for s, p, _ in effects(tagger, rules, sentence)}
    assert regs == {regulator}


@pytest.mark.parametrize("sentence, not_regulator", [
    ("Exosomal miR-9871 increased sensitivity to trastuzumab, a HER2 inhibitor.", "HER2"),
    ("MEK or PI3K inhibitors increase sensitivity to cisplatin.", "PI3K"),
    ("MEK or PI3K inhibitors increase sensitivity to cisplatin.", "MEK"),
    ("CCK-8 assays showed that exosomal circFOO9 promoted cisplatin resistance.", "CCK-8"),
])
def test_relations_drug_targets_and_inhibitor_classes_are_not_regulators(tagger, rules, sentence, not_regulator):
    assert not_regulator not in {s for s, _, _ in effects(tagger, rules, sentence)}


def test_relations_coordinated_clause_keeps_its_subject(tagger, rules) -> None:
    sentence = "Exosomal circFOO9 bound miR-9871 to release KRAS and promoted oxaliplatin resistance."
    assert {s for s, _, _ in effects(tagger, rules, sentence)} == {"circFOO9"}
