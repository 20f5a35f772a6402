"""Calibration of belief: predicted against observed precision, by bins of belief.

A belief is calibrated when the triples given about 0.9 are right about nine
times in ten. :func:`calibration` bins the triples an evaluation judged
(:class:`exomine.evaluation.scores.Judged`) by their belief and gives, per
bin, the mean belief (the predicted precision) beside the share that gold
confirms (the observed precision), and one more row for every triple at or
above :data:`TRUSTED` (the threshold the README's target is stated for).
Triples that matched only an optional gold triple (a drug class, an implicit
drug) are left out, as the triple score leaves them out.

>>> from exomine.evaluation.scores import Judged
>>> rows = calibration([Judged("d", "x", "r", 0.95, "TP"), Judged("d", "y", "r", 0.97, "FP"),
...                     Judged("d", "z", "r", 0.3, "FP")])
>>> [(r["bin"], r["n"], r["precision"]) for r in rows if r["n"]]
[('0.00-0.50', 1, 0.0), ('0.95-1.00', 2, 0.5), ('>= 0.80', 2, 0.5)]
"""

from __future__ import annotations

from typing import Iterable, Sequence

from exomine.evaluation.scores import Judged

__all__ = ["BINS", "TRUSTED", "CALIBRATION_COLUMNS", "calibration"]

BINS = (0.0, 0.5, 0.8, 0.9, 0.95, 1.0)
TRUSTED = 0.8
CALIBRATION_COLUMNS = ("bin", "lo", "hi", "n", "tp", "fp", "mean_belief", "precision")


def _row(name: str, lo: float, hi: float, judged: Sequence[Judged]) -> dict:
    tp = sum(j.verdict == "TP" for j in judged)
    n = len(judged)
    return {"bin": name, "lo": lo, "hi": hi, "n": n, "tp": tp, "fp": n - tp,
            "mean_belief": round(sum(j.belief for j in judged) / n, 4) if n else "",
            "precision": round(tp / n, 4) if n else ""}


def calibration(judged: Iterable[Judged], bins: Sequence[float] = BINS) -> list[dict]:
    """One row per belief bin (``lo <= belief < hi``, the last bin closed), then the row for ``belief >= TRUSTED``."""
    scored = [j for j in judged if j.verdict in ("TP", "FP")]
    rows = []
    for k, (lo, hi) in enumerate(zip(bins, bins[1:])):
        last = k == len(bins) - 2
        inside = [j for j in scored if lo <= j.belief < hi or (last and j.belief == hi)]
        rows.append(_row(f"{lo:.2f}-{hi:.2f}", lo, hi, inside))
    rows.append(_row(f">= {TRUSTED:.2f}", TRUSTED, 1.0, [j for j in scored if j.belief >= TRUSTED]))
    return rows
