"""The polarity model (exomine.relations.polarity): the effect is composed from the regulator's
state, the predicate's direction and the kind of response measured, in every combination.

Sentences are written with entity markup and invented names, so each case tests the rules
alone (not the lexicons).
"""

from __future__ import annotations

import pytest

from exomine.relations.engine import extract_relations, load_rules
from exomine.relations.examples import parse_markup
from exomine.relations.polarity import Part, compose, direction_parts, rule_id

R, S = "resistance", "sensitivity"


def findings(marked: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(regulator, drug) -> (effect, rule) for the drug responses the sentence states as findings."""
    text, ents = parse_markup(marked)
    hits = extract_relations(text, 0, ents, load_rules())
    return {(ents[h.subject].text, ents[h.object].text): (h.predicate.removeprefix("confers_"), h.rule)
            for h in hits if h.predicate.startswith("confers_") and h.assertion == "finding"}


# (sentence, regulator, drug, effect, parts the rule must name)
CASES = {
    # the regulator's state, wherever written
    "present": ("Exosomal [miR-9999]{MIRNA} enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                "miR-9999", "cisplatin", S, ["direction.increase"]),
    "removed_before": ("Silencing of [FOO1]{GENE} sensitized cells to [cisplatin]{DRUG}.",
                       "FOO1", "cisplatin", R, ["state.knockdown_before"]),
    "removed_after": ("[FOO1]{GENE} downregulation sensitized tumour cells to [cisplatin]{DRUG}.",
                      "FOO1", "cisplatin", R, ["state.knockdown_after"]),
    "driven_down": ("Driving down the expression of [FOO1]{GENE} sensitized cells to [cisplatin]{DRUG}.",
                    "FOO1", "cisplatin", R, ["state.knockdown_before"]),
    "targeting_aso": ("[FOO1]{GENE}-targeting antisense oligonucleotides sensitized cells to [cisplatin]{DRUG}.",
                      "FOO1", "cisplatin", R, ["state.knockdown_after"]),
    "aso_suffix": ("[lncBAR]{LNCRNA}-ASO enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                   "lncBAR", "cisplatin", R, ["state.knockdown_after"]),
    "si_prefix": ("si-[FOO1]{GENE} transported by exosomes enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                  "FOO1", "cisplatin", R, ["state.knockdown_before"]),
    "mirna_i_suffix": ("Exosomal [miR-9999i]{MIRNA} enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                       "miR-9999i", "cisplatin", R, ["state.knockdown_name"]),
    "inhibitor_of": ("An inhibitor of [miR-9999]{MIRNA} enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                     "miR-9999", "cisplatin", R, ["state.knockdown_before"]),
    "antagonist_of": ("An antagonist of [miR-9999]{MIRNA} enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                      "miR-9999", "cisplatin", R, ["state.knockdown_before"]),
    "anti_prefix": ("Anti-[miR-9999]{MIRNA} enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                    "miR-9999", "cisplatin", R, ["state.knockdown_before"]),
    "sponge_of": ("A sponge of [miR-9999]{MIRNA} enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                  "miR-9999", "cisplatin", R, ["state.knockdown_before"]),
    "relative_clause": ("[lncBAR]{LNCRNA}, whose knockdown sensitized cells to [cisplatin]{DRUG}, was high.",
                        "lncBAR", "cisplatin", R, ["state.knockdown_relative"]),
    "pronoun": ("[FOO1]{GENE} was high in resistant cells and its silencing sensitized them to [cisplatin]{DRUG}.",
                "FOO1", "cisplatin", R, ["state.knockdown_pronoun"]),
    "overexpressed": ("Overexpression of [FOO1]{GENE} enhanced the sensitivity of cells to [cisplatin]{DRUG}.",
                      "FOO1", "cisplatin", S, ["state.overexpression_before"]),
    "sirna_after_transfection": ("Cells transfected with [FOO1]{GENE} siRNA were sensitive to [cisplatin]{DRUG}.",
                                 "FOO1", "cisplatin", R, ["state.knockdown_after"]),
    # a removal together with a reversing or restoring verb
    "removed_resensitized": ("Inhibition of [lncBAR]{LNCRNA} re-sensitized resistant cells to [cisplatin]{DRUG}.",
                             "lncBAR", "cisplatin", R, ["state.knockdown_before"]),
    "antagonist_restores": ("An antagonist of [miR-9999]{MIRNA} could restore the response of resistant cells "
                            "to [cisplatin]{DRUG}.", "miR-9999", "cisplatin", R,
                            ["state.knockdown_before", "direction.restore"]),
    "removed_reverses": ("Knockdown of [lncBAR]{LNCRNA} reversed [cisplatin]{DRUG} resistance.",
                         "lncBAR", "cisplatin", R, ["state.knockdown_before", "direction.reverse"]),
    "removed_reverses_sensitivity": ("Silencing of [FOO1]{GENE} could reverse the sensitivity of resistant cells to "
                                     "[cisplatin]{DRUG}.", "FOO1", "cisplatin", R,
                                     ["state.knockdown_before", "direction.reverse"]),
    "removed_attenuates_death": ("[lncBAR]{LNCRNA} knockdown attenuated [cisplatin]{DRUG}-induced apoptosis.",
                                 "lncBAR", "cisplatin", S, ["state.knockdown_after", "direction.decrease"]),
    # responses written as measures
    "efficacy": ("Exosomal [miR-9999]{MIRNA} reduced the efficacy of [cisplatin]{DRUG}.",
                 "miR-9999", "cisplatin", R, ["direction.decrease", "measure.efficacy"]),
    "accumulation": ("Exosomal [miR-9999]{MIRNA} decreased intracellular [doxorubicin]{DRUG} accumulation.",
                     "miR-9999", "doxorubicin", R, ["direction.decrease", "measure.accumulation"]),
    "accumulation_of": ("Exosomal [miR-9999]{MIRNA} decreased the intracellular accumulation of [doxorubicin]{DRUG}.",
                        "miR-9999", "doxorubicin", R, ["direction.decrease", "measure.accumulation"]),
    "sensibility": ("Exosomal [miR-9999]{MIRNA} reduced the sensibility of cells to [cisplatin]{DRUG}.",
                    "miR-9999", "cisplatin", R, ["direction.decrease"]),
    "sensitiveness": ("Exosomal [miR-9999]{MIRNA} reduced the sensitiveness of cells to [cisplatin]{DRUG}.",
                      "miR-9999", "cisplatin", R, ["direction.decrease"]),
    "cytotoxicity": ("Exosomal [miR-9999]{MIRNA} attenuated [cisplatin]{DRUG}-induced cytotoxicity.",
                     "miR-9999", "cisplatin", R, ["direction.decrease", "measure.cytotoxicity"]),
    "inhibition_of_proliferation": ("Exosomal [miR-9999]{MIRNA} attenuated [cisplatin]{DRUG}-induced inhibition of "
                                    "proliferation.", "miR-9999", "cisplatin", R,
                                    ["direction.decrease", "measure.growth_inhibition"]),
    "lower_chemosensitivity": ("Exosomal [miR-9999]{MIRNA} led to lower chemosensitivity to [cisplatin]{DRUG}.",
                               "miR-9999", "cisplatin", R, ["direction.increase", "direction.less"]),
    "weaken_toward": ("Exosomal [miR-9999]{MIRNA} could weaken the sensitivity toward [cisplatin]{DRUG}.",
                      "miR-9999", "cisplatin", R, ["direction.decrease"]),
    "survival_under_drug": ("Knockdown of [lncBAR]{LNCRNA} reduced the survival of cells under [cisplatin]{DRUG}.",
                            "lncBAR", "cisplatin", R, ["state.knockdown_before", "direction.decrease", "measure.survival"]),
    "colonies_treated": ("Knockdown of [lncBAR]{LNCRNA} reduced colony formation of cells treated with "
                         "[cisplatin]{DRUG}.", "lncBAR", "cisplatin", R, ["measure.survival"]),
    "proliferation_under_drug": ("Exosomal [miR-9999]{MIRNA} promoted the proliferation of cells under "
                                 "[cisplatin]{DRUG} treatment.", "miR-9999", "cisplatin", R, ["measure.survival"]),
    "uptake": ("Exosomal [miR-9999]{MIRNA} increased [doxorubicin]{DRUG} uptake.",
               "miR-9999", "doxorubicin", S, ["measure.accumulation"]),
    # coordinated predicates: the nearest verb governs
    "coordinated_enhance": ("Exosomal [miR-9999]{MIRNA} suppressed tumour growth and enhanced [cisplatin]{DRUG} "
                            "efficacy.", "miR-9999", "cisplatin", S, ["direction.increase"]),
    "coordinated_promote": ("[miR-9999]{MIRNA} reduced proliferation and promoted [cisplatin]{DRUG} resistance.",
                            "miR-9999", "cisplatin", R, ["direction.increase"]),
    "coordinated_decrease": ("[miR-9999]{MIRNA} inhibited migration and decreased the sensitivity to "
                             "[cisplatin]{DRUG}.", "miR-9999", "cisplatin", R, ["direction.decrease"]),
    "double_negative": ("[miR-9999]{MIRNA} prevented the loss of sensitivity to [cisplatin]{DRUG}.",
                        "miR-9999", "cisplatin", S, ["direction.decrease", "direction.less"]),
    "undirected_then_directed": ("[miR-9999]{MIRNA} modulates [FOO1]{GENE} and promotes [cisplatin]{DRUG} "
                                 "resistance.", "miR-9999", "cisplatin", R, ["direction.increase"]),
    "reduced_the_increased": ("Exosomal [miR-9999]{MIRNA} reduced the increased [cisplatin]{DRUG} resistance of "
                              "the cells.", "miR-9999", "cisplatin", S, ["direction.decrease", "direction.more"]),
    "restored_the_reduced": ("[FOO1]{GENE} knockdown restored the reduced sensitivity of resistant cells to "
                             "[cisplatin]{DRUG}.", "FOO1", "cisplatin", R, ["state.knockdown_after", "direction.restore"]),
    "reversed_the_decreased": ("Exosomal [miR-9999]{MIRNA} reversed the decreased sensitivity of resistant cells to "
                               "[cisplatin]{DRUG}.", "miR-9999", "cisplatin", S, ["direction.reverse"]),
    "restored_resistance": ("[FOO1]{GENE} overexpression restored [cisplatin]{DRUG} resistance.",
                            "FOO1", "cisplatin", R, ["direction.restore"]),
    "noun_after_removal": ("Suppression of [miR-9999]{MIRNA} led to marked abrogation of exosome-mediated "
                           "[gemcitabine]{DRUG} resistance.", "miR-9999", "gemcitabine", R,
                           ["state.knockdown_before", "direction.increase", "direction.decrease_noun",
                            "direction.attributive"]),
    "prevented_the_reversal": ("[FOO1]{GENE} prevented the reversal of [cisplatin]{DRUG} resistance.",
                               "FOO1", "cisplatin", R, ["direction.decrease", "direction.reverse_noun"]),
    "protected_from": ("Exosomal [miR-9999]{MIRNA} protected tumour cells from [cisplatin]{DRUG}-induced apoptosis.",
                       "miR-9999", "cisplatin", R, ["direction.protect", "measure.cytotoxicity"]),
    "rescued_sensitivity": ("[FOO1]{GENE} overexpression rescued the sensitivity of cells to [cisplatin]{DRUG}.",
                            "FOO1", "cisplatin", S, ["direction.restore"]),
    "therapeutic_effect": ("Exosomal [miR-9999]{MIRNA} attenuated the anti-tumour effect of [cisplatin]{DRUG}.",
                           "miR-9999", "cisplatin", R, ["direction.decrease", "measure.efficacy"]),
    "promoting_effect_of": ("We confirmed the promoting effect of exosomal [miR-9999]{MIRNA} on [cisplatin]{DRUG} "
                            "resistance.", "miR-9999", "cisplatin", R, ["direction.promoting_effect"]),
    "inhibitory_effect_on": ("Exosomal [miR-9999]{MIRNA} had an inhibitory effect on [cisplatin]{DRUG} resistance.",
                             "miR-9999", "cisplatin", S, ["direction.inhibitory_effect"]),
    # Title Case reads like sentence case
    "title_case": ("Exosomal [MiR-9999]{MIRNA} Enhances Chemosensitivity to [Temozolomide]{DRUG} in Glioma",
                   "MiR-9999", "Temozolomide", S, []),
    "title_case_removed": ("Knockdown of Exosomal [LncBAR]{LNCRNA} Overcomes [Cisplatin]{DRUG} Resistance",
                           "LncBAR", "Cisplatin", R, ["state.knockdown_before", "direction.reverse"]),
    "title_case_after": ("[FOO1]{GENE} Silencing Attenuates [Cisplatin]{DRUG}-Induced Apoptosis in Glioma Cells",
                         "FOO1", "Cisplatin", S, ["state.knockdown_after", "direction.decrease"]),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_polarity_composes(case: str) -> None:
    sentence, reg, drug, effect, parts = CASES[case]
    got = findings(sentence)
    assert (reg, drug) in got, got
    assert got[(reg, drug)][0] == effect, got
    named = got[(reg, drug)][1].split("+")
    assert all(p in named for p in parts), got[(reg, drug)][1]


# No effect at all: the predicate states no direction.
NO_EFFECT = {
    "undirected": "[miR-9999]{MIRNA} regulates the sensitivity to [cisplatin]{DRUG}.",
    "effect_on": "Exosomal [miR-9999]{MIRNA} had a significant effect on [cisplatin]{DRUG} resistance.",
    "effects_of_x_on": "[FOO2]{GENE} overexpression reversed the effects of [circFOO]{CIRCRNA} silencing on "
                       "[cisplatin]{DRUG} resistance.",
}


@pytest.mark.parametrize("case", NO_EFFECT, ids=str)
def test_polarity_no_effect(case: str) -> None:
    assert findings(NO_EFFECT[case]) == {}


def test_polarity_compose_signs() -> None:
    assert compose([Part("r", 1)]) == R
    assert compose([Part("r", -1), Part("s", -1)]) == R
    assert compose([Part("r", -1), Part("s", -1), Part("d", -1)]) == S
    assert compose([Part("r", 1), Part("d", 0)]) is None
    assert rule_id([Part("a", 1), Part("b", -1)]) == "a+b"


def test_polarity_direction_reads_from_the_phrase_back() -> None:
    rules = load_rules()
    text = "X reduced the loss of "
    assert [p.id for p in direction_parts(text, 1, len(text), rules)] == ["direction.decrease", "direction.less"]
    text = "X, which is reduced in cells, enhanced "  # the nearest verb governs
    assert [p.id for p in direction_parts(text, 1, len(text), rules)] == ["direction.increase"]


# Mechanisms compose too: a removed subject turns a directed relation round.
MECHANISMS = {
    "knockdown_decreased": ("Knockdown of [lncBAR]{LNCRNA} decreased [FOO1]{GENE} expression.",
                            ("lncBAR", "upregulates", "FOO1"), "state.knockdown_before"),
    "silenced_after_increased": ("[circFOO]{CIRCRNA} silencing increased [FOO1]{GENE} levels.",
                                 ("circFOO", "downregulates", "FOO1"), "state.knockdown_after"),
    "present_decreased": ("Exosomal [lncBAR]{LNCRNA} decreased [FOO1]{GENE} expression.",
                          ("lncBAR", "downregulates", "FOO1"), ""),
    "targets_unchanged": ("An inhibitor of [miR-9999]{MIRNA} that targets [FOO1]{GENE} was used.",
                          ("miR-9999", "targets", "FOO1"), ""),
}


@pytest.mark.parametrize("case", MECHANISMS, ids=str)
def test_polarity_mechanisms(case: str) -> None:
    sentence, (subj, pred, obj), part = MECHANISMS[case]
    text, ents = parse_markup(sentence)
    hits = extract_relations(text, 0, ents, load_rules())
    got = {(ents[h.subject].text, h.predicate, ents[h.object].text): h.rule for h in hits}
    assert (subj, pred, obj) in got, got
    assert part in got[(subj, pred, obj)].split("+") if part else "state." not in got[(subj, pred, obj)]
