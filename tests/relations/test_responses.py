"""Drug response relations (exomine.relations.responses): which mention is a phrase's
regulator, coordination on either side, and phrases left for another sentence (orphans)."""

from __future__ import annotations

import pytest

from exomine.relations.engine import extract_relations, load_rules
from exomine.relations.examples import parse_markup
from exomine.relations.responses import Orphan


def responses(marked: str) -> set[tuple[str, str, str]]:
    """(regulator, predicate, drug) for the drug responses the sentence states as findings."""
    text, ents = parse_markup(marked)
    hits = extract_relations(text, 0, ents, load_rules())
    return {(ents[h.subject].text, h.predicate, ents[h.object].text) for h in hits
            if h.predicate.startswith("confers_") and h.assertion == "finding"}


# A mention that is not the phrase's regulator: a drug's target, the tumour's genotype, an aim.
NOT_REGULATORS = {
    "drug_target_in_apposition": "Exosomes promoted resistance to [trastuzumab]{DRUG}, a human [foo growth factor]{DRUG} "
                                 "receptor 2 ([FOO2]{GENE}) inhibitor.",
    "mutant_in_cancer_name": "Exosomes promoted [vemurafenib]{DRUG} resistance in [FOO1]{GENE} V600E mutant melanoma.",
    "mutant_hyphen": "Exosomes promoted [gefitinib]{DRUG} resistance in [FOO1]{GENE}-mutant lung cancer cells.",
    "drug_target_relative": "Exosomes promoted resistance to [imatinib]{DRUG}, which targets [FOO1]{GENE}, in leukaemia.",
    "drug_target_apposition": "Exosomes promoted resistance to [sorafenib]{DRUG}, a multikinase inhibitor of "
                              "[FOO1]{GENE} and [FOO2]{GENE}, in liver cancer.",
    "drug_target_antibody": "Exosomes promoted resistance to [trastuzumab]{DRUG}, a monoclonal antibody against "
                            "[FOO1]{GENE}.",
    "mutation_positive": "Exosomes promoted [osimertinib]{DRUG} resistance in [FOO1]{GENE} T790M-positive cancer.",
    "inhibitor_class": "Cells were resistant to [cisplatin]{DRUG} and to [FOO1]{GENE} inhibitors.",
    "aim_validate": "To validate the effect of [miR-9999]{MIRNA} and [FOO1]{GENE} on [tamoxifen]{DRUG} resistance, "
                    "cells were transfected.",
}


@pytest.mark.parametrize("case", NOT_REGULATORS, ids=str)
def test_responses_not_regulators(case: str) -> None:
    assert responses(NOT_REGULATORS[case]) == set()


def test_responses_removal_agent_is_a_regulator() -> None:
    # "-targeting" names a target ("FOO1-targeting miRNAs"), unless the agent removes it
    assert responses("[FOO1]{GENE}-targeting siRNAs sensitized cells to [cisplatin]{DRUG}.") == {
        ("FOO1", "confers_resistance", "cisplatin")}


def test_responses_regulators_coordinated_after_the_phrase() -> None:
    got = responses("Exosomes induced [cetuximab]{DRUG} resistance via [FOO1]{GENE} and [FOO2]{GENE} expression.")
    assert got == {("FOO1", "confers_resistance", "cetuximab"), ("FOO2", "confers_resistance", "cetuximab")}


def test_responses_coordinated_phrases_share_their_predicate() -> None:
    got = responses("Silencing [lncBAR]{LNCRNA} reduced proliferation in [cisplatin]{DRUG}-treated cells and tumour "
                    "growth in [paclitaxel]{DRUG}-treated mice.")
    assert got == {("lncBAR", "confers_resistance", "cisplatin"), ("lncBAR", "confers_resistance", "paclitaxel")}


def test_responses_orphan_keeps_its_direction() -> None:
    text, ents = parse_markup("Exosomes from sensitive cells reversed [cisplatin]{DRUG} resistance.")
    orphans: list[Orphan] = []
    assert extract_relations(text, 0, ents, load_rules(), orphans) == []
    (o,) = orphans
    assert (o.effect, o.drugs) == ("sensitivity", (0,))
    assert o.rule.split("+") == ["response.drug_resistance", "direction.reverse"]


def test_responses_subject_reading_wins() -> None:
    # a regulator is the subject of the phrase it precedes, not of one it follows
    got = responses("[miR-9999]{MIRNA} is a key regulator of [cisplatin]{DRUG} resistance; blocking [miR-9999]{MIRNA} "
                    "potentiates the [cisplatin]{DRUG} response.")
    assert ("miR-9999", "confers_resistance", "cisplatin") in got
