#!/usr/bin/env python
"""Measure each rule part's precision on development gold; write ``src/exomine/data/rule_priors.tsv``.

Run from the repository root::

    python benchmarks/rule_priors.py                  # runs the workflow on both golds (~2 min on 2 cores)
    python benchmarks/rule_priors.py --results bundled=DIR --results exodev=DIR   # score existing runs
    python benchmarks/rule_priors.py --dry-run        # print the table, write nothing

The gold is the development gold only: the bundled corpus' brat gold (``corpus/gold/``) and exodev
(``../shared/data/exodev``, each item its own corpus file, as ``benchmarks/quality.py`` runs it).
exodocs is left out on purpose: it is where the calibration of the belief is checked
(``benchmarks/quality.py``). Every predicted triple the evaluation scores (``exomine.evaluation.scores.Judged``;
drug classes and triples matching optional gold are not scored) counts for each part of its rule id
(``exomine.extraction.belief.rule_parts``): a true positive or a false positive. A part's prior is its precision
smoothed towards the default (``(tp + M * default) / (n + M)``, M = :data:`PSEUDO`); a part seen fewer than
:data:`MIN_EXAMPLES` times gets no row and takes the default, which is the smoothed pooled precision of the
triples that have such a rare part (the ``*`` row; with no rare part, of all triples).
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality  # noqa: E402  (the workflow runner, the exodev corpus, where ../shared is)

REPO = quality.REPO
OUT = REPO / "src" / "exomine" / "data" / "rule_priors.tsv"
MIN_EXAMPLES = 5
PSEUDO = 2


def judged_of(results: Path, gold_path: Path):
    """The triples an evaluation of ``results`` against ``gold_path`` judged."""
    from exomine.cli import _from_results
    from exomine.evaluation.evaluate import evaluate
    from exomine.evaluation.goldformats import read_gold

    result = evaluate(read_gold(gold_path), _from_results(results))
    return [j for j in result.judged if j.verdict in ("TP", "FP")]


def priors_table(judged) -> tuple[list[tuple], float, dict]:
    """Rows ``(part, n, tp, fp, precision, prior)`` (the ``*`` default first), the default, and the pooled counts."""
    from exomine.extraction.belief import rule_parts

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for j in judged:
        for part in rule_parts(j.rule):
            counts[part][0 if j.verdict == "TP" else 1] += 1
    rare = {p for p, (tp, fp) in counts.items() if tp + fp < MIN_EXAMPLES}
    tp_all = sum(j.verdict == "TP" for j in judged)
    pooled = tp_all / len(judged) if judged else 0.9
    with_rare = [j for j in judged if rare & set(rule_parts(j.rule))] or judged
    tp_rare = sum(j.verdict == "TP" for j in with_rare)
    default = round((tp_rare + PSEUDO * pooled) / (len(with_rare) + PSEUDO), 4)
    rows = [("*", len(with_rare), tp_rare, len(with_rare) - tp_rare,
             round(tp_rare / len(with_rare), 4) if with_rare else "", default)]
    for part in sorted(set(counts) - rare):
        tp, fp = counts[part]
        prior = round((tp + PSEUDO * default) / (tp + fp + PSEUDO), 4)
        rows.append((part, tp + fp, tp, fp, round(tp / (tp + fp), 4), prior))
    return rows, default, {"n": len(judged), "tp": tp_all, "rare_parts": len(rare)}


def render(rows: list[tuple], sources: list[str], pooled: dict, default: float) -> str:
    lines = ["# exomine rule priors: the precision of each rule part on development gold (exomine.extraction.belief)",
             "# written by `python benchmarks/rule_priors.py`; edit that script, not this file",
             f"# commit: {quality.revision()}; date: {datetime.date.today():%Y-%m-%d}",
             *[f"# gold: {s}" for s in sources],
             f"# judged: {pooled['n']} predicted triples, {pooled['tp']} right (pooled precision "
             f"{pooled['tp'] / max(1, pooled['n']):.4f})",
             f"# prior = (tp + {PSEUDO} * default) / (n + {PSEUDO}); a part seen fewer than {MIN_EXAMPLES} times "
             f"({pooled['rare_parts']} parts) has no row",
             f"# and takes the default ({default}), the row '*': the smoothed precision of the triples with such a part",
             "part\tn\ttp\tfp\tprecision\tprior"]
    lines += ["\t".join(str(c) for c in row) for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", action="append", default=[], metavar="NAME=DIR",
                        help="score this results folder instead of running the workflow (bundled=DIR, exodev=DIR)")
    parser.add_argument("--shared", help="the development data folder (default: ../shared)")
    parser.add_argument("--dry-run", action="store_true", help="print the table; do not write the data file")
    args = parser.parse_args(argv)
    given = dict(r.split("=", 1) for r in args.results)
    shared = quality.find_shared(args.shared)
    tmp = Path(tempfile.mkdtemp(prefix="exomine-priors-"))
    ctx = quality.Context(tmp, shared, fast=True)
    judged, sources = [], []
    try:
        results = Path(given["bundled"]) if "bundled" in given else quality.workflow(ctx, "bundled", None, tmp / "b")
        part = judged_of(results, REPO / "corpus" / "gold")
        judged += part
        sources.append(f"corpus/gold (bundled brat gold, 5 documents): {len(part)} judged triples")
        gold = shared / quality.EXODEV if shared else None
        if gold is None or not gold.exists():
            quality.log("exodev is absent: priors from the bundled gold only")
        else:
            results = Path(given["exodev"]) if "exodev" in given else exodev_run(ctx, gold, tmp / "x")
            part = judged_of(results, gold)
            judged += part
            sources.append(f"../shared/{quality.EXODEV} (exodev, each item its own file): {len(part)} judged triples")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows, default, pooled = priors_table(judged)
    text = render(rows, sources, pooled, default)
    print(text, end="")
    if not args.dry_run:
        OUT.write_text(text, encoding="utf-8")
        quality.log(f"wrote {OUT}")
    return 0


def exodev_run(ctx, gold: Path, work: Path) -> Path:
    corpus = work / "corpus"
    quality.write_items(gold, corpus)
    return quality.workflow(ctx, "exodev", corpus, work)


if __name__ == "__main__":
    sys.exit(main())
