"""Pattern-based relation extraction within one sentence.

The rules are data (``data/relation_rules.yaml``, loaded by :mod:`exomine.relations.rules`);
this module is the engine that applies them to a sentence whose entities are already known.
Three passes, each a pure function of the sentence text and its entities:

1. **Axis notation** -- entities joined by ``/`` or ``-`` (``circX/miR-Y/Z``,
   ``miR-524-5p-METTL3/SOX2``) become a chain: circRNA/lncRNA -> miRNA is
   ``sponges``, miRNA -> gene is ``targets``; a circRNA or lncRNA earlier in
   the clause sponges the head miRNA of an axis.
2. **Triggers** -- a trigger word ("sponging", "by targeting",
   "downregulates") links the nearest eligible subject on its left in the
   same clause (or the subject of a coordinated trigger: "sponging miR-421
   and enhancing SIRT1") to the object mentions right after it, with their
   coordinated siblings ("GATA3 and TP53INP1"); object-first forms (passive,
   "regulation of X by Y", apposition) and nominal forms ("PTEN/Akt
   inhibition", the object on the left) follow.
3. **Drug response** -- response phrases linked to their regulator, the
   effect composed from the phrase, the regulator's state and the
   predicate's direction (:mod:`exomine.relations.responses`,
   :mod:`exomine.relations.polarity`).

Hedge and negation cues in the stretch that states a relation are flagged,
never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from exomine.entities.tagger import EntitySpan
from exomine.relations.polarity import regulator_state
from exomine.relations.responses import Orphan, response_relations
from exomine.relations.rules import (BinaryRule, NamedPattern, RelationRules, RulesError, load_rules, read_rules_data,
                                     validate_rules)
from exomine.relations.sentence import Sentence, chain_roots, coordinated, find_subject

# The relation pass's public surface; rule loading is re-exported for its callers.
__all__ = ["RelationHit", "extract_relations", "Orphan", "RelationRules", "RulesError", "NamedPattern", "load_rules",
           "read_rules_data", "validate_rules", "chain_roots"]


@dataclass(frozen=True)
class RelationHit:
    """A relation between two entities of a sentence (indices into its entity list).

    ``rule`` is the id of the rule that made it; for a drug response, the ids of the polarity
    parts applied follow, joined by ``+`` (:mod:`exomine.relations.polarity`); ``assertion`` is
    what the sentence asserts about it (:data:`exomine.records.ASSERTIONS`).
    """

    predicate: str
    subject: int
    object: int
    negated: bool
    hedged: bool
    rule: str = ""
    assertion: str = "finding"


_NCRNA = ("MIRNA", "CIRCRNA", "LNCRNA")


def _axis_relations(s: Sentence, rules: RelationRules) -> list[tuple[str, int, int, str]]:
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


def _trigger_subject(s: Sentence, rule: BinaryRule, t_start: int, prev: tuple[int, list[int]] | None,
                     rules: RelationRules) -> int | None:
    """The subject of a trigger: that of the previous trigger when the two are coordinated
    ("sponging miR-1 and enhancing FOO1"), else the nearest fitting mention on its left."""
    if prev is not None and prev[1]:
        link = s.text[s.pos[prev[1][-1]][1] : t_start]
        if s.ents[prev[0]].label in rule.subject and (
            rules.trigger_link.fullmatch(link)
            # a coordinated verb shares the clause's subject: "circFOO bound miR-1 to FOO1
            # and increased FOO2" (the subject is circFOO, not the nearest gene)
            or (rules.coordinated_verb.search(link) and not rules.clause_break.search(link))
        ):
            return prev[0]
    return find_subject(s, t_start, rule.subject, rules, exclude=set())


def _forward_relations(s: Sentence, rules: RelationRules) -> list[tuple[str, int, int, str]]:
    """Subject, trigger, objects: "miR-1 directly targets FOO1 and FOO2"."""
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
            objects = coordinated(s, first, rules, rule.object)
            subject = _trigger_subject(s, rule, t_start, prev, rules)
            if subject is None:
                continue
            for subj in coordinated(s, subject, rules, rule.subject, forward=False):
                out += [(rule.predicate, subj, o, rule.id) for o in objects if o != subj]
            prev = (subject, objects)
            break
    return out


def _object_first_form(s: Sentence, rule: BinaryRule, o: int, subj: int, group: list[int], rules: RelationRules) -> str:
    """How an object before its subject is written: passive, "by" or apposition (or not at all)."""
    gap = s.text[s.unit_end[o] : s.pos[subj][0]]
    first = min(group, key=lambda u: s.pos[u][0])
    if rule.passive and rule.passive.match(gap):
        return "passive"
    if rule.by_gap and rule.by_gap.match(gap) and rule.before_object \
            and rule.before_object.search(s.text[: s.pos[first][0]]):
        return "by"
    if rule.apposition_gap and rule.apposition_gap.match(gap) and rule.apposition_after.match(s.text[s.pos[subj][1] :]):
        return "apposition"
    return ""


def _object_first_relations(s: Sentence, rules: RelationRules) -> list[tuple[str, int, int, str]]:
    """Object before subject: "BACE1 is a target of miR-107", "HES1 ... regulated by miR-199b",
    "regulation of IRAK-1 and IRAK-2 by microRNA-146a", "PTBP1, a recognized miR-124 target"."""
    out: list[tuple[str, int, int, str]] = []
    for rule in rules.binary:
        if rule.passive is None and rule.by_gap is None and rule.apposition_gap is None:
            continue
        for k, o in enumerate(s.units):
            if s.ents[o].label not in rule.object:
                continue
            subj = next((u for u in s.units[k + 1 :] if s.ents[u].label in rule.subject), None)
            if subj is None:
                continue
            group = coordinated(s, o, rules, rule.object, forward=False)
            form = _object_first_form(s, rule, o, subj, group, rules)
            if form:
                out += [(rule.predicate, so, oo, f"{rule.id}.{form}")
                        for so in coordinated(s, subj, rules, rule.subject) for oo in group]
    return out


def _nominal_relations(s: Sentence, rules: RelationRules) -> list[tuple[str, int, int, str]]:
    """Nominal forms: "via PTEN/Akt inhibition" (the first rule that fits wins)."""
    out: list[tuple[str, int, int, str]] = []
    done: set[int] = set()
    for rule in rules.binary:
        if rule.nominal is None:
            continue
        for u in s.units:
            if u in done or s.ents[u].label not in rule.object or not rule.nominal.match(s.text[s.pos[u][1] :]):
                continue
            group = coordinated(s, u, rules, rule.object, forward=False)
            if rules.therapy_before.search(s.text[: s.pos[min(group)][0]]):
                continue  # "resistance to PD-1/PD-L1 inhibition" names a therapy, not an agent's act
            subject = find_subject(s, s.pos[group[-1]][0], rule.subject, rules, exclude=set(group))
            if subject is not None:
                done.update(group)
                out += [(rule.predicate, subject, o, f"{rule.id}.nominal") for o in group]
    return out


def _trigger_relations(s: Sentence, rules: RelationRules) -> list[tuple[str, int, int, str]]:
    return _forward_relations(s, rules) + _object_first_relations(s, rules) + _nominal_relations(s, rules)


def _assertion(s: Sentence, rules: RelationRules, a: int, b: int, lookback: int = 60) -> str:
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


# A directed mechanism relation and its opposite, for a subject that is removed.
_OPPOSITE = {"upregulates": "downregulates", "downregulates": "upregulates", "activates": "inhibits",
             "inhibits": "activates"}


def _signed(s: Sentence, found: list[tuple[str, int, int, str]], rules: RelationRules) -> list[tuple[str, int, int, str]]:
    """Polarity composes for mechanisms too: "knockdown of X decreased FOO1" means X upregulates
    FOO1. A removed subject (its state part) turns a directed relation round and is named in
    its rule; targeting and sponging are what an RNA does, whatever its level."""
    out = []
    for pred, subj, obj, rid in found:
        if pred in _OPPOSITE and s.pos[subj][1] <= s.pos[obj][0]:
            state = regulator_state(s.text, s.pos[subj][0], s.end(subj), s.ents[subj].text, s.pos[obj][0], rules)
            if state.part is not None and state.part.sign < 0 and state.start == s.pos[subj][0]:
                pred, rid = _OPPOSITE[pred], f"{rid}+{state.part.id}"
        out.append((pred, subj, obj, rid))
    return out


def _fold_undirected(s: Sentence, found: dict, rules: RelationRules) -> None:
    """Undirected relations ("regulates", "binds") become directed or stay chain links.

    Competing endogenous RNA: a sponge that "regulates" a gene upregulates it. A miRNA that
    "regulates" a gene targets it (miRNAs act on genes by targeting their mRNA). Otherwise an
    undirected relation stays "regulates": not a relation of its own (it is not written to
    relations.tsv), but the gene is on the regulator's target chain.
    """
    sponges = {subj for (pred, subj, _) in found if pred == "sponges"}
    for key in [k for k in found if k[0] in {r.predicate for r in rules.binary if r.internal}]:
        lo, hi, rid = found.pop(key)
        if key[1] in sponges and s.ents[key[1]].label in ("CIRCRNA", "LNCRNA") and rid.startswith("regulates"):
            found.setdefault(("upregulates", key[1], key[2]), (lo, hi, f"{rid}.cerna"))
        elif s.ents[key[1]].label == "MIRNA" and s.ents[key[2]].label == "GENE" and rid.startswith("regulates"):
            found.setdefault(("targets", key[1], key[2]), (lo, hi, f"{rid}.mirna"))
        elif not any(k[1:] == key[1:] for k in found):
            found.setdefault(("regulates", key[1], key[2]), (lo, hi, rid))


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
    s = Sentence(text, start, ents, rules)
    found: dict[tuple[str, int, int], tuple[int, int, str]] = {}
    for pred, subj, obj, rid in _axis_relations(s, rules) + _signed(s, _trigger_relations(s, rules), rules):
        lo, hi = min(s.pos[subj][0], s.pos[obj][0]), max(s.pos[subj][1], s.pos[obj][1])
        found.setdefault((pred, subj, obj), (lo, hi, rid))
    objects = {o for (_, _, o) in found}
    _fold_undirected(s, found, rules)
    from_pronoun: set[tuple[str, int, int]] = set()
    for h in response_relations(s, rules, objects, orphans):
        key = (h.predicate, h.regulator, h.drug)
        if h.from_pronoun:
            lo, hi = h.start, h.end  # stated from "its knockdown" on
            from_pronoun.add(key)
        else:
            lo, hi = min(s.pos[h.regulator][0], h.start), max(s.pos[h.regulator][1], h.end)
        found.setdefault(key, (lo, hi, h.rule))
    hits = []
    for (pred, subj, obj), (lo, hi, rid) in found.items():
        if s.ents[subj].norm_id and s.ents[subj].norm_id == s.ents[obj].norm_id:
            continue  # "PD-L1 ... PD-1/PD-L1 blockade": an entity does not act on itself
        assertion = _assertion(s, rules, lo, hi, lookback=0 if (pred, subj, obj) in from_pronoun else 60)
        hits.append(RelationHit(pred, subj, obj, assertion == "negated", assertion == "hedged", rid, assertion))
    return sorted(hits, key=lambda h: (s.pos[h.subject][0], s.pos[h.object][0], h.predicate))
