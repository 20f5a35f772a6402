"""Relation rules: loading, validation and the typed records the engine applies.

The rules are data (``data/relation_rules.yaml``, schema ``data/relation_rules.schema.yaml``);
a user's own rules file is read and checked the same way, and an error names the file, line
and column. This module knows the file's shape, not how the rules are applied
(:mod:`exomine.relations.engine`, :mod:`exomine.relations.polarity`).

>>> rules = load_rules()
>>> rules.clause_break.search("cells; then") is not None
True
>>> [c.id for c in rules.state][:2]
['state.overexpression_before', 'state.knockdown_before']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from exomine.validation import SchemaError, YamlPositions, decode_utf8

__all__ = ["RelationRules", "RulesError", "NamedPattern", "BinaryRule", "ResponseRule", "AssertionRule",
           "StateCue", "DirectionCue", "Measure", "DRUG_MARK", "load_rules", "read_rules_data", "validate_rules",
           "POLARITY_TABLES"]

# A DRUG mention is written as a run of this character before response patterns run ({D} in a pattern).
DRUG_MARK = "\ue000"
_SCHEMA = "data/relation_rules.schema.yaml"

# The fragment patterns every rules file must name (key in `patterns:` / `context:`).
PATTERN_KEYS = ("generic_resistance", "drug_resistant_cells", "object_gap", "coordination", "axis_joiner",
                "clause_break", "alias_open", "trigger_link", "coordinated_verb", "coordinated_predicate",
                "not_regulator_after", "not_regulator_before", "not_agent_after", "undirected_before",
                "therapy_before", "predicate_boundary", "coordinated_response", "complement_gap",
                "drug_target_before")
CONTEXT_KEYS = ("source_cue", "cells_phrase", "derived_after", "cancer_word", "anaphora")
# The parts of the polarity model (`polarity:`), each a list of cues.
POLARITY_TABLES = ("state", "direction", "measure")


def _load_yaml(text: str) -> Any:
    """Safe YAML, with libyaml's C loader when PyYAML has it (the rules load in every extraction job)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class RulesError(ValueError):
    """A relation-rules file that does not follow the schema; the message names file and place."""


@dataclass(frozen=True)
class NamedPattern:
    """A regex with the id it is reported by and how the engine applies it."""

    id: str
    rx: re.Pattern
    mode: str = "search"  # search | match | fullmatch
    window: int = 0

    def test(self, text: str) -> bool:
        return bool(getattr(self.rx, self.mode)(text))

    # the engine calls these directly, as on a compiled pattern
    def search(self, text: str, *args):
        return self.rx.search(text, *args)

    def match(self, text: str, *args):
        return self.rx.match(text, *args)

    def fullmatch(self, text: str, *args):
        return self.rx.fullmatch(text, *args)

    def finditer(self, text: str, *args):
        return self.rx.finditer(text, *args)


@dataclass(frozen=True)
class BinaryRule:
    id: str
    predicate: str
    subject: frozenset[str]
    object: frozenset[str]
    trigger: re.Pattern
    nominal: re.Pattern | None
    internal: bool = False
    passive: re.Pattern | None = None
    before_object: re.Pattern | None = None
    by_gap: re.Pattern | None = None
    apposition_gap: re.Pattern | None = None
    apposition_after: re.Pattern | None = None


@dataclass(frozen=True)
class ResponseRule:
    """A drug response phrase; ``effect`` is its kind when no ``measure`` group names one."""

    id: str
    effect: str
    pattern: re.Pattern


@dataclass(frozen=True)
class AssertionRule:
    id: str
    assertion: str
    pattern: NamedPattern


@dataclass(frozen=True)
class StateCue:
    """The regulator's state: present (+1) or removed (-1), and where it is written
    (``before`` / ``after`` the mention, its ``name`` itself, a later ``pronoun``)."""

    id: str
    sign: int
    where: str
    pattern: NamedPattern


@dataclass(frozen=True)
class DirectionCue:
    """A predicate's direction: +1, -1 or 0 (undirected). ``role``: a ``verb`` governs the
    phrase (the nearest one ends the reading), a ``modifier`` composes with it ("led to lower
    ..."), ``after`` is a passive written after the phrase."""

    id: str
    sign: int
    role: str
    pattern: NamedPattern
    words: int = 5  # at most this many words between the cue and the phrase (window: characters)
    on_sensitivity: int | None = None  # the sign on a sensitivity-like response, when it differs
    resets: bool = False  # the verb aims at a state whatever the words after it say ("restored the lost sensitivity")

    def sign_on(self, kind: str) -> int:
        """The cue's sign on a response of this kind (resistance | sensitivity | "" unknown)."""
        return self.on_sensitivity if kind == "sensitivity" and self.on_sensitivity is not None else self.sign


@dataclass(frozen=True)
class Measure:
    """What a response phrase measures, and whether more of it is resistance or sensitivity."""

    id: str
    kind: str
    pattern: NamedPattern


def _rx(p: str) -> re.Pattern:
    return re.compile(p.replace("{D}", f"{DRUG_MARK}+"), re.I)


def _named(entry: Mapping[str, Any], mode: str = "search") -> NamedPattern:
    return NamedPattern(entry["id"], _rx(entry["pattern"]), entry.get("mode", mode), int(entry.get("window", 0)))


def _binary(r: Mapping[str, Any]) -> BinaryRule:
    optional = ("passive", "before_object", "by_gap", "apposition_gap", "apposition_after")
    return BinaryRule(r["id"], r["predicate"], frozenset(r["subject"]), frozenset(r["object"]), _rx(r["trigger"]),
                      _rx(r["nominal"]) if r.get("nominal") else None, bool(r.get("internal", False)),
                      *(_rx(r[k]) if r.get(k) else None for k in optional))


@dataclass(frozen=True)
class RelationRules:
    regulators: frozenset[str]
    binary: tuple[BinaryRule, ...]
    response: tuple[ResponseRule, ...]
    patterns: Mapping[str, NamedPattern]
    assertion: tuple[AssertionRule, ...]
    context: Mapping[str, NamedPattern]
    state: tuple[StateCue, ...] = ()
    direction: tuple[DirectionCue, ...] = ()
    measure: tuple[Measure, ...] = ()

    def __getattr__(self, name: str) -> NamedPattern:
        # rules.clause_break, rules.source_cue, ...: the named fragment patterns
        for table in ("patterns", "context"):
            got = self.__dict__.get(table, {}).get(name)
            if got is not None:
                return got
        raise AttributeError(name)

    def cue(self, rule_id: str) -> StateCue | DirectionCue | Measure:
        """The polarity cue with this id."""
        for cue in (*self.state, *self.direction, *self.measure):
            if cue.id == rule_id:
                return cue
        raise KeyError(rule_id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "relation rules") -> "RelationRules":
        validate_rules(data, source)
        pol = data["polarity"]
        return cls(
            regulators=frozenset(data["regulators"]),
            binary=tuple(_binary(r) for r in data["binary"]),
            response=tuple(ResponseRule(r["id"], r["effect"], _rx(r["pattern"])) for r in data["response"]),
            patterns={k: _named(data["patterns"][k]) for k in PATTERN_KEYS},
            assertion=tuple(AssertionRule(a["id"], a["assertion"], _named(a)) for a in data["assertion"]),
            context={k: _named(data["context"][k]) for k in CONTEXT_KEYS},
            state=tuple(StateCue(c["id"], int(c["sign"]), c["where"], _named(c)) for c in pol["state"]),
            direction=tuple(DirectionCue(c["id"], int(c["sign"]), c["role"], _named(c), int(c.get("words", 5)),
                                         c.get("sign_on_sensitivity"), bool(c.get("resets", False)))
                            for c in pol["direction"]),
            measure=tuple(Measure(c["id"], c["kind"], _named(c, "fullmatch")) for c in pol["measure"]),
        )


def validate_rules(data: Any, source: str = "relation rules", text: str | None = None) -> None:
    """Check a rules mapping against the packaged JSON schema and that every regex compiles.

    Raises
    ------
    RulesError
        Naming ``source`` and the path of the offending entry (``binary[3].trigger``), and with
        ``text`` (the file's YAML) its line and column.
    """
    import jsonschema

    at = YamlPositions(text) if text is not None else (lambda where: "")
    schema = _load_yaml(resources.files("exomine").joinpath(_SCHEMA).read_text("utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.path).lstrip(".") or "(top level)"
        raise RulesError(f"{source}: {at(list(e.path))}{where}: {e.message}")
    for where, pattern in _all_patterns(data):
        try:
            _rx(pattern)
        except re.error as exc:
            raise RulesError(f"{source}: {at(where)}{where}: invalid regular expression ({exc})") from exc
    ids = [i for _, i in _all_ids(data)]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        second = [w for w, i in _all_ids(data) if i == dup[0]][1]
        raise RulesError(f"{source}: {at(second + '.id')}rule ids used twice: {', '.join(dup)}")


def _all_patterns(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for k, r in enumerate(data.get("binary", [])):
        for key in ("trigger", "nominal", "passive", "before_object", "by_gap", "apposition_gap", "apposition_after"):
            if r.get(key):
                yield f"binary[{k}].{key}", r[key]
    for k, r in enumerate(data.get("response", [])):
        yield f"response[{k}].pattern", r["pattern"]
    for table in ("patterns", "context"):
        for key, r in data.get(table, {}).items():
            yield f"{table}.{key}.pattern", r["pattern"]
    for table in POLARITY_TABLES:
        for k, r in enumerate(data.get("polarity", {}).get(table, [])):
            yield f"polarity.{table}[{k}].pattern", r["pattern"]
    for k, r in enumerate(data.get("assertion", [])):
        yield f"assertion[{k}].pattern", r["pattern"]


def _all_ids(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for table in ("binary", "response", "assertion"):
        for k, r in enumerate(data.get(table, [])):
            yield f"{table}[{k}]", r["id"]
    for table in ("patterns", "context"):
        for key, r in data.get(table, {}).items():
            yield f"{table}.{key}", r["id"]
    for table in POLARITY_TABLES:
        for k, r in enumerate(data.get("polarity", {}).get(table, [])):
            yield f"polarity.{table}[{k}]", r["id"]


def read_rules_data(path: str | None = None) -> dict[str, Any]:
    """The raw rules mapping from ``path`` or the packaged ``relation_rules.yaml``."""
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                return _load_yaml(fh.read())
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            raise RulesError(f"{path}: {where}not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    return _load_yaml(resources.files("exomine").joinpath("data/relation_rules.yaml").read_text("utf-8"))


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> RelationRules:
    """Load and validate relation rules from ``path`` or the packaged ``relation_rules.yaml``.

    An error in a rules file names the file, line and column (:class:`RulesError`).
    """
    if path:
        try:
            text = decode_utf8(path, Path(path).read_bytes())
        except SchemaError as exc:
            raise RulesError(str(exc)) from exc
        validate_rules(read_rules_data(path), path, text)
    return RelationRules.from_dict(read_rules_data(path), path or "relation_rules.yaml")
