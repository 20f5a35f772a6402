"""Rule- and lexicon-based entity tagging over plain text: turning candidates into mentions.

The tagger finds entity spans by character offsets, so entity boundaries
never depend on how a tokenizer happened to cut ``miR-524-5p-METTL3/SOX2``:

1. nomenclature rules for miRNAs, circRNAs and prefixed lncRNAs
   (:mod:`exomine.entities.nomenclature`);
2. longest-match lookup of lexicon terms at word boundaries, case sensitive
   for gene symbols and case insensitive for drugs, cancers, cells and
   pathways (:class:`~exomine.entities.lookup.LexiconLookup` over the
   compiled :class:`~exomine.entities.index.LexiconIndex`): one Aho-Corasick
   pass (Aho & Corasick, 1975, via ``pyahocorasick``) over the sentence's
   coarse match keys proposes every candidate span, and the exact, case and
   dash-variant rules decide which candidates are terms;
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
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from exomine.entities.index import LexiconIndex
from exomine.entities.lookup import LexiconLookup, TermMatch, tagger_patterns
from exomine.entities.nomenclature import (UNLISTED, UNLISTED_LNCRNA, UNLISTED_MIRNA, NcrnaSpan, canonical_circrna,
                                          canonical_mirna, find_definitions, find_ncrna, mirna_precursor_keys)
from exomine.text.textnorm import greek_to_words, term_key

__all__ = ["EntitySpan", "EntityTagger", "Abbreviation", "DocumentContext", "resolve_overlaps", "cell_lines",
           "CELL_LINE_PREFIXES"]


def _rx(pid: str) -> re.Pattern:
    return tagger_patterns()[pid].regex


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


_PRIORITY = {"nomenclature": 4, "pathway": 3, "abbreviation": 2, "lexicon": 1, "model": 0}


@dataclass(frozen=True)
class EntitySpan:
    start: int
    end: int
    text: str
    label: str
    norm_id: str
    norm_name: str
    source: str
    parts: tuple["EntitySpan", ...] = ()  # the gene mentions a pathway named by its genes is made of

    @property
    def length(self) -> int:
        return self.end - self.start

    def with_parts(self) -> list["EntitySpan"]:
        """This mention and, for a pathway named by its genes ("FOO1/BAR2 signaling"), each gene's mention."""
        return [self, *self.parts]


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


CELL_LINE_PREFIXES = ("Cellosaurus:", "EFO:", "CellLine:")
"""Namespaces of cell-line identifiers (the generated ``cell_lines`` lexicon, and :func:`cell_lines`)."""


def cell_lines(text: str, offset: int, spans: Sequence[EntitySpan]) -> list[EntitySpan]:
    """Cell lines with their resistant-subline tag, and cell-line-shaped names no list has.

    * A cell line of the lexicons followed by a subline tag (``cell_line_subline``: "/R", "-R", "/GR") or by
      "/" and a drug ("FOO-99/DDP") becomes one span, the parental line's identity with ``+subline`` in its
      source; the drug inside is then no mention of its own (the longer span wins the overlap).
    * A ``cell_line_shape`` name before "cells" where no other entity lies is a cell line without an id of a
      list: ``CellLine:<name>``, source ``nomenclature:cell_line_shape+unlisted``.
    """
    out = []
    drugs = {s.start: s for s in spans if s.label == "DRUG"}
    for s in spans:
        if s.label == "CELL" and s.norm_id.startswith(CELL_LINE_PREFIXES):
            end = _subline_end(text, offset, s.end, drugs)
            if end > s.end:  # the parental line's id; the name says which subline ("SGC-7901/DDP")
                out.append(EntitySpan(s.start, end, text[s.start - offset:end - offset], "CELL", s.norm_id,
                                      s.norm_name + text[s.end - offset:end - offset], s.source + "+subline"))
    for m in _rx("cell_line_shape").finditer(text):
        a, b = offset + m.start(), offset + m.end()
        if any(a < s.end and s.start < b for s in spans):
            continue
        name = m.group(0)
        span = EntitySpan(a, b, name, "CELL", f"CellLine:{name}", name, "nomenclature:cell_line_shape" + UNLISTED)
        end = _subline_end(text, offset, b, drugs)
        out.append(span if end == b else EntitySpan(a, end, text[m.start():end - offset], "CELL", span.norm_id,
                                                    text[m.start():end - offset], span.source + "+subline"))
    return out


def _codon(text: str, offset: int, span: EntitySpan) -> bool:
    """A gene match that is a nucleotide triplet written as a codon (``codon``: GCA/GCG, CGA>TGA, codon TAC)."""
    if span.label != "GENE" or len(span.text) != 3 or set(span.text) - set("ACGTU"):
        return False
    a, b = span.start - offset, span.end - offset
    w = max(0, a - 12)
    return any(w + m.start() <= a and b <= w + m.end() for m in _rx("codon").finditer(text[w:b + 12]))


def _plural_twin(short: str) -> str:
    """The singular of an acronym's plural ("MBs" -> "MB") or the plural of an acronym ("MB" -> "MBs"), else ""."""
    if len(short) >= 3 and short.endswith("s") and short[:-1].isupper():
        return short[:-1]
    if len(short) >= 2 and short.isupper() and short.isalpha():
        return short + "s"
    return ""


def _short_cell_line_alone(text: str, offset: int, span: EntitySpan) -> bool:
    """A short cell-line name (``cell_line_short_name``: FOO, Q24) with neither "cells" nor a subline tag after it."""
    if span.label != "CELL" or not span.norm_id.startswith(CELL_LINE_PREFIXES):
        return False
    if not _rx("cell_line_short_name").fullmatch(span.text):
        return False
    rest = text[span.end - offset:]
    tag = _rx("cell_line_subline").match(rest) or re.match(r"/[A-Za-z0-9-]{1,8}", rest)  # "Q24/R", "Q24/FOO"
    return tag is None and _rx("cell_line_after").match(rest) is None


def _subline_end(text: str, offset: int, end: int, drugs: Mapping[int, EntitySpan]) -> int:
    """Where a cell line's name ends with its subline tag or drug ("/R", "/DDP"), else ``end``."""
    rest = text[end - offset:]
    tag = _rx("cell_line_subline").match(rest)
    if tag:
        return end + tag.end()
    drug = drugs.get(end + 1) if rest.startswith("/") else None
    if drug is not None and not rest[drug.end - end:drug.end - end + 1].isalnum():
        return drug.end
    return end


def _lexicon_span(match: TermMatch, offset: int) -> EntitySpan:
    """The mention a lexicon match makes, in the offsets of the text that starts at ``offset``."""
    e = match.entry
    return EntitySpan(offset + match.start, offset + match.end, match.text, e.label, e.norm_id, e.norm_name,
                      match.source)


class EntityTagger:
    """Find and normalise entity mentions in sentences of one document.

    Parameters
    ----------
    index
        The lexicon index.
    """

    def __init__(self, index: LexiconIndex):
        self.index = index
        self.terms = LexiconLookup(index)

    # -- normalisation -------------------------------------------------
    def mirna_identity(self, surface: str) -> tuple[str, str, bool]:
        """``(norm_id, canonical name, listed)`` of a miRNA name.

        A miRBase accession only for a precursor miRBase's table has (every
        precursor key is tried first), else the HGNC id of a miRNA gene whose
        precursor name HGNC lists, else ``miRNA:<canonical name>`` with
        ``listed`` false: no identifier is made up for a name no list has.
        """
        name = canonical_mirna(surface)
        hits = [e for e in map(self.index.mirna_precursors.get, mirna_precursor_keys(name.lower())) if e]
        for e in sorted(hits, key=lambda e: e.kind != "precursor"):
            return e.norm_id, name, True
        return f"{UNLISTED_MIRNA}{name}", name, False

    def normalise_mirna(self, surface: str) -> tuple[str, str]:
        """``(norm_id, canonical name)`` of a miRNA name (:meth:`mirna_identity`)."""
        return self.mirna_identity(surface)[:2]

    def _ncrna(self, text: str, offset: int, found: "Sequence[NcrnaSpan] | None" = None) -> list[EntitySpan]:
        """ncRNA names of ``text`` (``found``: its :func:`~exomine.entities.nomenclature.find_ncrna`, if known), normalised."""
        out = []
        for s in find_ncrna(text) if found is None else found:
            if s.label == "MIRNA":
                norm_id, name, listed = self.mirna_identity(s.text)
            elif s.label == "CIRCRNA":
                (norm_id, name), listed = canonical_circrna(s.text), False  # exomine ships no circBase list
            else:
                norm_id, name = self._lncrna_identity(s.text, s.symbol)
                listed = not norm_id.startswith(UNLISTED_LNCRNA)
            source = f"nomenclature:{s.rule}" if s.rule else "nomenclature"
            out.append(EntitySpan(offset + s.start, offset + s.end, s.text, s.label, norm_id, name,
                                  source if listed else source + UNLISTED))
        return out

    def _lncrna_identity(self, text: str, symbol: str = "") -> tuple[str, str]:
        """HGNC identity of a lncRNA name; for a prefixed name ("linc-FOO") only a lncRNA symbol counts."""
        if symbol:
            for surface in (text, text.upper(), symbol, symbol.upper()):
                entry = self.index.lookup(surface)
                if entry is not None and entry.label == "LNCRNA":
                    return entry.norm_id, entry.norm_name
            return f"{UNLISTED_LNCRNA}{symbol.upper()}", text
        entry = self.index.lookup(text) or self.index.lookup(text.upper())
        if entry is not None and entry.label in ("LNCRNA", "GENE"):
            return entry.norm_id, entry.norm_name
        return f"{UNLISTED_LNCRNA}{text.upper()}", text

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
                listed = not span.source.endswith(UNLISTED)
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
                    (norm_id, norm), listed = (f"circRNA:{name}", name), False
                elif label == "LNCRNA":
                    norm_id, norm = self._lncrna_identity(name)
                    listed = not norm_id.startswith(UNLISTED_LNCRNA)
                else:
                    norm_id, norm, listed = self.mirna_identity(name)
                span = EntitySpan(0, len(name), name, label, norm_id, norm, "nomenclature:name_definition")
            out.setdefault(name, EntitySpan(0, len(name), name, span.label, span.norm_id, span.norm_name,
                                            "nomenclature:name_definition" + ("" if listed else UNLISTED)))
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
            parts = tuple(p for g in genes[i : j + 1] for p in (
                g.parts if g.label == "PATHWAY" else
                (EntitySpan(g.start, g.end, g.text, g.label, g.norm_id, g.norm_name, g.source + "+in_pathway"),)))
            if entry is not None and entry.label == "PATHWAY":
                out.append(EntitySpan(start, end, surface, "PATHWAY", entry.norm_id, entry.norm_name, "pathway",
                                      parts))
            elif cue and j > i:
                name = "/".join(g.norm_name for g in genes[i : j + 1])
                out.append(EntitySpan(start, end, surface, "PATHWAY", f"exomine:pathway/{name}", name, "pathway",
                                      parts))
            elif cue and genes[i].label == "GENE" and text[end - offset :].lstrip().lower().startswith(("signal", "pathway")):
                g = genes[i]
                out.append(EntitySpan(start, end, surface, "PATHWAY", f"exomine:pathway/{g.norm_name}",
                                      g.norm_name, "pathway", parts))
            i = j + 1
        return out

    def _named_by_genes(self, span: EntitySpan) -> EntitySpan:
        """A lexicon pathway whose name is gene names joined by "/" (or "-") ("Wnt/beta-catenin", "PI3K-Akt",
        "Notch"), with those genes as its parts; any other pathway as it is."""
        parts: list[EntitySpan] = []
        for m in re.finditer(r"[^/]+", span.text):
            whole = self._gene_at(m.group(0), span.start + m.start())
            pieces = [whole] if whole else [self._gene_at(x.group(0), span.start + m.start() + x.start())
                                            for x in re.finditer(r"[^-]+", m.group(0))]
            if not pieces or None in pieces:
                return span
            parts.extend(pieces)
        return EntitySpan(span.start, span.end, span.text, span.label, span.norm_id, span.norm_name, span.source,
                          tuple(parts))

    def _gene_at(self, piece: str, start: int) -> "EntitySpan | None":
        """The gene a whole piece of text names (as a pathway's part), if it names one."""
        found = self.terms.find(piece, mid_sentence=True)
        if len(found) != 1 or (found[0].start, found[0].end) != (0, len(piece)) or found[0].entry.label != "GENE":
            return None
        e = found[0].entry
        return EntitySpan(start, start + len(piece), piece, "GENE", e.norm_id, e.norm_name,
                          found[0].source + "+in_pathway")

    def _modified_proteins(self, text: str, offset: int) -> list[EntitySpan]:
        """Phosphorylated proteins (``modified_protein``: p-FOO1, pFOO1, phospho-Foo, phosphorylated FOO1).

        The mention spans the modification and the name; its identity is the protein's, and its source
        the protein's lexicon match with ``+phospho``. A surface that is a lexicon term as a whole is left to
        the lexicon.
        """
        out = []
        for m in _rx("modified_protein").finditer(text):
            found = self.terms.find(text[m.end():m.end() + 60], mid_sentence=True)
            if not found or found[0].start != 0 or found[0].entry.label != "GENE":
                continue
            name = found[0]
            end = m.end() + name.end
            whole = self.terms.find(text[m.start():end], mid_sentence=m.start() > 0)
            if whole and (whole[0].start, whole[0].end) == (0, end - m.start()):
                continue  # "pFOO" is a term of its own
            e = name.entry
            out.append(EntitySpan(offset + m.start(), offset + end, text[m.start():end], "GENE", e.norm_id,
                                  e.norm_name, name.source + "+phospho"))
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
            if own and own[0].label == "GENE" and _rx("disease_head").search(ab.long):
                own = []  # "X-linked fooleukodystrophy (ALD)": the disease, not the gene named after it
            if own and (own[0].label != "GENE" or _rx("protein_words").search(ab.long)
                        or self._shares_name_words(own[0].norm_id, ab.long)):
                short[ab.short] = own[0]
                if not long_spans and len(ab.long) >= 4:
                    long[ab.long] = own[0]
            elif ab.short not in short:
                short[ab.short] = None
        for form, target in list(short.items()):  # "medulloblastomas (MBs)" defines the singular MB too
            twin = _plural_twin(form)
            if twin and twin not in short:
                short[twin] = target
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
        lex = [_lexicon_span(m, offset) for m in self.terms.find(text)]
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
        lex = [self._named_by_genes(x) if x.label == "PATHWAY" else x for x in lex]
        spans.extend(self._pathways(text, offset, lex + extra, spans))
        spans.extend(self._modified_proteins(text, offset))
        lex = [x for x in lex if not _short_cell_line_alone(text, offset, x) and not _codon(text, offset, x)]
        spans.extend(cell_lines(text, offset, spans + extra + lex))
        return resolve_overlaps(spans + extra + lex)
