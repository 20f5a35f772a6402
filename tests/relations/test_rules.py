"""Loading relation rules (exomine.relations.rules): the polarity tables and their validation."""

from __future__ import annotations

import copy

import pytest

from exomine.relations.rules import RulesError, load_rules, read_rules_data, validate_rules

DATA = read_rules_data()


def test_rules_polarity_tables_load_in_order() -> None:
    rules = load_rules()
    assert {c.where for c in rules.state} == {"before", "after", "name", "pronoun"}
    assert {c.role for c in rules.direction} == {"verb", "modifier", "after"}
    assert {m.kind for m in rules.measure} == {"resistance", "sensitivity"}
    assert rules.cue("direction.undirected").sign == 0
    with pytest.raises(KeyError):
        rules.cue("direction.nowhere")


def test_rules_direction_sign_depends_on_the_response() -> None:
    reverse = load_rules().cue("direction.reverse")
    assert (reverse.sign_on("resistance"), reverse.sign_on("sensitivity"), reverse.sign_on("")) == (-1, 1, -1)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["polarity"]["state"][0].update(sign=2), "polarity.state[0].sign"),
    (lambda d: d["polarity"]["state"][0].update(where="beside"), "polarity.state[0].where"),
    (lambda d: d["polarity"]["direction"][0].update(role="noun"), "polarity.direction[0].role"),
    (lambda d: d["polarity"]["measure"][0].update(kind="both"), "polarity.measure[0].kind"),
    (lambda d: d["polarity"].pop("measure"), "'measure' is a required property"),
    (lambda d: d["polarity"]["direction"][1].update(pattern="(open"), "polarity.direction[1].pattern: invalid"),
    (lambda d: d["polarity"]["direction"][1].update(id=d["polarity"]["state"][0]["id"]), "rule ids used twice"),
    (lambda d: d.update(version=2), "version: 3 was expected"),
])
def test_rules_polarity_schema_errors(edit, message) -> None:
    data = copy.deepcopy(DATA)
    edit(data)
    with pytest.raises(RulesError) as info:
        validate_rules(data, "mine.yaml")
    assert "mine.yaml" in str(info.value) and message in str(info.value)
