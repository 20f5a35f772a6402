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

import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

from .lexicon import LexiconEntry
from .nomenclature import canonical_circrna, canonical_mirna, find_ncrna, mirna_precursor_keys

__all__ = ["EntitySpan", "LexiconIndex", "EntityTagger", "Abbreviation", "resolve_overlaps"]

_WORD = re.compile(r"\w+|[^\w\s]")
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
_PATHWAY_CUE = re.compile(r"^[\s-]*(?:signal(?:l)?ing\s+)?(?:pathways?|signal(?:l)?ing|cascades?|axis)\b", re.I)


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

    def __init__(self, entries: Iterable[LexiconEntry], exclude: Iterable[str] = ()):
        excluded = {e.lower() for e in exclude}
        self.cased: dict[str, LexiconEntry] = {}
        self.folded: dict[str, LexiconEntry] = {}
        self.mirna_precursors: dict[str, LexiconEntry] = {}
        self.symbols: dict[str, LexiconEntry] = {}
        aliases: dict[str, set[str]] = {}
        alias_entry: dict[str, LexiconEntry] = {}
        for e in entries:
            if e.term.lower() in excluded:
                continue
            if e.label == "MIRNA":
                if e.kind == "precursor":
                    self.mirna_precursors[e.term.lower()] = e
                continue
            if e.label == "MIRNA_GENE":
                continue
            if e.label in _CASE_SENSITIVE_LABELS or (e.label == "LNCRNA" and e.kind != "name"):
                if e.kind == "symbol" or e.source.startswith("famplex"):
                    if e.kind == "symbol":
                        self.symbols[e.term] = e
                    self.cased.setdefault(e.term, e)
                else:
                    if len(e.term) < 3 or e.term.islower() or not any(c.isalpha() for c in e.term):
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
        self.max_tokens = 1
        self.first_tokens: set[str] = set()
        for term in list(self.cased) + list(self.folded):
            toks = _WORD.findall(term)
            if toks:
                self.first_tokens.add(toks[0].lower())
                self.max_tokens = max(self.max_tokens, min(len(toks), 12))

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry for an exact surface string (cased first, then folded)."""
        return self.cased.get(surface) or self.folded.get(surface.lower())

    def find(self, text: str, offset: int = 0) -> list[EntitySpan]:
        """All maximal lexicon matches in ``text``, aligned to word boundaries."""
        toks = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        found: list[EntitySpan] = []
        i = 0
        n = len(toks)
        while i < n:
            s0, e0 = toks[i]
            if text[s0:e0].lower() not in self.first_tokens:
                i += 1
                continue
            best = None
            for j in range(min(n, i + self.max_tokens) - 1, i - 1, -1):
                end = toks[j][1]
                surface = text[s0:end]
                if "\n" in surface:
                    continue
                entry = self.cased.get(surface)
                if entry is None:
                    entry = self.folded.get(surface.lower())
                    if entry is not None and entry.label == "LNCRNA" and entry.kind != "name":
                        entry = None
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

    def _pathways(self, text: str, offset: int, spans: Sequence[EntitySpan]) -> list[EntitySpan]:
        """Runs of gene/family names joined by / or - before a pathway cue."""
        out = []
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

    def classify_abbreviations(self, abbreviations: Iterable[Abbreviation]) -> dict[str, EntitySpan | None]:
        """Map each short form to the entity its long form names, or ``None``.

        ``None`` means "defined in this document as something that is not an
        entity"; such short forms are not tagged from the lexicons.
        """
        result: dict[str, EntitySpan | None] = {}
        for ab in abbreviations:
            long_spans = self.tag_text(ab.long, 0, {})
            cover = [s for s in long_spans if s.length >= 0.6 * len(ab.long.strip())]
            if cover:
                best = max(cover, key=lambda s: s.length)
                result[ab.short] = best
                continue
            own = self.tag_text(ab.short, 0, {})
            own = [s for s in own if s.length == len(ab.short)]
            if own and own[0].label != "GENE":
                result[ab.short] = own[0]
            elif own and own[0].label == "GENE" and (
                _PROTEIN_WORDS.search(ab.long) or own[0].norm_name == ab.short
            ):
                result[ab.short] = own[0]
            elif ab.short not in result:
                result[ab.short] = None
        return result

    def tag_text(self, text: str, offset: int, abbreviations: Mapping[str, EntitySpan | None]) -> list[EntitySpan]:
        """Tag one sentence (or any text) whose first character is at ``offset``."""
        spans = self._ncrna(text, offset)
        lex = self.index.find(text, offset)
        spans.extend(self._pathways(text, offset, lex))
        for short, target in abbreviations.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w])", text):
                if target is None:
                    lex = [s for s in lex if not (s.start == offset + m.start() and s.end == offset + m.end())]
                    continue
                spans.append(
                    EntitySpan(offset + m.start(), offset + m.end(), short, target.label, target.norm_id,
                               target.norm_name, "abbreviation")
                )
        spans.extend(lex)
        return resolve_overlaps(spans)

    @staticmethod
    def with_offset(span: EntitySpan, delta: int) -> EntitySpan:
        return replace(span, start=span.start + delta, end=span.end + delta)
