"""Score predicted triples against gold ones: the triple itself, then its targets and its cancer.

A predicted finding matches a gold one of the same document and effect whose
regulator and drug match (:meth:`~exomine.evaluation.triple_findings.Finding.same`);
a required gold finding is matched before an optional one, and a predicted
finding that matches only an optional one is not counted. Over the matched
pairs, ``targets`` scores the set precision/recall of the target lists and
``cancer`` the triple's cancer (precision/recall, and accuracy: a triple
without a cancer is right when gold names none). A ``wrong`` gold finding is
never matched, so a prediction of it is a false positive. A ``partial`` gold
document (curation marks) judges only the triples it lists: another predicted
triple of it is not scored, and its matched triples are not scored on their
targets and cancer. Every predicted triple scored is recorded in
``result.judged`` with its verdict and belief.
"""

from __future__ import annotations

from typing import Collection, Mapping, Sequence

from exomine.evaluation.align import assertion_of, join_distinct
from exomine.evaluation.scores import ErrorRow, EvalResult, Judged, accuracy, averages, prf
from exomine.evaluation.triple_findings import Arg, Finding, Surfaces
from exomine.records import Relation

__all__ = ["triple_scores"]


def _match_args(gold: Sequence[Arg], pred: Sequence[Arg]) -> tuple[int, list[Arg], list[Arg]]:
    """Greedy one-to-one matching: (matched, gold left over, predicted left over)."""
    left = list(gold)
    extra = []
    for p in pred:
        hit = next((g for g in left if g.matches(p)), None)
        if hit is None:
            extra.append(p)
        else:
            left.remove(hit)
    return len(pred) - len(extra), left, extra


def triple_scores(gold: list[Finding], pred: list[Finding], relations: Mapping[str, list[Relation]],
                  surfaces: Surfaces, result: EvalResult, partial: Collection[str] = ()) -> None:
    """Triples per effect (with micro and macro rows), then targets and cancers over the matched pairs;
    ``partial``: the documents whose gold judges only the triples it lists."""
    pairs = _match_findings(gold, pred, relations, surfaces, result, partial)
    if pairs:
        _target_scores(pairs, result)
        _cancer_scores(pairs, result)


def _match_findings(gold: list[Finding], pred: list[Finding], relations: Mapping[str, list[Relation]],
                    surfaces: Surfaces, result: EvalResult,
                    partial: Collection[str] = ()) -> list[tuple[Finding, Finding]]:
    """Count and list the triples found, wrong and missed; the (gold, predicted) pairs of the required ones found."""
    used: set[int] = set()
    pairs: list[tuple[Finding, Finding]] = []
    counts = {e: [0, 0, 0] for e in ("resistance", "sensitivity")}
    for p in pred:
        cands = [i for i, g in enumerate(gold) if i not in used and not g.wrong and g.same(p)]
        if not cands and p.doc_id in partial and not any(g.wrong and g.same(p) for g in gold):
            continue  # gold that judges only what it lists says nothing of this one
        if not cands:
            result.judged.append(Judged(p.doc_id, p.describe(), p.rule, p.belief, "FP"))
            counts.setdefault(p.effect, [0, 0, 0])[1] += 1
            result.errors.append(ErrorRow("triple", "FP", p.doc_id, p.effect, p.describe(), p.sentence, p.rule,
                                          p.assertion))
            continue
        i = min(cands, key=lambda i: gold[i].optional)  # a required finding first
        used.add(i)
        result.judged.append(Judged(p.doc_id, p.describe(), p.rule, p.belief, "optional" if gold[i].optional else "TP"))
        if not gold[i].optional:
            counts.setdefault(p.effect, [0, 0, 0])[0] += 1
            if p.doc_id not in partial:  # marks judge the triple, not its targets and cancer
                pairs.append((gold[i], p))
    for i, g in enumerate(gold):
        if i in used or g.optional or g.wrong:
            continue
        counts.setdefault(g.effect, [0, 0, 0])[2] += 1
        # Why it is missed: a predicted relation between the same arguments (hedged, say), if there is one.
        near = [r for r in relations.get(g.doc_id, []) if r.predicate == "confers_" + g.effect
                and g.regulator.matches(surfaces.arg(g.doc_id, r.subject, r.subject_id))
                and g.drug.matches(surfaces.arg(g.doc_id, r.object, r.object_id))]
        result.errors.append(ErrorRow("triple", "FN", g.doc_id, g.effect, g.describe(), g.sentence,
                                      join_distinct(r.rule for r in near),
                                      join_distinct(assertion_of(r) for r in near)))
    per = [prf("triple", "exact", e, *c) for e, c in counts.items() if any(c)]
    result.scores.extend(per)
    result.scores.extend(averages("triple", "exact", per))
    return pairs


def _target_scores(pairs: Sequence[tuple[Finding, Finding]], result: EvalResult) -> None:
    """Set precision/recall of the target lists over the matched triples."""
    tp = fp = fn = 0
    for g, p in pairs:
        m, missed, extra = _match_args(g.targets, p.targets)
        tp, fp, fn = tp + m, fp + len(extra), fn + len(missed)
        for a in missed:
            result.errors.append(ErrorRow("targets", "FN", g.doc_id, g.effect, f"{p.describe()}: {a}", g.sentence,
                                          p.rule, p.assertion))
        for a in extra:
            result.errors.append(ErrorRow("targets", "FP", g.doc_id, g.effect, f"{p.describe()}: {a}", p.sentence,
                                          p.rule, p.assertion))
    if tp + fp + fn:
        result.scores.append(prf("triple", "targets", "micro", tp, fp, fn))


def _cancer_scores(pairs: Sequence[tuple[Finding, Finding]], result: EvalResult) -> None:
    """Precision/recall and accuracy of the cancer, over the matched triples whose gold cancer is known."""
    tp = fp = fn = right = scored = 0
    for g, p in pairs:
        if not g.cancer_scored:
            continue
        scored += 1
        pc = p.cancers[0] if p.cancers else None
        ok = pc is not None and any(gc.matches(pc) for gc in g.cancers)
        tp += ok
        fp += pc is not None and not ok
        fn += bool(g.cancers) and not ok
        right += ok or (pc is None and not g.cancers)
        if not ok and (pc is not None or g.cancers):
            kind = "wrong" if pc is not None and g.cancers else "FP" if pc is not None else "FN"
            gold_names = " | ".join(str(c) for c in g.cancers) or "none"
            result.errors.append(ErrorRow("cancer", kind, g.doc_id, g.effect,
                                          f"{p.describe()}: {pc or 'none'} (gold: {gold_names})", g.sentence, p.rule,
                                          p.assertion))
    if scored:
        result.scores.append(prf("triple", "cancer", "micro", tp, fp, fn))
        result.scores.append(accuracy("triple", "cancer", right, scored))
