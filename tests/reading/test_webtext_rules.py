"""Tests for the named line rules of the web-text cleaner (exomine.reading.webtext_rules, data/webtext_rules.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from exomine.reading.webtext_rules import ROLES, RulesError, default_rules, load_rules

RULES = default_rules().rules


def _cases(attr: str):
    return [pytest.param(rule, text, id=f"{rule.id}:{text[:40]}") for rule in RULES for text in getattr(rule, attr)]


@pytest.mark.parametrize("rule, text", _cases("examples"))
def test_webtext_rules_example_matches(rule, text: str) -> None:
    assert rule.test(text), f"{rule.id} ({rule.match}) does not match its example {text!r}"


@pytest.mark.parametrize("rule, text", _cases("counter_examples"))
def test_webtext_rules_counter_example_does_not_match(rule, text: str) -> None:
    assert not rule.test(text), f"{rule.id} ({rule.match}) matches its counter-example {text!r}"


def test_webtext_rules_every_role_is_present_and_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert set(ROLES) == {r.role for r in RULES}


def test_webtext_rules_role_matches_any_of_its_rules() -> None:
    rules = default_rules()
    for role, several in ROLES.items():
        for rule in rules.role(role):
            for text in rule.examples:
                assert rules.matches(role, text), (role, text)
                if several:
                    assert rules.first(role, text) is not None


def test_webtext_rules_drop_headings_have_a_kind() -> None:
    kinds = {r.kind for r in default_rules().role("drop_heading")}
    assert kinds == {"portal", "back_matter"}
    assert default_rules().first("drop_heading", "Abbreviations").kind == "back_matter"
    assert default_rules().first("drop_heading", "Similar articles").kind == "portal"


def _packaged() -> dict:
    from importlib import resources

    return yaml.safe_load(resources.files("exomine").joinpath("data/webtext_rules.yaml").read_text("utf-8"))


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_webtext_rules_packaged_file_loads_from_a_path(tmp_path: Path) -> None:
    assert len(load_rules(_write(tmp_path, _packaged())).rules) == len(RULES)


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda d: d["rules"][0].pop("examples"), "'examples' is a required property"),
        (lambda d: d["rules"][0].update(counter_examples=[]), "should be non-empty"),
        (lambda d: d["rules"][0].update(role="no_such_role"), "is not one of"),
        (lambda d: d["rules"][0].update(match="anywhere"), "is not one of"),
        (lambda d: d["rules"][0].update(colour="red"), "Additional properties"),
        (lambda d: next(r for r in d["rules"] if r["role"] == "drop_heading").pop("kind"), "'kind' is a required"),
        (lambda d: d["rules"][0].update(kind="portal"), "should not be valid"),
        (lambda d: d["rules"][0].update(pattern="(unclosed"), "does not compile"),
        (lambda d: d["rules"][1].update(id=d["rules"][0]["id"]), "is used twice"),
        (lambda d: d.update(rules=[r for r in d["rules"] if r["role"] != "bullet"]), "role 'bullet' needs exactly one"),
        (lambda d: d["rules"].append({**next(r for r in d["rules"] if r["role"] == "bullet"), "id": "line.bullet2"}),
         "role 'bullet' needs exactly one"),
    ],
)
def test_webtext_rules_invalid_file_names_file_and_reason(tmp_path: Path, change, reason: str) -> None:
    data = _packaged()
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert str(path) in str(info.value)
    assert reason in str(info.value)


def test_webtext_rules_not_yaml(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="not valid YAML"):
        load_rules(_write(tmp_path, "rules: [unclosed"))
