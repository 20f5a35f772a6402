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

from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

from exomine.text.chunking import bound_spans, nlp_pieces
from exomine.records import PREDICATES, Document, Mention, Relation, SentenceRow, Triple
from exomine.relations.engine import Orphan, RelationHit, RelationRules, extract_relations
from exomine.relations.polarity import back_reference
from exomine.entities.lexicon import is_drug_class
from exomine.extraction.context import Sentence, Surroundings, nearest_cancer, origin_of, resolve_short_forms, \
    source_cell
from exomine.entities.nomenclature import find_ncrna_in_spans
from exomine.entities.tagger import Abbreviation, EntitySpan, EntityTagger, resolve_overlaps
from exomine.extraction.belief import load_priors, score_mentions

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
        The spaCy pipeline from :func:`exomine.text.nlp.build_pipeline`: its tokenizer (and its sentencizer
        when ``split_sentences`` is not given); abbreviations come from
        :func:`exomine.text.nlp.find_abbreviations` on its tokens.
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
            if label is None or (label == "CANCER" and not self.rules.cancer_word.search(ent.text)):
                continue
            entry = self.tagger.index.lookup(ent.text)
            norm_id, norm_name = (entry.norm_id, entry.norm_name) if entry and entry.label == label else ("", ent.text)
            out.append(EntitySpan(offset + ent.start_char, offset + ent.end_char, ent.text, label, norm_id, norm_name,
                                  f"model:{ent.label_}"))
        return out

    def process(self, doc: Document) -> DocResult:
        """Extract everything from one document."""
        from exomine.text.nlp import find_abbreviations  # spaCy is imported where it is used

        kept = [(i, sec) for i, sec in enumerate(doc.sections) if sec.name in self.sections]
        paragraphs = [(sec.name, p) for _, sec in kept for p in sec.paragraphs]
        headings = [(i, sec.heading) for i, sec in kept for _ in sec.paragraphs]
        # Pass 1: sentences and abbreviation definitions.
        sentences: list[SentenceSpan] = []
        abbreviations: list[Abbreviation] = []
        sid = 0
        for k, (section, para) in enumerate(paragraphs):
            # spaCy's tokenizer runs only where it is needed: for a spaCy sentencizer, or where an
            # abbreviation can be defined (in brackets); the rule sentencizer needs no tokens. A long
            # text goes in bounded pieces (exomine.text.chunking).
            bracketed = "(" in para.text and ")" in para.text
            pieces = nlp_pieces(self.nlp, para.text) if bracketed or self.split_sentences is None else []
            for short, long in (pair for _, sdoc in pieces for pair in find_abbreviations(sdoc)):
                if short != long:
                    abbreviations.append(Abbreviation(short, long))
            spans = (self.split_sentences(para.text) if self.split_sentences is not None
                     else [(o + x.start_char, o + x.end_char) for o, sdoc in pieces for x in sdoc.sents])
            spans = bound_spans(para.text, spans)  # no "sentence" of megabytes
            for a, b in spans:
                text = para.text[a:b]
                lead = len(text) - len(text.lstrip())
                body = text.strip()
                if not body:
                    continue
                s0 = para.start + a + lead
                sentences.append(SentenceSpan(section, k, sid, s0, s0 + len(body)))
                sid += 1
        # ncRNA names: the name rules run once over the document, for its context and every sentence.
        doc_ncrna, sentence_ncrna = find_ncrna_in_spans(doc.text, [(s.start, s.end) for s in sentences])
        context_defs = self.tagger.document_context(abbreviations, doc.text, doc_ncrna)
        # Pass 2: entities per sentence, with the document's reading of ambiguous short forms.
        tagged = []
        for sent, ncrna in zip(sentences, sentence_ncrna):
            text = doc.text[sent.start : sent.end]
            ents = self.tagger.tag_text(text, sent.start, context_defs, ncrna)
            if self.ner_model is not None:
                ents = merge_model_entities(ents, self._model_entities(text, sent.start))
            tagged.append((text, sent.start, ents))
        resolved = resolve_short_forms(tagged, set(context_defs.short_forms))
        around = Surroundings([Sentence(s, t[0], tuple(e)) for s, t, e in zip(sentences, tagged, resolved)], headings)
        # Pass 3: relations per sentence; a response that names no drug takes the context's (extraction.context).
        mentions: list[Mention] = []
        relations: list[Relation] = []
        analysed: list[_Analysed] = []
        implicit: list[Mention] = []  # drug words of responses that name no drug ("chemo"), with the context's drug
        for k, (sent, (text, _, _), ents) in enumerate(zip(sentences, tagged, resolved)):
            extra = around.response_drugs(k)
            for e in [p for x in ents for p in x.with_parts()] + extra:  # a pathway's genes are mentions too
                (implicit if e in extra else mentions).append(Mention(
                    doc.doc_id, sent.section, sent.sentence_id, e.start, e.end, e.text, e.label, e.norm_id,
                    e.norm_name, e.source))
            ents = sorted(ents + extra, key=lambda e: (e.start, e.end))
            orphans: list[Orphan] = []
            # Patterns run only where they can match: a regulator with another entity, or a drug
            # (a lone response phrase may be completed by another sentence).
            labels = {e.label for e in ents}
            worth = "DRUG" in labels or (len(ents) > 1 and bool(labels & self.rules.regulators))
            hits = extract_relations(text, sent.start, ents, self.rules, orphans) if worth else []
            ents, hits, orphans = around.widen_generic(k, ents, hits, orphans)
            where = (around.section_kind(k), around.background(k))
            for h in hits:
                if h.predicate in PREDICATES:  # "regulates" only links a target into a chain
                    relations.append(_relation(doc.doc_id, sent, text, ents, h, where=where))
            analysed.append(_Analysed(sent, text, tuple(ents), tuple(hits), tuple(orphans)))
        # Pass 4: findings, with context and cross-sentence completion.
        triples = findings(doc.doc_id, analysed, self.rules, around)
        xs_triples, xs_relations = cross_sentence_findings(doc.doc_id, analysed, self.rules, around)
        triples = score_mentions([*triples, *xs_triples], {s.sentence_id: s.section for s in sentences}, load_priors())
        relations.extend(xs_relations)
        # an implicit drug mention is an entity where a relation names it (entities.tsv holds every argument)
        used = {(r.object_start, r.object_end) for r in relations}
        if any((m.start, m.end) in used for m in implicit):
            mentions = sorted(mentions + [m for m in implicit if (m.start, m.end) in used], key=lambda m: m.start)
        return DocResult(doc.doc_id, tuple(mentions), tuple(relations), tuple(triples), tuple(sentences),
                         tuple(abbreviations))


@dataclass(frozen=True)
class _Analysed:
    """One sentence after tagging and relation extraction."""

    span: SentenceSpan
    text: str
    ents: tuple[EntitySpan, ...]
    hits: tuple[RelationHit, ...]
    orphans: tuple[Orphan, ...]


def _name(e: EntitySpan) -> str:
    return e.norm_name or e.text


def _key(e: EntitySpan) -> str:
    return e.norm_id or e.text.lower()


def _relation(doc_id: str, sent: SentenceSpan, text: str, ents: Sequence[EntitySpan], h: RelationHit,
              evidence: str | None = None, where: tuple[str, bool] = ("", False)) -> Relation:
    s, o = ents[h.subject], ents[h.object]
    drug_from = origin_of(o) if h.predicate.startswith("confers_") else ""
    return Relation(doc_id, sent.section, sent.sentence_id, _name(s), s.label, s.norm_id, h.predicate, _name(o),
                    o.label, o.norm_id, h.negated, h.hedged, evidence or text, s.start, s.end, o.start, o.end,
                    h.assertion, h.rule, where[0], where[1], drug_from)


def _edges(hits: Iterable[RelationHit]) -> dict[int, list[tuple[int, str]]]:
    """Mechanism edges (not drug effects) stated as findings: subject -> [(object, rule)]."""
    edges: dict[int, list[tuple[int, str]]] = {}
    for h in hits:
        if not h.predicate.startswith("confers_") and h.assertion != "negated":
            edges.setdefault(h.subject, []).append((h.object, h.rule))
    return edges


def _chain(root: int, ents: Sequence[EntitySpan], edges: Mapping[int, list[tuple[int, str]]]) -> list[tuple[EntitySpan, str]]:
    """Targets reached from ``root`` along the edges, breadth first, in text order per level."""
    chain: list[tuple[EntitySpan, str]] = []
    frontier, seen = [root], {root}
    while frontier:
        nxt = []
        for node in frontier:
            for o, rule in sorted(edges.get(node, []), key=lambda x: ents[x[0]].start):
                if o not in seen:
                    seen.add(o)
                    chain.append((ents[o], rule))
                    nxt.append(o)
        frontier = nxt
    return chain


def _neighbours(analysed: Sequence[_Analysed], k: int, reach: int = 1) -> list[_Analysed]:
    """Sentences within ``reach`` of sentence ``k`` in the same paragraph, nearest first."""
    out = []
    for d in range(1, reach + 1):
        for j in (k - d, k + d):
            if 0 <= j < len(analysed) and analysed[j].span.paragraph == analysed[k].span.paragraph:
                out.append(analysed[j])
    return out


def _mentions(a: _Analysed, reg: EntitySpan) -> list[int]:
    return [i for i, e in enumerate(a.ents) if _key(e) == _key(reg)]


@dataclass(frozen=True)
class _Where:
    """A finding's cancer and source cell with their origins, and the section kind and background of its
    sentences."""

    cancer: str = ""
    cancer_from: str = ""
    cell: str = ""
    cell_from: str = ""
    kind: str = ""
    background: bool = False


def _context(analysed: Sequence[_Analysed], k: int, reg: EntitySpan, drug: EntitySpan,
             rules: RelationRules, around: Surroundings, response: _Analysed | None = None) -> _Where:
    """Cancer and source cell of a finding: from its own sentence, else from a neighbouring sentence of
    the same paragraph that names the same regulator, else from the rest of the document (a cancer the
    paragraph, title or document makes unambiguous; the source cell the title states). A finding split
    over two sentences looks at the ``response`` sentence before the rest of the document."""
    a = analysed[k]
    cancer, cell = nearest_cancer(a, drug, rules), source_cell(a, rules)
    cancer_from, cell_from = "sentence" if cancer else "", "sentence" if cell else ""
    for b in _neighbours(analysed, k):
        if cancer and cell:
            break
        idx = _mentions(b, reg)
        if not idx:
            continue
        if not cancer:
            cancer = nearest_cancer(b, b.ents[idx[0]], rules)
            cancer_from = "paragraph" if cancer else ""
        if not cell:
            cell = source_cell(b, rules)
            cell_from = "paragraph" if cell else ""
    if not cancer and response is not None:
        cancer = nearest_cancer(response, drug, rules)
        cancer_from = "sentence" if cancer else ""
    if not cancer:
        cancer, cancer_from = around.cancer_for(k)
    if not cell:
        cell, cell_from = around.cell_for(rules)
    return _Where(cancer, cancer_from, cell, cell_from, around.section_kind(k), around.background(k))


def _triple(doc_id: str, reg: EntitySpan, drug: EntitySpan, effect: str, chain: Sequence[tuple[EntitySpan, str]],
            where: _Where, evidence: str, provenance: str, rules_used: Sequence[str], hedged: bool = False) -> Triple:
    # Targets are written as the evidence writes them ("P-gp"), their ids normalised (HGNC:40).
    names: list[str] = []
    keys: list[str] = []
    ids: list[str] = []
    for e, _ in chain:
        if _key(e) == _key(reg) or _key(e) in keys:
            continue
        names.append(e.text)
        keys.append(_key(e))
        ids.append(e.norm_id)
    used = list(dict.fromkeys(r for r in rules_used if r))
    return Triple(
        regulator=_name(reg), regulator_label=reg.label, regulator_id=reg.norm_id,
        targets=";".join(names), target_ids=";".join(ids), drug=_name(drug), drug_id=drug.norm_id,
        effect=effect, cancer=where.cancer, source_cell=where.cell, n_mentions=1, n_docs=1, doc_ids=doc_id,
        evidence=evidence, hedged=hedged, provenance=provenance, drug_is_class=is_drug_class(drug.norm_id),
        rule=";".join(used), drug_from=origin_of(drug), cancer_from=where.cancer_from,
        source_cell_from=where.cell_from, section_kind=where.kind, background=where.background,
    )


def _neighbour_chain(analysed: Sequence[_Analysed], k: int, reg: EntitySpan) -> list[tuple[EntitySpan, str]]:
    """Targets of the same regulator stated in the sentence before or after (same paragraph)."""
    out: list[tuple[EntitySpan, str]] = []
    for b in _neighbours(analysed, k):
        edges = _edges(b.hits)
        for i in _mentions(b, reg):
            out.extend((e, f"xsent.targets+{rule}") for e, rule in _chain(i, b.ents, edges))
    return out


def findings(doc_id: str, analysed: Sequence[_Analysed], rules: RelationRules, around: Surroundings) -> list[Triple]:
    """One triple mention per drug-effect relation that the sentence states as a finding.

    Targets are the chain of mechanism relations from the regulator in its own sentence,
    completed by those stated about the same regulator in the sentence before or after.
    """
    out = []
    for k, a in enumerate(analysed):
        edges = _edges(a.hits)
        for h in a.hits:
            if not h.predicate.startswith("confers_") or h.assertion != "finding":
                continue
            reg, drug = a.ents[h.subject], a.ents[h.object]
            chain = _chain(h.subject, a.ents, edges)
            chain += _neighbour_chain(analysed, k, reg)
            where = _context(analysed, k, reg, drug, rules, around)
            out.append(_triple(doc_id, reg, drug, h.predicate.removeprefix("confers_"), chain, where, a.text,
                               f"{doc_id}:{a.span.sentence_id}", [h.rule, *(r for _, r in chain)]))
    return out


def _anaphoric_links(analysed: Sequence[_Analysed], rules: RelationRules):
    """Findings split over two sentences by a back reference ("This effect was mediated by X",
    "By this mechanism, cisplatin resistance was augmented").

    Yields ``(k, j, regulator index in j, orphan of k, chain)``: sentence ``k`` holds the
    response phrase with no regulator, sentence ``j`` (up to two sentences before ``k`` in
    the same paragraph, or ``k + 1`` when the back reference is there) names the regulator.
    """
    for k, a in enumerate(analysed):
        # (1) the orphan phrase refers back: "By this mechanism, OXA resistance was augmented".
        cue = rules.anaphora.search(a.text)
        if a.orphans and cue and cue.start() <= a.orphans[0].start:
            window = [b for b in _neighbours(analysed, k, 2) if b.span.sentence_id < a.span.sentence_id]
            window.sort(key=lambda b: b.span.sentence_id)
            if window:
                yield from _upstream(analysed, window, a, rules)
        # (3) within a sentence, a later clause refers back: "exosomes increased DOX resistance,
        # while knockdown of lncFOO abated this effect".
        if a.orphans:
            last = a.orphans[-1]
            for cue in rules.anaphora.finditer(a.text):
                brk = rules.clause_break.search(a.text, last.end, cue.start())
                if cue.start() <= last.end or brk is None:
                    continue
                roots = [r for r in _roots(a, rules, after=brk.end())
                         if not any(h.predicate.startswith("confers_") and h.subject == r for h in a.hits)]
                if roots:
                    yield k, a, roots[0], _chain(roots[0], a.ents, _edges(a.hits))
                break
        # (2) the regulator's sentence refers back to the phrase: "... decreased gemcitabine
        # sensitivity. This effect was mediated by miR-9999."
        nxt = analysed[k + 1] if k + 1 < len(analysed) else None
        if a.orphans and nxt is not None and nxt.span.paragraph == a.span.paragraph:
            cue = rules.anaphora.search(nxt.text)
            if cue and not any(h.predicate.startswith("confers_") for h in nxt.hits):
                roots = _roots(nxt, rules, after=cue.start())
                if roots:
                    r = roots[0]
                    yield k, nxt, r, _chain(r, nxt.ents, _edges(nxt.hits))


def _roots(a: _Analysed, rules: RelationRules, after: int = 0) -> list[int]:
    objects = {h.object for h in a.hits}
    return [i for i, e in enumerate(a.ents) if e.label in rules.regulators and i not in objects
            and e.start - a.span.start >= after]


def _upstream(analysed: Sequence[_Analysed], window: Sequence[_Analysed], a: _Analysed, rules: RelationRules):
    """The most upstream regulator of the mechanism stated in ``window`` (an RNA before a gene)."""
    objects = {_key(b.ents[h.object]) for b in window for h in b.hits}
    candidates = [(b, i) for b in window for i in _roots(b, rules)
                  if _key(b.ents[i]) not in objects and _edges(b.hits).get(i)]
    if not candidates:
        return
    candidates.sort(key=lambda x: (x[1] and x[0].ents[x[1]].label not in ("MIRNA", "CIRCRNA", "LNCRNA"),
                                   x[0].span.sentence_id, x[0].ents[x[1]].start))
    b, i = candidates[0]
    # the chain follows the mechanism across the window's sentences, by entity identity
    chain = _chain(i, b.ents, _edges(b.hits))
    frontier = [e for e, _ in chain]
    for c in window:
        if c is b:
            continue
        for e in list(frontier):
            for j in _mentions(c, e):
                for t, rule in _chain(j, c.ents, _edges(c.hits)):
                    chain.append((t, rule))
                    frontier.append(t)
    k = analysed.index(a)
    yield k, b, i, chain


def _back_reference_polarity(b: _Analysed, i: int, rules: RelationRules) -> tuple[bool, list[str]]:
    """Whether the sentence that names the regulator turns the referred effect round, and the
    polarity parts that say so (:func:`exomine.relations.polarity.back_reference`): the
    regulator removed ("knockdown of X abated this effect"), the reference reversed ("X
    abolished this effect"); the effect turns when their product is negative."""
    reg = b.ents[i]
    cue = rules.anaphora.search(b.text)
    at = cue.start() if cue is not None else len(b.text)
    parts = back_reference(b.text, reg.start - b.span.start, reg.end - b.span.start, reg.text, at, rules)
    if cue is None:
        parts = [p for p in parts if p.id.startswith("state.")]
    sign = 1
    for p in parts:
        sign *= p.sign
    return sign < 0, [p.id for p in parts]


def _orphan_triples(doc_id: str, analysed: Sequence[_Analysed], rules: RelationRules):
    for k, b, i, chain in _anaphoric_links(analysed, rules):
        a = analysed[k]
        reg = b.ents[i]
        first, last = sorted((a, b), key=lambda x: x.span.sentence_id)
        evidence = first.text if a is b else f"{first.text} {last.text}"
        flip, flips = _back_reference_polarity(b, i, rules) if b.span.sentence_id >= a.span.sentence_id else (False, [])
        for orphan in a.orphans:
            if flip or flips:
                effect = ("sensitivity" if orphan.effect == "resistance" else "resistance") if flip else orphan.effect
                orphan = Orphan(effect, "+".join([orphan.rule, *flips]), orphan.drugs, orphan.start, orphan.end)
            for d in orphan.drugs:
                yield a, b, reg, a.ents[d], orphan, chain, evidence


def cross_sentence_findings(doc_id: str, analysed: Sequence[_Analysed], rules: RelationRules,
                            around: Surroundings) -> tuple[list[Triple], list[Relation]]:
    """Findings whose regulator and drug response are stated in adjacent sentences, and their
    drug-effect relations (for relations.tsv and the graph)."""
    triples, relations = [], []
    for a, b, reg, drug, orphan, chain, evidence in _orphan_triples(doc_id, analysed, rules):
        k, ka = analysed.index(b), analysed.index(a)
        where = _context(analysed, k, reg, drug, rules, around, response=a)
        where = replace(where, background=where.background or around.background(ka))
        prov = ";".join(dict.fromkeys(f"{doc_id}:{x.span.sentence_id}" for x in (b, a)))
        triples.append(_triple(doc_id, reg, drug, orphan.effect, chain, where, evidence, prov,
                               [rules.anaphora.id, orphan.rule, *(r for _, r in chain)]))
        h = RelationHit(f"confers_{orphan.effect}", 0, 1, False, False, f"{rules.anaphora.id}+{orphan.rule}", "finding")
        relations.append(_relation(doc_id, a.span, evidence, (reg, drug), h, where=(where.kind, where.background)))
    return triples, relations
