"""A sentence as the relation passes see it: its entities in local coordinates, parenthetical
aliases folded, and the small questions every pass asks (which mentions are coordinated,
which are not agents, which is the nearest subject)."""

from __future__ import annotations

from typing import Sequence

from exomine.entities.tagger import EntitySpan
from exomine.relations.rules import RelationRules

__all__ = ["Sentence", "coordinated", "not_agent", "find_subject", "chain_roots"]


class Sentence:
    """A sentence with its entities in local coordinates and parenthetical aliases folded."""

    def __init__(self, text: str, start: int, ents: Sequence[EntitySpan], rules: RelationRules):
        self.text = text
        self.ents = list(ents)
        self.pos = [(e.start - start, e.end - start) for e in self.ents]
        # "adiponectin (ADIPOQ)": the parenthesised mention is an alias of the one before it.
        self.alias_of: dict[int, int] = {}
        for i in range(1, len(self.ents)):
            gap = text[self.pos[i - 1][1] : self.pos[i][0]]
            after = text[self.pos[i][1] : self.pos[i][1] + 2]
            if rules.alias_open.fullmatch(gap) and after.lstrip().startswith(")") and \
                    self.ents[i].label == self.ents[i - 1].label:
                self.alias_of[i] = self.alias_of.get(i - 1, i - 1)
        self.units = [i for i in range(len(self.ents)) if i not in self.alias_of]
        # A unit ends after its parenthesised alias and the closing bracket: "phosphatase and
        # tensin homolog (PTEN)" is one unit for coordination ("... (PTEN)/Akt").
        self.unit_end = {i: self.pos[i][1] for i in self.units}
        for alias, head in self.alias_of.items():
            close = text.find(")", self.pos[alias][1])
            self.unit_end[head] = max(self.unit_end[head], close + 1 if close >= 0 else self.pos[alias][1])

    def gap(self, a: int, b: int) -> str:
        """Text between the end of unit ``a`` and the start of entity ``b``."""
        return self.text[self.unit_end.get(a, self.pos[a][1]) : self.pos[b][0]]

    def end(self, u: int) -> int:
        """Where unit ``u`` ends (after its parenthesised alias)."""
        return self.unit_end.get(u, self.pos[u][1])


def coordinated(s: Sentence, first: int, rules: RelationRules, labels: frozenset[str], forward: bool = True) -> list[int]:
    """``first`` and the units coordinated with it ("GATA3 and TP53INP1")."""
    units = s.units
    k = units.index(first)
    out = [first]
    step = 1 if forward else -1
    while 0 <= k + step < len(units):
        nxt = units[k + step]
        a, b = (units[k], nxt) if forward else (nxt, units[k])
        if s.ents[nxt].label not in labels or not rules.coordination.match(s.gap(a, b)):
            break
        out.append(nxt)
        k += step
    return out


def not_agent(s: Sentence, u: int, rules: RelationRules) -> bool:
    """A gene mention that names a drug's target, an inhibitor class or an assay, not an actor
    ("PI3K inhibitors", "MEK or PI3K inhibitors", "a HER2 antibody"). For an ncRNA,
    "miR-X inhibitor" is its knockdown."""
    if s.ents[u].label != "GENE" or u not in s.unit_end:
        return False
    group = coordinated(s, u, rules, frozenset({"GENE"}))
    return bool(rules.not_agent_after.match(s.text[s.unit_end[group[-1]] :]))


def find_subject(s: Sentence, before: int, labels: frozenset[str], rules: RelationRules, exclude: set[int]) -> int | None:
    """Nearest unit with an allowed label left of char ``before`` in the same clause."""
    for j in reversed([u for u in s.units if s.pos[u][1] <= before]):
        between = s.text[s.pos[j][1] : before]
        if rules.clause_break.search(between):
            return None
        if j in exclude or not_agent(s, j, rules):
            continue
        if s.ents[j].label in labels:
            return j
    return None


def chain_roots(s_units: Sequence[int], labels: Sequence[str], objects: set[int], regulators: frozenset[str]) -> list[int]:
    """Regulator mentions that are not the object of another relation in the sentence."""
    return [u for u, lab in zip(s_units, labels) if lab in regulators and u not in objects]
