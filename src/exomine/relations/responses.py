"""Drug response relations: a response phrase ("cisplatin resistance", "chemosensitivity to
cisplatin", "cisplatin-induced apoptosis") linked to the regulator that states it.

Steps, each a function: the drugs are masked (:func:`_masked`); the response phrases are
found (:func:`_phrases`, a generic "resistance" in cells resistant to a named drug as a last
resort); the candidate regulators are the chain roots that name an agent
(:func:`_regulators`); each phrase takes the nearest regulator on its left in the same clause,
else on its right (:func:`_head`), or becomes an :class:`Orphan` for another sentence to
complete; the effect is composed from the phrase, the regulator's state and the predicate's
direction (:mod:`exomine.relations.polarity`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from exomine.relations.polarity import (Part, compose, direction_parts, kind, passive_direction, regulator_state,
                                        rule_id, response_parts)
from exomine.relations.rules import DRUG_MARK, RelationRules
from exomine.relations.sentence import Sentence, chain_roots, coordinated, not_agent

__all__ = ["Orphan", "ResponseHit", "response_relations"]

_DRUG = frozenset({"DRUG"})


@dataclass(frozen=True)
class Orphan:
    """A drug response phrase with no regulator in its clause ("exosomes reversed cisplatin
    resistance"): another sentence may name who did it (see :mod:`exomine.extraction.extract`)."""

    effect: str  # as stated, after the direction of its predicate
    rule: str
    drugs: tuple[int, ...]  # indices into the sentence's entities
    start: int  # phrase offsets in the sentence
    end: int


@dataclass(frozen=True)
class ResponseHit:
    """A regulator's effect on a drug, stated in ``start:end`` of the sentence."""

    predicate: str
    regulator: int
    drug: int
    rule: str
    start: int
    end: int
    from_pronoun: bool = False  # stated from "its knockdown ..." on, not from the name


@dataclass(frozen=True)
class _Phrase:
    parts: tuple[Part, ...]  # the response rule and its measure
    start: int
    end: int
    drugs: tuple[int, ...]
    at: int = -1  # where its predicate is read back from: its start, or that of the phrase it is coordinated with


def _masked(s: Sentence) -> tuple[dict[int, int], str]:
    """Drug start -> entity index, and the sentence with every drug written as drug marks."""
    drug_at = {a: u for u, (a, b) in enumerate(s.pos) if s.ents[u].label == "DRUG"}
    masked, last = [], 0
    for a, u in drug_at.items():  # the drugs in text order
        b = s.pos[u][1]
        masked += (s.text[last:a], DRUG_MARK * (b - a))
        last = b
    masked.append(s.text[last:])
    return drug_at, "".join(masked)


def _phrases(s: Sentence, rules: RelationRules, drug_at: dict[int, int], masked: str) -> list[_Phrase]:
    """Response phrases, one reading each (the first rule that fits wins)."""
    phrases: list[_Phrase] = []
    for rule in rules.response:
        for m in rule.pattern.finditer(masked):
            drugs = [drug_at[a] for a in drug_at if m.start() <= a < m.end()]
            drugs = [s.alias_of.get(d, d) for d in drugs]
            if not drugs:
                continue
            first = min(drugs, key=lambda d: s.pos[d][0])
            # coordinated drugs on either side: "5-FU/oxaliplatin resistance", "resistance to X and Y"
            both = coordinated(s, first, rules, _DRUG) + coordinated(s, first, rules, _DRUG, forward=False)
            if any(p.start <= m.start() < p.end or m.start() <= p.start < m.end() for p in phrases):
                continue
            phrases.append(_Phrase(tuple(response_parts(rule, m, rules)), m.start(), m.end(),
                                   tuple(sorted(set(drugs) | set(both)))))
    if phrases:
        return _coordinated_phrases(s, phrases, rules)
    # "exosomes from paclitaxel-resistant cells ... mediating resistance"
    resistant = sorted({drug_at[a] for m in rules.drug_resistant_cells.finditer(masked) for a in drug_at
                        if m.start() <= a < m.end()})
    m = rules.generic_resistance.search(masked) if resistant else None
    return [_Phrase((Part(rules.generic_resistance.id, 1),), m.start(), m.end(), tuple(resistant))] if m else []


def _coordinated_phrases(s: Sentence, phrases: list[_Phrase], rules: RelationRules) -> list[_Phrase]:
    """Coordinated responses share their predicate: "reverses the effect on proliferation in
    cisplatin-treated cells and tumour growth in cisplatin-treated mice" reads both from "reverses"."""
    out: list[_Phrase] = []
    for p in sorted(phrases, key=lambda p: p.start):
        q = out[-1] if out else None
        joined = q is not None and rules.coordinated_response.fullmatch(s.text[q.end : p.start])
        out.append(replace(p, at=q.at if joined else p.start))
    return out


def _drug_target(s: Sentence, u: int, rules: RelationRules) -> bool:
    """A gene named as the target of the drug before it ("imatinib, which targets BCR-ABL",
    "sorafenib, a multikinase inhibitor of VEGFR and PDGFR")."""
    first = coordinated(s, u, rules, frozenset({"GENE"}), forward=False)[-1]
    k = s.units.index(first)
    if k == 0 or s.ents[s.units[k - 1]].label != "DRUG":
        return False
    return bool(rules.drug_target_before.match(s.gap(s.units[k - 1], first)))


def _regulators(s: Sentence, rules: RelationRules, objects: set[int]) -> list[int]:
    """Chain roots that can be a response's regulator: not a drug's target, an assay, a class
    of inhibitors or the tumour's genotype ("trastuzumab, a HER2 inhibitor", "BRAF-mutant
    melanoma")."""
    labels = [s.ents[u].label for u in s.units]
    roots = chain_roots(s.units, labels, objects, rules.regulators)
    return [u for u in roots if not rules.not_regulator_after.match(s.text[s.pos[u][1] :])
            and not not_agent(s, u, rules)
            and not (s.ents[u].label == "GENE" and (rules.not_regulator_before.search(s.text[: s.pos[u][0]])
                                                    or _drug_target(s, u, rules)))]


def _one_clause(text: str, rules: RelationRules) -> bool:
    """No clause break in ``text``, but for a "but" that opens a second predicate of the same
    subject ("X reduces the efficacy of A but enhances sensitivity to B")."""
    pos = 0
    while True:
        m = rules.clause_break.search(text, pos)
        if m is None:
            return True
        if m.group(0).lower() != "but" or not rules.coordinated_predicate.rx.match(text, m.start()):
            return False
        pos = m.end()


def _head(s: Sentence, roots: list[int], p: _Phrase, rules: RelationRules) -> tuple[int, bool] | None:
    """The phrase's regulator and whether it is on the left (its subject)."""
    left = [u for u in roots if s.pos[u][1] <= p.start and _one_clause(s.text[s.pos[u][1] : p.start], rules)]
    if left:
        head = left[-1]
        # "circFOO bound miR-1 to release FOO1 and promoted X resistance": a coordinated
        # predicate belongs to the clause's subject, not to the nearest mention.
        if len(left) > 1 and rules.coordinated_predicate.search(s.text[s.end(head) : p.start]):
            head = left[0]
        return head, True
    right = [u for u in roots if s.pos[u][0] >= p.end and not rules.clause_break.search(s.text[p.end : s.pos[u][0]])]
    return (right[0], False) if right else None


def _reach(rules: RelationRules) -> int:
    return max((c.pattern.window for c in rules.direction), default=60) or 60


def _orphan(s: Sentence, p: _Phrase, rules: RelationRules) -> Orphan | None:
    at = p.at if p.at >= 0 else p.start
    parts = [*p.parts[:1], *direction_parts(s.text, max(0, at - _reach(rules)), at, rules, kind(p.parts)),
             *passive_direction(s.text, p.end, rules), *p.parts[1:]]
    effect = compose(parts)
    return Orphan(effect, rule_id(parts), p.drugs, p.start, p.end) if effect else None


def _read(s: Sentence, reg: int, p: _Phrase, left: bool, rules: RelationRules) -> ResponseHit | None:
    """The regulator's effect on the phrase's drugs (the first of them; the caller repeats it)."""
    a, b = s.pos[reg][0], s.end(reg)
    at = p.at if 0 <= p.at and (b <= p.at or p.at == p.start) else p.start
    state = regulator_state(s.text, a, b, s.ents[reg].text, at, rules)
    frm = state.predicate_from
    if frm <= at and rules.complement_gap.match(s.text[frm:at]):
        # "the (promoting) effect of X on cisplatin resistance": read the noun before X instead
        lo = max(0, state.start - _reach(rules))
        text = s.text[lo : state.start] + s.text[frm:at]
        direction = direction_parts(text, 0, len(text), rules, kind(p.parts))
    elif frm <= at:
        direction = direction_parts(s.text, frm, at, rules, kind(p.parts))
    else:  # the regulator follows the phrase: "reversal of cisplatin resistance by X", "... was reversed by X"
        direction = direction_parts(s.text, max(0, p.start - _reach(rules)), p.start, rules, kind(p.parts))
        direction = direction or ([] if left else passive_direction(s.text, p.end, rules))
    parts = [*p.parts[:1], *([state.part] if state.part else []), *direction, *p.parts[1:]]
    effect = compose(parts)
    if effect is None:
        return None  # "X modulates the sensitivity to Y" states no direction
    pronoun = state.start > a
    return ResponseHit(f"confers_{effect}", reg, p.drugs[0], rule_id(parts), state.start if pronoun else p.start,
                       p.end, pronoun)


def response_relations(s: Sentence, rules: RelationRules, objects: set[int],
                       orphans: list | None = None) -> list[ResponseHit]:
    """Drug response relations of the sentence; ``objects`` are the entities that are the object
    of another relation (not regulators of their own). Phrases with no regulator are appended
    to ``orphans`` when it is given."""
    drug_at, masked = _masked(s)
    if not drug_at:
        return []  # every response phrase names a drug
    roots = _regulators(s, rules, objects)
    out: list[tuple[ResponseHit, bool]] = []
    for p in _phrases(s, rules, drug_at, masked):
        found = _head(s, roots, p, rules)
        if found is None:
            orphan = _orphan(s, p, rules) if orphans is not None else None
            if orphan:
                orphans.append(orphan)
            continue
        head, left = found
        # coordinated regulators: "X and Y promoted ...", "... resistance via X and Y"
        regs = coordinated(s, head, rules, rules.regulators, forward=not left)
        for reg in regs if left else [r for r in regs if r in roots]:
            hit = _read(s, reg, p, left, rules)
            if hit is not None:
                out += [(ResponseHit(hit.predicate, reg, d, hit.rule, hit.start, hit.end, hit.from_pronoun), left)
                        for d in p.drugs]
    return _subject_reading(s, out)


def _subject_reading(s: Sentence, out: list[tuple[ResponseHit, bool]]) -> list[ResponseHit]:
    """A regulator is the subject of the phrase it precedes: that reading wins over a phrase it
    merely follows ("key regulators of X resistance ... blocking miR-1 potentiates X response")."""
    def drug_key(d: int) -> str:
        return s.ents[d].norm_id or s.ents[d].text.lower()

    as_subject = {(h.regulator, drug_key(h.drug)) for h, left in out if left}
    return [h for h, left in out if left or (h.regulator, drug_key(h.drug)) not in as_subject]
