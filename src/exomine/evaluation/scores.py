"""What an evaluation produces: score rows (per class, micro, macro, accuracy) and error rows.

A :class:`Score` holds the counts of one class at one level and scheme, and
derives precision, recall and F1 from them; :func:`averages` adds the micro
(summed counts) and macro (mean of the per-class values) rows of a level,
:func:`accuracy` an accuracy row. An :class:`ErrorRow` is one false
positive, false negative or wrong attribute, with its sentence and the rule
that made the predicted row; a :class:`Judged` is one predicted triple with
its verdict and belief (for rule priors and calibration).

>>> s = prf("relation", "exact", "targets", 3, 1, 2)
>>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 2)
(0.75, 0.6, 0.67)
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Score", "ErrorRow", "Judged", "EvalResult", "prf", "averages", "accuracy", "SCORE_COLUMNS",
           "ERROR_COLUMNS", "SUMMARY_LABELS"]


@dataclass(frozen=True)
class Score:
    level: str
    scheme: str
    label: str
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_row(self) -> dict:
        return {"level": self.level, "scheme": self.scheme, "label": self.label, "tp": round(self.tp, 2),
                "fp": round(self.fp, 2), "fn": round(self.fn, 2), "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


SCORE_COLUMNS = ("level", "scheme", "label", "tp", "fp", "fn", "precision", "recall", "f1")
# Labels of the rows that summarise a level (summary.tsv).
SUMMARY_LABELS = ("micro", "macro", "accuracy")


def prf(level: str, scheme: str, label: str, tp: float, fp: float, fn: float) -> Score:
    return Score(level, scheme, label, tp, fp, fn)


@dataclass(frozen=True)
class ErrorRow:
    """One error: ``kind`` FP or FN, or ``wrong`` for a matched item with a wrong attribute (cancer, assertion).

    ``rule`` and ``assertion`` describe the predicted row (for an entity, the
    ``source`` of its match); for a missed triple, the predicted relation
    between the same arguments when there is one (why it is no triple).
    """

    level: str  # entity | relation | triple
    kind: str  # FP | FN | wrong
    doc_id: str
    label: str
    item: str
    sentence: str
    rule: str = ""
    assertion: str = ""

    def to_row(self) -> dict:
        return self.__dict__.copy()


ERROR_COLUMNS = ("level", "kind", "doc_id", "label", "item", "sentence", "rule", "assertion")


@dataclass(frozen=True)
class Judged:
    """A predicted triple of one document as the triple score judged it: ``TP``, ``FP`` or ``optional`` (matched
    a gold triple that is neither required nor wrong); with its rules and belief, for priors and calibration."""

    doc_id: str
    item: str
    rule: str
    belief: float
    verdict: str


@dataclass
class EvalResult:
    scores: list[Score] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)
    judged: list[Judged] = field(default_factory=list)  # every predicted triple that was scored

    def get(self, level: str, scheme: str, label: str) -> Score:
        for s in self.scores:
            if (s.level, s.scheme, s.label) == (level, scheme, label):
                return s
        raise KeyError((level, scheme, label))


def averages(level: str, scheme: str, per_class: list[Score]) -> list[Score]:
    """Micro (summed counts) and macro (mean F1, reported through P=R=F1 rows)."""
    if not per_class:
        return []
    micro = prf(level, scheme, "micro", sum(s.tp for s in per_class), sum(s.fp for s in per_class),
                sum(s.fn for s in per_class))
    macro_f1 = sum(s.f1 for s in per_class) / len(per_class)
    macro_p = sum(s.precision for s in per_class) / len(per_class)
    macro_r = sum(s.recall for s in per_class) / len(per_class)
    macro = _MacroScore(level, scheme, "macro", 0, 0, 0, macro_p, macro_r, macro_f1)
    return [micro, macro]


@dataclass(frozen=True)
class _MacroScore(Score):
    p: float = 0.0
    r: float = 0.0
    f: float = 0.0

    @property
    def precision(self) -> float:
        return self.p

    @property
    def recall(self) -> float:
        return self.r

    @property
    def f1(self) -> float:
        return self.f


def accuracy(level: str, scheme: str, correct: int, total: int) -> Score:
    """An accuracy row: the accuracy in the P, R and F1 columns, tp = right, fp = wrong."""
    acc = correct / total if total else 0.0
    return _MacroScore(level, scheme, "accuracy", correct, total - correct, 0, acc, acc, acc)
