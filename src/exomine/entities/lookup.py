"""Candidate lookup: the lexicon terms a sentence names, and how each one matched.

One Aho-Corasick pass of the compiled index's automaton
(:class:`~exomine.entities.index.LexiconIndex`) over the sentence's coarse
match keys proposes every candidate span at word boundaries; the exact, case,
Greek-letter and dash-variant rules then decide which candidates are terms,
leftmost first, then longest. Each match records how it was made
(:func:`match_kind`), so that a curator can see a variant hit for what it is.

>>> from exomine.entities.index import LexiconIndex
>>> from exomine.entities.lexicon import LexiconEntry
>>> index = LexiconIndex([LexiconEntry("FOO1", "GENE", "HGNC:1", "FOO1", "symbol", "hgnc")])
>>> [(m.text, m.source) for m in LexiconLookup(index).find("FOO-1 and FOO1 rose.")]
[('FOO-1', 'lexicon:dash'), ('FOO1', 'lexicon:exact')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from exomine.entities.index import LexiconIndex
from exomine.entities.lexicon import LexiconEntry
from exomine.text.patterns import PatternSet, load_patterns
from exomine.text.textnorm import SEPARATORS, greek_to_words, has_greek, loose_key, normalise, term_key

__all__ = ["LexiconLookup", "TermMatch", "ALIAS_KINDS", "match_kind", "tagger_patterns"]


@lru_cache(maxsize=1)
def tagger_patterns() -> PatternSet:
    """The tagger's named patterns (``exomine/data/tagger_patterns.yaml``), loaded once."""
    return load_patterns("tagger_patterns.yaml")


def _rx(pid: str) -> re.Pattern:
    return tagger_patterns()[pid].regex


# What textnorm.match_key drops from ASCII text: runs of white space and hyphens.
_ASCII_SEPARATORS = re.compile(r"[\s-]+")

# Kinds of lexicon row that are another name of the concept, not its preferred name or symbol.
ALIAS_KINDS = frozenset({"previous", "alias", "famplex_grounding", "famplex_gene", "famplex_plural", "brand", "variant", "mesh_synonym", "mesh_variant",
                         "derived", "synonym", "abbreviation", "hgnc", "hgnc_previous", "protein_name",
                         "cell_line_synonym", "derived_cell_line"})


def match_kind(surface: str, entry: LexiconEntry) -> str:
    """How ``surface`` matched ``entry``: ``exact``, or ``+``-joined parts of ``alias``, ``case``, ``greek``, ``dash``.

    ``alias``: the term is another name of the concept (an alias, previous
    symbol, brand or synonym row); ``case``: the surface differs from the term
    in case; ``greek``: a Greek letter is written as a letter on one side and
    as a word on the other; ``dash``: the two differ in dashes or spaces.
    """
    parts = ["alias"] if entry.kind in ALIAS_KINDS else []
    s, t = normalise(surface), normalise(entry.term)  # normalisation is not a variant: U+2010 is "-"
    if s != t:
        if has_greek(s) != has_greek(t):
            parts.append("greek")
        gs, gt = greek_to_words(s), greek_to_words(t)
        if gs.lower() != gt.lower() and loose_key(gs).lower() == loose_key(gt).lower():
            parts.append("dash")
        if loose_key(gs) != loose_key(gt):
            parts.append("case")
    return "+".join(dict.fromkeys(parts)) or "exact"


@dataclass(frozen=True)
class TermMatch:
    """A lexicon term found in a text: its offsets in that text, the entry it names and ``lexicon:<how>``."""

    start: int
    end: int
    text: str
    entry: LexiconEntry
    source: str


class LexiconLookup:
    """Longest-match lookup of lexicon terms in sentences, over one :class:`~exomine.entities.index.LexiconIndex`.

    Parameters
    ----------
    index
        The compiled lexicon index.
    """

    def __init__(self, index: LexiconIndex):
        self.index = index
        self._memo: dict = {}

    def _case_variant(self, key: str, mid_sentence: bool) -> LexiconEntry | None:
        """A gene symbol written in another case: "Akt", "RhoA", "bcl2", "mTOR" for AKT, RHOA, BCL2, MTOR.

        Title case only mid-sentence (or with a digit), lower case only with a
        digit or as one lower-case letter before capitals; never a common
        English word or surname ("Impact", "Yes", "Hua").
        """
        if len(key) < 3 or key == key.upper():
            return None
        digit = any(c.isdigit() for c in key)
        title = _rx("title_case_word").fullmatch(key) is not None
        lower = key.islower()
        plural_acronym = key.endswith("s") and key[:-1].isupper()  # "HCCs", "NETs": plurals, not symbols
        if plural_acronym or not (digit or (title and mid_sentence) or _rx("lower_prefix_symbol").fullmatch(key)
                                  or (mid_sentence and key[0].isupper())):
            return None
        if (title or lower) and not digit and key.lower() in self.index.common:
            return None
        if title and _rx("amino_acid_code").fullmatch(key):
            return None  # "Tyr 705" is a residue, not TYR
        upper = self.index.cased.get(key.upper())
        if upper is not None and upper.label == "GENE":
            return upper
        return None

    def _lookup(self, surface: str, mid_sentence: bool) -> LexiconEntry | None:
        """The entry a surface names, exactly or as a case, upper-case or dash variant (``None``: no term)."""
        index = self.index
        key = term_key(surface)
        entry = index.cased.get(key) or self._case_variant(key, mid_sentence)
        if entry is None and not mid_sentence and key[:1].isupper() and key[1:2].islower():
            # A sentence capitalises its first word: "Creatine kinase levels" is the term "creatine kinase".
            lowered = index.cased.get(key[0].lower() + key[1:])
            entry = lowered if lowered is not None and " " in lowered.term else None
        if entry is not None:
            return entry
        if len(key) >= 4 and key.isupper():
            entry = index.upper.get(key)
            if entry is not None:
                return entry
        lower = key.lower()
        entry = index.folded.get(lower)
        if entry is None or (entry.label == "DRUG" and "-" in key):
            # Dash and space variants; "caspase-3" is HGNC's "caspase 3", and a protein drug spelt like its gene
            # is the gene here.
            variant = self._loose_lookup(surface, key, mid_sentence)
            if variant is not None and (entry is None or variant.label == "GENE"):
                entry = variant
        if entry is not None and entry.label == "LNCRNA" and entry.kind not in ("name", "protein_name") \
                and entry.source != "curated":
            return None
        return entry

    def _loose_lookup(self, surface: str, key: str, mid_sentence: bool) -> LexiconEntry | None:
        index = self.index
        lk = loose_key(key)
        if lk == key:  # nothing to drop: only a term written with dashes or spaces can match
            entry = index.loose_cased.get(lk) or index.loose_folded.get(lk.lower())
        else:
            entry = (index.cased.get(lk) or index.loose_cased.get(lk) or self._case_variant(lk, mid_sentence)
                     or index.folded.get(lk.lower()) or index.loose_folded.get(lk.lower()))
        if entry is None:
            return None
        # A space in the text stands for a space or a dash of the term, never for nothing ("at 1" is not AT1).
        term = entry.term
        if surface.count(" ") > term.count(" ") + term.count("-"):
            return None
        return entry

    def _name_continues(self, text: str, start: int, end: int) -> bool:
        """A match ending in a letter before "-<digits>" is part of a longer name ("FOO-7901" cells), unless
        the name with its number is itself a lexicon term ("FOO-4" in the isoform "FOO-4J")."""
        m = _rx("name_continues").match(text, end)
        if m is None or not text[end - 1].isalpha():
            return False
        digits = re.match(r"-\d+", text[end:])
        return self._lookup(text[start:end + digits.end()], start > 0) is None

    def _candidates(self, text: str) -> dict[int, list[int]]:
        """Every automaton hit at word boundaries: end offsets by start offset.

        The text is read once as its match key (dashes and spaces dropped,
        Greek letters written out, lower case); a hit counts only when no
        letter or digit comes right before it or right after it.
        """
        n = len(text)
        by_start: dict[int, list[int]] = {}
        automaton = self.index.automaton
        if text.isascii():
            # The match key is the lower-cased text without its separator runs; a key offset maps back
            # through the runs removed before it.
            low = text.lower()
            where, removed, shift = [], 0, [0]
            for m in _ASCII_SEPARATORS.finditer(low):
                a, b = m.span()
                where.append(a - removed)
                removed += b - a
                shift.append(removed)
            for last, size in automaton.iter(_ASCII_SEPARATORS.sub("", low)):
                first = last + 1 - size
                a = first + shift[bisect_right(where, first)]
                if a > 0 and text[a - 1].isalnum():
                    continue  # never inside a word ("AKT" in "pAKT", "FOO" in "1FOO")
                b = last + 1 + shift[bisect_right(where, last)]
                if b < n and text[b].isalnum():
                    continue  # "FOO" in "FOO1a"
                by_start.setdefault(a, []).append(b)
            return by_start
        # Greek letters are written out: the key is built token by token, and a hit must start and end at tokens.
        spans = [m.span() for m in _rx("token").finditer(text)]
        pieces = ["" if text[a] in SEPARATORS else greek_to_words(text[a:b]).lower() for a, b in spans]
        offsets = list(accumulate(map(len, pieces), initial=0))  # key offset of each token, and the key's length
        for last, size in automaton.iter("".join(pieces)):
            j = bisect_right(offsets, last) - 1  # the token holding the hit's last character
            i = bisect_right(offsets, last + 1 - size) - 1
            if offsets[i] != last + 1 - size or offsets[j] + len(pieces[j]) != last + 1:
                continue  # starts or ends inside a token
            a, b = spans[i][0], spans[j][1]
            if (a > 0 and text[a - 1].isalnum()) or (b < n and text[b].isalnum()):
                continue
            by_start.setdefault(a, []).append(b)
        return by_start

    def _match(self, surface: str, mid_sentence: bool) -> "tuple[LexiconEntry, str] | None":
        """The entry a candidate surface names and how it matched (memoised: surfaces recur)."""
        memo = self._memo
        got = memo.get((surface, mid_sentence), memo)
        if got is memo:
            entry = self._lookup(surface, mid_sentence)
            got = None if entry is None else (entry, f"lexicon:{match_kind(surface, entry)}")
            if len(memo) > 200_000:
                memo.clear()
            memo[(surface, mid_sentence)] = got
        return got

    def find(self, text: str, mid_sentence: bool = False) -> list[TermMatch]:
        """All maximal lexicon matches in ``text``, aligned to token boundaries.

        Leftmost first, then longest: at each token where some term may
        start, the longest candidate that :meth:`_lookup` accepts wins and the
        search goes on after it. Each match's ``source`` is ``lexicon:<how>``
        (:func:`match_kind`). ``mid_sentence``: ``text`` is a piece of a sentence that does not start it,
        so its first word is read as a mid-sentence word (a title-case "Foo" may be the symbol FOO).
        """
        by_start = self._candidates(text)
        found: list[TermMatch] = []
        n = len(text)
        after = 0  # where a new match may start
        for s0 in sorted(by_start):
            if s0 < after:
                continue
            for end in sorted(set(by_start[s0]), reverse=True):
                if end < n and self._name_continues(text, s0, end):
                    continue
                surface = text[s0:end]
                if "\n" in surface:
                    continue
                got = self._match(surface, s0 > 0 or mid_sentence)
                if got is not None:
                    entry, source = got
                    found.append(TermMatch(s0, end, surface, entry, source))
                    after = end
                    break
        return found
