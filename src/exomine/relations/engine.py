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
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from exomine.entities.tagger import EntitySpan
from exomine.validation import SchemaError, YamlPositions, decode_utf8

__all__ = ["RelationRules", "RelationHit", "RulesError", "NamedPattern", "extract_relations", "load_rules",
           "read_rules_data", "validate_rules", "chain_roots", "Orphan"]

_DRUG_MARK = "\ue000"
_SCHEMA = "data/relation_rules.schema.yaml"


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

    def finditer(self, text: str):
        return self.rx.finditer(text)


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
    id: str
    effect: str
    pattern: re.Pattern


@dataclass(frozen=True)
class AssertionRule:
    id: str
    assertion: str
    pattern: NamedPattern


# The fragment patterns every rules file must name (key in `patterns:` / `polarity:`).
PATTERN_KEYS = ("generic_resistance", "drug_resistant_cells", "object_gap", "coordination", "axis_joiner",
                "clause_break", "alias_open", "trigger_link", "coordinated_verb", "coordinated_predicate", "not_regulator_after", "not_regulator_before",
                "not_agent_after", "undirected_before", "therapy_before", "undirected_response", "directed_verb")
CONTEXT_KEYS = ("source_cue", "cells_phrase", "derived_after", "cancer_word", "anaphora")
POLARITY_KEYS = ("reversal", "reversal_after", "knockdown_before", "knockdown_after", "knockdown_pronoun",
                 "overexpression_before")


def _rx(p: str) -> re.Pattern:
    return re.compile(p.replace("{D}", f"{_DRUG_MARK}+"), re.I)


def _named(entry: Mapping[str, Any]) -> NamedPattern:
    return NamedPattern(entry["id"], _rx(entry["pattern"]), entry.get("mode", "search"), int(entry.get("window", 0)))


@dataclass(frozen=True)
class RelationRules:
    regulators: frozenset[str]
    binary: tuple[BinaryRule, ...]
    response: tuple[ResponseRule, ...]
    patterns: Mapping[str, NamedPattern]
    polarity: Mapping[str, NamedPattern]
    assertion: tuple[AssertionRule, ...]
    context: Mapping[str, NamedPattern]

    def __getattr__(self, name: str) -> NamedPattern:
        # rules.clause_break, rules.reversal, ...: the named fragment patterns
        for table in ("patterns", "polarity", "context"):
            got = self.__dict__.get(table, {}).get(name)
            if got is not None:
                return got
        raise AttributeError(name)

    @property
    def reversal_window(self) -> int:
        return self.polarity["reversal"].window or 60

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "relation rules") -> "RelationRules":
        validate_rules(data, source)
        return cls(
            regulators=frozenset(data["regulators"]),
            binary=tuple(
                BinaryRule(
                    r["id"], r["predicate"], frozenset(r["subject"]), frozenset(r["object"]), _rx(r["trigger"]),
                    _rx(r["nominal"]) if r.get("nominal") else None, bool(r.get("internal", False)),
                    _rx(r["passive"]) if r.get("passive") else None,
                    *(_rx(r[k]) if r.get(k) else None for k in ("before_object", "by_gap", "apposition_gap",
                                                                 "apposition_after")),
                )
                for r in data["binary"]
            ),
            response=tuple(ResponseRule(r["id"], r["effect"], _rx(r["pattern"])) for r in data["response"]),
            patterns={k: _named(data["patterns"][k]) for k in PATTERN_KEYS},
            polarity={k: _named(data["polarity"][k]) for k in POLARITY_KEYS},
            assertion=tuple(AssertionRule(a["id"], a["assertion"], _named(a)) for a in data["assertion"]),
            context={k: _named(data["context"][k]) for k in CONTEXT_KEYS},
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


def _all_patterns(data: Mapping[str, Any]):
    for k, r in enumerate(data.get("binary", [])):
        for key in ("trigger", "nominal", "passive", "before_object", "by_gap", "apposition_gap", "apposition_after"):
            if r.get(key):
                yield f"binary[{k}].{key}", r[key]
    for k, r in enumerate(data.get("response", [])):
        yield f"response[{k}].pattern", r["pattern"]
    for table in ("patterns", "polarity", "context"):
        for key, r in data.get(table, {}).items():
            yield f"{table}.{key}.pattern", r["pattern"]
    for k, r in enumerate(data.get("assertion", [])):
        yield f"assertion[{k}].pattern", r["pattern"]


def _all_ids(data: Mapping[str, Any]):
    for table in ("binary", "response", "assertion"):
        for k, r in enumerate(data.get(table, [])):
            yield f"{table}[{k}]", r["id"]
    for table in ("patterns", "polarity", "context"):
        for key, r in data.get(table, {}).items():
            yield f"{table}.{key}", r["id"]


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


@dataclass(frozen=True)
class RelationHit:
    """A relation between two entities of a sentence (indices into its entity list).

    ``rule`` is the id of the rule that made it, with the ids of the polarity rules that
    turned its effect joined by ``+``; ``assertion`` is what the sentence asserts about it
    (:data:`exomine.records.ASSERTIONS`).
    """

    predicate: str
    subject: int
    object: int
    negated: bool
    hedged: bool
    rule: str = ""
    assertion: str = "finding"


class _Sentence:
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


_NCRNA = ("MIRNA", "CIRCRNA", "LNCRNA")


def _axis_relations(s: _Sentence, rules: RelationRules) -> list[tuple[str, int, int, str]]:
    """(predicate, subject, object, rule id) from axis notation."""
    out = []
    units = s.units
    k = 0
    while k < len(units):
        group = [units[k]]
        while k + 1 < len(units) and rules.axis_joiner.fullmatch(s.gap(units[k], units[k + 1])):
            group.append(units[k + 1])
            k += 1
        k += 1
        labels = [s.ents[i].label for i in group]
        if len(group) < 2 or not any(lab in _NCRNA for lab in labels):
            continue
        last_mirna = None
        for a, b in zip(group, group[1:]):
            la, lb = s.ents[a].label, s.ents[b].label
            if la in ("CIRCRNA", "LNCRNA") and lb == "MIRNA":
                out.append(("sponges", a, b, "axis.sponges"))
            if lb == "MIRNA":
                last_mirna = b
            elif la == "MIRNA" and lb in ("GENE", "PATHWAY"):
                last_mirna = a
                out.append(("targets" if lb == "GENE" else "inhibits", a, b, "axis.targets"))
            elif la in ("GENE", "PATHWAY") and lb in ("GENE", "PATHWAY") and last_mirna is not None:
                out.append(("targets" if lb == "GENE" else "inhibits", last_mirna, b, "axis.targets"))
            elif la in ("CIRCRNA", "LNCRNA") and lb == "GENE" and last_mirna is None:
                out.append(("upregulates", a, b, "axis.upregulates"))
        # A circRNA/lncRNA earlier in the clause sponges the axis' head miRNA.
        head = group[0]
        if s.ents[head].label == "MIRNA":
            for j in reversed([u for u in units if u < head]):
                if rules.clause_break.search(s.text[s.pos[j][1] : s.pos[head][0]]):
                    break
                if s.ents[j].label in ("CIRCRNA", "LNCRNA"):
                    out.append(("sponges", j, head, "axis.upstream_sponge"))
                    break
    return out


def _find_subject(s: _Sentence, before: int, labels: frozenset[str], rules: RelationRules, exclude: set[int]) -> int | None:
    """Nearest unit with an allowed label left of char ``before`` in the same clause."""
    for j in reversed([u for u in s.units if s.pos[u][1] <= before]):
        between = s.text[s.pos[j][1] : before]
        if rules.clause_break.search(between):
            return None
        if j in exclude or _not_agent(s, j, rules):
            continue
        if s.ents[j].label in labels:
            return j
    return None


def _not_agent(s: _Sentence, u: int, rules: RelationRules) -> bool:
    """A gene mention that names a drug's target, an inhibitor class or an assay, not an actor
    ("PI3K inhibitors", "MEK or PI3K inhibitors", "a HER2 antibody"). For an ncRNA,
    "miR-X inhibitor" is its knockdown."""
    if s.ents[u].label != "GENE" or u not in s.unit_end:
        return False
    group = _coordinated(s, u, rules, frozenset({"GENE"}))
    return bool(rules.not_agent_after.match(s.text[s.unit_end[group[-1]] :]))


def _trigger_relations(s: _Sentence, rules: RelationRules) -> list[tuple[str, int, int, str]]:
    out: list[tuple[str, int, int, str]] = []
    triggers: dict[tuple[int, int], None] = {}
    for rule in rules.binary:
        for m in rule.trigger.finditer(s.text):
            if not any(a <= m.start() < b for a, b in s.pos):
                triggers[(m.start(), m.end())] = None
    prev: tuple[int, list[int]] | None = None  # (subject, objects) of the previous trigger
    for t_start, t_end in sorted(triggers):
        # "affecting the activation of X" states no direction: the undirected verb governs.
        if rules.undirected_before.search(s.text[max(0, t_start - 30) : t_start]):
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
                if s.ents[prev[0]].label in rule.subject and (
                    rules.trigger_link.fullmatch(link)
                    # a coordinated verb shares the clause's subject: "circFOO bound miR-1 to FOO1
                    # and increased FOO2" (the subject is circFOO, not the nearest gene)
                    or (rules.coordinated_verb.search(link) and not rules.clause_break.search(link))
                ):
                    subject = prev[0]
            if subject is None:
                subject = _find_subject(s, t_start, rule.subject, rules, exclude=set())
            if subject is None:
                continue
            for subj in _coordinated(s, subject, rules, rule.subject, forward=False):
                for o in objects:
                    if o != subj:
                        out.append((rule.predicate, subj, o, rule.id))
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
                    form = ""
                    if rule.passive and rule.passive.match(gap):
                        form = "passive"
                    elif rule.by_gap and rule.by_gap.match(gap) and rule.before_object \
                            and rule.before_object.search(s.text[: s.pos[first][0]]):
                        form = "by"
                    elif rule.apposition_gap and rule.apposition_gap.match(gap) \
                            and rule.apposition_after.match(s.text[s.pos[subj][1] :]):
                        form = "apposition"
                    if form:
                        for so in _coordinated(s, subj, rules, rule.subject):
                            for oo in group:
                                out.append((rule.predicate, so, oo, f"{rule.id}.{form}"))
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
            if rules.therapy_before.search(s.text[: s.pos[min(group)][0]]):
                continue  # "resistance to PD-1/PD-L1 inhibition" names a therapy, not an agent's act
            subject = _find_subject(s, s.pos[group[-1]][0], rule.subject, rules, exclude=set(group))
            if subject is not None:
                nominal_done.update(group)
                for o in group:
                    out.append((rule.predicate, subject, o, f"{rule.id}.nominal"))
    return out


def chain_roots(s_units: Sequence[int], labels: Sequence[str], objects: set[int], regulators: frozenset[str]) -> list[int]:
    """Regulator mentions that are not the object of another relation in the sentence."""
    return [u for u, lab in zip(s_units, labels) if lab in regulators and u not in objects]


def _flip(effect: str) -> str:
    return "sensitivity" if effect == "resistance" else "resistance"


def _removed(s: _Sentence, reg: int, rules: RelationRules, p_start: int) -> str:
    """Id of the polarity rule saying the regulator is removed (knocked down, lost), or ``""``."""
    a, b = s.pos[reg][0], s.unit_end.get(reg, s.pos[reg][1])
    before = s.text[max(0, a - 50) : a]
    if rules.knockdown_before.search(before) and not rules.overexpression_before.search(before):
        return rules.knockdown_before.id
    if rules.knockdown_after.match(s.text[b : b + 40]):
        return rules.knockdown_after.id
    # "X was upregulated in resistant cells and its downregulation enhanced sensitivity"
    if b <= p_start and rules.knockdown_pronoun.search(s.text[b:p_start]):
        return rules.knockdown_pronoun.id
    return ""


@dataclass(frozen=True)
class Orphan:
    """A drug response phrase with no regulator in its clause ("exosomes reversed cisplatin
    resistance"): another sentence may name who did it (see :mod:`exomine.extraction.extract`)."""

    effect: str  # as stated, after reversal words
    rule: str
    drugs: tuple[int, ...]  # indices into the sentence's entities
    start: int  # phrase offsets in the sentence
    end: int


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


def _response_relations(s: _Sentence, rules: RelationRules, objects: set[int],
                        orphans: list | None = None) -> list[tuple[str, int, int, str, int, int]]:
    """(predicate, regulator, drug, rule id, phrase start, phrase end) for drug response phrases."""
    drug_at = {a: u for u, (a, b) in enumerate(s.pos) if s.ents[u].label == "DRUG"}
    if not drug_at:
        return []  # every response phrase names a drug
    masked, last = [], 0
    for a, u in drug_at.items():  # the drugs in text order, each written as drug marks
        b = s.pos[u][1]
        masked += (s.text[last:a], _DRUG_MARK * (b - a))
        last = b
    masked.append(s.text[last:])
    masked_text = "".join(masked)
    labels = [s.ents[u].label for u in s.units]
    roots = chain_roots(s.units, labels, objects, rules.regulators)
    roots = [u for u in roots if not rules.not_regulator_after.match(s.text[s.pos[u][1] :])
             and not _not_agent(s, u, rules)
             and not (s.ents[u].label == "GENE" and rules.not_regulator_before.search(s.text[: s.pos[u][0]]))]
    phrases: list[tuple[str, str, int, int, list[int]]] = []
    for rule in rules.response:
        for m in rule.pattern.finditer(masked_text):
            drugs = [drug_at[a] for a in drug_at if m.start() <= a < m.end()]
            drugs = [d if d not in s.alias_of else s.alias_of[d] for d in drugs]
            if not drugs:
                continue
            first = min(drugs, key=lambda d: s.pos[d][0])
            # coordinated drugs on either side: "5-FU/oxaliplatin resistance", "resistance to X and Y"
            both = _coordinated(s, first, rules, frozenset({"DRUG"})) + \
                _coordinated(s, first, rules, frozenset({"DRUG"}), forward=False)
            drugs = sorted(set(drugs) | set(both))
            if any(a <= m.start() < b or m.start() <= a < m.end() for _, _, a, b, _ in phrases):
                continue  # one phrase, one reading: the first rule that fits wins
            phrases.append((rule.effect, rule.id, m.start(), m.end(), drugs))
    covered = [(a, b) for _, _, a, b, _ in phrases]
    if not phrases:
        resistant = [
            drug_at[a] for m in rules.drug_resistant_cells.finditer(masked_text) for a in drug_at if m.start() <= a < m.end()
        ]
        if resistant:
            for m in rules.generic_resistance.finditer(masked_text):
                if any(a <= m.start() < b for a, b in covered):
                    continue
                phrases.append(("resistance", rules.generic_resistance.id, m.start(), m.end(), sorted(set(resistant))))
                break
    out = []
    for stated, rule_id, p_start, p_end, drugs in phrases:
        passive_reversal = bool(rules.reversal_after.match(s.text[p_end:]))
        left = [u for u in roots if s.pos[u][1] <= p_start and _one_clause(s.text[s.pos[u][1] : p_start], rules)]
        right = [u for u in roots if s.pos[u][0] >= p_end and not rules.clause_break.search(s.text[p_end : s.pos[u][0]])]
        if left:
            head = left[-1]
            # "circFOO bound miR-1 to release FOO1 and promoted X resistance": a coordinated
            # predicate belongs to the clause's subject, not to the nearest mention.
            if len(left) > 1 and rules.coordinated_predicate.search(s.text[s.unit_end.get(head, s.pos[head][1]) : p_start]):
                head = left[0]
        elif right:
            head = right[0]
        else:
            if orphans is not None:
                lo = max(0, p_start - rules.reversal_window)
                flipped = bool(rules.reversal.search(s.text[lo:p_start])) or passive_reversal
                eff = _flip(stated) if flipped else stated
                rid = rule_id + ("+" + rules.reversal.id if flipped else "")
                orphans.append(Orphan(eff, rid, tuple(drugs), p_start, p_end))
            continue
        # "resistance ... can be counterweighted by X": the passive reversal names the regulator after it
        reversed_after = passive_reversal and not left
        regulators = _coordinated(s, head, rules, rules.regulators, forward=False)
        for reg in regulators:
            reg_end = s.unit_end.get(reg, s.pos[reg][1])
            gap = s.text[reg_end:p_start] if reg_end <= p_start else ""
            # "X modulates / alters the sensitivity to Y" states no direction.
            if gap and rules.undirected_response.search(gap) and not rules.reversal.search(gap + " ") \
                    and not rules.directed_verb.search(gap):
                continue
            mods: list[str] = []
            after_kd = rules.knockdown_after.match(s.text[reg_end : reg_end + 40])
            kd_end = reg_end + (after_kd.end() if after_kd else 0)
            # A reversing verb counts only between the regulator and the phrase ("inhibition of X
            # restored sensitivity" is a knockdown of X, not a reversal of the phrase).
            lo = max(p_start - rules.reversal_window, kd_end if kd_end <= p_start else 0)
            eff = stated
            if rules.reversal.search(s.text[lo:p_start]) or reversed_after:
                eff = _flip(eff)
                mods.append(rules.reversal.id if not reversed_after else rules.reversal_after.id)
            removed = _removed(s, reg, rules, p_start)
            if removed:
                eff = _flip(eff)
                mods.append(removed)
            rid = "+".join([rule_id, *mods])
            # with a back reference ("its downregulation"), the relation is stated from the pronoun on
            lo_span = p_start
            if removed == rules.knockdown_pronoun.id:
                m = rules.knockdown_pronoun.search(s.text[reg_end:p_start])
                lo_span = reg_end + m.start() if m else p_start
            for d in drugs:
                out.append((f"confers_{eff}", reg, d, rid, p_start, p_end, bool(left), lo_span))
    # A regulator is the subject of the phrase it precedes: that reading wins over a phrase it
    # merely follows ("key regulators of X resistance ... blocking miR-1 potentiates X response").
    def drug_key(d: int) -> str:
        return s.ents[d].norm_id or s.ents[d].text.lower()

    as_subject = {(reg, drug_key(d)) for _, reg, d, _, _, _, is_left, _ in out if is_left}
    return [(pred, reg, d, rid, lo_span, p_end) for pred, reg, d, rid, p_start, p_end, is_left, lo_span in out
            if is_left or (reg, drug_key(d)) not in as_subject]


def _assertion(s: _Sentence, rules: RelationRules, a: int, b: int, lookback: int = 60) -> str:
    """What the sentence asserts about the relation stated between chars ``a`` and ``b``."""
    lo = max(0, min(a, b) - lookback)
    hi = max(a, b)
    stretch = s.text[lo:hi]
    head = s.text[:hi]
    for rule in rules.assertion:
        # an aim or method frames the whole clause before it ("We investigated whether ...")
        text = head if rule.assertion == "aim" else stretch
        if rule.pattern.search(text):
            return rule.assertion
    return "finding"


def extract_relations(text: str, start: int, ents: Sequence[EntitySpan], rules: RelationRules,
                      orphans: list | None = None) -> list[RelationHit]:
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
    orphans
        When given, drug response phrases with no regulator in their clause are appended
        to it as :class:`Orphan` records.
    """
    s = _Sentence(text, start, ents, rules)
    found: dict[tuple[str, int, int], tuple[int, int, str]] = {}
    for pred, subj, obj, rid in _axis_relations(s, rules) + _trigger_relations(s, rules):
        lo, hi = min(s.pos[subj][0], s.pos[obj][0]), max(s.pos[subj][1], s.pos[obj][1])
        found.setdefault((pred, subj, obj), (lo, hi, rid))
    objects = {o for (_, _, o) in found}
    # Competing endogenous RNA: a sponge that "regulates" a gene upregulates it.
    sponges = {subj for (pred, subj, _) in found if pred == "sponges"}
    # A miRNA that "regulates" a gene targets it (miRNAs act on genes by targeting their mRNA).
    # Otherwise an undirected relation stays "regulates": not a relation of its own (it is not
    # written to relations.tsv), but the gene is on the regulator's target chain.
    for key in [k for k in found if k[0] in {r.predicate for r in rules.binary if r.internal}]:
        lo, hi, rid = found.pop(key)
        if key[1] in sponges and s.ents[key[1]].label in ("CIRCRNA", "LNCRNA") and rid.startswith("regulates"):
            found.setdefault(("upregulates", key[1], key[2]), (lo, hi, f"{rid}.cerna"))
        elif s.ents[key[1]].label == "MIRNA" and s.ents[key[2]].label == "GENE" and rid.startswith("regulates"):
            found.setdefault(("targets", key[1], key[2]), (lo, hi, f"{rid}.mirna"))
        elif not any(k[1:] == key[1:] for k in found):
            found.setdefault(("regulates", key[1], key[2]), (lo, hi, rid))
    from_pronoun: set[tuple[str, int, int]] = set()
    for pred, reg, drug, rid, p_start, p_end in _response_relations(s, rules, objects, orphans):
        if p_start > s.pos[reg][1] and rid.endswith(rules.knockdown_pronoun.id):
            lo, hi = p_start, p_end  # stated from "its knockdown" on
            from_pronoun.add((pred, reg, drug))
        else:
            lo, hi = min(s.pos[reg][0], p_start), max(s.pos[reg][1], p_end)
        found.setdefault((pred, reg, drug), (lo, hi, rid))
    hits = []
    for (pred, subj, obj), (lo, hi, rid) in found.items():
        if s.ents[subj].norm_id and s.ents[subj].norm_id == s.ents[obj].norm_id:
            continue  # "PD-L1 ... PD-1/PD-L1 blockade": an entity does not act on itself
        assertion = _assertion(s, rules, lo, hi, lookback=0 if (pred, subj, obj) in from_pronoun else 60)
        hits.append(RelationHit(pred, subj, obj, assertion == "negated", assertion == "hedged", rid, assertion))
    return sorted(hits, key=lambda h: (s.pos[h.subject][0], s.pos[h.object][0], h.predicate))
