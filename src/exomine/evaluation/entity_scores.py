"""Score predicted entity mentions per label, with nervaluate's SemEval-2013 schemes.

``strict`` counts a mention right when span and label are the same,
``overlap`` (nervaluate's ``ent_type``) when the spans overlap and the label
is the same. Drug classes are optional: a mention on a gold drug class, and a
predicted drug class that gold does not call a drug, are left out. The error
list (overlap scheme) names each missed and each spurious mention with its
sentence, and a spurious one with the ``source`` of its match.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Collection, Mapping, Sequence

from nervaluate import Evaluator

from exomine.entities.lexicon import is_drug_class
from exomine.evaluation.align import Sentences, overlaps, pred_key
from exomine.evaluation.brat import GoldDocument, GoldEntity
from exomine.evaluation.scores import ErrorRow, EvalResult, averages, prf
from exomine.records import Mention

__all__ = ["entity_scores"]

IN_PATHWAY = "+in_pathway"
"""Source suffix of a gene named inside a pathway's name (exomine.entities.tagger): optional in entity scoring."""


def entity_scores(gold: Sequence[GoldDocument], mentions: Sequence[Mention], labels: Sequence[str],
                  sents: Sentences, class_drugs: Mapping[str, set[str]], result: EvalResult) -> None:
    """Per-label scores of both schemes (with micro and macro rows), and the error list."""
    golds, preds = _scored_mentions(gold, mentions, labels, class_drugs)
    true = [[{"label": e.label, "start": e.start, "end": e.end - 1} for e in es] for es in golds]
    predicted = [[{"label": m.label, "start": m.start, "end": m.end - 1} for m in ms] for ms in preds]
    ev = Evaluator(true, predicted, tags=list(labels), loader="dict").evaluate()
    for scheme, nv in (("strict", "strict"), ("overlap", "ent_type")):
        per = []
        for label in labels:
            r = ev["entities"].get(label, {}).get(nv)
            if r is None:
                continue
            # nervaluate: actual = correct+incorrect+partial+spurious; possible = correct+incorrect+partial+missed
            per.append(prf("entity", scheme, label, r.correct, r.actual - r.correct, r.possible - r.correct))
        result.scores.extend(per)
        result.scores.extend(averages("entity", scheme, per))
    # Error lists (overlap scheme).
    for g, gs, ps in zip(gold, golds, preds):
        for e in gs:
            if not any(m.label == e.label and overlaps(m, e) for m in ps):
                result.errors.append(ErrorRow("entity", "FN", g.doc_id, e.label, e.text, sents.text(g.doc_id, e.start)))
        for m in ps:
            if not any(m.label == e.label and overlaps(m, e) for e in gs):
                result.errors.append(ErrorRow("entity", "FP", g.doc_id, m.label, m.text, sents.text(g.doc_id, m.start),
                                              rule=m.source))


def _scored_mentions(gold: Sequence[GoldDocument], mentions: Sequence[Mention], labels: Sequence[str],
                     class_drugs: Mapping[str, set[str]]) -> tuple[list[list[GoldEntity]], list[list[Mention]]]:
    """Per gold document, the gold and predicted mentions of the labels it annotates, drug classes left out."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc_id].append(m)
    golds: list[list[GoldEntity]] = []
    preds: list[list[Mention]] = []
    for g in gold:
        doc_labels = set(labels) & set(g.labels)
        classes = [e for e in g.entities if e.drug_class]
        gdrugs = [e for e in g.entities if e.label == "DRUG" and not e.drug_class]
        golds.append([e for e in g.entities if e.label in doc_labels and not e.drug_class])
        # Optional: mentions on a gold drug class, predicted drug classes that gold does not call a drug, and the
        # genes a pathway is named by (source +in_pathway) where gold annotates no such gene.
        preds.append([m for m in by_doc.get(g.doc_id, []) if m.label in doc_labels
                      and not any(m.label == "DRUG" and overlaps(m, e) for e in classes)
                      and not (m.source.endswith(IN_PATHWAY) and not any(
                          e.label == m.label and overlaps(m, e) for e in g.entities))
                      and not (m.label == "DRUG" and _is_class(m, class_drugs.get(g.doc_id, ()))
                               and not any(overlaps(m, e) for e in gdrugs))])
    return golds, preds


def _is_class(m: Mention, class_drugs: Collection[str]) -> bool:
    """A predicted drug that names a class (by its id, or as a drug class of a predicted triple of the document)."""
    return is_drug_class(m.norm_id) or pred_key(m.norm_name or m.text, m.norm_id) in class_drugs
