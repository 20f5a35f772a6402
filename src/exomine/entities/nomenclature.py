"""Nomenclature rules for non-coding RNA names, and their normalisation.

miRNA and circRNA names are regular (miRBase and circBase conventions, and
the "circ" + host gene habit of the literature), so they are recognised by
regular expressions rather than by lexicon lookup. Functions here are pure:
they take strings and return spans or canonical names.

>>> [m.text for m in find_ncrna("exosomal circVMP1 acts via the miR-524-5p-METTL3/SOX2 axis")]
['circVMP1', 'miR-524-5p']
>>> canonical_mirna("microRNA-193a")
'hsa-miR-193a'
>>> canonical_mirna("hsa-mir-21-5p")
'hsa-miR-21-5p'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from exomine.text.patterns import PatternSet, load_patterns

__all__ = [
    "NcrnaSpan",
    "find_ncrna",
    "find_ncrna_in_spans",
    "find_definitions",
    "canonical_mirna",
    "mirna_precursor_keys",
    "canonical_circrna",
    "ncrna_patterns",
    "UNLISTED",
    "UNLISTED_MIRNA",
    "UNLISTED_LNCRNA",
]

UNLISTED = "+unlisted"
"""Appended to a mention's ``source`` when its name is in no list exomine ships (its id is ``<class>:<name>``)."""
UNLISTED_MIRNA = "miRNA:"
"""Namespace of a miRNA name that neither miRBase's table nor HGNC lists (``miRNA:hsa-miR-9999``)."""
UNLISTED_LNCRNA = "lncRNA:"
"""Namespace of a lncRNA name that HGNC does not list (``lncRNA:FOO1``)."""

_DASH = "[\u2010\u2011\u2012\u2013-]"
# Rules in the order they claim text: a longer match wins an overlap, then the earlier rule.
_RULES = ("circrna_host_named", "cirs", "circrna", "mirna", "lncrna_linc", "lncrna_novel_id", "lncrna_prefixed",
          "lncrna_intro")


@lru_cache(maxsize=1)
def ncrna_patterns() -> PatternSet:
    """The name rules (``exomine/data/ncrna_names.yaml``), loaded once."""
    return load_patterns("ncrna_names.yaml")


@dataclass(frozen=True)
class NcrnaSpan:
    start: int
    end: int
    text: str
    label: str  # MIRNA | CIRCRNA | LNCRNA
    rule: str = ""  # id of the rule that found it
    symbol: str = ""  # the symbol part of a prefixed lncRNA name ("FOO1" in "lncRNA-FOO1")


def _matches(text: str) -> list[tuple[int, int, int, NcrnaSpan | None, int, int]]:
    """Every rule's matches: (name start, name end, rule rank, span or None, match start, match end)."""
    rules = ncrna_patterns()
    found = []
    for rank, rid in enumerate(_RULES):
        rule = rules[rid]
        named = "name" in rule.regex.groupindex
        for m in rule.regex.finditer(text):
            a, b = (m.start("name"), m.end("name")) if named else (m.start(), m.end())
            span = None
            if a >= 0:
                gd = m.groupdict()
                symbol = gd.get("sym") or gd.get("sym2") or ""
                span = NcrnaSpan(a, b, text[a:b], rule.label, rid, symbol)
            found.append((a, b, rank, span, m.start(), m.end()))
    return found


def _resolve(found, shift: int = 0) -> list[NcrnaSpan]:
    """Non-overlapping spans: the longer first, then the rule listed first, then the earlier (offsets - ``shift``)."""
    ranked = sorted((x for x in found if x[3] is not None), key=lambda x: (-(x[1] - x[0]), x[2], x[0]))
    taken: list[NcrnaSpan] = []
    for a, b, _, span, _, _ in ranked:
        if any(a < t.end and t.start < b for t in taken):
            continue
        taken.append(span)
    taken.sort(key=lambda s: s.start)
    if shift:
        taken = [NcrnaSpan(t.start - shift, t.end - shift, t.text, t.label, t.rule, t.symbol) for t in taken]
    return taken


def find_ncrna(text: str) -> list[NcrnaSpan]:
    """Find miRNA, circRNA and lncRNA names in ``text`` (non-overlapping, sorted).

    Overlaps go to the longer span, then to the rule listed first.
    """
    return _resolve(_matches(text))


def find_ncrna_in_spans(text: str, spans: Sequence[tuple[int, int]]) -> tuple[list[NcrnaSpan], list[list[NcrnaSpan]]]:
    """:func:`find_ncrna` of ``text`` and of each ``text[a:b]`` (in its own offsets), running the rules once.

    ``spans`` are non-overlapping and sorted (a document's sentences). A
    span's names are the matches of the whole text that lie inside it,
    which are its own matches when white space (or the text's edge) bounds
    it, as the rules' look-arounds treat white space and a string's edge
    alike; a span that a match crosses, or that white space does not bound,
    is searched on its own.
    """
    found = _matches(text)
    n = len(text)
    starts = [a for a, _ in spans]
    inside: list[list] = [[] for _ in spans]
    alone = {k for k, (a, b) in enumerate(spans)
             if (a > 0 and not text[a - 1].isspace()) or (b < n and not text[b].isspace())}
    for x in found:
        m0, m1 = x[4], x[5]
        k = bisect_right(starts, m0) - 1
        if k >= 0 and m1 <= spans[k][1]:
            inside[k].append(x)
            continue
        # the match crosses a span's edge (or lies between spans): every span it touches is searched alone
        j = max(k, 0)
        while j < len(spans) and spans[j][0] < m1:
            if spans[j][1] > m0:
                alone.add(j)
            j += 1
    per_span = [find_ncrna(text[a:b]) if k in alone else _resolve(inside[k], a) for k, (a, b) in enumerate(spans)]
    return _resolve(found), per_span


def find_definitions(text: str) -> list[tuple[int, int, int, str]]:
    """Names a text defines for itself ("termed circFOO", "hereafter lncBAR"): ``(cue start, start, end, name)``."""
    rule = ncrna_patterns()["name_definition"]
    return [(m.start(), m.start("name"), m.end("name"), m.group("name")) for m in rule.regex.finditer(text)]


def _fold_dashes(s: str) -> str:
    return re.sub(_DASH, "-", s)


def canonical_mirna(surface: str, species: str = "hsa") -> str:
    """Canonical mature-style name: ``hsa-miR-<n>[-<copy>][-<arm>]``; let-7 keeps its name.

    The arm (5p/3p) is kept where written; clusters (``~25``) and slash
    lists keep only their first member.
    """
    s = _fold_dashes(surface.strip())
    s = s.split("/")[0].split("~")[0].rstrip("*")
    m = re.match(r"^(?:(hsa|mmu|rno|ebv|kshv|hcmv)[-_])?(?:[Mm]icro-?RNA|MICRO-?RNA|[Mm]iRNA|MIRNA|miR|mir|MiR|MIR|Mir)-?(\d+[a-z]?)(.*)$", s)
    if m:
        sp = m.group(1) or species
        return f"{sp}-miR-{m.group(2)}{m.group(3)}"
    m = re.match(r"^(?:(hsa|mmu|rno)[-_])?(?:[Ll]et|LET)-?(7[a-k]?)(.*)$", s)
    if m:
        sp = m.group(1) or species
        return f"{sp}-let-{m.group(2)}{m.group(3)}"
    return s


def mirna_precursor_keys(canonical: str) -> list[str]:
    """miRBase precursor names to try for a canonical miRNA name, most specific first.

    >>> mirna_precursor_keys("hsa-miR-92a-3p")
    ['hsa-mir-92a', 'hsa-mir-92a-1']
    >>> mirna_precursor_keys("hsa-miR-9-5p")
    ['hsa-mir-9', 'hsa-mir-9-1']
    >>> mirna_precursor_keys("hsa-miR-199a-2")
    ['hsa-mir-199a-2']
    """
    m = re.match(r"^([a-z]{3,4})-(mir|let)-(\d+[a-z]?)(?:-(\d))?(?:-[35]p)?$", canonical, re.I)
    if not m:
        return [canonical.lower()]
    base = f"{m.group(1).lower()}-{m.group(2).lower()}-{m.group(3)}"
    if m.group(4):
        return [f"{base}-{m.group(4)}"]
    return [base, f"{base}-1"]


def canonical_circrna(surface: str) -> tuple[str, str]:
    """``(norm_id, norm_name)`` for a circRNA name.

    circBase ids (``hsa_circ_0000338``; ``circ_0072083`` is circBase shorthand)
    become ``circBase:hsa_circ_<7 digits>``; host-gene names become
    ``circRNA:circ<HOST>`` with the dash/underscore dropped.

    >>> canonical_circrna("circ_0072083")
    ('circBase:hsa_circ_0072083', 'hsa_circ_0072083')
    >>> canonical_circrna("circ-XIAP")
    ('circRNA:circXIAP', 'circXIAP')
    >>> canonical_circrna("circRNA_100290")
    ('circRNA:circRNA_100290', 'circRNA_100290')
    >>> canonical_circrna("circular RNA FOO1")
    ('circRNA:circFOO1', 'circFOO1')
    """
    s = _fold_dashes(surface)
    m = re.match(r"^(?:[Hh]sa_)?[cC]irc(?:RNA)?[_-](\d{7})$", s)
    if m:
        name = f"hsa_circ_{m.group(1)}"
        return f"circBase:{name}", name
    m = re.match(r"^(?:[Hh]sa_)?[cC]irc(?:RNA)?[_-](\d{4,6}|\d{8})$", s)
    if m:  # array probe ids (Arraystar circRNA_100290): not circBase ids, kept as written
        name = f"circRNA_{m.group(1)}"
        return f"circRNA:{name}", name
    m = re.match(r"^ciRS-(\d+[a-z]?)$", s)
    if m:  # "circRNA sponge for miR-<n>"
        name = f"ciRS-{m.group(1)}"
        return f"circRNA:{name}", name
    m = re.match(r"^(?:[cC]ircular RNAs?|[cC]ircRNAs?)\s+(.+)$", s)
    if m:  # "circular RNA FOO": named after its host gene
        name = f"circ{m.group(1)}"
        return f"circRNA:{name}", name
    m = re.match(r"^(?:[Hh]sa_)?[cC]irc(?:RNA)?[_-]?(.+)$", s)
    host = m.group(1) if m else s
    name = f"circ{host}"
    return f"circRNA:{name}", name
