"""Tests for writing evaluation tables and the Markdown report (exomine.evaluation.report)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from evalcases import MIR9999, averages_case, axis_case, hedge_case
from exomine.evaluation.evaluate import evaluate
from exomine.evaluation.report import write_eval
from exomine.evaluation.scores import ERROR_COLUMNS, SCORE_COLUMNS


def _read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_report_write_eval_writes_every_file(tmp_path: Path) -> None:
    gold, pred = averages_case()
    result = evaluate([gold], pred)
    out = tmp_path / "eval"
    paths = write_eval(result, out, title="tiny evaluation")
    names = {"summary.tsv", "entities.tsv", "relations.tsv", "triples.tsv", "errors.tsv", "report.md"}
    assert {p.name for p in paths.values()} == names
    assert {p.name for p in out.iterdir()} == names
    levels = {"entities.tsv": "entity", "relations.tsv": "relation", "triples.tsv": "triple"}
    for name in ("summary.tsv", *levels):
        header, rows = _read_tsv(out / name)
        assert header == list(SCORE_COLUMNS), name
        assert rows, name
        if name in levels:
            assert {r["level"] for r in rows} == {levels[name]}
    _, summary = _read_tsv(out / "summary.tsv")
    assert {r["label"] for r in summary} == {"micro", "macro", "accuracy"}
    rel_micro = next(r for r in summary if (r["level"], r["label"]) == ("relation", "micro"))
    assert float(rel_micro["f1"]) == pytest.approx(4 / 7, abs=1e-4)
    assert (float(rel_micro["tp"]), float(rel_micro["fp"]), float(rel_micro["fn"])) == (2, 1, 2)
    header, errors = _read_tsv(out / "errors.tsv")
    assert header == list(ERROR_COLUMNS)
    assert len(errors) == len(result.errors)
    assert {"FP", "FN"} == {e["kind"] for e in errors}
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# tiny evaluation")
    for heading in ("## Entity scores", "## Relation scores", "## Triple scores"):
        assert heading in report


def test_report_lists_triple_errors_with_rule_and_summary_rows(tmp_path: Path) -> None:
    result = hedge_case(True, "hedged", with_triple=True)
    result.scores.extend(axis_case(targets=[MIR9999], cancer="barzoma").scores)
    paths = write_eval(result, tmp_path / "eval")
    _, summary = _read_tsv(paths["summary"])
    rows = {(r["level"], r["scheme"], r["label"]) for r in summary}
    assert {("triple", "targets", "micro"), ("triple", "cancer", "micro"), ("triple", "cancer", "accuracy"),
            ("relation", "assertion", "accuracy")} <= rows
    report = paths["report"].read_text(encoding="utf-8")
    line = next(x for x in report.splitlines() if x.startswith("| triple | FP | d1 |"))
    assert "resp_confer" in line and "hedged" in line and "circFOO1" in line
    _, errors = _read_tsv(paths["errors"])
    assert {e["rule"] for e in errors if e["level"] == "triple"} == {"resp_confer"}
