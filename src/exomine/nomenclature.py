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
from dataclasses import dataclass

__all__ = [
    "NcrnaSpan",
    "find_ncrna",
    "canonical_mirna",
    "mirna_precursor_keys",
    "canonical_circrna",
    "MIRNA_RE",
    "CIRCRNA_RE",
    "LNCRNA_RE",
]

_DASH_CHARS = "\u2010\u2011\u2012\u2013-"  # "-" last, so it is literal inside [...]
_DASH = f"[{_DASH_CHARS}]"
_SPECIES = r"(?:(?:hsa|mmu|rno|ebv|kshv|hcmv)[-_])?"
# miR-21, miR-155-5p, miR-92a-3p, miR-106b~25, microRNA-148b-3p, MiR-1246, miR-34a/b/c, mir-200c*
_MIR_CORE = rf"(?:[Mm]icro{_DASH}?RNA|miRNA|miR|Mir|MiR|MIR|mir){_DASH}?(?=\d)(\d+[a-z]?)"
_MIR_TAIL = rf"(?:{_DASH}(\d)(?![\d]))?(?:{_DASH}([35]p))?(\*)?(?:~\d+[a-z]?)?"
_LET = rf"let{_DASH}?(7[a-k]?)"
MIRNA_RE = re.compile(
    # after a hyphen too, in axis notation ("lncFOO-miR-1-FOO1 network")
    rf"(?:(?<=\b[Pp]re-)|(?<=\b[Pp]ri-)|(?<=[A-Za-z0-9]-)|(?<![\w-])){_SPECIES}(?:{_MIR_CORE}|{_LET}){_MIR_TAIL}"
    rf"(?:/(?:\d+[a-z]?|[a-z])(?:-[35]p)?)*(?![\w])"
)
# hsa_circ_0000338, circ_0072083, circRNA_100290, circVMP1, circ-XIAP, circ_UBE2D2, circRNA-SORE,
# circHIPK3, hsa_circRNA_104348; not "circRNAs" / "circular".
CIRCRNA_RE = re.compile(
    rf"(?<![\w-])(?:(?:hsa|mmu)_circ(?:RNA)?_\d{{4,8}}|[cC]irc(?:RNA)?[_{_DASH_CHARS}]\d{{4,8}}"
    rf"|[cC]irc(?:RNA)?[_{_DASH_CHARS}]?(?!RNAs?\b)[A-Z][A-Z0-9]{{1,10}}(?:{_DASH}\d+)?)(?![\w])"
)
# LINC00852, Linc00852, lncRNA-ATB, LncRNA-H19 prefixed forms; bare symbols come from the HGNC lexicon.
LNCRNA_RE = re.compile(rf"(?<![\w-])(?:LINC|Linc|linc){_DASH}?\d{{5}}(?![\w])")
# "lncRNA CCAL", "long noncoding RNA ARSR", "lncARSR": a symbol introduced as a lncRNA.
LNCRNA_INTRO_RE = re.compile(
    rf"(?:\b(?:lncRNAs?|LncRNAs?|LNCRNAs?|long non{_DASH}?coding RNAs?|long noncoding RNAs?)(?:\s+|{_DASH})"
    rf"|\blnc{_DASH}?(?=[A-Z])(?!RNA))([A-Z][A-Za-z0-9]*[A-Z0-9](?:{_DASH}[A-Z0-9]+)?)(?![\w])"
)


@dataclass(frozen=True)
class NcrnaSpan:
    start: int
    end: int
    text: str
    label: str  # MIRNA | CIRCRNA | LNCRNA


def find_ncrna(text: str) -> list[NcrnaSpan]:
    """Find miRNA, circRNA and prefixed lncRNA names in ``text`` (non-overlapping)."""
    spans: list[NcrnaSpan] = []
    for rx, label in ((CIRCRNA_RE, "CIRCRNA"), (MIRNA_RE, "MIRNA"), (LNCRNA_RE, "LNCRNA")):
        for m in rx.finditer(text):
            spans.append(NcrnaSpan(m.start(), m.end(), m.group(0), label))
    for m in LNCRNA_INTRO_RE.finditer(text):
        spans.append(NcrnaSpan(m.start(1), m.end(1), m.group(1), "LNCRNA"))
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[NcrnaSpan] = []
    for s in spans:
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


def _fold_dashes(s: str) -> str:
    return re.sub(_DASH, "-", s)


def canonical_mirna(surface: str, species: str = "hsa") -> str:
    """Canonical mature-style name: ``hsa-miR-<n>[-<copy>][-<arm>]``; let-7 keeps its name.

    The arm (5p/3p) is kept where written; clusters (``~25``) and slash
    lists keep only their first member.
    """
    s = _fold_dashes(surface.strip())
    s = s.split("/")[0].split("~")[0].rstrip("*")
    m = re.match(r"^(?:(hsa|mmu|rno|ebv|kshv|hcmv)[-_])?(?:[Mm]icro-?RNA|miRNA|miR|mir|MiR|MIR|Mir)-?(\d+[a-z]?)(.*)$", s)
    if m:
        sp = m.group(1) or species
        return f"{sp}-miR-{m.group(2)}{m.group(3)}"
    m = re.match(r"^(?:(hsa|mmu|rno)[-_])?let-?(7[a-k]?)(.*)$", s)
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
    """
    s = _fold_dashes(surface)
    m = re.match(r"^(?:hsa_)?[cC]irc(?:RNA)?[_-](\d{7})$", s)
    if m:
        name = f"hsa_circ_{m.group(1)}"
        return f"circBase:{name}", name
    m = re.match(r"^(?:hsa_)?[cC]irc(?:RNA)?[_-]?(.+)$", s)
    host = m.group(1) if m else s
    name = f"circ{host}"
    return f"circRNA:{name}", name
