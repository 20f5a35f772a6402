"""Rule- and lexicon-based entity tagging over plain text.

The tagger finds entity spans by character offsets, so entity boundaries
never depend on how a tokenizer happened to cut ``miR-524-5p-METTL3/SOX2``:

1. nomenclature rules for miRNAs, circRNAs and prefixed lncRNAs
   (:mod:`exomine.nomenclature`);
2. longest-match lookup of lexicon terms over word-boundary n-grams, case
   sensitive for gene symbols and case insensitive for drugs, cancers, cells
   and pathways (:class:`LexiconIndex`);
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
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .lexicon import LexiconEntry
from .nomenclature import canonical_circrna, canonical_mirna, find_ncrna, mirna_precursor_keys

__all__ = ["EntitySpan", "LexiconIndex", "EntityTagger", "Abbreviation", "DocumentContext", "resolve_overlaps"]

_WORD = re.compile(r"\w+|[^\w\s]")
_DIGIT = re.compile(r"\d")
_LOWER_PREFIX = re.compile(r"^[a-z][A-Z0-9]{2,}$")  # "mTOR" for MTOR
_SYMBOL_DIGITS = re.compile(r"^([A-Z]{2,})(\d+[A-Z]?)$")
_HYPHEN_DIGITS = re.compile(r"^([A-Z][A-Za-z]+)-(\d+[A-Za-z]?)$")
_CASE_SENSITIVE_LABELS = {"GENE", "MIRNA_GENE"}
_PRIORITY = {"nomenclature": 4, "pathway": 3, "abbreviation": 2, "lexicon": 1, "model": 0}
# Head words of long forms that name proteins/genes; a short form defined by a long form
# without such a word (and that the lexicons do not tag as GENE) is not taken as a gene.
_PROTEIN_WORDS = re.compile(
    r"(protein|ligand|receptor|factor|kinase|homolog|gene|enzyme|transporter|"
    r"interleukin|antigen|molecule|synthase|ase\b|ases\b|in\b|ins\b|globulin|channel|"
    r"binding|domain|subunit|family|member|variant|regulator|suppressor\b(?! cells))",
    re.I,
)
_PATHWAY_CUE = re.compile(r"^[\s-]*(?:signal(?:l)?ing\s+)?(?:pathways?|signal(?:l)?ing|cascades?)\b", re.I)


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


_GREEK = (("α", "alpha"), ("β", "beta"), ("γ", "gamma"), ("δ", "delta"), ("κ", "kappa"), ("ε", "epsilon"))


def _greek_variants(term: str) -> list[str]:
    """Spellings of ``term`` with Greek letters written as letters or as words."""
    out = []
    for letter, word in _GREEK:
        if letter in term:
            out.append(term.replace(letter, word))
        elif re.search(rf"(?<![a-z]){word}(?![a-z])", term, re.I):
            out.append(re.sub(rf"(?<![a-z]){word}(?![a-z])", letter, term, flags=re.I))
    return out


class _EntryMap:
    """Read-only ``term -> LexiconEntry`` view over term -> row-number and the row tuples."""

    __slots__ = ("ids", "rows")

    def __init__(self, ids: dict[str, int], rows: list[tuple]):
        self.ids, self.rows = ids, rows

    def get(self, key: str, default=None):
        n = self.ids.get(key)
        return default if n is None else LexiconEntry(*self.rows[n])

    def __contains__(self, key: str) -> bool:
        return key in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):
        return iter(self.ids)

    def items(self):
        for k, n in self.ids.items():
            yield k, LexiconEntry(*self.rows[n])


class LexiconIndex:
    """Exact-match index of lexicon terms for longest-match lookup.

    Gene and family symbols are matched case-sensitively (``MET`` is a gene,
    "met" is not); every other label case-insensitively. Gene aliases and
    previous symbols are kept only when they name one gene, are at least
    three characters long and are not all lower case, and are never allowed
    to shadow another gene's approved symbol.

    Parameters
    ----------
    entries
        Lexicon rows (see :mod:`exomine.lexicon`).
    exclude
        Terms never to tag (curated confusables such as ``"cell"``).
    """

    def __init__(self, entries: Iterable[LexiconEntry], stoplist: Iterable[LexiconEntry] = (),
                 exclude_ids: Iterable[str] = ()):
        stop = {(e.term, e.label) for e in stoplist}
        excluded_ids = set(exclude_ids)
        self.cased: dict[str, LexiconEntry] = {}
        self.folded: dict[str, LexiconEntry] = {}
        self.mirna_precursors: dict[str, LexiconEntry] = {}
        self.symbols: dict[str, LexiconEntry] = {}
        aliases: dict[str, set[str]] = {}
        alias_entry: dict[str, LexiconEntry] = {}
        for e in entries:
            if (e.term, e.label) in stop or e.norm_id in excluded_ids:
                continue
            if e.label == "MIRNA":
                if e.kind == "precursor":
                    self.mirna_precursors[e.term.lower()] = e
                continue
            if e.label == "MIRNA_GENE":
                continue
            if e.kind in ("abbreviation", "regimen", "therapy"):
                self.cased[e.term] = e
            elif e.kind == "name" and e.label in ("GENE", "LNCRNA"):
                # Approved names ("phosphatase and tensin homolog") match case-insensitively.
                if len(e.term) >= 6:
                    self.folded.setdefault(e.term.lower(), e)
            elif e.label in _CASE_SENSITIVE_LABELS or e.label == "LNCRNA":
                if e.kind == "symbol" or e.source.startswith("famplex"):
                    if e.kind == "symbol":
                        self.symbols[e.term] = e
                    self.cased.setdefault(e.term, e)
                else:
                    # Aliases: not all lower case (English words), unless they carry a digit
                    # ("syntenin-1", "galectin-9").
                    if len(e.term) < 3 or not any(c.isalpha() for c in e.term):
                        continue
                    if e.term.islower() and not any(c.isdigit() for c in e.term) and not (
                        "-" in e.term and len(e.term) >= 8
                    ):
                        continue
                    aliases.setdefault(e.term, set()).add(e.norm_id)
                    alias_entry.setdefault(e.term, e)
            else:
                if len(e.term) < 3 and not any(c.isdigit() for c in e.term):
                    continue
                key = e.term.lower()
                old = self.folded.get(key)
                # Prefer generic names over brand names, and the first source otherwise.
                if old is None or (old.kind == "brand" and e.kind != "brand"):
                    self.folded[key] = e
        for term, ids in aliases.items():
            if len(ids) == 1 and term not in self.symbols:
                self.cased.setdefault(term, alias_entry[term])
        # Greek letters are written both ways ("TGF-β" / "TGF-beta", "NF-κB" / "NF-kappaB").
        for table in (self.cased, self.folded):
            for term, e in list(table.items()):
                for variant in _greek_variants(term):
                    table.setdefault(variant, e)
        # Gene names written in capitals where the source spells them in mixed case
        # ("ALIX" for the alias "Alix"): only when the capitalised form names one gene.
        upper: dict[str, set[str]] = {}
        upper_entry: dict[str, LexiconEntry] = {}
        for term, e in self.cased.items():
            if e.label == "GENE" and term != term.upper() and len(term) >= 4:
                upper.setdefault(term.upper(), set()).add(e.norm_id)
                upper_entry.setdefault(term.upper(), e)
        self.upper = {k: upper_entry[k] for k, ids in upper.items() if len(ids) == 1 and k not in self.cased}
        # For each (lower-cased) first word of a term: the term lengths in words, longest first,
        # so a lookup tries only n-grams that some term could fill.
        lengths: dict[str, set[int]] = {}
        for term in list(self.cased) + list(self.folded):
            toks = _WORD.findall(term)
            if toks and len(toks) <= 12:
                # Spaces may be written as hyphens ("caspase 3" as "caspase-3"): one more word each.
                spaces = min(term.count(" "), 3)
                lengths.setdefault(toks[0].lower(), set()).update(range(len(toks), len(toks) + spaces + 1))
                # A symbol ending in digits may be written with a hyphen ("FGF-2" for FGF2).
                m = _SYMBOL_DIGITS.match(term)
                if m:
                    lengths.setdefault(m.group(1).lower(), set()).add(3)  # "FGF-2", "Bcl-2"
        self.lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}
        self._compact()

    # -- compact storage and serialisation --------------------------------------------
    _MAPS = ("cased", "folded", "upper", "symbols", "mirna_precursors")

    def _compact(self) -> None:
        """Store entries once, as tuples, and the maps as term -> entry number."""
        numbers: dict[LexiconEntry, int] = {}
        rows: list[tuple] = []
        for name in self._MAPS:
            table = getattr(self, name)
            if isinstance(table, _EntryMap):
                continue
            ids = {}
            for term, e in table.items():
                if e not in numbers:
                    numbers[e] = len(rows)
                    rows.append(tuple(getattr(e, f) for f in ("term", "label", "norm_id", "norm_name", "kind", "source")))
                ids[term] = numbers[e]
            setattr(self, name, ids)
        self._rows = rows
        for name in self._MAPS:
            setattr(self, name, _EntryMap(getattr(self, name), rows))

    def to_bytes(self) -> bytes:
        """Serialise with :mod:`marshal` (plain dicts, lists and tuples: fast to load)."""
        data = {name: getattr(self, name).ids for name in self._MAPS}
        data.update(rows=self._rows, lengths=self.lengths, version=1)
        return marshal.dumps(data)

    @classmethod
    def from_bytes(cls, blob: bytes) -> "LexiconIndex":
        data = marshal.loads(blob)
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ValueError("not a compiled exomine lexicon index (or one of another version)")
        self = cls.__new__(cls)
        self._rows = data["rows"]
        self.lengths = data["lengths"]
        for name in cls._MAPS:
            setattr(self, name, _EntryMap(data[name], self._rows))
        return self

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry for an exact surface string (cased first, then folded)."""
        return self.cased.get(surface) or self.folded.get(surface.lower())

    def _lookup(self, surface: str, mid_sentence: bool) -> LexiconEntry | None:
        entry = self.cased.get(surface)
        if entry is not None:
            return entry
        if len(surface) >= 3 and surface != surface.upper() and (
            (mid_sentence and surface[0].isupper()) or _DIGIT.search(surface) or _LOWER_PREFIX.match(surface)
        ):
            # "Akt", "RhoA", "bcl2": a gene symbol written in mixed or lower case
            # (title case only mid-sentence, lower case only with a digit).
            upper = self.cased.get(surface.upper())
            if upper is not None and upper.label == "GENE":
                return upper
        if len(surface) >= 4 and surface.isupper():
            entry = self.upper.get(surface)
            if entry is not None:
                return entry
        if "-" in surface:
            m = _HYPHEN_DIGITS.match(surface)
            if m:
                joined = m.group(1) + m.group(2)
                entry = self.cased.get(joined) or self.cased.get(joined.upper())
                if entry is not None and entry.label == "GENE":
                    return entry
        lower = surface.lower()
        entry = self.folded.get(lower)
        if "-" in lower and (entry is None or entry.label == "DRUG"):
            # "caspase-3" is HGNC's "caspase 3"; a protein drug spelt like its gene is the gene here.
            spaced = self.folded.get(lower.replace("-", " "))
            if spaced is not None and (entry is None or spaced.label == "GENE"):
                entry = spaced
        if entry is not None and entry.label == "LNCRNA" and entry.kind != "name":
            return None
        return entry

    def find(self, text: str, offset: int = 0) -> list[EntitySpan]:
        """All maximal lexicon matches in ``text``, aligned to word boundaries."""
        toks = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        found: list[EntitySpan] = []
        i = 0
        n = len(toks)
        while i < n:
            s0, e0 = toks[i]
            sizes = self.lengths.get(text[s0:e0].lower())
            if sizes is None:
                i += 1
                continue
            best = None
            for size in sizes:
                j = i + size - 1
                if j >= n:
                    continue
                end = toks[j][1]
                surface = text[s0:end]
                if "\n" in surface:
                    continue
                entry = self._lookup(surface, s0 > 0)
                if entry is not None:
                    best = (end, j, entry)
                    break
            if best is None:
                i += 1
                continue
            end, j, entry = best
            # Do not tag a piece of a larger alphanumeric word (e.g. "AKT" in "pAKT1").
            if (s0 > 0 and text[s0 - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                i += 1
                continue
            label = entry.label
            found.append(
                EntitySpan(offset + s0, offset + end, text[s0:end], label, entry.norm_id, entry.norm_name,
                           f"lexicon:{entry.source}")
            )
            i = j + 1
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

    def _ncrna(self, text: str, offset: int) -> list[EntitySpan]:
        out = []
        for s in find_ncrna(text):
            if s.label == "MIRNA":
                norm_id, name = self.normalise_mirna(s.text)
            elif s.label == "CIRCRNA":
                norm_id, name = canonical_circrna(s.text)
            else:
                entry = self.index.lookup(s.text) or self.index.lookup(s.text.upper())
                if entry is not None and entry.label in ("LNCRNA", "GENE"):
                    norm_id, name = entry.norm_id, entry.norm_name
                else:
                    norm_id, name = f"lncRNA:{s.text.upper()}", s.text
            out.append(EntitySpan(offset + s.start, offset + s.end, s.text, s.label, norm_id, name, "nomenclature"))
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
            cue = _PATHWAY_CUE.match(text[end - offset :])
            surface = text[start - offset : end - offset]
            entry = self.index.folded.get(surface.lower())
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

    def document_context(self, abbreviations: Iterable[Abbreviation], text: str = "") -> "DocumentContext":
        """What a document defines for itself, to apply to all of its sentences.

        * Short forms map to the entity their long form names, or to ``None``
          ("defined here as something that is not an entity": such short forms
          are not tagged from the lexicons).
        * Long forms of short forms that are entities (``adiponectin (ADIPOQ)``)
          are tagged with the short form's identity wherever they occur.
        * Names introduced as lncRNAs (``lncRNA ARSR``) are lncRNAs throughout.
        """
        short: dict[str, EntitySpan | None] = {}
        long: dict[str, EntitySpan] = {}
        for ab in abbreviations:
            if not ab.short.strip() or not ab.long.strip():
                continue
            long_spans = self.tag_text(ab.long, 0)
            cover = [x for x in long_spans if x.length >= 0.85 * len(ab.long.strip())]
            own = [x for x in self.tag_text(ab.short, 0) if x.length == len(ab.short)]
            if own and own[0].label == "GENE" and own[0].norm_name == ab.short and _PROTEIN_WORDS.search(ab.long):
                cover = []  # "pleomorphic adenoma gene like-2 (PLAGL2)" names the gene, not the tumour
            if cover:
                short[ab.short] = max(cover, key=lambda x: x.length)
                continue
            if own and (own[0].label != "GENE" or _PROTEIN_WORDS.search(ab.long) or own[0].norm_name == ab.short):
                short[ab.short] = own[0]
                if not long_spans and len(ab.long) >= 4:
                    long[ab.long] = own[0]
            elif ab.short not in short:
                short[ab.short] = None
        learned: dict[str, EntitySpan] = {}
        for span in self._ncrna(text, 0):
            if span.label == "LNCRNA" and span.text not in learned:
                learned[span.text] = span
        return DocumentContext(short, long, learned)

    def tag_text(self, text: str, offset: int, context: "DocumentContext | None" = None) -> list[EntitySpan]:
        """Tag one sentence (or any text) whose first character is at ``offset``."""
        spans = self._ncrna(text, offset)
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
                    extra.append(EntitySpan(a, b, surface, target.label, target.norm_id, target.norm_name,
                                            "abbreviation"))
        spans.extend(self._pathways(text, offset, lex + extra, spans))
        return resolve_overlaps(spans + extra + lex)
