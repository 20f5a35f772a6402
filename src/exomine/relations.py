"""Pattern-based relation extraction within one sentence.

The rules are data (``data/relation_rules.yaml``); this module is the
engine that applies them to a sentence whose entities are already known.
Three passes, each a pure function of the sentence text and its entities:

1. **Axis notation** -- entities joined by ``/`` or ``-`` (``circX/miR-Y/Z``,
   ``miR-524-5p-METTL3/SOX2``) become a chain: circRNA/lncRNA -> miRNA is
   ``sponges``, miRNA -> gene is ``targets``; a circRNA or lncRNA earlier in
   the clause sponges the head miRNA of an axis.
2. **Triggers** -- a trigger word ("sponging", "by targeting",
   "downregulates") links the nearest eligible subject on its left in the
   same clause (or the subject of a coordinated trigger: "sponging miR-421
   and enhancing SIRT1") to the object mentions right after it, with their
   coordinated siblings ("GATA3 and TP53INP1"). Nominal forms ("PTEN/Akt
   inhibition") take the object on the left.
3. **Drug response** -- response phrases ("cisplatin resistance",
   "chemosensitivity to cisplatin", "resistance ... induced by DOX") are
   linked to the chain head (a regulator that is not the object of another
   relation in the sentence), nearest on the left, else on the right. A
   reversing verb ("reduces", "attenuating") flips the stated effect; so does
   a knockdown of the regulator ("silencing of X", "siRNA against X"), since
   the effect recorded is the regulator's own.

Hedge and negation cues in the stretch that states a relation are flagged,
never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Sequence

import yaml

from .tagger import EntitySpan

__all__ = ["RelationRules", "RelationHit", "extract_relations", "load_rules", "chain_roots"]

_DRUG_MARK = "\ue000"
_THERAPY_BEFORE = re.compile(
    r"\b(resistan\w*|response|sensitivity|refractor\w*|benefit|treated|treatment)\s+(to|with|from)\s+(the\s+)?$", re.I
)
_UNDIRECTED_BEFORE = re.compile(r"\b(affect\w*|regulat\w*|modulat\w*|influenc\w*|alter\w*)\s+(the\s+)?$", re.I)


@dataclass(frozen=True)
class BinaryRule:
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
    effect: str
    pattern: re.Pattern


@dataclass(frozen=True)
class RelationRules:
    regulators: frozenset[str]
    binary: tuple[BinaryRule, ...]
    object_gap: re.Pattern
    coordination: re.Pattern
    clause_break: re.Pattern
    response: tuple[ResponseRule, ...]
    generic_resistance: re.Pattern
    drug_resistant_cells: re.Pattern
    reversal: re.Pattern
    reversal_window: int
    reversal_after: re.Pattern
    not_regulator_after: re.Pattern
    knockdown_before: re.Pattern
    knockdown_after: re.Pattern
    hedge: re.Pattern
    negation: re.Pattern

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "RelationRules":
        def rx(p: str) -> re.Pattern:
            return re.compile(p.replace("{D}", f"{_DRUG_MARK}+"), re.I)

        return cls(
            regulators=frozenset(data["regulators"]),
            binary=tuple(
                BinaryRule(
                    r["predicate"], frozenset(r["subject"]), frozenset(r["object"]), rx(r["trigger"]),
                    rx(r["nominal"]) if r.get("nominal") else None, bool(r.get("internal", False)),
                    rx(r["passive"]) if r.get("passive") else None,
                    *(rx(r[k]) if r.get(k) else None for k in ("before_object", "by_gap", "apposition_gap",
                                                                "apposition_after")),
                )
                for r in data["binary"]
            ),
            object_gap=rx(data["object_gap"]),
            coordination=rx(data["coordination"]),
            clause_break=rx(data["clause_break"]),
            response=tuple(ResponseRule(r["effect"], rx(r["pattern"])) for r in data["response"]),
            generic_resistance=rx(data["generic_resistance"]),
            drug_resistant_cells=rx(data["drug_resistant_cells"]),
            reversal=rx(data["reversal"]),
            reversal_window=int(data["reversal_window"]),
            reversal_after=rx(data["reversal_after"]),
            not_regulator_after=rx(data["not_regulator_after"]),
            knockdown_before=rx(data["knockdown_before"]),
            knockdown_after=rx(data["knockdown_after"]),
            hedge=rx(data["hedge"]),
            negation=rx(data["negation"]),
        )


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> RelationRules:
    """Load relation rules from ``path`` or the packaged ``relation_rules.yaml``."""
    if path:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    else:
        data = yaml.safe_load(resources.files("exomine").joinpath("data/relation_rules.yaml").read_text("utf-8"))
    return RelationRules.from_dict(data)


@dataclass(frozen=True)
class RelationHit:
    """A relation between two entities of a sentence (indices into its entity list)."""

    predicate: str
    subject: int
    object: int
    negated: bool
    hedged: bool


class _Sentence:
    """A sentence with its entities in local coordinates and parenthetical aliases folded."""

    def __init__(self, text: str, start: int, ents: Sequence[EntitySpan]):
        self.text = text
        self.ents = list(ents)
        self.pos = [(e.start - start, e.end - start) for e in self.ents]
        # "adiponectin (ADIPOQ)": the parenthesised mention is an alias of the one before it.
        self.alias_of: dict[int, int] = {}
        for i in range(1, len(self.ents)):
            gap = text[self.pos[i - 1][1] : self.pos[i][0]]
            after = text[self.pos[i][1] : self.pos[i][1] + 2]
            if re.fullmatch(r"\s*\(\s*", gap) and after.lstrip().startswith(")") and \
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


def _coordinated(s: _Sentence, first: int, rules: RelationRules, labels: frozenset[str], forward: bool = True) -> list[int]:
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


def _axis_relations(s: _Sentence, rules: RelationRules) -> list[tuple[str, int, int, int]]:
    """(predicate, subject, object, anchor position) from axis notation."""
    out = []
    units = s.units
    k = 0
    while k < len(units):
        group = [units[k]]
        while k + 1 < len(units) and re.fullmatch(r"\s*[/\-–~]\s*", s.gap(units[k], units[k + 1])):
            group.append(units[k + 1])
            k += 1
        k += 1
        labels = [s.ents[i].label for i in group]
        if len(group) < 2 or not any(lab in ("MIRNA", "CIRCRNA", "LNCRNA") for lab in labels):
            continue
        last_mirna = None
        for a, b in zip(group, group[1:]):
            la, lb = s.ents[a].label, s.ents[b].label
            if la in ("CIRCRNA", "LNCRNA") and lb == "MIRNA":
                out.append(("sponges", a, b, s.pos[a][0]))
            if lb == "MIRNA":
                last_mirna = b
            elif la == "MIRNA" and lb == "GENE":
                last_mirna = a
                out.append(("targets", a, b, s.pos[a][0]))
            elif la == "GENE" and lb == "GENE" and last_mirna is not None:
                out.append(("targets", last_mirna, b, s.pos[a][0]))
        # A circRNA/lncRNA earlier in the clause sponges the axis' head miRNA.
        head = group[0]
        if s.ents[head].label == "MIRNA":
            for j in reversed([u for u in units if u < head]):
                if rules.clause_break.search(s.text[s.pos[j][1] : s.pos[head][0]]):
                    break
                if s.ents[j].label in ("CIRCRNA", "LNCRNA"):
                    out.append(("sponges", j, head, s.pos[j][0]))
                    break
    return out


def _find_subject(s: _Sentence, before: int, labels: frozenset[str], rules: RelationRules, exclude: set[int]) -> int | None:
    """Nearest unit with an allowed label left of char ``before`` in the same clause."""
    for j in reversed([u for u in s.units if s.pos[u][1] <= before]):
        between = s.text[s.pos[j][1] : before]
        if rules.clause_break.search(between):
            return None
        if j in exclude:
            continue
        if s.ents[j].label in labels:
            return j
    return None


def _trigger_relations(s: _Sentence, rules: RelationRules) -> list[tuple[str, int, int, int]]:
    out: list[tuple[str, int, int, int]] = []
    triggers: dict[tuple[int, int], None] = {}
    for rule in rules.binary:
        for m in rule.trigger.finditer(s.text):
            if not any(a <= m.start() < b for a, b in s.pos):
                triggers[(m.start(), m.end())] = None
    prev: tuple[int, list[int]] | None = None  # (subject, objects) of the previous trigger
    for t_start, t_end in sorted(triggers):
        # "affecting the activation of X" states no direction: the undirected verb governs.
        if _UNDIRECTED_BEFORE.search(s.text[max(0, t_start - 30) : t_start]):
            continue
        after = [u for u in s.units if s.pos[u][0] >= t_end]
        if not after or not rules.object_gap.match(s.text[t_end : s.pos[after[0]][0]]):
            continue
        first = after[0]
        for rule in rules.binary:
            if not rule.trigger.fullmatch(s.text[t_start:t_end]) and not rule.trigger.match(s.text[t_start:]):
                continue
            if s.ents[first].label not in rule.object:
                continue
            objects = _coordinated(s, first, rules, rule.object)
            subject = None
            if prev is not None and prev[1]:
                link = s.text[s.pos[prev[1][-1]][1] : t_start]
                if re.fullmatch(r"\s*(pathways?|signal(?:l)?ing|expression|levels?)?[\s,]*(and|or|as well as|to|in order to|"
                                r"so as to)?\s*(then\s+|thereby\s+|subsequently\s+|further\s+)?", link, re.I):
                    if s.ents[prev[0]].label in rule.subject:
                        subject = prev[0]
            if subject is None:
                subject = _find_subject(s, t_start, rule.subject, rules, exclude=set())
            if subject is None:
                continue
            for subj in _coordinated(s, subject, rules, rule.subject, forward=False):
                for o in objects:
                    if o != subj:
                        out.append((rule.predicate, subj, o, s.pos[subj][0]))
            prev = (subject, objects)
            break
    # Object before subject: "BACE1 is a target of miR-107", "HES1 ... regulated by miR-199b",
    # "regulation of IRAK-1 and IRAK-2 by microRNA-146a", "PTBP1, a recognized miR-124 target".
    for rule in rules.binary:
        if rule.passive is None and rule.by_gap is None and rule.apposition_gap is None:
            continue
        for k, o in enumerate(s.units):
            if s.ents[o].label not in rule.object:
                continue
            for subj in s.units[k + 1 :]:
                if s.ents[subj].label in rule.subject:
                    gap = s.text[s.unit_end[o] : s.pos[subj][0]]
                    group = _coordinated(s, o, rules, rule.object, forward=False)
                    first = min(group, key=lambda u: s.pos[u][0])
                    fits = bool(rule.passive and rule.passive.match(gap)) or bool(
                        rule.by_gap and rule.by_gap.match(gap) and rule.before_object
                        and rule.before_object.search(s.text[: s.pos[first][0]])
                    ) or bool(
                        rule.apposition_gap and rule.apposition_gap.match(gap)
                        and rule.apposition_after.match(s.text[s.pos[subj][1] :])
                    )
                    if fits:
                        for so in _coordinated(s, subj, rules, rule.subject):
                            for oo in group:
                                out.append((rule.predicate, so, oo, s.pos[so][0]))
                    break
    # Nominal forms: "via PTEN/Akt inhibition" (the first rule that fits wins).
    nominal_done: set[int] = set()
    for rule in rules.binary:
        if rule.nominal is None:
            continue
        for u in s.units:
            if s.ents[u].label not in rule.object or not rule.nominal.match(s.text[s.pos[u][1] :]):
                continue
            if u in nominal_done:
                continue
            group = _coordinated(s, u, rules, rule.object, forward=False)
            if _THERAPY_BEFORE.search(s.text[: s.pos[min(group)][0]]):
                continue  # "resistance to PD-1/PD-L1 inhibition" names a therapy, not an agent's act
            subject = _find_subject(s, s.pos[group[-1]][0], rule.subject, rules, exclude=set(group))
            if subject is not None:
                nominal_done.update(group)
                for o in group:
                    out.append((rule.predicate, subject, o, s.pos[subject][0]))
    return out


def chain_roots(s_units: Sequence[int], labels: Sequence[str], objects: set[int], regulators: frozenset[str]) -> list[int]:
    """Regulator mentions that are not the object of another relation in the sentence."""
    return [u for u, lab in zip(s_units, labels) if lab in regulators and u not in objects]


def _response_relations(
    s: _Sentence, rules: RelationRules, objects: set[int]
) -> list[tuple[str, int, int, int, int]]:
    """(predicate, regulator, drug, phrase start, phrase end) for drug response phrases."""
    masked = list(s.text)
    drug_at: dict[int, int] = {}
    for u, (a, b) in enumerate(s.pos):
        if s.ents[u].label == "DRUG":
            masked[a:b] = _DRUG_MARK * (b - a)
            drug_at[a] = u
    masked_text = "".join(masked)
    labels = [s.ents[u].label for u in s.units]
    roots = chain_roots(s.units, labels, objects, rules.regulators)
    roots = [u for u in roots if not rules.not_regulator_after.match(s.text[s.pos[u][1] :])]
    phrases: list[tuple[str, int, int, list[int]]] = []
    for rule in rules.response:
        for m in rule.pattern.finditer(masked_text):
            drugs = [drug_at[a] for a in drug_at if m.start() <= a < m.end()]
            drugs = [d if d not in s.alias_of else s.alias_of[d] for d in drugs]
            if not drugs:
                continue
            first = min(drugs, key=lambda d: s.pos[d][0])
            drugs = sorted(set(drugs) | set(_coordinated(s, first, rules, frozenset({"DRUG"}))))
            phrases.append((rule.effect, m.start(), m.end(), drugs))
    covered = [(a, b) for _, a, b, _ in phrases]
    if not phrases:
        resistant = [
            drug_at[a] for m in rules.drug_resistant_cells.finditer(masked_text) for a in drug_at if m.start() <= a < m.end()
        ]
        if resistant:
            for m in rules.generic_resistance.finditer(masked_text):
                if any(a <= m.start() < b for a, b in covered):
                    continue
                phrases.append(("resistance", m.start(), m.end(), sorted(set(resistant))))
                break
    out = []
    for stated, p_start, p_end, drugs in phrases:
        reversed_after = bool(rules.reversal_after.match(s.text[p_end:]))
        left = [u for u in roots if s.pos[u][1] <= p_start and not rules.clause_break.search(s.text[s.pos[u][1] : p_start])]
        right = [u for u in roots if s.pos[u][0] >= p_end and not rules.clause_break.search(s.text[p_end : s.pos[u][0]])]
        if left:
            head = left[-1]
        elif right:
            head = right[0]
        else:
            continue
        regulators = _coordinated(s, head, rules, rules.regulators, forward=False)
        for reg in regulators:
            # A reversing verb counts only between the regulator and the phrase ("inhibition of X
            # restored sensitivity" is a knockdown of X, not a reversal of the phrase).
            before = s.text[max(0, s.pos[reg][0] - 50) : s.pos[reg][0]]
            after = rules.knockdown_after.match(s.text[s.pos[reg][1] : s.pos[reg][1] + 20])
            reg_end = s.pos[reg][1] + (after.end() if after else 0)
            lo = max(p_start - rules.reversal_window, reg_end if reg_end <= p_start else 0)
            eff = stated
            if rules.reversal.search(s.text[lo:p_start]) or reversed_after:
                eff = "sensitivity" if eff == "resistance" else "resistance"
            if rules.knockdown_before.search(before) or after:
                eff = "sensitivity" if eff == "resistance" else "resistance"
            for d in drugs:
                out.append((f"confers_{eff}", reg, d, p_start, p_end))
    return out


def _flags(s: _Sentence, rules: RelationRules, a: int, b: int) -> tuple[bool, bool]:
    lo = max(0, min(a, b) - 40)
    hi = max(a, b)
    stretch = s.text[lo:hi]
    return bool(rules.negation.search(stretch)), bool(rules.hedge.search(stretch))


def extract_relations(text: str, start: int, ents: Sequence[EntitySpan], rules: RelationRules) -> list[RelationHit]:
    """Relations stated in one sentence.

    Parameters
    ----------
    text
        The sentence text.
    start
        Offset of the sentence in the document (entity offsets are document offsets).
    ents
        The sentence's entities, sorted by start.
    rules
        Relation rules (:func:`load_rules`).
    """
    s = _Sentence(text, start, ents)
    found: dict[tuple[str, int, int], tuple[int, int]] = {}
    for pred, subj, obj, anchor in _axis_relations(s, rules) + _trigger_relations(s, rules):
        lo, hi = min(s.pos[subj][0], s.pos[obj][0]), max(s.pos[subj][1], s.pos[obj][1])
        found.setdefault((pred, subj, obj), (lo, hi))
    objects = {o for (_, _, o) in found}
    # Competing endogenous RNA: a sponge that "regulates" a gene upregulates it.
    sponges = {subj for (pred, subj, _) in found if pred == "sponges"}
    # A miRNA that "regulates" a gene targets it (miRNAs act on genes by targeting their mRNA).
    for key in [k for k in found if k[0] in {r.predicate for r in rules.binary if r.internal}]:
        span = found.pop(key)
        if key[1] in sponges and s.ents[key[1]].label in ("CIRCRNA", "LNCRNA"):
            found.setdefault(("upregulates", key[1], key[2]), span)
        elif s.ents[key[1]].label == "MIRNA" and s.ents[key[2]].label == "GENE":
            found.setdefault(("targets", key[1], key[2]), span)
    for pred, reg, drug, p_start, p_end in _response_relations(s, rules, objects):
        lo, hi = min(s.pos[reg][0], p_start), max(s.pos[reg][1], p_end)
        found.setdefault((pred, reg, drug), (lo, hi))
    hits = []
    for (pred, subj, obj), (lo, hi) in found.items():
        if s.ents[subj].norm_id and s.ents[subj].norm_id == s.ents[obj].norm_id:
            continue  # "PD-L1 ... PD-1/PD-L1 blockade": an entity does not act on itself
        negated, hedged = _flags(s, rules, lo, hi)
        hits.append(RelationHit(pred, subj, obj, negated, hedged))
    return sorted(hits, key=lambda h: (s.pos[h.subject][0], s.pos[h.object][0], h.predicate))
