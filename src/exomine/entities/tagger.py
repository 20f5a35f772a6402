"""Rule- and lexicon-based entity tagging over plain text.

The tagger finds entity spans by character offsets, so entity boundaries
never depend on how a tokenizer happened to cut ``miR-524-5p-METTL3/SOX2``:

1. nomenclature rules for miRNAs, circRNAs and prefixed lncRNAs
   (:mod:`exomine.entities.nomenclature`);
2. longest-match lookup of lexicon terms at word boundaries, case sensitive
   for gene symbols and case insensitive for drugs, cancers, cells and
   pathways (:class:`LexiconIndex`): one Aho-Corasick pass (Aho & Corasick,
   1975, via ``pyahocorasick``) over the sentence's coarse match keys
   proposes every candidate span, and the exact, case and dash-variant
   rules decide which candidates are terms;
3. pathway phrases: gene/family names joined by ``/`` or ``-`` before
   "pathway", "signaling" or "axis" when they name a known pathway;
4. document-local abbreviations (found by scispaCy's
   ``AbbreviationDetector``): a short form takes the label and identifier of
   its long form (``DDP`` -> cisplatin), and a short form whose long form is
   not a gene does not become a gene (``TME``, ``EMT``).

Overlaps are resolved by preferring the longer span, then the more specific
source (nomenclature > pathway > abbreviation > lexicon).
"""

from __future__ import annotations

import marshal
import os
import pickle
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Mapping, Sequence

from exomine.entities.lexicon import LexiconEntry
from exomine.entities.nomenclature import (NcrnaSpan, canonical_circrna, canonical_mirna, find_definitions, find_ncrna,
                           mirna_precursor_keys)
from exomine.text.patterns import PatternSet, load_patterns
from exomine.text.textnorm import SEPARATORS, greek_to_words, has_greek, loose_key, match_key, normalise, term_key

__all__ = ["EntitySpan", "LexiconIndex", "EntityTagger", "Abbreviation", "DocumentContext", "resolve_overlaps",
           "match_kind", "tagger_patterns"]


@lru_cache(maxsize=1)
def tagger_patterns() -> PatternSet:
    """The tagger's named patterns (``exomine/data/tagger_patterns.yaml``), loaded once."""
    return load_patterns("tagger_patterns.yaml")


def _rx(pid: str) -> re.Pattern:
    return tagger_patterns()[pid].regex


# What textnorm.match_key drops from ASCII text: runs of white space and hyphens.
_ASCII_SEPARATORS = re.compile(r"[\s-]+")


def _class_word_label(text: str, max_gap: int = 1000) -> str | None:
    """The ncRNA class named last in ``text`` (``class_word`` pattern), as a label, if it ends near the end."""
    last = None
    for m in _rx("class_word").finditer(text):
        last = m
    if last is None or len(text) - last.end() > max_gap:
        return None
    word = last.group(0).lower()
    return "CIRCRNA" if word.startswith("circ") else "MIRNA" if "mi" in word[:5] else "LNCRNA"


_FUNCTION_WORDS = frozenset("a an and the of in on for to with by from or as at type family member subunit".split())


def _content_words(text: str) -> set[str]:
    """Lower-case words and numbers of a name, without function words ("Delta-like 4" -> delta, like, 4)."""
    return {w for w in re.findall(r"[a-z]+|\d+", greek_to_words(text).lower()) if w not in _FUNCTION_WORDS}


_CASE_SENSITIVE_LABELS = {"GENE", "MIRNA_GENE"}
_PRIORITY = {"nomenclature": 4, "pathway": 3, "abbreviation": 2, "lexicon": 1, "model": 0}
# Kinds of lexicon row that are another name of the concept, not its preferred name or symbol.
ALIAS_KINDS = frozenset({"previous", "alias", "famplex_grounding", "famplex_gene", "brand", "variant", "mesh_synonym", "mesh_variant",
                         "derived", "synonym", "abbreviation", "hgnc", "hgnc_previous", "protein_name"})


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
class EntitySpan:
    start: int
    end: int
    text: str
    label: str
    norm_id: str
    norm_name: str
    source: str

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Abbreviation:
    short: str
    long: str


@dataclass(frozen=True)
class DocumentContext:
    """Document-level knowledge applied to every sentence (see ``EntityTagger.document_context``)."""

    short_forms: Mapping[str, "EntitySpan | None"]
    long_forms: Mapping[str, "EntitySpan"]
    learned: Mapping[str, "EntitySpan"]

    def items(self):
        yield from self.learned.items()
        yield from self.long_forms.items()
        yield from self.short_forms.items()

    @property
    def pattern(self) -> "re.Pattern | None":
        """One compiled alternation of every surface, longest first (cached)."""
        cached = self.__dict__.get("_pattern", False)
        if cached is False:
            surfaces = sorted({k for k, _ in self.items() if k}, key=len, reverse=True)
            cached = re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(x) for x in surfaces) + r")(?![\w])"
            ) if surfaces else None
            object.__setattr__(self, "_pattern", cached)
        return cached

    def lookup(self, surface: str) -> "EntitySpan | None | bool":
        """The entity for a surface (``None``: defined as a non-entity; ``False``: unknown)."""
        for table in (self.learned, self.long_forms, self.short_forms):
            if surface in table:
                return table[surface]
        return False


def resolve_overlaps(spans: Iterable[EntitySpan]) -> list[EntitySpan]:
    """Keep non-overlapping spans: longer first, then by source priority, then earlier."""
    ranked = sorted(
        spans, key=lambda s: (-s.length, -_PRIORITY.get(s.source.split(":")[0], 0), s.start)
    )
    taken: list[EntitySpan] = []
    occupied: list[tuple[int, int]] = []
    for s in ranked:
        if any(s.start < e and b < s.end for b, e in occupied):
            continue
        taken.append(s)
        occupied.append((s.start, s.end))
    return sorted(taken, key=lambda s: s.start)


class _EntryMap:
    """Read-only ``key -> LexiconEntry`` view over key -> row-number and the rows (fields joined by tabs).

    One string a row, split when a key is looked up: a compiled index loads
    one object per row instead of seven.
    """

    __slots__ = ("ids", "rows")

    def __init__(self, ids: dict[str, int], rows: list[str]):
        self.ids, self.rows = ids, rows

    def get(self, key: str, default=None):
        n = self.ids.get(key)
        return default if n is None else LexiconEntry(*self.rows[n].split("\t"))

    def __contains__(self, key: str) -> bool:
        return key in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):
        return iter(self.ids)

    def items(self):
        for k, n in self.ids.items():
            yield k, LexiconEntry(*self.rows[n].split("\t"))


def _is_common_word_alias(e: LexiconEntry, common: set[str]) -> bool:
    """A gene or lncRNA alias (not an approved symbol) that spells a common English word or surname."""
    return (e.label in ("GENE", "LNCRNA") and e.kind in ("alias", "previous") and e.term.isalpha()
            and e.term.lower() in common)


class LexiconIndex:
    """Exact- and variant-match index of lexicon terms for longest-match lookup.

    Terms and looked-up surfaces share one key (:func:`exomine.text.textnorm.term_key`:
    normalised text, Greek letters written out), so ``TGF-β`` and ``TGF-beta``
    are one key. Gene and family symbols are matched case-sensitively
    (``MET`` is a gene, "met" is not); every other label case-insensitively.
    Gene aliases and previous symbols are kept only when they name one gene,
    are at least three characters long, are not all lower case and do not
    spell a common English word or surname (``common_words``), and are never
    allowed to shadow another gene's approved symbol. Dash and space variants
    (``Bcl-2`` / ``BCL2``, ``caspase-3`` / ``caspase 3``) match through
    :func:`exomine.text.textnorm.loose_key` when the loose key names one concept.

    Parameters
    ----------
    entries
        Lexicon rows (see :mod:`exomine.entities.lexicon`).
    stoplist
        Rows of ``(term, label)`` never to tag.
    exclude_ids
        Concepts never to tag.
    common_words
        Lower-case common English words and surnames (the generated
        ``common_words`` lexicon): an alias spelling one is dropped, and a
        title-case or lower-case surface that is one is not matched to an
        all-capitals symbol by a change of case.
    """

    def __init__(self, entries: Iterable[LexiconEntry], stoplist: Iterable[LexiconEntry] = (),
                 exclude_ids: Iterable[str] = (), common_words: Iterable[str] = ()):
        stop = {(term_key(e.term), e.label) for e in stoplist}
        excluded_ids = set(exclude_ids)
        self.common = {w.lower() for w in common_words}
        self.cased: dict[str, LexiconEntry] = {}
        self.folded: dict[str, LexiconEntry] = {}
        self.mirna_precursors: dict[str, LexiconEntry] = {}
        symbols: dict[str, LexiconEntry] = {}  # approved symbols: never shadowed by an alias
        aliases: dict[str, set[str]] = {}
        alias_entry: dict[str, LexiconEntry] = {}
        curated: dict[str, LexiconEntry] = {}
        entries = list(entries)
        # A drug whose name is a gene's approved name ("Interferon Gamma", "Fibroblast Growth Factor 2") is the
        # gene product: its spellings name the gene.
        gene_names = {e.term.lower(): e for e in entries if e.kind == "name" and e.label == "GENE"}
        for n, e in enumerate(entries):
            gene = gene_names.get(e.norm_name.lower()) if e.label == "DRUG" else None
            if gene is not None:
                entries[n] = LexiconEntry(e.term, "GENE", gene.norm_id, gene.norm_name, "protein_name", e.source)
        for e in entries:
            key = term_key(e.term)
            if (key, e.label) in stop or e.norm_id in excluded_ids:
                continue
            if e.label == "MIRNA":
                if e.kind == "precursor":
                    self.mirna_precursors[key.lower()] = e
                continue
            if e.label == "MIRNA_GENE":
                continue
            if e.kind in ("abbreviation", "regimen", "therapy", "class_abbreviation"):
                self.cased[key] = e
            elif e.kind in ("name", "protein_name") and e.label in ("GENE", "LNCRNA"):
                # Approved names ("phosphatase and tensin homolog") match case-insensitively.
                if len(key) >= 6 or (e.kind == "protein_name" and len(key) >= 5):
                    self.folded.setdefault(key.lower(), e)
            elif e.kind == "famplex_gene":
                # FamPlex's curated reading of a text as one gene ("Nrf2", "COX-2"): beats the ambiguity of HGNC
                # aliases, never an approved symbol; short texts and common words are left out as for aliases.
                if len(key) >= 3 and not (key.isalpha() and key.lower() in self.common):
                    curated.setdefault(key, e)
            elif e.label in _CASE_SENSITIVE_LABELS or e.label == "LNCRNA":
                if e.kind == "symbol" or e.source.startswith("famplex"):
                    if e.kind == "symbol":
                        symbols[key] = e
                    self.cased.setdefault(key, e)
                else:
                    # Aliases: not all lower case (English words), unless they carry a digit
                    # ("syntenin-1", "galectin-9"); not a common word spelt in capitals ("YES", "STOP").
                    if len(key) < 3 or not any(c.isalpha() for c in key) or _is_common_word_alias(e, self.common):
                        continue
                    if key.islower() and not any(c.isdigit() for c in key) and not ("-" in key and len(key) >= 8):
                        continue
                    aliases.setdefault(key, set()).add(e.norm_id)
                    alias_entry.setdefault(key, e)
            else:
                if len(key) < 3 and not any(c.isdigit() for c in key):
                    continue
                old = self.folded.get(key.lower())
                # Prefer generic names over brand names, and the first source otherwise.
                if old is None or (old.kind == "brand" and e.kind != "brand"):
                    self.folded[key.lower()] = e
        for key, e in curated.items():
            if key not in symbols:
                self.cased.setdefault(key, e)
        for key, ids in aliases.items():
            if len(ids) == 1 and key not in symbols:
                self.cased.setdefault(key, alias_entry[key])
        # Gene names written in capitals where the source spells them in mixed case
        # ("ALIX" for the alias "Alix"): only when the capitalised form names one gene.
        upper: dict[str, set[str]] = {}
        upper_entry: dict[str, LexiconEntry] = {}
        for key, e in self.cased.items():
            if e.label == "GENE" and key != key.upper() and len(key) >= 4:
                upper.setdefault(key.upper(), set()).add(e.norm_id)
                upper_entry.setdefault(key.upper(), e)
        self.upper = {k: upper_entry[k] for k, ids in upper.items() if len(ids) == 1 and k not in self.cased}
        # Dash and space variants: terms keyed without dashes and spaces, when that key names one concept
        # and is not itself the key of another term.
        self.loose_cased = self._loose(self.cased, lambda k: k)
        self.loose_folded = self._loose(self.folded, str.lower)
        self._compact()
        self.automaton = self._automaton()
        self._memo: dict = {}

    @staticmethod
    def _loose(table: Mapping[str, LexiconEntry], case) -> dict[str, LexiconEntry]:
        by_key: dict[str, dict[str, LexiconEntry]] = {}
        for key, e in table.items():
            lk = case(loose_key(key))
            if lk != key:
                by_key.setdefault(lk, {}).setdefault(e.norm_id, e)
        out = {}
        for k, concepts in by_key.items():
            if len(concepts) > 1:  # a protein drug spelt like its gene is the gene here
                concepts = {i: e for i, e in concepts.items() if e.label != "DRUG"}
            if len(concepts) == 1:
                (e,) = concepts.values()
                if k not in table or table[k].norm_id == e.norm_id:
                    out[k] = e
        return out

    # Maps whose keys a surface can match in :meth:`find` (mirna_precursors serves the nomenclature only).
    _FIND_MAPS = ("cased", "folded", "upper", "loose_cased", "loose_folded")

    def _automaton(self):
        """An Aho-Corasick automaton over the :func:`~exomine.text.textnorm.match_key` of every findable key.

        Every surface that :meth:`_lookup` accepts has the match key of one
        of these keys (exact, case, Greek and dash variants all differ only in
        what the match key drops), so the automaton's hits are a superset of
        the matches, found in one pass over the text.
        """
        import ahocorasick

        automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for name in self._FIND_MAPS:
            for key in getattr(self, name):
                mk = match_key(key)
                if mk:
                    automaton.add_word(mk)
        automaton.make_automaton()
        return automaton

    # -- compact storage and serialisation --------------------------------------------
    _MAPS = ("cased", "folded", "upper", "mirna_precursors", "loose_cased", "loose_folded")
    VERSION = 3

    def _compact(self) -> None:
        """Store entries once, as tab-joined rows, and the maps as key -> entry number."""
        numbers: dict[LexiconEntry, int] = {}
        rows: list[str] = []
        for name in self._MAPS:
            table = getattr(self, name)
            if isinstance(table, _EntryMap):
                continue
            ids = {}
            for key, e in table.items():
                if e not in numbers:
                    numbers[e] = len(rows)
                    rows.append("\t".join((e.term, e.label, e.norm_id, e.norm_name, e.kind, e.source)))
                ids[key] = numbers[e]
            setattr(self, name, ids)
        self._rows = rows
        for name in self._MAPS:
            setattr(self, name, _EntryMap(getattr(self, name), rows))

    @staticmethod
    def _build() -> bytes:
        """What a compiled index's bytes depend on besides the lexicons: the Python version (:mod:`marshal`'s
        format) and the pyahocorasick build (the automaton's pickle)."""
        import ahocorasick

        return f"python {sys.version_info[0]}.{sys.version_info[1]}; ahocorasick {os.path.getsize(ahocorasick.__file__)}".encode()

    def to_bytes(self) -> bytes:
        """Serialise: a header line, then :mod:`marshal` (plain dicts, lists and strings: fast to load) with the
        automaton pickled inside."""
        data = {name: getattr(self, name).ids for name in self._MAPS}
        data.update(rows=self._rows, common=sorted(self.common),
                    automaton=pickle.dumps(self.automaton, protocol=pickle.HIGHEST_PROTOCOL))
        return b"exomine lexicon index %d; %s\n" % (self.VERSION, self._build()) + marshal.dumps(data)

    @classmethod
    def from_bytes(cls, blob: bytes) -> "LexiconIndex":
        """Load :meth:`to_bytes` output; another version or build of it is refused (rebuild it)."""
        end = blob.find(b"\n", 0, 200)
        head = blob[:end] if end >= 0 else blob[:200]
        if head != b"exomine lexicon index %d; %s" % (cls.VERSION, cls._build()):
            raise ValueError("not a compiled exomine lexicon index of this version, Python and pyahocorasick "
                             f"({head[:80]!r}): rebuild it (exomine.extraction.pipeline.compile_index, or delete "
                             "results/cache/lexicon_index.bin)")
        data = marshal.loads(memoryview(blob)[end + 1:])  # no copy of the body
        self = cls.__new__(cls)
        self._rows = data["rows"]
        self.common = set(data["common"])
        for name in cls._MAPS:
            setattr(self, name, _EntryMap(data[name], self._rows))
        self.automaton = pickle.loads(data["automaton"])
        self._memo = {}
        return self

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry for an exact surface string (cased first, then folded)."""
        key = term_key(surface)
        return self.cased.get(key) or self.folded.get(key.lower())

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
        if (title or lower) and not digit and key.lower() in self.common:
            return None
        upper = self.cased.get(key.upper())
        if upper is not None and upper.label == "GENE":
            return upper
        return None

    def _lookup(self, surface: str, mid_sentence: bool) -> LexiconEntry | None:
        key = term_key(surface)
        entry = self.cased.get(key) or self._case_variant(key, mid_sentence)
        if entry is not None:
            return entry
        if len(key) >= 4 and key.isupper():
            entry = self.upper.get(key)
            if entry is not None:
                return entry
        lower = key.lower()
        entry = self.folded.get(lower)
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
        lk = loose_key(key)
        if lk == key:  # nothing to drop: only a term written with dashes or spaces can match
            entry = self.loose_cased.get(lk) or self.loose_folded.get(lk.lower())
        else:
            entry = (self.cased.get(lk) or self.loose_cased.get(lk) or self._case_variant(lk, mid_sentence)
                     or self.folded.get(lk.lower()) or self.loose_folded.get(lk.lower()))
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
            for last, size in self.automaton.iter(_ASCII_SEPARATORS.sub("", low)):
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
        for last, size in self.automaton.iter("".join(pieces)):
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

    def find(self, text: str, offset: int = 0) -> list[EntitySpan]:
        """All maximal lexicon matches in ``text``, aligned to token boundaries.

        Leftmost first, then longest: at each token where some term may
        start, the longest candidate that :meth:`_lookup` accepts wins and the
        search goes on after it. Each span's ``source`` is ``lexicon:<how>``
        (:func:`match_kind`).
        """
        by_start = self._candidates(text)
        found: list[EntitySpan] = []
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
                got = self._match(surface, s0 > 0)
                if got is not None:
                    entry, source = got
                    found.append(EntitySpan(offset + s0, offset + end, surface, entry.label, entry.norm_id,
                                            entry.norm_name, source))
                    after = end
                    break
        return found


class EntityTagger:
    """Find and normalise entity mentions in sentences of one document.

    Parameters
    ----------
    index
        The lexicon index.
    """

    def __init__(self, index: LexiconIndex):
        self.index = index

    # -- normalisation -------------------------------------------------
    def normalise_mirna(self, surface: str) -> tuple[str, str]:
        name = canonical_mirna(surface)
        for key in mirna_precursor_keys(name.lower()):
            entry = self.index.mirna_precursors.get(key)
            if entry:
                return entry.norm_id, name
        return f"miRBase:{name}", name

    def _ncrna(self, text: str, offset: int, found: "Sequence[NcrnaSpan] | None" = None) -> list[EntitySpan]:
        """ncRNA names of ``text`` (``found``: its :func:`~exomine.entities.nomenclature.find_ncrna`, if known), normalised."""
        out = []
        for s in find_ncrna(text) if found is None else found:
            if s.label == "MIRNA":
                norm_id, name = self.normalise_mirna(s.text)
            elif s.label == "CIRCRNA":
                norm_id, name = canonical_circrna(s.text)
            else:
                norm_id, name = self._lncrna_identity(s.text, s.symbol)
            out.append(EntitySpan(offset + s.start, offset + s.end, s.text, s.label, norm_id, name,
                                  f"nomenclature:{s.rule}" if s.rule else "nomenclature"))
        return out

    def _lncrna_identity(self, text: str, symbol: str = "") -> tuple[str, str]:
        """HGNC identity of a lncRNA name; for a prefixed name ("linc-FOO") only a lncRNA symbol counts."""
        if symbol:
            for surface in (text, text.upper(), symbol, symbol.upper()):
                entry = self.index.lookup(surface)
                if entry is not None and entry.label == "LNCRNA":
                    return entry.norm_id, entry.norm_name
            return f"lncRNA:{symbol.upper()}", text
        entry = self.index.lookup(text) or self.index.lookup(text.upper())
        if entry is not None and entry.label in ("LNCRNA", "GENE"):
            return entry.norm_id, entry.norm_name
        return f"lncRNA:{text.upper()}", text

    def _defined_names(self, text: str) -> dict[str, EntitySpan]:
        """Names the document defines ("a novel circRNA, termed circFOO"; "hereafter lncBAR").

        The label is the one the name's own shape gives (a nomenclature
        match of the whole name), else the class word closest before the
        cue in the same sentence (circRNA, lncRNA, miRNA).
        """
        out: dict[str, EntitySpan] = {}
        for cue, a, b, name in find_definitions(text):
            own = [x for x in self._ncrna(name, 0) if x.start == 0 and x.end == len(name)]
            if own:
                span = own[0]
            else:
                # The class word heads the phrase the name is given to: it ends at most a few characters before
                # the cue ("a novel circRNA, termed", "this lncRNA, which we named").
                before = re.split(r"[.;!?]\s", text[max(0, cue - 60):cue])[-1]
                label = _class_word_label(before, max_gap=16)
                if name.endswith("s") and name[:-1] != name[:-1].lower():  # "miRNPs": a plural, not a name
                    continue
                if label is None:
                    continue
                if label == "CIRCRNA":
                    norm_id, norm = f"circRNA:{name}", name
                elif label == "LNCRNA":
                    norm_id, norm = self._lncrna_identity(name)
                else:
                    norm_id, norm = self.normalise_mirna(name)
                span = EntitySpan(0, len(name), name, label, norm_id, norm, "nomenclature:name_definition")
            out.setdefault(name, EntitySpan(0, len(name), name, span.label, span.norm_id, span.norm_name,
                                            "nomenclature:name_definition"))
        return out

    def _pathways(self, text: str, offset: int, spans: Sequence[EntitySpan],
                  ncrna: Sequence[EntitySpan] = ()) -> list[EntitySpan]:
        """Runs of gene/family names joined by / or - before a pathway cue.

        A run attached to an ncRNA name (``miR-1182/TPD52 pathway``,
        ``miR-524-5p-METTL3/SOX2 axis``) is a regulatory axis, not a pathway.
        """
        out = []
        axis_ends = {s.end for s in ncrna}
        genes = [s for s in spans if s.label in ("GENE", "PATHWAY")]
        i = 0
        while i < len(genes):
            j = i
            while (
                j + 1 < len(genes)
                and genes[j + 1].start - genes[j].end <= 1
                and text[genes[j].end - offset : genes[j + 1].start - offset] in ("/", "-", "–")
            ):
                j += 1
            start, end = genes[i].start, genes[j].end
            if start - 1 in axis_ends and text[start - 1 - offset] in "/-–~":
                i = j + 1
                continue
            cue = _rx("pathway_cue").match(text[end - offset :])
            surface = text[start - offset : end - offset]
            entry = self.index.folded.get(term_key(surface).lower())
            if entry is not None and entry.label == "PATHWAY":
                out.append(EntitySpan(start, end, surface, "PATHWAY", entry.norm_id, entry.norm_name, "pathway"))
            elif cue and j > i:
                name = "/".join(g.norm_name for g in genes[i : j + 1])
                out.append(EntitySpan(start, end, surface, "PATHWAY", f"exomine:pathway/{name}", name, "pathway"))
            elif cue and genes[i].label == "GENE" and text[end - offset :].lstrip().lower().startswith(("signal", "pathway")):
                g = genes[i]
                out.append(EntitySpan(start, end, surface, "PATHWAY", f"exomine:pathway/{g.norm_name}",
                                      g.norm_name, "pathway"))
            i = j + 1
        return out

    def document_context(self, abbreviations: Iterable[Abbreviation], text: str = "",
                         ncrna: "Sequence[NcrnaSpan] | None" = None) -> "DocumentContext":
        """What a document defines for itself, to apply to all of its sentences.

        * Short forms map to the entity their long form names, or to ``None``
          ("defined here as something that is not an entity": such short forms
          are not tagged from the lexicons).
        * Long forms of short forms that are entities (``adiponectin (ADIPOQ)``)
          are tagged with the short form's identity wherever they occur.
        * Names introduced as lncRNAs (``lncRNA ARSR``) are lncRNAs throughout.

        ``ncrna`` is :func:`~exomine.entities.nomenclature.find_ncrna` of ``text`` when the caller has it.
        """
        short: dict[str, EntitySpan | None] = {}
        long: dict[str, EntitySpan] = {}
        for ab in abbreviations:
            if not ab.short.strip() or not ab.long.strip():
                continue
            long_spans = self.tag_text(ab.long, 0)
            cover = [x for x in long_spans if x.length >= 0.85 * len(ab.long.strip())]
            own = [x for x in self.tag_text(ab.short, 0) if x.length == len(ab.short)]
            if own and own[0].label == "GENE" and own[0].norm_name == ab.short and _rx("protein_words").search(ab.long):
                cover = []  # "pleomorphic adenoma gene like-2 (PLAGL2)" names the gene, not the tumour
            if cover:
                short[ab.short] = max(cover, key=lambda x: x.length)
                continue
            if own and (own[0].label != "GENE" or _rx("protein_words").search(ab.long)
                        or self._shares_name_words(own[0].norm_id, ab.long)):
                short[ab.short] = own[0]
                if not long_spans and len(ab.long) >= 4:
                    long[ab.long] = own[0]
            elif ab.short not in short:
                short[ab.short] = None
        learned: dict[str, EntitySpan] = self._defined_names(text)
        for span in self._ncrna(text, 0, ncrna):
            if span.label == "LNCRNA" and span.text not in learned:
                learned[span.text] = span
        return DocumentContext(short, long, learned)

    def _shares_name_words(self, norm_id: str, long_form: str) -> bool:
        """Whether a long form shares a content word with the gene's own names ("Delta-like 4" / DLL4's name).

        A short form that is a gene symbol but is defined by words that have
        nothing to do with the gene ("airway hyperresponsiveness (AHR)") is
        defined by the document as something else.
        """
        names = self.__dict__.get("_name_words")
        if names is None:
            names = {}
            for key, e in self.index.folded.items():
                if e.kind in ("name", "protein_name") and e.label in ("GENE", "LNCRNA"):
                    names.setdefault(e.norm_id, set()).update(_content_words(key))
            self._name_words = names
        return bool(names.get(norm_id, set()) & _content_words(long_form))

    def tag_text(self, text: str, offset: int, context: "DocumentContext | None" = None,
                 ncrna: "Sequence[NcrnaSpan] | None" = None) -> list[EntitySpan]:
        """Tag one sentence (or any text) whose first character is at ``offset``.

        ``ncrna`` is :func:`~exomine.entities.nomenclature.find_ncrna` of ``text`` when the caller has it
        (:func:`~exomine.entities.nomenclature.find_ncrna_in_spans` finds it for every sentence at once).
        """
        spans = self._ncrna(text, offset, ncrna)
        lex = self.index.find(text, offset)
        extra: list[EntitySpan] = []
        if context is not None and context.pattern is not None:
            for m in context.pattern.finditer(text):
                surface = m.group(0)
                target = context.lookup(surface)
                a, b = offset + m.start(), offset + m.end()
                if target is None:
                    lex = [x for x in lex if not (x.start == a and x.end == b)]
                elif target is not False:
                    source = target.source if target.source.startswith("nomenclature") else "abbreviation"
                    extra.append(EntitySpan(a, b, surface, target.label, target.norm_id, target.norm_name, source))
        spans.extend(self._pathways(text, offset, lex + extra, spans))
        return resolve_overlaps(spans + extra + lex)
