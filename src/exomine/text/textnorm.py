"""One text normalisation for ingestion, lexicon building and lookup.

Every piece of exomine that compares text with text goes through here, so
that a document, a lexicon term and a looked-up surface can never disagree
about what a dash or a Greek letter is (the design of gilda's
``process.py``, which folds dashes and Greek letters in one module that
both term generation and grounding use). The module is pure and imports
nothing else from exomine.

Two levels:

* :func:`normalise` -- applied once to a document's text at ingestion; the
  cleaned text in ``results/docs/`` is its output, so every offset points
  at normalised text. NFKC forms; every Unicode hyphen and dash -> ``-``;
  soft hyphens and zero-width characters removed; no-break and other space
  variants -> a plain space.
* :func:`term_key` -- applied to lexicon terms when the index is built and
  to surfaces when they are looked up: :func:`normalise`, then Greek
  letters written out (``β`` -> ``beta``), so ``TGF-β`` and ``TGF-beta``
  share a key. Case is left alone: case policy belongs to the tagger.
  :func:`loose_key` additionally drops dashes and spaces (``Bcl-2`` /
  ``Bcl2``, ``caspase-3`` / ``caspase 3``) for the tagger's dash-variant
  lookup.
* :func:`match_key` -- the coarsest level: :func:`term_key` lower-cased
  with every dash and space removed. Any two strings that :func:`term_key`,
  :func:`loose_key` or a change of case make equal share it, so the
  tagger's Aho-Corasick automaton, built over these keys, finds every
  candidate match in one pass; the finer keys then decide.

>>> normalise("non\u2010small cell lung cancer")
'non-small cell lung cancer'
>>> term_key("TGF\u2010\u03b2")
'TGF-beta'
>>> loose_key("TGF-\u03b2") == loose_key("TGFbeta")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DASHES",
    "GREEK",
    "normalise",
    "fold_dashes",
    "greek_to_words",
    "has_greek",
    "term_key",
    "loose_key",
    "match_key",
    "SEPARATORS",
]

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
"""Hyphens, dashes and minus signs written as ``-`` (U+2010-U+2015, U+2212, U+FE58, U+FE63, U+FF0D)."""

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"
"""Soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM, Mongolian vowel separator."""

_SPACE_VARIANTS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"

_TABLE = {ord(c): "-" for c in DASHES}
_TABLE.update({ord(c): None for c in _INVISIBLE})
_TABLE.update({ord(c): " " for c in _SPACE_VARIANTS})

GREEK: tuple[tuple[str, str], ...] = (
    ("α", "alpha"), ("β", "beta"), ("γ", "gamma"), ("δ", "delta"), ("ε", "epsilon"), ("ζ", "zeta"),
    ("η", "eta"), ("θ", "theta"), ("ι", "iota"), ("κ", "kappa"), ("λ", "lambda"), ("μ", "mu"),
    ("ν", "nu"), ("ξ", "xi"), ("ο", "omicron"), ("π", "pi"), ("ρ", "rho"), ("σ", "sigma"), ("ς", "sigma"),
    ("τ", "tau"), ("υ", "upsilon"), ("φ", "phi"), ("χ", "chi"), ("ψ", "psi"), ("ω", "omega"),
    ("Α", "Alpha"), ("Β", "Beta"), ("Γ", "Gamma"), ("Δ", "Delta"), ("Ε", "Epsilon"), ("Κ", "Kappa"),
    ("Λ", "Lambda"), ("Σ", "Sigma"), ("Ω", "Omega"),
)
"""Greek letters and how they are written out (lower and upper case)."""

_GREEK_TABLE = {ord(letter): word for letter, word in GREEK}
SEPARATORS = frozenset("-" + DASHES)
"""Characters :func:`match_key` drops besides white space: the hyphen and every dash variant."""
_SEPARATOR_RUN = re.compile("[\\s" + re.escape("-" + DASHES) + "]+")
# NFKC maps the micro sign to Greek mu; the Greek-symbol block variants (ϐ, ϑ, ϕ ...) are handled by NFKC too.
_LOOSE = re.compile(r"[\s-]+")
_AT_DIGIT_OR_GREEK = re.compile(r"(?<=[\d\u0370-\u03ff])-|-(?=[\d\u0370-\u03ff])")
_GREEK_WORDS = "|".join(sorted({w.lower() for _, w in GREEK}, key=len, reverse=True))
_AT_GREEK_WORD = re.compile(rf"(?i)-(?=(?:{_GREEK_WORDS})(?-i:(?![a-z])))|(?<![a-z])((?:{_GREEK_WORDS}))-")


def normalise(text: str) -> str:
    """Normalise a document's text (see the module docstring).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        NFKC text in which every hyphen/dash variant is ``-``, every space
        variant is ``' '`` and soft hyphens and zero-width characters are
        gone. Idempotent. Line breaks and runs of spaces are kept (folding
        them is layout, left to the ingestion that knows the layout).

    Examples
    --------
    >>> normalise("linc\u2011ROR and Bcl\u00ad2 and caspase\u20103")
    'linc-ROR and Bcl2 and caspase-3'
    """
    text = text.translate(_TABLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return text


def fold_dashes(text: str) -> str:
    """Write every hyphen/dash variant as ``-`` (and nothing else)."""
    return text.translate({ord(c): "-" for c in DASHES})


def has_greek(text: str) -> bool:
    """Whether ``text`` holds a Greek letter that :func:`greek_to_words` would write out."""
    return not text.isascii() and any(ord(c) in _GREEK_TABLE for c in text)


def greek_to_words(text: str) -> str:
    """Write Greek letters out as Latin words (``NF-κB`` -> ``NF-kappaB``)."""
    return text if text.isascii() else text.translate(_GREEK_TABLE)


def term_key(text: str) -> str:
    """The lookup key of a lexicon term or a text surface: :func:`normalise` + :func:`greek_to_words`.

    Case is kept. Keys of ASCII text are the text itself, so building the
    index and looking surfaces up stay cheap.

    >>> term_key("NF-\u03baB") == term_key("NF-kappaB")
    True
    """
    if text.isascii():
        return text
    return greek_to_words(normalise(text))


def loose_key(text: str) -> str:
    """The key of dash and space variants (:func:`term_key` with separators made uniform).

    A dash and a space between two words are the same separator (``-``); a
    separator next to a digit or a Greek letter may be left out altogether
    (``caspase 3`` / ``caspase-3`` / ``caspase3``, ``TGF-β`` / ``TGFβ``). Two
    words are never run together: ``protein S`` is not ``proteins``.

    >>> loose_key("caspase-3") == loose_key("caspase 3") == loose_key("caspase3")
    True
    >>> loose_key("protein S") == loose_key("proteins")
    False
    """
    t = _LOOSE.sub("-", normalise(text).strip())
    if "-" in t:
        t = _AT_DIGIT_OR_GREEK.sub("", t)
    t = greek_to_words(t)
    if "-" in t:
        t = _AT_GREEK_WORD.sub(lambda m: m.group(1) or "", t)
    return t


def match_key(text: str) -> str:
    """The candidate key of a term or surface: :func:`term_key`, lower-cased, without dashes and spaces.

    Coarser than :func:`loose_key` on purpose ("protein S" and "proteins"
    share it): it only proposes candidates, which the finer keys accept or
    reject.

    >>> match_key("TGF-\u03b2") == match_key("tgf beta") == match_key("TGFbeta")
    True
    """
    return _SEPARATOR_RUN.sub("", greek_to_words(normalise(text))).lower()
