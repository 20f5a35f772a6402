"""The compiled lexicon index: which lexicon terms can be found, under which keys, and its serialisation.

:class:`LexiconIndex` sorts the lexicon rows into the maps that lookup reads
(case-sensitive gene symbols, case-insensitive names, upper-case and dash or
space variants), builds one Aho-Corasick automaton (Aho & Corasick, 1975, via
``pyahocorasick``) over the coarse match keys of every findable term, and
writes and reads the whole as one compiled file (``results/cache/lexicon_index.bin``).
Finding terms in a sentence is :mod:`exomine.entities.lookup`'s job.
"""

from __future__ import annotations

import marshal
import os
import pickle
import sys
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from exomine.entities.lexicon import LexiconEntry
from exomine.text.textnorm import loose_key, match_key, term_key

__all__ = ["LexiconIndex", "CELL_LINE_KINDS"]

_CASE_SENSITIVE_LABELS = {"GENE", "MIRNA_GENE"}
CELL_LINE_KINDS = frozenset({"cell_line", "cell_line_synonym", "derived_cell_line"})
"""Kinds of the generated ``cell_lines`` lexicon's rows (matched case-sensitively)."""


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


def _as_gene_products(entries: list[LexiconEntry]) -> list[LexiconEntry]:
    """A drug whose name is a gene's approved name ("Interferon Gamma", "Fibroblast Growth Factor 2") is the
    gene product: its spellings name the gene."""
    gene_names = {e.term.lower(): e for e in entries if e.kind == "name" and e.label == "GENE"}
    out = []
    for e in entries:
        gene = gene_names.get(e.norm_name.lower()) if e.label == "DRUG" else None
        out.append(e if gene is None else
                   LexiconEntry(e.term, "GENE", gene.norm_id, gene.norm_name, "protein_name", e.source))
    return out


@dataclass
class _Pending:
    """Gene rows that are kept only when every row has been seen."""

    symbols: dict[str, LexiconEntry] = field(default_factory=dict)  # approved symbols: never shadowed by an alias
    aliases: dict[str, set[str]] = field(default_factory=dict)  # alias -> the genes it names
    alias_entry: dict[str, LexiconEntry] = field(default_factory=dict)
    previous: dict[str, dict[str, LexiconEntry]] = field(default_factory=dict)  # previous symbol -> gene -> row
    curated: dict[str, LexiconEntry] = field(default_factory=dict)  # FamPlex's readings of a text as one gene


class LexiconIndex:
    """Exact- and variant-match index of lexicon terms for longest-match lookup.

    Terms and looked-up surfaces share one key (:func:`exomine.text.textnorm.term_key`:
    normalised text, Greek letters written out), so ``TGF-β`` and ``TGF-beta``
    are one key. Gene and family symbols are matched case-sensitively
    (``MET`` is a gene, "met" is not); every other label case-insensitively.
    Gene aliases and previous symbols are kept only when they name one gene
    (or were the approved symbol of exactly one of the genes they name: a
    previous symbol outranks aliases),
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
        pending = _Pending()
        for e in _as_gene_products(list(entries)):
            key = term_key(e.term)
            if (key, e.label) not in stop and e.norm_id not in excluded_ids:
                self._add(key, e, pending)
        for key, e in pending.curated.items():
            if key not in pending.symbols:
                self.cased.setdefault(key, e)
        for key, ids in pending.aliases.items():
            if key in pending.symbols:
                continue
            if len(ids) == 1:
                self.cased.setdefault(key, pending.alias_entry[key])
            elif len(pending.previous.get(key, ())) == 1:
                # A former approved symbol of one gene names that gene, not the genes that list it only as an
                # alias (MDR1 was ABCB1's symbol; TBC1D9 has it as an alias). FamPlex's reading, added first,
                # still wins.
                (e,) = pending.previous[key].values()
                self.cased.setdefault(key, e)
        self.upper = self._upper_variants()
        # Dash and space variants: terms keyed without dashes and spaces, when that key names one concept
        # and is not itself the key of another term.
        self.loose_cased = self._loose(self.cased, lambda k: k)
        self.loose_folded = self._loose(self.folded, str.lower)
        self._compact()
        self.automaton = self._automaton()

    def _add(self, key: str, e: LexiconEntry, pending: _Pending) -> None:
        """File one lexicon row under its key (gene aliases, symbols and FamPlex readings wait in ``pending``)."""
        if e.label == "MIRNA":
            # miRBase precursor names, then HGNC's precursor-name aliases of miRNA genes miRBase's rows miss
            # (never in place of a miRBase name; the tagger tries every miRBase key first).
            if e.kind == "precursor":
                self.mirna_precursors[key.lower()] = e
            elif e.kind in ("hgnc_previous_precursor", "hgnc_precursor"):
                self.mirna_precursors.setdefault(key.lower(), e)
            return
        if e.label == "MIRNA_GENE":
            return
        if e.kind in ("abbreviation", "regimen", "therapy", "class_abbreviation"):
            self.cased[key] = e
        elif e.label == "CELL" and e.kind in CELL_LINE_KINDS:
            # Cell-line names are case-sensitive ("TH-1" is no "Th1"); dash and space variants still match.
            self.cased.setdefault(key, e)
        elif e.kind in ("name", "protein_name") and e.label in ("GENE", "LNCRNA"):
            # Approved names ("phosphatase and tensin homolog") match case-insensitively.
            if len(key) >= 6 or (e.kind == "protein_name" and len(key) >= 5):
                self.folded.setdefault(key.lower(), e)
        elif e.kind == "famplex_gene":
            # FamPlex's curated reading of a text as one gene ("Nrf2", "COX-2"): beats the ambiguity of HGNC
            # aliases, never an approved symbol; short texts are left out as for aliases, and so are common
            # words, except where FamPlex's spelling is no plain word: capitals of four letters or more
            # (TRAIL, PUMA, CHOP) or a mixed case (Fas, Snail, Raptor). Capitals of three (ROS, ALS) stay out.
            word = key.isalpha() and key.lower() in self.common
            spelt = (key.isupper() and len(key) >= 4) or not (key.isupper() or key.islower())
            if len(key) >= 3 and (not word or spelt):
                pending.curated.setdefault(key, e)
        elif e.label in _CASE_SENSITIVE_LABELS or e.label == "LNCRNA":
            if e.kind == "symbol" or e.source.startswith("famplex"):
                if e.kind == "symbol":
                    pending.symbols[key] = e
                self.cased.setdefault(key, e)
            else:
                # Aliases: not all lower case (English words), unless they carry a digit
                # ("syntenin-1", "galectin-9"); not a common word spelt in capitals ("YES", "STOP").
                if len(key) < 3 or not any(c.isalpha() for c in key) or _is_common_word_alias(e, self.common):
                    return
                if key.islower() and not any(c.isdigit() for c in key) and not ("-" in key and len(key) >= 8):
                    return
                pending.aliases.setdefault(key, set()).add(e.norm_id)
                pending.alias_entry.setdefault(key, e)
                if e.kind == "previous":
                    pending.previous.setdefault(key, {}).setdefault(e.norm_id, e)
        else:
            if len(key) < 3 and not any(c.isdigit() for c in key):
                return
            old = self.folded.get(key.lower())
            # Prefer generic names over brand names, and the first source otherwise.
            if old is None or (old.kind == "brand" and e.kind != "brand"):
                self.folded[key.lower()] = e

    def _upper_variants(self) -> dict[str, LexiconEntry]:
        """Gene names written in capitals where the source spells them in mixed case ("ALIX" for the alias
        "Alix"): only when the capitalised form names one gene."""
        upper: dict[str, set[str]] = {}
        upper_entry: dict[str, LexiconEntry] = {}
        for key, e in self.cased.items():
            if e.label == "GENE" and key != key.upper() and len(key) >= 4:
                upper.setdefault(key.upper(), set()).add(e.norm_id)
                upper_entry.setdefault(key.upper(), e)
        return {k: upper_entry[k] for k, ids in upper.items() if len(ids) == 1 and k not in self.cased}

    @staticmethod
    def _loose(table: Mapping[str, LexiconEntry], case) -> dict[str, LexiconEntry]:
        by_key: dict[str, dict[str, LexiconEntry]] = {}
        for key, e in table.items():
            lk = case(loose_key(key))
            if lk != key and len(lk) >= 3:  # "A-2" is no name for "A2" (high-mobility group A2)
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

    # Maps whose keys a surface can match in lookup (mirna_precursors serves the nomenclature only).
    _FIND_MAPS = ("cased", "folded", "upper", "loose_cased", "loose_folded")

    def _automaton(self):
        """An Aho-Corasick automaton over the :func:`~exomine.text.textnorm.match_key` of every findable key.

        Every surface that lookup accepts (:class:`~exomine.entities.lookup.LexiconLookup`) has the match
        key of one of these keys (exact, case, Greek and dash variants all differ only in what the match
        key drops), so the automaton's hits are a superset of the matches, found in one pass over the text.
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
    VERSION = 4

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
        return self

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry for an exact surface string (cased first, then folded)."""
        key = term_key(surface)
        return self.cased.get(key) or self.folded.get(key.lower())
