"""Lenient name matching: two names that name the same thing, written differently.

Used where gold and predictions are matched by name rather than by
normalised id (triple arguments, targets and cancers): case, Unicode dashes,
Greek letters, species prefixes, "exosomal"/"lncRNA" words and miRNA arms
make no difference.

>>> names_match("Exosomal hsa-miR-501-5p", "miR-501")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "name_key", "keys_match", "names_match"]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"), "-")
_GREEK = str.maketrans({"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
                        "μ": "mu"})
# Words a gold annotator or a sentence puts before a name that do not change what it names.
_LEAD_WORDS = re.compile(r"^(?:(?:exosomal|exosome-derived|exosomic|extracellular|circulating|serum|plasma)\s+)+")
_SPECIES = re.compile(r"^(?:hsa|mmu|rno)[-_ ]")
_CLASS_WORDS = re.compile(r"^(?:lncrna|lnc-rna|long non-?coding rna|protein|gene)[\s-]+(?=[a-z0-9])")


def fold(text: str) -> str:
    """Case-, dash- and space-folded text, for keys of unnormalised mentions."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_DASHES).lower()).strip()


def name_key(name: str) -> str:
    """A lenient key for a name: folded, Greek letters spelled out, prefixes that name no difference removed.

    >>> name_key("Exosomal hsa-miR-21-5p"), name_key("lncRNA-SNHG14"), name_key("microRNA 21")
    ('mir-21-5p', 'snhg14', 'mir-21')
    """
    s = fold(name).translate(_GREEK)
    s = _LEAD_WORDS.sub("", s)
    s = _SPECIES.sub("", s)
    s = _CLASS_WORDS.sub("", s)
    s = re.sub(r"^pre-(?=mi|let)", "", s)
    s = re.sub(r"micro-?rna|mirna", "mir", s).replace("circrna", "circ")
    s = re.sub(r"[^a-z0-9-]+", "-", s)
    s = re.sub(r"^(mir|let)-?(?=\d)", r"\1-", s)
    return re.sub(r"-+", "-", s).strip("-")


def keys_match(a: str, b: str) -> bool:
    """Whether two :func:`name_key` keys name the same thing (dashes aside; a miRNA and its arm)."""
    if not a or not b:
        return False
    if a.replace("-", "") == b.replace("-", ""):
        return True
    if a.startswith(("mir-", "let-")) and b.startswith(("mir-", "let-")):
        short, long = sorted((a, b), key=len)
        return long.startswith(short) and long[len(short)] == "-"  # an arm or locus: miR-501 ~ miR-501-5p
    return False


def names_match(a: str, b: str) -> bool:
    """Whether two names name the same thing, leniently (see :func:`name_key`; miR-501 matches miR-501-5p)."""
    return keys_match(name_key(a), name_key(b))
