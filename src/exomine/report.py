"""Write evaluation results: score tables, error lists and a Markdown report."""

from __future__ import annotations

import csv
from pathlib import Path

from .evaluate import ERROR_COLUMNS, SCORE_COLUMNS, EvalResult

__all__ = ["write_eval", "render_markdown"]


def _write(path: Path, rows: list[dict], columns) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def render_markdown(result: EvalResult, title: str = "exomine evaluation") -> str:
    """A readable report: micro/macro per level, per-class tables, counts of errors."""
    lines = [f"# {title}", ""]
    for level, schemes in (("entity", ("overlap", "strict")), ("relation", ("exact",)), ("triple", ("exact",))):
        rows = [s for s in result.scores if s.level == level]
        if not rows:
            continue
        lines += [f"## {level.capitalize()} scores", "", "| scheme | class | P | R | F1 | TP | FP | FN |",
                  "|---|---|---|---|---|---|---|---|"]
        for scheme in schemes:
            for s in rows:
                if s.scheme != scheme:
                    continue
                counts = ("", "", "") if s.label == "macro" else (f"{s.tp:g}", f"{s.fp:g}", f"{s.fn:g}")
                lines.append(f"| {scheme} | {s.label} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
                             f"{' | '.join(counts)} |")
        lines.append("")
    n_fp = sum(e.kind == "FP" for e in result.errors)
    n_fn = sum(e.kind == "FN" for e in result.errors)
    lines += [f"{n_fp} false positives and {n_fn} false negatives are listed with their sentences in errors.tsv.", ""]
    return "\n".join(lines)


def write_eval(result: EvalResult, out: str | Path, title: str = "exomine evaluation") -> dict[str, Path]:
    """Write summary.tsv, entities.tsv, relations.tsv, triples.tsv, errors.tsv and report.md into ``out``."""
    out = Path(out)
    paths = {name: out / f"{name}.tsv" for name in ("summary", "entities", "relations", "triples", "errors")}
    _write(paths["summary"], [s.to_row() for s in result.scores if s.label in ("micro", "macro")], SCORE_COLUMNS)
    for level, name in (("entity", "entities"), ("relation", "relations"), ("triple", "triples")):
        _write(paths[name], [s.to_row() for s in result.scores if s.level == level], SCORE_COLUMNS)
    _write(paths["errors"], [e.to_row() for e in result.errors], ERROR_COLUMNS)
    paths["report"] = out / "report.md"
    paths["report"].write_text(render_markdown(result, title), encoding="utf-8")
    return paths
