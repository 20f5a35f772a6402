"""spaCy pipeline components: exomine's entities and relations on a ``Doc``.

The workflow works on plain records (:mod:`exomine.extraction.extract`); these
components expose the same algorithms to spaCy users:

>>> from exomine.text.nlp import build_pipeline                      # doctest: +SKIP
>>> nlp = build_pipeline()                                        # doctest: +SKIP
>>> nlp.add_pipe("exomine_entities"); nlp.add_pipe("exomine_relations")  # doctest: +SKIP
>>> doc = nlp("Exosomal miR-21 promotes cisplatin resistance by targeting PTEN.")  # doctest: +SKIP
>>> [(e.text, e.label_, e.kb_id_) for e in doc.ents]            # doctest: +SKIP
[('miR-21', 'MIRNA', 'miRBase:MI0000077'), ('cisplatin', 'DRUG', 'DrugBank:DB00515'), ('PTEN', 'GENE', 'HGNC:9588')]
>>> [(r["subject"], r["predicate"], r["object"]) for r in doc._.relations]  # doctest: +SKIP
[('hsa-miR-21', 'confers_resistance', 'Cisplatin'), ('hsa-miR-21', 'targets', 'PTEN')]

``exomine_entities`` sets ``doc.ents`` (spans aligned to tokens; where a
token holds more than one name the outer span wins) and keeps every mention
with its exact character offsets in ``doc.spans["exomine"]``.
``exomine_relations`` runs the relation rules on each sentence and sets
``doc._.relations`` to plain dicts.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from exomine.extraction.pipeline import Options, build_index
from exomine.records import PREDICATES
from exomine.relations.engine import extract_relations, load_rules
from exomine.entities.tagger import Abbreviation, EntitySpan, EntityTagger

__all__ = ["EntityComponent", "RelationComponent"]


def _mentions(doc: Doc) -> list[EntitySpan]:
    return doc.user_data.get("exomine_mentions", [])


@Language.factory(
    "exomine_entities",
    assigns=["doc.ents", "doc.spans"],
    default_config={"lexicon_cache": ""},
)
class EntityComponent:
    """Tag miRNAs, circRNAs, lncRNAs, genes, drugs, cancers, cells and pathways.

    Uses the document's abbreviations when scispaCy's ``abbreviation_detector``
    ran before this component.
    """

    def __init__(self, nlp: Language, name: str, lexicon_cache: str = ""):
        self.tagger = EntityTagger(build_index(Options(lexicon_cache=lexicon_cache)))

    def __call__(self, doc: Doc) -> Doc:
        abbreviations = []
        if Doc.has_extension("abbreviations"):
            abbreviations = [Abbreviation(a.text, a._.long_form.text) for a in doc._.abbreviations
                             if a._.long_form is not None and a.text != a._.long_form.text]
        context = self.tagger.document_context(abbreviations, doc.text)
        mentions = self.tagger.tag_text(doc.text, 0, context)
        doc.user_data["exomine_mentions"] = mentions
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.norm_id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["exomine"] = spans
        doc.ents = filter_spans(spans)
        return doc


@Language.factory(
    "exomine_relations",
    requires=["doc.ents"],
    assigns=["doc._.relations"],
    default_config={"relation_rules": ""},
)
class RelationComponent:
    """Extract relations sentence by sentence from the mentions ``exomine_entities`` found."""

    def __init__(self, nlp: Language, name: str, relation_rules: str = ""):
        self.rules = load_rules(relation_rules or None)
        if not Doc.has_extension("relations"):
            Doc.set_extension("relations", default=None)

    def __call__(self, doc: Doc) -> Doc:
        mentions = _mentions(doc)
        relations = []
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sentences:
            start, end = sent.start_char, sent.end_char
            ents = [m for m in mentions if start <= m.start and m.end <= end]
            if len(ents) < 2:
                continue
            for hit in extract_relations(doc.text[start:end], start, ents, self.rules):
                if hit.predicate not in PREDICATES:
                    continue  # "regulates" only links a target into a chain
                s, o = ents[hit.subject], ents[hit.object]
                relations.append({
                    "subject": s.norm_name or s.text, "subject_id": s.norm_id, "subject_label": s.label,
                    "predicate": hit.predicate,
                    "object": o.norm_name or o.text, "object_id": o.norm_id, "object_label": o.label,
                    "negated": hit.negated, "hedged": hit.hedged, "assertion": hit.assertion, "rule": hit.rule,
                    "sentence": doc.text[start:end],
                })
        doc._.relations = relations
        return doc
