"""Per-document extraction: cleaned document in, typed records out.

:class:`Extractor` holds the loaded resources (spaCy pipeline, lexicon
index, relation rules, optional NER model) and turns a
:class:`~exomine.records.Document` into :class:`DocResult` -- mentions,
relation mentions and triple mentions -- without touching files.

Processing is per paragraph (pysbd and the abbreviation detector are
super-linear in input length), in two passes: first every paragraph is
split into sentences and its abbreviation definitions are collected, so a
short form defined anywhere in the document (``DDP``, ``TMZ``, ``CAFs``) is
known everywhere in it; then each sentence is tagged and its relations
extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .records import Document, Mention, Relation, SentenceRow, Triple
from .relations import RelationHit, RelationRules, extract_relations
from .tagger import Abbreviation, EntitySpan, EntityTagger, resolve_overlaps

__all__ = ["Extractor", "DocResult", "SentenceSpan", "merge_model_entities", "MODEL_LABEL_MAP"]

# How labels of scispaCy's trained NER models map onto ours (documented policy:
# rule/lexicon entities win every overlap; model entities fill the gaps, with
# their label mapped here and their identifier looked up in the lexicons).
MODEL_LABEL_MAP = {
    "CHEMICAL": "DRUG", "SIMPLE_CHEMICAL": "DRUG", "DRUG": "DRUG",
    "GENE_OR_GENE_PRODUCT": "GENE", "GENE": "GENE", "PROTEIN": "GENE", "GGP": "GENE",
    "CANCER": "CANCER", "DISEASE": "CANCER",
    "CELL": "CELL", "CELL_TYPE": "CELL",
    "MIRNA": "MIRNA", "CIRCRNA": "CIRCRNA", "LNCRNA": "LNCRNA", "PATHWAY": "PATHWAY",
}
_CANCER_WORD = re.compile(r"(cancer|carcinoma|tumou?r|oma\b|omas\b|leukemia|leukaemia|neoplas|malignan)", re.I)
# "exosomes (derived|secreted|released) from|of|by ..." -- the source cell follows.
_SOURCE_CUE = re.compile(
    r"(?:exosomes?|EVs?|extracellular\s+vesicles|vesicles|exosomal\s+[\w-]+)\s+(?:(?:derived|secreted|released|isolated|"
    r"originating)\s+)?(?:from|of|by)\s+",
    re.I,
)
_CELLS_PHRASE = re.compile(r"((?:[\w+/-]+\s+){0,5}?cells?)\b", re.I)


@dataclass(frozen=True)
class SentenceSpan:
    section: str
    paragraph: int
    sentence_id: int
    start: int
    end: int


@dataclass(frozen=True)
class DocResult:
    """Everything extracted from one document, as plain records."""

    doc_id: str
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
    triples: tuple[Triple, ...]
    sentences: tuple[SentenceSpan, ...]
    abbreviations: tuple[Abbreviation, ...]

    def sentence_rows(self) -> list[SentenceRow]:
        return [SentenceRow(self.doc_id, s.section, s.sentence_id, s.start, s.end) for s in self.sentences]


def merge_model_entities(rule: Sequence[EntitySpan], model: Iterable[EntitySpan]) -> list[EntitySpan]:
    """Add model entities that overlap no rule entity (rule entities always win)."""
    kept = list(rule)
    for m in model:
        if not any(m.start < r.end and r.start < m.end for r in rule):
            kept.append(m)
    return resolve_overlaps(kept)


class Extractor:
    """Extract mentions, relations and triples from cleaned documents.

    Parameters
    ----------
    nlp
        The spaCy pipeline from :func:`exomine.nlp.build_pipeline`.
    tagger
        The entity tagger.
    rules
        Relation rules.
    sections
        Section kinds to process (``references`` may be left out).
    ner_model
        Optional loaded spaCy NER model whose entities are merged with the
        rule entities (:func:`merge_model_entities`).
    split_sentences
        Optional ``text -> [(start, end)]`` sentence splitter used instead of
        the pipeline's ``doc.sents``.
    """

    def __init__(self, nlp, tagger: EntityTagger, rules: RelationRules,
                 sections: Sequence[str] = ("title", "abstract", "keywords", "body", "figure", "references"),
                 ner_model=None, split_sentences=None):
        self.nlp = nlp
        self.split_sentences = split_sentences
        self.tagger = tagger
        self.rules = rules
        self.sections = tuple(sections)
        self.ner_model = ner_model

    def _model_entities(self, text: str, offset: int) -> list[EntitySpan]:
        out = []
        for ent in self.ner_model(text).ents:
            label = MODEL_LABEL_MAP.get(ent.label_.upper())
            if label is None or (label == "CANCER" and not _CANCER_WORD.search(ent.text)):
                continue
            entry = self.tagger.index.lookup(ent.text)
            norm_id, norm_name = (entry.norm_id, entry.norm_name) if entry and entry.label == label else ("", ent.text)
            out.append(EntitySpan(offset + ent.start_char, offset + ent.end_char, ent.text, label, norm_id, norm_name,
                                  f"model:{ent.label_}"))
        return out

    def process(self, doc: Document) -> DocResult:
        """Extract everything from one document."""
        paragraphs = [
            (sec.name, p) for sec in doc.sections if sec.name in self.sections for p in sec.paragraphs
        ]
        # Pass 1: sentences and abbreviation definitions.
        sentences: list[SentenceSpan] = []
        abbreviations: list[Abbreviation] = []
        sid = 0
        for k, (section, para) in enumerate(paragraphs):
            sdoc = self.nlp(para.text)
            for ab in sdoc._.abbreviations:
                if ab.text != ab._.long_form.text:
                    abbreviations.append(Abbreviation(ab.text, ab._.long_form.text))
            spans = (self.split_sentences(para.text) if self.split_sentences is not None
                     else [(x.start_char, x.end_char) for x in sdoc.sents])
            for a, b in spans:
                text = para.text[a:b]
                lead = len(text) - len(text.lstrip())
                body = text.strip()
                if not body:
                    continue
                s0 = para.start + a + lead
                sentences.append(SentenceSpan(section, k, sid, s0, s0 + len(body)))
                sid += 1
        context_defs = self.tagger.document_context(abbreviations, doc.text)
        # Pass 2: entities and relations per sentence.
        mentions: list[Mention] = []
        relations: list[Relation] = []
        triples: list[Triple] = []
        context: dict[int, dict[str, str]] = {}  # paragraph -> last CANCER / CELL seen
        for sent in sentences:
            text = doc.text[sent.start : sent.end]
            ents = self.tagger.tag_text(text, sent.start, context_defs)
            if self.ner_model is not None:
                ents = merge_model_entities(ents, self._model_entities(text, sent.start))
            for e in ents:
                mentions.append(Mention(doc.doc_id, sent.section, sent.sentence_id, e.start, e.end, e.text, e.label,
                                        e.norm_id, e.norm_name, e.source))
            hits = extract_relations(text, sent.start, ents, self.rules) if len(ents) > 1 else []
            for h in hits:
                s, o = ents[h.subject], ents[h.object]
                relations.append(Relation(doc.doc_id, sent.section, sent.sentence_id, s.norm_name or s.text, s.label,
                                          s.norm_id, h.predicate, o.norm_name or o.text, o.label, o.norm_id,
                                          h.negated, h.hedged, text, s.start, s.end, o.start, o.end))
            ctx = context.setdefault(sent.paragraph, {})
            fallback_cancer = ctx.get("cancer", "")
            cell = self._source_cell(text, sent.start, ents, ctx)
            triples.extend(self._triples(doc.doc_id, sent.sentence_id, text, sent.start, ents, hits, fallback_cancer, cell, self.rules))
            cancers = [e for e in ents if e.label == "CANCER"]
            if cancers:
                ctx["cancer"] = cancers[-1].norm_name or cancers[-1].text
        return DocResult(doc.doc_id, tuple(mentions), tuple(relations), tuple(triples), tuple(sentences),
                         tuple(abbreviations))

    @staticmethod
    def _source_cell(text: str, start: int, ents: Sequence[EntitySpan], ctx: dict[str, str]) -> str:
        """Exosome source cell: "exosomes from X" or "X-derived", else the paragraph's last one.

        X is a CELL mention starting within a few words of the cue ("exosomes derived from bone
        marrow MSCs"), else the words up to "cells" ("exosomes from paclitaxel-resistant cells").
        """
        cells = [e for e in ents if e.label == "CELL"]
        cell = ""
        for m in _SOURCE_CUE.finditer(text):
            after = start + m.end()
            near = [e for e in cells if after <= e.start and len(text[m.end() : e.start - start].split()) <= 3]
            if near:
                cell = near[0].norm_name or near[0].text
            else:
                phrase = _CELLS_PHRASE.match(text, m.end())
                cell = phrase.group(1) if phrase else ""
            if cell:
                break
        if not cell:
            derived = [e for e in cells if re.match(r"^[\s-]*(derived|secreted|released)", text[e.end - start :])]
            if derived:
                cell = derived[0].norm_name or derived[0].text
        if cell:
            ctx["cell"] = cell
        return cell or ctx.get("cell", "")

    @staticmethod
    def _nearest_cancer(text: str, base: int, ents: Sequence[EntitySpan], anchor: EntitySpan,
                        rules: RelationRules) -> str:
        """The cancer mention nearest to ``anchor`` in its clause, else the last one before it."""
        cancers = [e for e in ents if e.label == "CANCER"]

        def same_clause(e: EntitySpan) -> bool:
            lo, hi = sorted((e.end, anchor.start)) if e.start < anchor.start else (anchor.end, e.start)
            return not rules.clause_break.search(text[lo - base : hi - base])

        near = [e for e in cancers if same_clause(e)]
        if near:
            best = min(near, key=lambda e: abs(e.start - anchor.start))
            return best.norm_name or best.text
        before = [e for e in cancers if e.start < anchor.start]
        return (before[-1].norm_name or before[-1].text) if before else ""

    @staticmethod
    def _triples(doc_id: str, sentence_id: int, text: str, start: int, ents: Sequence[EntitySpan], hits: Sequence[RelationHit],
                 fallback_cancer: str, cell: str, rules: RelationRules) -> list[Triple]:
        """One triple mention per (non-negated) confers_* relation, with its target chain."""
        out = []
        edges: dict[int, list[int]] = {}
        for h in hits:
            if not h.predicate.startswith("confers_") and not h.negated:
                edges.setdefault(h.subject, []).append(h.object)
        for h in hits:
            if not h.predicate.startswith("confers_") or h.negated:
                continue
            chain: list[int] = []
            frontier = [h.subject]
            seen = {h.subject}
            while frontier:
                nxt = []
                for node in frontier:
                    for o in sorted(edges.get(node, []), key=lambda i: ents[i].start):
                        if o not in seen:
                            seen.add(o)
                            chain.append(o)
                            nxt.append(o)
                frontier = nxt
            names: list[str] = []
            ids: list[str] = []
            for i in chain:
                name = ents[i].norm_name or ents[i].text
                if name not in names:
                    names.append(name)
                    ids.append(ents[i].norm_id)
            reg, drug = ents[h.subject], ents[h.object]
            cancer = Extractor._nearest_cancer(text, start, ents, drug, rules) or fallback_cancer
            out.append(Triple(
                regulator=reg.norm_name or reg.text, regulator_label=reg.label, regulator_id=reg.norm_id,
                targets=";".join(names), target_ids=";".join(ids), drug=drug.norm_name or drug.text, drug_id=drug.norm_id,
                effect=h.predicate.removeprefix("confers_"), cancer=cancer, source_cell=cell,
                n_mentions=1, n_docs=1, doc_ids=doc_id, evidence=text, hedged=h.hedged,
                provenance=f"{doc_id}:{sentence_id}",
            ))
        return out
