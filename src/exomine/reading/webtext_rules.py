"""Named line rules of the web-text cleaner, loaded from ``data/webtext_rules.yaml``.

Every regular expression :mod:`exomine.reading.webtext` applies to a line of a
scraped page (page furniture, headings, figure labels, reference lines,
bylines, identifiers) is a rule with an ``id``, a ``role``, a ``pattern``,
``examples`` and ``counter_examples``. The file is validated against
``data/webtext_rules.schema.yaml``; the examples are run by the tests, so a
rule and the evidence for it stay side by side.

>>> rules = default_rules()
>>> rules.matches("noise_line", "Skip to main content")
True
>>> rules.first("drop_heading", "Abbreviations").id
'drop.notes_and_lists'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Sequence

import yaml

__all__ = ["LineRule", "LineRules", "RulesError", "load_rules", "default_rules", "ROLES"]

# Roles the cleaner reads, and whether a role may hold several rules (matched as "any of them").
ROLES = {
    "abstract_heading": False, "keywords_heading": False, "references_heading": False, "figures_heading": False,
    "drop_heading": True, "noise_line": True, "licence": True, "figure_label": False, "figure_caption": False,
    "sentence_end": False, "bullet": False, "reference_line": False, "byline_name": False,
    "doi": False, "pmid": False, "pmcid": False, "metadata_stop": False,
    "reference_link_suffix": False, "reference_journal_year": False, "reference_apa": False,
    "reference_semicolon_author": False,
    "sentence_stop": False, "prose_word": False, "backmatter_statement": True, "header_line": True,
    "title_furniture": True,
}


class RulesError(ValueError):
    """A line-rules file is invalid; the message names the file and the reason."""


@dataclass(frozen=True)
class LineRule:
    """One named line rule."""

    id: str
    role: str
    regex: re.Pattern
    match: str  # full | start | search
    kind: str = ""  # drop headings: portal | back_matter
    description: str = ""
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    def test(self, line: str) -> re.Match | None:
        """Apply the rule to one line as its ``match`` mode says."""
        if self.match == "full":
            return self.regex.fullmatch(line)
        if self.match == "start":
            return self.regex.match(line)
        return self.regex.search(line)


def _mode(match: str, regex: re.Pattern):
    return {"full": regex.fullmatch, "start": regex.match, "search": regex.search}[match]


class LineRules:
    """The rules by role; a role with several rules is matched by one combined expression."""

    def __init__(self, rules: Sequence[LineRule], source: str = "<rules>"):
        self.rules = tuple(rules)
        self.source = source
        self._by_role: dict[str, tuple[LineRule, ...]] = {}
        for rule in self.rules:
            self._by_role[rule.role] = self._by_role.get(rule.role, ()) + (rule,)
        self._any = {}
        for role, group in self._by_role.items():
            modes = {r.match for r in group}
            if len(modes) > 1:
                raise RulesError(f"{source}: the rules of role {role!r} mix match modes {sorted(modes)}")
            combined = "|".join(f"(?{'i' if r.regex.flags & re.I else ''}:{r.regex.pattern})" for r in group)
            try:
                self._any[role] = _mode(group[0].match, re.compile(combined))
            except re.error as exc:
                raise RulesError(f"{source}: the rules of role {role!r} cannot be combined ({exc}); "
                                 "rules that share a role must not use named groups") from exc

    def role(self, role: str) -> tuple[LineRule, ...]:
        return self._by_role.get(role, ())

    def one(self, role: str) -> LineRule:
        """The single rule of a role."""
        (rule,) = self._by_role[role]
        return rule

    def matches(self, role: str, line: str) -> bool:
        """Whether any rule of ``role`` matches ``line``."""
        test = self._any.get(role)
        return bool(test and test(line))

    def first(self, role: str, line: str) -> LineRule | None:
        """The first rule of ``role`` that matches ``line`` (for naming it), else ``None``."""
        if not self.matches(role, line):
            return None
        return next((r for r in self._by_role[role] if r.test(line)), None)


def _schema() -> dict:
    return yaml.load(resources.files("exomine").joinpath("data/webtext_rules.schema.yaml").read_text("utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_rules(path: str | Path | None = None) -> LineRules:
    """Load and validate a line-rules file (default: the packaged ``webtext_rules.yaml``).

    Raises
    ------
    RulesError
        When the file is not valid YAML, does not follow the schema, repeats
        an id, holds a pattern that does not compile, or lacks a role the
        cleaner needs.
    """
    import jsonschema

    if path is None:
        source = "webtext_rules.yaml"
        text = resources.files("exomine").joinpath("data/webtext_rules.yaml").read_text("utf-8")
    else:
        source = str(path)
        text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise RulesError(f"{source}: not valid YAML ({exc})") from exc
    try:
        jsonschema.validate(data, _schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise RulesError(f"{source}: {where or 'top level'}: {exc.message}") from exc
    rules: list[LineRule] = []
    seen: set[str] = set()
    for entry in data["rules"]:
        rid = entry["id"]
        if rid in seen:
            raise RulesError(f"{source}: rule id {rid!r} is used twice")
        seen.add(rid)
        flags = re.I if "ignorecase" in entry.get("flags", ()) else 0
        try:
            regex = re.compile(entry["pattern"], flags)
        except re.error as exc:
            raise RulesError(f"{source}: rule {rid}: pattern does not compile ({exc})") from exc
        rules.append(LineRule(rid, entry["role"], regex, entry.get("match", "full"), entry.get("kind", ""),
                              entry.get("description", ""), tuple(entry["examples"]), tuple(entry["counter_examples"])))
    ruleset = LineRules(rules, source)
    for role, several in ROLES.items():
        n = len(ruleset.role(role))
        if n == 0 or (n > 1 and not several):
            raise RulesError(f"{source}: role {role!r} needs {'at least one rule' if several else 'exactly one rule'}, "
                             f"found {n}")
    return ruleset


@lru_cache(maxsize=1)
def default_rules() -> LineRules:
    """The packaged rules, loaded once."""
    return load_rules()
