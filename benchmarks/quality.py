#!/usr/bin/env python
"""Regenerate every quality number in the README with one command.

Run from anywhere (it works in the repository root)::

    python benchmarks/quality.py                 # everything (~2 min on 2 cores)
    python benchmarks/quality.py --only bundled  # one part (repeatable): bundled, exodev, exodocs, scai, biored
    python benchmarks/quality.py --no-readme     # write benchmarks/QUALITY.md only

Parts:

bundled  the workflow on ``corpus/`` into a temporary results folder; its evaluate rule scores the
         bundled gold (``corpus/gold/``): triples, their targets and cancer, relations, entities
exodev   ``../shared/data/exodev``: every item written unchanged to its own corpus file (as
         ``../shared/tools/score_sentences.py`` does), the workflow run on that corpus, and its
         tables scored by ``exomine evaluate GOLD.jsonl --results`` (the exodev conventions: lenient
         names, drug classes optional). Then ``score_sentences.py`` itself, the outside scorer, and
         the line it prints (``--fast``: its ``score_triples.py`` on the same results instead of a
         second workflow run)
exodocs  ``../shared/data/exodocs``: ten real abstract-length pages with document-level gold, scored by
         ``../shared/tools/score_documents.py`` (the outside scorer: the workflow on the pages, one corpus); its
         results scored again by ``exomine evaluate gold.jsonl --results`` for the belief's calibration
scai     ``exomine evaluate`` on the SCAI miRNA train split: miRNA-gene pairs, Specific_miRNAs entities
biored   ``exomine evaluate`` on the BioRED dev split: GeneOrGeneProduct entities

Calibration of the belief column (exodev and exodocs): each evaluation's ``calibration.tsv``, the precision of the
scored triples by bins of belief, goes into QUALITY.md and the README (between ``<!-- calibration:begin -->`` and
``<!-- calibration:end -->``), with the target row: triples with belief >= 0.8 have precision >= 0.9.

What needs ``../shared`` (the development data: the ``shared`` folder beside the repository, or
beside the main checkout when this is a git worktree, or ``--shared DIR``) is skipped with a
message when it is absent. It writes ``benchmarks/QUALITY.md`` (the numbers, the commit, the date
and the exact commands) and rewrites the scores table of the README between
``<!-- quality:begin -->`` and ``<!-- quality:end -->``. A harness, not a test: it reports and
does not fail on a missed target (exit 1 only when a part could not run).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BEGIN, END = "<!-- quality:begin -->", "<!-- quality:end -->"
CAL_BEGIN, CAL_END = "<!-- calibration:begin -->", "<!-- calibration:end -->"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _docs  # noqa: E402
EXODEV = "data/exodev/sentences.gold.jsonl"
EXODOCS = "data/exodocs"
SCAI = "data/scai-mirna/miRNA-train.xml"
BIORED = "data/biored/Dev.PubTator"


# -- rows -----------------------------------------------------------------------------------------------

@dataclass
class Row:
    """One measured number: P/R/F1 where they exist, else a value in ``f1``; a target on ``key`` (F1 unless named)."""

    corpus: str
    measure: str
    p: float | None = None
    r: float | None = None
    f1: float | None = None
    target: float | None = None
    key: str = "f1"  # which number the target applies to: p, r or f1
    note: str = ""
    text: str = ""  # shown instead of the F1 (several labels in one row)

    @property
    def ok(self) -> bool | None:
        value = getattr(self, self.key)
        return None if self.target is None or value is None else value >= self.target - 1e-9

    def cells(self) -> list[str]:
        def num(x: float | None) -> str:
            return "" if x is None else f"{x:.3f}"

        target = "" if self.target is None else f"{'' if self.key == 'f1' else self.key.upper() + ' '}≥ {self.target:.2f}"
        return [self.corpus, self.measure, num(self.p), num(self.r), self.text or num(self.f1), target]


def _prf(row: dict[str, str]) -> tuple[float, float, float]:
    return float(row["precision"]), float(row["recall"]), float(row["f1"])


def read_eval(folder: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    """Every score row an evaluation wrote, by (level, scheme, label)."""
    rows = {}
    for name in ("entities", "relations", "triples", "summary"):
        path = folder / f"{name}.tsv"
        if path.exists():
            with open(path, newline="", encoding="utf-8") as fh:
                for r in csv.DictReader(fh, delimiter="\t"):
                    rows[(r["level"], r["scheme"], r["label"])] = r
    return rows


def triple_rows(corpus: str, scores: dict, triple_target: float | None, target_recall: float | None) -> list[Row]:
    """The whole-triple rows: (regulator, drug, effect), then targets and cancer of the matched triples."""
    out = []
    t = scores.get(("triple", "exact", "micro"))
    if t:
        out.append(Row(corpus, "triples (regulator, drug, effect)", *_prf(t), target=triple_target,
                       note=f"tp {t['tp']}, fp {t['fp']}, fn {t['fn']}"))
    t = scores.get(("triple", "targets", "micro"))
    if t:
        out.append(Row(corpus, "targets of the matched triples (set)", *_prf(t), target=target_recall, key="r",
                       note=f"tp {t['tp']}, fp {t['fp']}, fn {t['fn']}"))
    t, a = scores.get(("triple", "cancer", "micro")), scores.get(("triple", "cancer", "accuracy"))
    if t:
        out.append(Row(corpus, "cancer of the matched triples", *_prf(t), note=f"tp {t['tp']}, fp {t['fp']}, fn {t['fn']}"))
    if a:
        right, wrong = float(a["tp"]), float(a["fp"])
        out.append(Row(corpus, "cancer of the matched triples (accuracy)", f1=float(a["precision"]),
                       note=f"{right:g} of {right + wrong:g} right (no cancer is right when gold names none)"))
    return out


def entity_f1s(scores: dict, labels: tuple[str, ...]) -> str:
    return " / ".join(f"{float(scores[('entity', 'overlap', x)]['f1']):.3f}" if ('entity', 'overlap', x) in scores
                      else "–" for x in labels)


# -- running things -------------------------------------------------------------------------------------

class Context:
    def __init__(self, tmp: Path, shared: Path | None, fast: bool):
        self.tmp, self.shared, self.fast = tmp, shared, fast
        self.commands: list[tuple[str, str]] = []  # (part, command)
        self.outside: str = ""
        self.calibration: dict[str, list[dict[str, str]]] = {}  # corpus -> rows of its calibration.tsv

    def run(self, part: str, cmd: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess:
        """Run a command from the repository root; record it; raise with its last lines when it fails."""
        shown = " ".join(_quote(self._show(c)) for c in cmd)
        self.commands.append((part, shown))
        log(f"{part}: {shown}")
        t = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
        log(f"{part}: exit {done.returncode} in {time.perf_counter() - t:.0f} s")
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-20:])
            raise RuntimeError(f"{shown} failed (exit {done.returncode}):\n{tail}")
        return done

    def _show(self, arg: str) -> str:
        arg = arg.replace(str(self.tmp), "$TMP")
        if self.shared:
            arg = arg.replace(str(self.shared), "../shared")
        if arg == sys.executable:
            return "python"
        return arg.replace(str(REPO) + "/", "")


def _quote(arg: str) -> str:
    """Shell quoting that leaves ``$TMP`` expandable."""
    return arg if re.fullmatch(r"[\w@%+=:,./$<>-]+", arg) else shlex.quote(arg)


def log(message: str) -> None:
    print(f"[quality] {message}", file=sys.stderr, flush=True)


def exomine_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "exomine.cli", *args]


def workflow(ctx: Context, part: str, corpus: Path | None, out: Path) -> Path:
    """Run the workflow (results and logs under ``out``); returns the results folder."""
    config = ([f"corpus={corpus}"] if corpus else []) + [f"results={out / 'results'}", f"logs={out / 'logs'}"]
    ctx.run(part, [sys.executable, "-m", "snakemake", "--cores", "2", "--config", *config])
    return out / "results"


# -- the parts ------------------------------------------------------------------------------------------

def bundled(ctx: Context) -> list[Row]:
    results = workflow(ctx, "bundled", None, ctx.tmp / "bundled")
    s = read_eval(results / "eval")
    corpus = "bundled gold (5 docs)"
    rows = triple_rows(corpus, s, 0.95, None)
    rel = s[("relation", "exact", "micro")]
    rows.append(Row(corpus, "relations (micro)", *_prf(rel), target=0.80))
    acc = s.get(("relation", "assertion", "accuracy"))
    if acc:
        rows.append(Row(corpus, "assertion of the matched relations (accuracy)", f1=float(acc["precision"]),
                        note=f"{float(acc['tp']):g} of {float(acc['tp']) + float(acc['fp']):g} right"))
    rows.append(Row(corpus, "MIRNA / CIRCRNA / LNCRNA / DRUG entities", text=entity_f1s(s, ("MIRNA", "CIRCRNA", "LNCRNA", "DRUG")),
                    target=0.90, f1=min(float(s[("entity", "overlap", x)]["f1"]) for x in ("MIRNA", "CIRCRNA", "LNCRNA", "DRUG"))))
    rows.append(Row(corpus, "GENE / CANCER entities", text=entity_f1s(s, ("GENE", "CANCER")), target=0.80,
                    f1=min(float(s[("entity", "overlap", x)]["f1"]) for x in ("GENE", "CANCER"))))
    return rows


def write_items(gold: Path, corpus: Path) -> int:
    """Each item of sentence-level gold written unchanged to its own corpus file (as score_sentences.py does)."""
    corpus.mkdir(parents=True, exist_ok=True)
    n = 0
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            (corpus / f"{item['id']}.txt").write_text(item["text"] + "\n", encoding="utf-8")
            n += 1
    return n


def calibration_rows(ctx: Context, corpus: str, label: str, eval_dir: Path) -> list[Row]:
    """Keep the evaluation's calibration table; the row for the target: precision of triples with belief >= 0.8."""
    path = eval_dir / "calibration.tsv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    ctx.calibration[corpus] = rows
    trusted = rows[-1]
    if not trusted["n"] or trusted["n"] == "0":
        return []
    return [Row(label, f"triples with belief {trusted['bin']} ({trusted['n']} of {sum(int(r['n']) for r in rows[:-1])})",
                p=float(trusted["precision"]), target=0.90, key="p", note=f"tp {trusted['tp']}, fp {trusted['fp']}")]


def exodev(ctx: Context) -> list[Row]:
    gold = ctx.shared / EXODEV
    work = ctx.tmp / "exodev"
    corpus = work / "corpus"
    n = write_items(gold, corpus)
    ctx.commands.append(("exodev", f"# each of the {n} items of ../shared/{EXODEV} written unchanged to "
                                   "$TMP/exodev/corpus/<id>.txt"))
    results = workflow(ctx, "exodev", corpus, work)
    ctx.run("exodev", exomine_cmd("evaluate", str(gold), "--results", str(results), "--out", str(work / "eval")))
    s = read_eval(work / "eval")
    label = f"exodev ({n} real items, each its own file)"
    rows = triple_rows(label, s, 0.85, 0.70) + calibration_rows(ctx, "exodev", label, work / "eval")
    tools = ctx.shared / "tools"
    script = tools / ("score_triples.py" if ctx.fast else "score_sentences.py")
    if ctx.fast:
        cmd = [sys.executable, str(script), str(gold), str(results)]
    else:  # its own workflow run, exactly as it stands; its folder inside ours, so that it is cleaned up
        cmd = [sys.executable, str(script), str(gold), "--keep", str(work / "outside")]
    if script.exists():
        out = ctx.run("exodev (outside scorer)", cmd).stdout.strip().splitlines()
        ctx.outside = out[-1] if out else ""
        m = re.search(r"P=([\d.]+) R=([\d.]+) F1=([\d.]+).*target-recall=([\d.]+)", ctx.outside)
        if m:
            p, r, f, tr = map(float, m.groups())
            rows.append(Row(label, "triples, outside scorer (score_sentences.py)", p, r, f, target=0.93,
                            note=ctx.outside))
            rows.append(Row(label, "target recall, outside scorer", r=tr, target=0.85, key="r"))
    else:
        log(f"exodev: {tools} has no outside scorer; skipped")
    return rows


def exodocs(ctx: Context) -> list[Row]:
    script = ctx.shared / "tools" / "score_documents.py"
    if not script.exists():
        log(f"exodocs: {script} is missing; skipped")
        return []
    n = len([p for p in (ctx.shared / EXODOCS).glob("*.txt")])
    out = ctx.run("exodocs (outside scorer)", [sys.executable, str(script), str(ctx.shared / EXODOCS),
                                                "--keep", str(ctx.tmp / "exodocs")]).stdout.strip().splitlines()
    line = out[-1] if out else ""
    m = re.search(r"P=([\d.]+) R=([\d.]+) F1=([\d.]+).*target-recall=([\d.]+)", line)
    if not m:
        log(f"exodocs: no score line in the scorer's output: {line!r}")
        return []
    p, r, f, tr = map(float, m.groups())
    label = f"exodocs ({n} real abstract-length pages, one corpus)"
    rows = [Row(label, "document triples, outside scorer (score_documents.py), precision", p, r, f, target=0.90,
                key="p", note=line),
            Row(label, "document triples, outside scorer, recall", p, r, f, target=0.85, key="r"),
            Row(label, "target recall, outside scorer", r=tr)]
    # the belief's calibration: exomine's own evaluation of the same results judges every triple
    ctx.run("exodocs", exomine_cmd("evaluate", str(ctx.shared / EXODOCS / "gold.jsonl"), "--results",
                                   str(ctx.tmp / "exodocs" / "results"), "--out", str(ctx.tmp / "exodocs" / "eval")))
    return rows + calibration_rows(ctx, "exodocs", label, ctx.tmp / "exodocs" / "eval")


def scai(ctx: Context) -> list[Row]:
    out = ctx.tmp / "scai"
    ctx.run("scai", exomine_cmd("evaluate", str(ctx.shared / SCAI), "--pairs", "--out", str(out)))
    s = read_eval(out)
    corpus = "SCAI miRNA train (201 abstracts)"
    return [Row(corpus, "Specific_miRNAs entities", *_prf(s[("entity", "overlap", "MIRNA")]), target=0.90),
            Row(corpus, "miRNA–gene pairs", *_prf(s[("relation", "exact", "micro")]), target=0.78)]


def biored(ctx: Context) -> list[Row]:
    out = ctx.tmp / "biored"
    ctx.run("biored", exomine_cmd("evaluate", str(ctx.shared / BIORED), "--out", str(out)))
    s = read_eval(out)
    return [Row("BioRED dev", "GeneOrGeneProduct entities", *_prf(s[("entity", "overlap", "GENE")]), target=0.88)]


PARTS: dict[str, tuple[Callable[[Context], list[Row]], str | None]] = {
    "bundled": (bundled, None),
    "exodev": (exodev, EXODEV),
    "exodocs": (exodocs, EXODOCS),
    "scai": (scai, SCAI),
    "biored": (biored, BIORED),
}


# -- where ../shared is ---------------------------------------------------------------------------------

def find_shared(given: str | None) -> Path | None:
    """``--shared``, else ``shared`` beside the repository, else beside the main checkout of this worktree."""
    if given:
        return Path(given).resolve() if Path(given).is_dir() else None
    candidates = [REPO.parent / "shared"]
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=REPO,
                                capture_output=True, text=True, check=True).stdout.strip()
        candidates.append(Path(common).parent.parent / "shared")
    except (OSError, subprocess.CalledProcessError):
        pass
    return next((c.resolve() for c in candidates if c.is_dir()), None)


# -- output ---------------------------------------------------------------------------------------------

def markdown_table(rows: list[Row], verdicts: bool = False) -> str:
    head = ["corpus", "measure", "P", "R", "F1", "target"] + (["result", "notes"] if verdicts else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    last = None
    for row in rows:
        cells = row.cells()
        if cells[0] == last:
            cells[0] = ""
        else:
            last = cells[0]
        if verdicts:
            cells += [{True: "pass", False: "**miss**", None: ""}[row.ok], row.note.replace("|", "\\|")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def revision() -> str:
    return _docs.revision()


def calibration_markdown(ctx: Context) -> str:
    """Predicted (mean belief) against observed precision, by bins of belief, per corpus."""
    lines = ["| corpus | belief | triples | predicted precision (mean belief) | observed precision | TP | FP |",
             "|---|---|---|---|---|---|---|"]
    for corpus, rows in ctx.calibration.items():
        for r in rows:
            bold = "**" if r["bin"].startswith(">=") else ""
            lines.append(f"| {corpus} | {bold}{r['bin'].replace('>=', '≥')}{bold} | {r['n']} | {r['mean_belief']} | "
                         f"{bold}{r['precision']}{bold} | {r['tp']} | {r['fp']} |")
    return "\n".join(lines)


def quality_md(rows: list[Row], ctx: Context, skipped: list[str], failed: list[str], started: datetime.datetime,
               seconds: float, argv: list[str]) -> str:
    lines = ["# exomine quality", "",
             f"Commit: {revision()}", "",
             f"Date: {started:%Y-%m-%d %H:%M}; {seconds / 60:.1f} min", "",
             f"Command: `python benchmarks/quality.py{' ' + ' '.join(argv) if argv else ''}`", "",
             markdown_table(rows, verdicts=True), ""]
    if skipped or failed:
        lines += [f"- skipped: {s}" for s in skipped] + [f"- **failed**: {f}" for f in failed] + [""]
    if ctx.calibration:
        lines += ["## Calibration of the belief column", "", calibration_markdown(ctx), ""]
    if ctx.outside:
        lines += ["What `../shared/tools/score_sentences.py` printed (the outside scorer):", "", "```", ctx.outside,
                  "```", ""]
    lines += ["How each number is scored: `src/exomine/evaluation/evaluate.py` (module docstring) and the README's "
              "Evaluation section. Entities use the overlap scheme; the SCAI and BioRED rows re-extract the gold texts in "
              "process (`exomine evaluate` without `--results`); the bundled and exodev rows score the tables of "
              "a real workflow run.", "", "## Commands", "", "`$TMP` is a temporary folder; commands run from the "
              "repository root with `PYTHONPATH=src`.", "", "```"]
    lines += [cmd for _, cmd in ctx.commands]
    lines += ["```", ""]
    return "\n".join(lines)


def rewrite_readme(rows: list[Row], when: str, ctx: Context) -> bool:
    note = f"<!-- written by `python benchmarks/quality.py` ({when}); edit that script, not this table -->"
    done = _docs.replace_section(BEGIN, END, f"{BEGIN}\n{note}\n{markdown_table(rows)}\n{END}", log)
    if ctx.calibration:
        done &= _docs.replace_section(CAL_BEGIN, CAL_END, f"{CAL_BEGIN}\n{note}\n{calibration_markdown(ctx)}\n{CAL_END}",
                                      log)
    return done


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=list(PARTS), action="append", help="run only this part (repeatable)")
    parser.add_argument("--shared", help="the development data folder (default: ../shared)")
    parser.add_argument("--fast", action="store_true",
                        help="exodev outside score from score_triples.py on the same results (no second workflow run)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "QUALITY.md")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the README's scores table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    args = parser.parse_args(argv)

    shared = find_shared(args.shared)
    tmp = Path(tempfile.mkdtemp(prefix="exomine-quality-"))
    ctx = Context(tmp, shared, args.fast)
    started, t0 = datetime.datetime.now(), time.perf_counter()
    rows: list[Row] = []
    skipped: list[str] = []
    failed: list[str] = []
    try:
        for name, (part, needs) in PARTS.items():
            if args.only and name not in args.only:
                continue
            if needs and (shared is None or not (shared / needs).exists()):
                where = shared / needs if shared else (args.shared or "../shared")
                skipped.append(f"{name}: {where} is absent (development data only)")
                log(f"{name}: skipped, {where} is absent")
                continue
            try:
                rows.extend(part(ctx))
            except Exception as exc:  # report and go on with the other parts
                failed.append(f"{name}: {str(exc).splitlines()[0]}")
                log(f"{name} failed: {exc}")
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.perf_counter() - t0
    print(markdown_table(rows, verdicts=True))
    for s in skipped + failed:
        print(s)
    args.out.write_text(quality_md(rows, ctx, skipped, failed, started, seconds, argv), encoding="utf-8")
    log(f"wrote {args.out}")
    if not args.no_readme and not args.only and rows and not failed and not skipped:
        if rewrite_readme(rows, f"commit {revision()}, {started:%Y-%m-%d}", ctx):
            log(f"rewrote the scores table of {README}")
    elif not args.no_readme:
        log("README not changed: it shows every part, and some were skipped, failed or not asked for")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
