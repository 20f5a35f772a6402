"""Write evaluation results: score tables, error lists and a Markdown report."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from exomine.evaluation.calibration import CALIBRATION_COLUMNS, calibration
from exomine.evaluation.scores import ERROR_COLUMNS, SCORE_COLUMNS, SUMMARY_LABELS, EvalResult, Score
from exomine.tables import neutralise_cell

__all__ = ["write_eval", "render_markdown", "summary_rows"]

# Sections of the report: level, the schemes shown in it (in order), and what each scheme means.
_SECTIONS = (
    ("entity", (("overlap", ""), ("strict", ""))),
    ("relation", (("exact", ""), ("assertion", "assertion of the matched relations"))),
    ("triple", (("exact", "regulator, drug, effect"), ("targets", "target sets of the matched triples"),
                ("cancer", "cancer of the matched triples"))),
)
# Error levels listed row by row in the report (entity errors are only counted there; all are in errors.tsv).
_LISTED = ("triple", "targets", "cancer", "relation")
MAX_LISTED = 300


def _write(path: Path, rows: list[dict], columns) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows({k: neutralise_cell(v) for k, v in row.items()} for row in rows)


def summary_rows(result: EvalResult) -> list[Score]:
    """The rows that summarise each level: micro and macro averages, accuracies (targets and cancer included)."""
    return [s for s in result.scores if s.label in SUMMARY_LABELS]


def _cell(text: str, limit: int = 0) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


def _score_line(s: Score, first: str) -> str:
    if s.label == "accuracy":
        total = s.tp + s.fp
        return (f"| {first} | accuracy | {s.precision:.3f} | | | {s.tp:g} right | {s.fp:g} wrong | of {total:g} |")
    counts = ("", "", "") if s.label == "macro" else (f"{s.tp:g}", f"{s.fp:g}", f"{s.fn:g}")
    return f"| {first} | {s.label} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {' | '.join(counts)} |"


def render_markdown(result: EvalResult, title: str = "exomine evaluation") -> str:
    """A readable report: a summary, per-class tables per level, and the errors with their rules."""
    header = ["| scheme | class | P | R | F1 | TP | FP | FN |", "|---|---|---|---|---|---|---|---|"]
    lines = [f"# {title}", ""]
    summary = summary_rows(result)
    if summary:
        lines += ["## Summary", "", "| level | scheme | class | P | R | F1 | TP | FP | FN |",
                  "|---|---|---|---|---|---|---|---|---|"]
        lines += [_score_line(s, f"{s.level} | {s.scheme}") for s in summary]
        lines += ["", "Accuracy rows give the accuracy in the P column (right and wrong counts beside it).", ""]
    for level, schemes in _SECTIONS:
        rows = [s for s in result.scores if s.level == level]
        if not rows:
            continue
        lines += [f"## {level.capitalize()} scores", ""]
        notes = [f"{scheme}: {what}" for scheme, what in schemes if what and any(s.scheme == scheme for s in rows)]
        if notes:
            lines += ["; ".join(notes) + ".", ""]
        lines += header
        for scheme, _ in schemes:
            lines += [_score_line(s, scheme) for s in rows if s.scheme == scheme]
        lines.append("")
    kinds = Counter((e.level, e.kind) for e in result.errors)
    n_fp = sum(e.kind == "FP" for e in result.errors)
    n_fn = sum(e.kind == "FN" for e in result.errors)
    lines += ["## Errors", "",
              f"{n_fp} false positives and {n_fn} false negatives are listed with their sentences in errors.tsv "
              "(with the rule that made each predicted row and its assertion).", ""]
    if kinds:
        lines += ["| level | kind | n |", "|---|---|---|"]
        lines += [f"| {lv} | {k} | {n} |" for (lv, k), n in sorted(kinds.items())]
        lines.append("")
    listed = [e for level in _LISTED for e in result.errors if e.level == level]
    if listed:
        lines += ["| level | kind | doc | class | item | rule | assertion | sentence |",
                  "|---|---|---|---|---|---|---|---|"]
        for e in listed[:MAX_LISTED]:
            lines.append(f"| {e.level} | {e.kind} | {_cell(e.doc_id)} | {e.label} | {_cell(e.item)} | {_cell(e.rule)} | "
                         f"{_cell(e.assertion)} | {_cell(e.sentence, 200)} |")
        if len(listed) > MAX_LISTED:
            lines.append(f"\n{len(listed) - MAX_LISTED} more in errors.tsv.")
        lines.append("")
    return "\n".join(lines)


def write_eval(result: EvalResult, out: str | Path, title: str = "exomine evaluation") -> dict[str, Path]:
    """Write summary.tsv, entities.tsv, relations.tsv, triples.tsv, errors.tsv and report.md into ``out``.

    ``summary.tsv`` holds one row per level and scheme: the micro and macro
    averages, the assertion accuracy of the matched relations, and the
    targets and cancer scores of the matched triples, each on its own row.
    When triples were scored, ``calibration.tsv`` holds their precision by
    bins of belief (:mod:`exomine.evaluation.calibration`).
    """
    out = Path(out)
    paths = {name: out / f"{name}.tsv" for name in ("summary", "entities", "relations", "triples", "errors")}
    _write(paths["summary"], [s.to_row() for s in summary_rows(result)], SCORE_COLUMNS)
    for level, name in (("entity", "entities"), ("relation", "relations"), ("triple", "triples")):
        _write(paths[name], [s.to_row() for s in result.scores if s.level == level], SCORE_COLUMNS)
    _write(paths["errors"], [e.to_row() for e in result.errors], ERROR_COLUMNS)
    if result.judged:
        paths["calibration"] = out / "calibration.tsv"
        _write(paths["calibration"], calibration(result.judged), CALIBRATION_COLUMNS)
    paths["report"] = out / "report.md"
    paths["report"].write_text(render_markdown(result, title), encoding="utf-8")
    return paths
