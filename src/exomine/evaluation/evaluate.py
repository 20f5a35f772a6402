"""Score extracted entities, relations and triples against gold annotations.

Each level has per-class precision/recall/F1 and micro and macro averages:

* **entities** -- per label, with nervaluate's SemEval-2013 schemes:
  ``strict`` (same span and label) and ``overlap`` (nervaluate's
  ``ent_type``: overlapping span and same label); a gene named inside a
  pathway's name (source ``+in_pathway``: Wnt in "Wnt/beta-catenin
  signaling") is optional, counted where the gold annotates it (BioRED) and
  not wrong where the gold annotates only the pathway;
* **relations** (``exact``) -- per type; a predicted relation matches a gold
  one when the type is the same and both arguments match. Arguments match
  when they are the same entity in the same sentence: a gold argument is
  identified by the normalised id of the predicted mention that overlaps it
  with the same label (so ``doxorubicin`` and its short form ``DOX`` are one
  argument), else by its folded text. Every predicted relation counts,
  whatever its ``assertion``: the annotation guidelines annotate hedged and
  negated statements as relations that carry a ``Hedged`` or ``Negated``
  attribute, so a hedged relation that gold has is found, not wrong. Whether
  the assertion is right is scored on its own (``relation / assertion /
  accuracy``, over the matched relations): gold ``Negated`` is *negated*,
  ``Hedged`` is *hedged*, *association* or *aim* (the guidelines' Hedged
  covers possibility, association and proposal), neither is *finding*;
* **triples** (``exact``, the main score) -- (regulator, drug, effect) per
  document. Gold triples are stated by the gold (sentence-level JSONL) or
  derived from brat ``confers_*`` relations that are neither negated nor
  hedged (a hedge, an association or a negation states no finding, the
  exodev convention). Every predicted triple counts. Over the matched
  triples two more scores are reported on their own rows:

  - ``targets`` -- set precision/recall of the target lists (gold targets of
    a brat triple: the chain of non-negated relations from the regulator in
    its sentence, as the guidelines annotate an axis);
  - ``cancer`` -- precision/recall of the triple's cancer, and its
    ``accuracy`` (a triple without a cancer is right when the gold names
    none). A brat triple's gold cancers are the CANCER mentions of its
    sentence; when the sentence names none its cancer is not scored.

Drug classes are optional, neither required nor wrong: a predicted triple
whose ``drug_is_class`` is true is not counted, nor is a predicted triple
that matches only an optional gold triple (JSONL ``optional``, or a brat DRUG
mention with the ``Class`` attribute); relations and entities on such drugs
are left out the same way.

Triple arguments, targets and cancers match by normalised id when both sides
have one, else leniently by name (:func:`names_match`: case, Unicode dashes,
species prefixes, "exosomal"/"lncRNA" words, miRNA arms). A predicted
argument's names are its name and the texts of its mentions in the document.

False positives and false negatives are listed with their sentences, and a
predicted row with the rule that made it and its assertion, so a user can
see what to fix. Everything here works on in-memory records.

:func:`evaluate` restricts the predictions to the gold documents and hands
each level to its module: :mod:`~exomine.evaluation.entity_scores`,
:mod:`~exomine.evaluation.relation_scores`, and for triples
:mod:`~exomine.evaluation.triple_findings` (what a gold or predicted triple
is) and :mod:`~exomine.evaluation.triple_scores`. The rows they produce are
:mod:`~exomine.evaluation.scores`; lenient names are
:mod:`~exomine.evaluation.names`, argument identities
:mod:`~exomine.evaluation.align`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from exomine.evaluation.align import Sentences, gold_key, pred_key
from exomine.evaluation.brat import GoldDocument
from exomine.evaluation.entity_scores import entity_scores
from exomine.evaluation.relation_scores import relation_scores
from exomine.evaluation.scores import EvalResult
from exomine.evaluation.triple_findings import Surfaces, doc_triples, gold_findings, pred_findings
from exomine.evaluation.triple_scores import triple_scores
from exomine.records import LABELS, PREDICATES, Mention, Relation, SentenceRow, Triple

__all__ = ["Predictions", "evaluate"]


@dataclass
class Predictions:
    """What the extractor produced for the gold documents (triples per document or corpus-level)."""

    mentions: Sequence[Mention]
    relations: Sequence[Relation]
    sentences: Sequence[SentenceRow]
    triples: Sequence[Triple]


def evaluate(gold: Sequence[GoldDocument], pred: Predictions, labels: Sequence[str] = LABELS,
             predicates: Sequence[str] = PREDICATES, undirected_pairs: bool = False) -> EvalResult:
    """Score predictions for the gold documents (only those documents, and only what their gold annotates).

    Parameters
    ----------
    gold
        Gold documents; each says which levels (``entity``, ``relation``,
        ``triple``) and labels it annotates.
    pred
        The extractor's records; triples may be per document (mention tables)
        or corpus-level (``triples.tsv``).
    undirected_pairs
        Score relations as undirected miRNA-gene pairs of any
        :data:`~exomine.evaluation.relation_scores.PAIR_PREDICATES` type (for corpora such as SCAI that annotate
        interaction pairs, not typed relations); no triples are scored.
    """
    result = EvalResult()
    docs = {g.doc_id for g in gold}
    pred = Predictions([m for m in pred.mentions if m.doc_id in docs], [r for r in pred.relations if r.doc_id in docs],
                       [s for s in pred.sentences if s.doc_id in docs],
                       [t for t in pred.triples if any(d in docs for d in t.doc_ids.split(";"))])
    sents = Sentences(pred.sentences, {g.doc_id: g.text for g in gold})
    triples_by_doc = doc_triples(pred.triples, docs)
    mentions_by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in pred.mentions:
        mentions_by_doc[m.doc_id].append(m)
    class_drugs = _class_drugs(gold, triples_by_doc, mentions_by_doc)

    entity_gold = [g for g in gold if "entity" in g.levels]
    entity_labels = [label for label in labels if any(label in g.labels for g in entity_gold)]
    if entity_gold and entity_labels:
        entity_scores(entity_gold, pred.mentions, entity_labels, sents, class_drugs, result)

    relation_docs = {g.doc_id for g in gold if "relation" in g.levels}
    if relation_docs:
        relation_scores([g for g in gold if g.doc_id in relation_docs],
                        [r for r in pred.relations if r.doc_id in relation_docs], predicates, undirected_pairs,
                        mentions_by_doc, sents, class_drugs, result)

    triple_gold = [g for g in gold if "triple" in g.levels]
    if triple_gold and not undirected_pairs:
        _triples(triple_gold, pred, triples_by_doc, mentions_by_doc, sents, result)
    return result


def _class_drugs(gold: Sequence[GoldDocument], triples_by_doc: Mapping[str, list[Triple]],
                 mentions_by_doc: Mapping[str, list[Mention]]) -> dict[str, set[str]]:
    """Drug classes by document, optional everywhere: gold DRUG mentions marked Class, and the drugs of
    predicted triples that name a class."""
    class_drugs: dict[str, set[str]] = defaultdict(set)
    for d, ts in triples_by_doc.items():
        class_drugs[d].update(pred_key(t.drug, t.drug_id) for t in ts if t.drug_is_class)
    for g in gold:
        class_drugs[g.doc_id].update(gold_key(g.doc_id, e, mentions_by_doc.get(g.doc_id, []))
                                     for e in g.entities if e.drug_class)
    return class_drugs


def _triples(triple_gold: Sequence[GoldDocument], pred: Predictions, triples_by_doc: Mapping[str, list[Triple]],
             mentions_by_doc: Mapping[str, list[Mention]], sents: Sentences, result: EvalResult) -> None:
    """Gold and predicted findings of the documents whose gold states triples, scored."""
    surfaces = Surfaces(pred.mentions)
    rel_by_sentence: dict[tuple[str, int], list[Relation]] = defaultdict(list)
    rel_by_doc: dict[str, list[Relation]] = defaultdict(list)
    for r in pred.relations:
        rel_by_sentence[(r.doc_id, r.sentence_id)].append(r)
        rel_by_doc[r.doc_id].append(r)
    gold_f = [f for g in triple_gold for f in gold_findings(g, mentions_by_doc.get(g.doc_id, []), sents)]
    pred_f = [f for g in triple_gold
              for f in pred_findings(g.doc_id, triples_by_doc.get(g.doc_id, []), surfaces, rel_by_sentence)]
    triple_scores(gold_f, pred_f, rel_by_doc, surfaces, result, {g.doc_id for g in triple_gold if g.partial})
