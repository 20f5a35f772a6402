"""Every example and counter-example in the packaged relation rules runs as a test."""

from __future__ import annotations

import copy

import pytest

from exomine.relations.engine import RelationRules, RulesError, load_rules, read_rules_data, validate_rules
from exomine.relations.examples import iter_examples, parse_markup, run_example

DATA = read_rules_data()
EXAMPLES = list(iter_examples(DATA))


def test_rule_examples_cover_every_rule() -> None:
    with_examples = {ex.rule_id for ex in EXAMPLES if ex.kind == "example"}
    ids = {r["id"] for t in ("binary", "response", "assertion") for r in DATA[t]}
    ids |= {r["id"] for t in ("patterns", "context") for r in DATA[t].values()}
    ids |= {r["id"] for t in ("state", "direction", "measure") for r in DATA["polarity"][t]}
    assert ids - with_examples == set()


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_rule_examples_hold(example) -> None:
    ok, got = run_example(load_rules(), example)
    assert ok, f"{example} ({example.where}) gave {got}"


def test_rule_examples_parse_markup_offsets() -> None:
    text, ents = parse_markup("A [circFOO]{CIRCRNA} and [FOO1]{GENE}.")
    assert [text[e.start : e.end] for e in ents] == ["circFOO", "FOO1"]


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.pop("binary"), "'binary' is a required property"),
    (lambda d: d["binary"][0].pop("id"), "binary[0]: 'id' is a required property"),
    (lambda d: d["response"][0].update(effect="maybe"), "response[0].effect"),
    (lambda d: d["patterns"]["object_gap"].update(pattern="(unclosed"), "patterns.object_gap.pattern: invalid regular"),
    (lambda d: d["response"][1].update(id=d["response"][0]["id"]), "rule ids used twice"),
    (lambda d: d["binary"][0].update(typo=1), "binary[0]: Additional properties are not allowed"),
])
def test_rule_schema_errors_name_the_place(edit, message) -> None:
    data = copy.deepcopy(DATA)
    edit(data)
    with pytest.raises(RulesError) as info:
        validate_rules(data, "my_rules.yaml")
    assert "my_rules.yaml" in str(info.value) and message in str(info.value)


def test_rule_file_yaml_error_names_line(tmp_path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("version: 2\nbinary: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(RulesError) as info:
        RelationRules.from_dict(read_rules_data(str(path)))
    assert str(path) in str(info.value) and "line" in str(info.value)
