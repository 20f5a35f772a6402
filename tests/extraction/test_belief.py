"""Tests for belief (exomine.extraction.belief): rule priors, section and assertion weights, the packaged priors."""

from __future__ import annotations

import pytest

from exomine.extraction.belief import (
    ASSERTION_WEIGHTS,
    SECTION_WEIGHTS,
    Priors,
    load_priors,
    parse_priors,
    rule_parts,
    score_mentions,
)
from exomine.records import ASSERTIONS, Triple

PRIORS = Priors({"response.a": 0.95, "state.knockdown_before": 0.8, "targets": 0.99}, default=0.7)


def _triple(rule: str, provenance: str = "d:0", hedged: bool = False) -> Triple:
    return Triple("miR-9999", "MIRNA", "MI9", "", "", "foomycin", "DB9", "resistance", "", "", 1, 1, "d", "e", hedged,
                  provenance, rule=rule)


@pytest.mark.parametrize("rule, parts", [
    ("", []),
    ("response.a", ["response.a"]),
    ("response.a+state.knockdown_before;targets", ["response.a", "state.knockdown_before", "targets"]),
    ("xsent.anaphora;response.a;xsent.targets+targets;targets", ["xsent.anaphora", "response.a", "xsent.targets",
                                                                 "targets"]),
])
def test_belief_rule_parts(rule: str, parts: list[str]) -> None:
    assert rule_parts(rule) == parts


@pytest.mark.parametrize("rule, prior", [
    ("response.a", 0.95),
    ("response.a;targets", 0.95),  # the weakest part
    ("response.a+state.knockdown_before;targets", 0.8),
    ("response.unseen", 0.7),  # no prior: the default
    ("response.a;response.unseen", 0.7),
    ("", 0.7),
])
def test_belief_rule_prior_is_the_weakest_part(rule: str, prior: float) -> None:
    assert PRIORS.rule_prior(rule) == prior


def test_belief_weights_body_over_reference_and_finding_over_hedge() -> None:
    body = PRIORS.mention_belief("response.a", "body")
    assert body == 0.95
    assert PRIORS.mention_belief("response.a", "references") < body
    assert PRIORS.mention_belief("response.a", "figure") < body
    beliefs = [PRIORS.mention_belief("response.a", "body", a) for a in ("finding", "hedged", "association", "aim",
                                                                        "negated")]
    assert beliefs == sorted(beliefs, reverse=True) and beliefs[-1] == 0.0
    assert set(ASSERTION_WEIGHTS) == set(ASSERTIONS)
    assert all(0 < w < 1 for w in SECTION_WEIGHTS.values())


def test_belief_score_mentions_reads_the_section_of_each_sentence() -> None:
    triples = [_triple("response.a", "d:0"), _triple("response.a", "d:5"), _triple("response.a", "d:5;d:0"),
               _triple("response.a", "d:0", hedged=True)]
    scored = score_mentions(triples, {0: "body", 5: "references"}, PRIORS)
    assert [t.belief for t in scored] == [0.95, round(0.95 * SECTION_WEIGHTS["references"], 4),
                                          round(0.95 * SECTION_WEIGHTS["references"], 4), 0.475]
    assert [t.rule for t in scored] == [t.rule for t in triples]


def test_belief_packaged_priors_are_measured() -> None:
    priors = load_priors()
    assert 0.5 < priors.default <= 1.0
    assert priors.by_part and all(0.0 <= p <= 1.0 for p in priors.by_part.values())
    assert any(part.startswith("response.") for part in priors.by_part)


@pytest.mark.parametrize("text, message", [
    ("part\tprior\n*\t0.9\n", "missing column"),
    ("part\tn\ttp\tfp\tprecision\tprior\nresponse.a\t5\t5\t0\t1.0\t0.9\n", "no default row"),
    ("part\tn\ttp\tfp\tprecision\tprior\n*\t5\t5\t0\t1.0\t1.5\n", "outside 0-1"),
    ("part\tn\ttp\tfp\tprecision\tprior\n*\t5\t5\t0\t1.0\thigh\n", "not a number"),
])
def test_belief_parse_priors_rejects_a_bad_file(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_priors(text, "p.tsv")


def test_belief_parse_priors_skips_provenance_lines() -> None:
    priors = parse_priors("# gold: somewhere\n# commit: x\npart\tn\ttp\tfp\tprecision\tprior\n*\t20\t19\t1\t0.95\t0.94\n"
                          "response.a\t10\t10\t0\t1.0\t0.99\n")
    assert priors.default == 0.94 and priors.by_part == {"response.a": 0.99}
