"""Run the examples written into a relation-rules file, so that rules and evidence stay together.

Fragment patterns carry strings they must (``examples``) or must not (``counter_examples``)
match. Sentence rules carry sentences written with entity markup, ``[surface]{LABEL}``, and
the relation they must (``expect``) or must not (``absent``) produce, as
``"subject predicate object"``. Entities come from the markup, not from the lexicons, so an
example tests the rule alone, with invented names.

>>> text, ents = parse_markup("[miR-9999]{MIRNA} targets [FOO1]{GENE}.")
>>> text, [(e.text, e.label) for e in ents]
('miR-9999 targets FOO1.', [('miR-9999', 'MIRNA'), ('FOO1', 'GENE')])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from exomine.relations.engine import extract_relations
from exomine.relations.rules import POLARITY_TABLES, RelationRules
from exomine.entities.tagger import EntitySpan

__all__ = ["parse_markup", "Example", "iter_examples", "run_example"]

_MARK = re.compile(r"\[([^\]]+)\]\{([A-Z]+)\}")


def parse_markup(marked: str) -> tuple[str, list[EntitySpan]]:
    """Plain text and its entities from ``[surface]{LABEL}`` markup."""
    out, ents, pos, last = [], [], 0, 0
    for m in _MARK.finditer(marked):
        out.append(marked[last : m.start()])
        pos += m.start() - last
        surface, label = m.group(1), m.group(2)
        ents.append(EntitySpan(pos, pos + len(surface), surface, label, f"test:{label}:{surface.lower()}",
                               surface, "markup"))
        out.append(surface)
        pos += len(surface)
        last = m.end()
    out.append(marked[last:])
    return "".join(out), ents


@dataclass(frozen=True)
class Example:
    """One example of one rule: ``kind`` is example or counter_example."""

    rule_id: str
    kind: str
    where: str  # the rule's place in the file (binary[2], patterns.object_gap)
    text: str
    mode: str = ""  # fragment patterns: search | match | fullmatch
    relation: str = ""  # sentence rules: "subject predicate object"

    def __str__(self) -> str:
        return f"{self.rule_id} {self.kind}: {self.text!r}"


def iter_examples(data: Mapping[str, Any]) -> Iterator[Example]:
    """Every example and counter-example in a rules mapping."""
    for table in ("binary", "response"):
        for k, rule in enumerate(data.get(table, [])):
            for kind, key in (("example", "examples"), ("counter_example", "counter_examples")):
                for ex in rule.get(key, []):
                    yield Example(rule["id"], kind, f"{table}[{k}]", ex["text"],
                                  relation=ex.get("expect") or ex.get("absent", ""))
    for table in ("patterns", "context"):
        for name, frag in data.get(table, {}).items():
            for kind, key in (("example", "examples"), ("counter_example", "counter_examples")):
                for ex in frag.get(key, []):
                    yield Example(frag["id"], kind, f"{table}.{name}", ex, mode=frag.get("mode", "search"))
    for table in POLARITY_TABLES:
        default = "fullmatch" if table == "measure" else "search"
        for k, cue in enumerate(data.get("polarity", {}).get(table, [])):
            for kind, key in (("example", "examples"), ("counter_example", "counter_examples")):
                for ex in cue.get(key, []):
                    yield Example(cue["id"], kind, f"polarity.{table}[{k}]", ex, mode=cue.get("mode", default))
    for k, frag in enumerate(data.get("assertion", [])):
        for kind, key in (("example", "examples"), ("counter_example", "counter_examples")):
            for ex in frag.get(key, []):
                yield Example(frag["id"], kind, f"assertion[{k}]", ex, mode=frag.get("mode", "search"))


def _fragment(rules: RelationRules, ex: Example):
    table, _, name = ex.where.partition(".")
    if table.startswith("assertion["):
        k = int(ex.where[len("assertion["):-1])
        return rules.assertion[k].pattern
    if table == "polarity":  # polarity.state[2]
        cues, _, k = name.rstrip("]").partition("[")
        return getattr(rules, cues)[int(k)].pattern
    return getattr(rules, table)[name]


def run_example(rules: RelationRules, ex: Example) -> tuple[bool, str]:
    """Whether the example holds, and what the rules produced (for the failure message)."""
    if ex.mode:
        pattern = _fragment(rules, ex)
        hit = pattern.test(ex.text)
        return hit == (ex.kind == "example"), f"{pattern.mode} -> {'match' if hit else 'no match'}"
    text, ents = parse_markup(ex.text)
    hits = extract_relations(text, 0, ents, rules)
    found = {f"{ents[h.subject].text} {h.predicate} {ents[h.object].text}" for h in hits}
    got = "; ".join(sorted(f"{ents[h.subject].text} {h.predicate} {ents[h.object].text} [{h.rule}]" for h in hits))
    if ex.kind == "example":  # made by this rule
        mine = {f"{ents[h.subject].text} {h.predicate} {ents[h.object].text}" for h in hits
                if h.rule.split("+")[0].split(".")[0] == ex.rule_id.split(".")[0]
                and h.rule.split("+")[0].startswith(ex.rule_id)}
        return ex.relation in mine, got or "(nothing)"
    return ex.relation not in found, got or "(nothing)"
