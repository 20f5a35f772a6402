"""Tests for the calibration table (exomine.evaluation.calibration)."""

from __future__ import annotations

from exomine.evaluation.calibration import BINS, TRUSTED, calibration
from exomine.evaluation.scores import Judged


def _j(belief: float, verdict: str) -> Judged:
    return Judged("doc", "miR-9999 -> foomycin", "response.a", belief, verdict)


def test_calibration_bins_cover_zero_to_one_and_count_each_triple_once() -> None:
    judged = [_j(0.0, "FP"), _j(0.49, "TP"), _j(0.5, "TP"), _j(0.85, "FP"), _j(0.95, "TP"), _j(1.0, "TP"),
              _j(0.99, "optional")]
    rows = calibration(judged)
    assert len(rows) == len(BINS)  # one per bin, then the trusted row
    assert sum(r["n"] for r in rows[:-1]) == 6  # the optional match is not scored
    by_bin = {r["bin"]: r for r in rows}
    assert by_bin["0.00-0.50"]["n"] == 2 and by_bin["0.00-0.50"]["precision"] == 0.5
    assert by_bin["0.95-1.00"]["n"] == 2  # the last bin is closed: 1.0 is in it
    trusted = rows[-1]
    assert trusted["bin"] == f">= {TRUSTED:.2f}" and (trusted["n"], trusted["tp"], trusted["fp"]) == (3, 2, 1)
    assert trusted["mean_belief"] == round((0.85 + 0.95 + 1.0) / 3, 4)


def test_calibration_empty_bins_have_no_precision() -> None:
    rows = calibration([])
    assert all(r["n"] == 0 and r["precision"] == "" for r in rows)
