#!/usr/bin/env python
"""exomine speed and scale benchmarks, regenerated with one command.

Run from the repository root::

    python benchmarks/run.py               # everything (~12 min on 2 cores): writes RESULTS.md and the README
    python benchmarks/run.py --quick       # a small version of everything, to try the harness (writes nothing)
    python benchmarks/run.py --only inprocess --only coldstart   # some benchmarks (writes nothing)
    python benchmarks/run.py --profile     # cProfile of Extractor.process on one block of the benchmark corpus

The benchmark corpus is synthetic and deterministic (``benchmarks/synthcorpus.py``):
documents of 25 real review paragraphs each (the bundled reviews' paragraphs,
shuffled, with entity names rewritten per document), one figure caption and
five reference titles. Benchmarks (``--only`` names):

inprocess    ``Extractor.process`` (one core) next to spaCy's blank English tokenizer on the very same
             cleaned texts, in the same process: 200 documents in 5 blocks of 40, the three measured
             block by block in turn; block medians of the ratios. The tokenizer is timed on each whole
             document (the texts the extractor reads) and on the same texts paragraph by paragraph
             (spaCy caches its tokens only until a text's first special case, so long texts tokenize
             much slower than their paragraphs)
length       time per character from 10 k to 1 M characters per document (extractor and tokenizer)
e2e          the real workflow (``snakemake --cores 2``) from raw files to tables and graph, on 200
             (three runs) and 1,000 documents (one run): wall time, tokens/s against the single-core
             tokenizer rate on the same cleaned texts, jobs, CPU, Snakemake's own overhead, peak memory
             per job, disk
incremental  one document added and the workflow re-run (three times on 200 documents, once on 1,000)
coldstart    a fresh process: imports, compiled lexicon index, ``build_extractor``, first document,
             its memory; compiling the index itself
aggregate    the corpus-level steps (the ``aggregate`` and ``graph`` rules' code) on synthetic shard
             tables of 1 M rows each, made by copying the 1,000-document run's rows under new document
             ids; extrapolated to 1 M and 7 M documents
dag          Snakemake's dry run (DAG build) for 10 k and 100 k one-line documents

The machine is shared, so every compared figure is a ratio measured in one run
or a median of several, and each benchmark reports how many cores other
processes used meanwhile. A harness, not a test: it reports and does not fail
on a missed target (exit 1 only when a benchmark could not run). The full run
writes ``benchmarks/RESULTS.md`` and rewrites the README between
``<!-- performance:begin -->`` and ``<!-- performance:end -->``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BEGIN, END = "<!-- performance:begin -->", "<!-- performance:end -->"
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _docs  # noqa: E402

from synthcorpus import load_pool, make_document, write_corpus  # noqa: E402

GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
PARAGRAPHS = 25  # review paragraphs per benchmark document
SEED = 20240601


# -- result rows and the table --------------------------------------------------------------------------

@dataclass
class Row:
    """One line of the results table."""

    benchmark: str
    metric: str
    value: str
    target: str = "-"
    ok: bool | None = None  # None: no target
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "FAIL", None: "-"}[self.ok]


COLUMNS = ("Benchmark", "Metric", "Value", "Target", "Result", "Notes")


def _cells(row: Row) -> tuple[str, ...]:
    return row.benchmark, row.metric, row.value, row.target, row.verdict, row.note


def text_table(rows: list[Row]) -> str:
    cells = [COLUMNS] + [_cells(r) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    widths[-1] = len(COLUMNS[-1])  # notes run on
    lines = ["  ".join(x.ljust(w) for x, w in zip(c, widths)).rstrip() for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _esc(s: str) -> str:
    return s.replace("|", "\\|")


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_esc(x) for x in _cells(r)) + " |" for r in rows]
    return "\n".join(lines)


# -- machine and small helpers --------------------------------------------------------------------------

def machine() -> str:
    model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                  if ln.startswith("model name")), platform.processor() or "unknown CPU")
    mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                  if ln.startswith("MemTotal"))
    import snakemake
    import spacy

    import exomine

    return (f"{len(os.sched_getaffinity(0))} cores ({model}), {mem_kb / 2**20:.1f} GiB RAM, "
            f"Linux {platform.release()}, Python {platform.python_version()}, spaCy {spacy.__version__}, "
            f"Snakemake {snakemake.__version__}, exomine {exomine.__version__}")


def revision() -> str:
    """The repository's commit, and whether the code or these scripts differ from it."""
    return _docs.revision(("src", "workflow", "Snakefile", "config", "benchmarks/run.py", "benchmarks/synthcorpus.py"))


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    """"median of n (min-max)" for several values, the value for one."""
    if len(values) == 1:
        return f"one run: {fmt.format(values[0])}"
    return f"median of {len(values)}: {fmt.format(median(values))} (min {fmt.format(min(values))}, max {fmt.format(max(values))})"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s ({seconds / 60:.1f} min)"


def fmt_mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.0f} MiB"


def fmt_rate(x: float) -> str:
    return f"{x:,.0f}"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class OtherLoad:
    """Cores used by other processes during a block: machine busy CPU time minus ours and our children's.

    The machine is shared; this tells how much of a wall-time figure is contention.
    """

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0)

    @staticmethod
    def _ours() -> float:
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + child.ru_utime + child.ru_stime

    def __enter__(self) -> "OtherLoad":
        self.t0, self.busy0, self.ours0 = time.perf_counter(), self._busy(), self._ours()
        return self

    def __exit__(self, *exc) -> None:
        wall = time.perf_counter() - self.t0
        other = (self._busy() - self.busy0) - (self._ours() - self.ours0)
        self.cores = max(0.0, other / wall) if wall > 0 else 0.0


@dataclass
class Context:
    """What the benchmarks share: sizes, the temporary root, the compiled index, corpora, figures."""

    quick: bool
    tmp: Path
    keep: bool
    _index: Path | None = None
    _pool: object = None
    corpora: dict = field(default_factory=dict)
    runs: dict = field(default_factory=dict)  # e2e: n_docs -> {"results", "logs", "corpus"}
    fig: dict = field(default_factory=dict)  # key figures for the README

    @property
    def index(self) -> Path:
        """The compiled lexicon index (exomine.extraction.pipeline.compile_index), built on first use."""
        if self._index is None:
            from exomine.extraction.pipeline import Options, compile_index

            self._index = compile_index(Options(), self.tmp / "lexicon_index.bin")
        return self._index

    @property
    def pool(self):
        if self._pool is None:
            self._pool = load_pool(REPO / "corpus")
        return self._pool

    def corpus(self, n: int) -> Path:
        """A folder of ``n`` benchmark documents (the first ``n`` of the deterministic sequence)."""
        if n not in self.corpora:
            folder = self.tmp / f"corpus_{n}"
            write_corpus(folder, self.pool, n, SEED, paragraphs=PARAGRAPHS)
            self.corpora[n] = folder
        return self.corpora[n]

    def cleanup(self, path: Path) -> None:
        if not self.keep:
            shutil.rmtree(path, ignore_errors=True)


def _blank():
    import spacy

    return spacy.blank("en").tokenizer


def _paragraphs(doc) -> list[str]:
    return [p.text for s in doc.sections for p in s.paragraphs]


# -- running the workflow under observation -------------------------------------------------------------

@dataclass
class Proc:
    """One process of a workflow run: a rule's script job, or Snakemake itself."""

    pid: int
    name: str
    start: float
    end: float
    peak_rss: int  # bytes (VmHWM, last value polled)


@dataclass
class Observed:
    wall: float
    returncode: int
    cpu: float  # user + system seconds of the whole process tree
    procs: list[Proc]
    tree_peak_rss: int | None  # GNU time: the largest peak RSS of any process of the tree (exact)
    output: str

    @property
    def jobs(self) -> list[Proc]:
        return [p for p in self.procs if p.name != "snakemake"]

    def busy(self) -> float:
        """Seconds during which at least one job ran (union of the jobs' lifetimes)."""
        total, until = 0.0, float("-inf")
        for a, b in sorted((p.start, p.end) for p in self.jobs):
            if b > until:
                total += b - max(a, until)
                until = b
        return total


def _peak_rss(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


_SCRIPT = re.compile(r"\.snakemake/scripts/tmp[^.]+\.(\w+)\.py")


def run_observed(cmd: list[str], poll: float = 0.05) -> Observed:
    """Run ``cmd`` (wrapped in GNU time when present), polling its process tree for jobs and peak RSS."""
    timefile = Path(tempfile.mkstemp(prefix="exomine-bench-time-")[1])
    outfile = Path(tempfile.mkstemp(prefix="exomine-bench-out-")[1])
    full = [GNU_TIME, "-v", "-o", str(timefile), *cmd] if GNU_TIME else cmd
    procs: dict[int, Proc] = {}
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock_offset = time.time() - time.perf_counter()
    with open(outfile, "w") as out:
        t0 = time.perf_counter()
        child = subprocess.Popen(full, stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
        root = psutil.Process(child.pid)
        while child.poll() is None:
            now = time.perf_counter()
            try:
                tree = root.children(recursive=True)
            except psutil.Error:
                tree = []
            for p in tree:
                seen = procs.get(p.pid)
                if seen is None:
                    try:
                        cmdline = " ".join(p.cmdline())
                        created = p.create_time() - clock_offset
                    except psutil.Error:
                        continue
                    m = _SCRIPT.search(cmdline)
                    name = m.group(1) if m else ("snakemake" if "-m snakemake" in cmdline else None)
                    if name is None:
                        continue
                    seen = procs[p.pid] = Proc(p.pid, name, max(created, t0), now, 0)
                elif seen.name == "snakemake" and p.pid != child.pid:
                    # a fork of Snakemake about to run a job script: it becomes that job when it execs
                    try:
                        m = _SCRIPT.search(" ".join(p.cmdline()))
                    except psutil.Error:
                        m = None
                    if m:
                        seen.name, seen.start, seen.peak_rss = m.group(1), now, 0
                rss = _peak_rss(p.pid)
                if rss is not None:
                    seen.peak_rss = max(seen.peak_rss, rss)
                    seen.end = now
            time.sleep(poll)
        wall = time.perf_counter() - t0
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    tree_peak = None
    if GNU_TIME:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timefile.read_text())
        tree_peak = int(m.group(1)) * 1024 if m else None
    output = outfile.read_text(errors="replace")
    timefile.unlink()
    outfile.unlink()
    for p in procs.values():
        p.start -= t0
        p.end -= t0
    return Observed(wall, child.returncode, cpu, sorted(procs.values(), key=lambda p: p.start), tree_peak, output)


def snakemake_cmd(corpus: Path, results: Path, logs: Path, *extra: str, shards: int | None = None) -> list[str]:
    """The workflow as a user runs it, on 2 cores, with the corpus and outputs in a temporary folder."""
    config = [f"corpus={corpus}", f"results={results}", f"logs={logs}"]
    if shards is not None:
        config.append(f"shards={shards}")
    return [sys.executable, "-m", "snakemake", "--cores", "2", "--snakefile", str(REPO / "Snakefile"),
            "--directory", str(REPO), *extra, "--config", *config, "-q"]


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    return time.perf_counter() - t0, proc


def _check(proc: subprocess.CompletedProcess | Observed, what: str) -> None:
    code = proc.returncode
    if code != 0:
        tail = proc.output if isinstance(proc, Observed) else proc.stdout + proc.stderr
        raise RuntimeError(f"{what} exited with {code}:\n{tail[-3000:]}")


# -- 1. in process --------------------------------------------------------------------------------------

def bench_inprocess(ctx: Context) -> list[Row]:
    """Extractor.process and spaCy's blank tokenizer on the same 200 cleaned documents, block by block."""
    from exomine.reading.ingest import read_document
    from exomine.extraction.pipeline import Options, build_extractor

    n_docs, block = (40, 8) if ctx.quick else (200, 40)
    paths = sorted(ctx.corpus(n_docs).glob("*.txt"))[:n_docs]
    tok_doc, tok_par = _blank(), _blank()  # separate token caches: neither warms the other
    extractor = build_extractor(Options(lexicon_cache=str(ctx.index)))
    for path in sorted((REPO / "corpus").glob("*.txt")):  # warm-up on other texts (the bundled reviews)
        d = read_document(path)
        extractor.process(d)
        tok_doc(d.text)
        for p in _paragraphs(d):
            tok_par(p)
    keys = ("ingest", "tok_doc", "tok_par", "extract")
    wall = {k: [] for k in keys}
    cpu = {k: 0.0 for k in keys}
    tokens, chars = [], 0
    for b in range(0, n_docs, block):
        chunk = paths[b:b + block]
        c0, t0 = time.process_time(), time.perf_counter()
        docs = [read_document(p) for p in chunk]
        wall["ingest"].append(time.perf_counter() - t0)
        cpu["ingest"] += time.process_time() - c0
        texts = [d.text for d in docs]
        paras = [p for d in docs for p in _paragraphs(d)]
        chars += sum(map(len, texts))
        counted = [0]

        def run_tok_doc():
            counted[0] = sum(len(tok_doc(t)) for t in texts)

        def run_tok_par():
            for p in paras:
                tok_par(p)

        def run_extract():
            for d in docs:
                extractor.process(d)

        steps = [("tok_doc", run_tok_doc), ("tok_par", run_tok_par), ("extract", run_extract)]
        shift = (b // block) % len(steps)  # rotate the order from block to block
        for name, step in steps[shift:] + steps[:shift]:
            c0, t0 = time.process_time(), time.perf_counter()
            step()
            wall[name].append(time.perf_counter() - t0)
            cpu[name] += time.process_time() - c0
        tokens.append(counted[0])
    n_tokens = sum(tokens)

    def rate(k: str) -> float:
        return n_tokens / sum(wall[k])

    ratio_doc = [td / te for td, te in zip(wall["tok_doc"], wall["extract"])]
    ratio_par = [tp / te for tp, te in zip(wall["tok_par"], wall["extract"])]
    ratio_ing = [td / (ti + te) for td, ti, te in zip(wall["tok_doc"], wall["ingest"], wall["extract"])]
    cpu_doc, cpu_par = cpu["tok_doc"] / cpu["extract"], cpu["tok_par"] / cpu["extract"]
    ctx.fig.update(tok_doc_rate=rate("tok_doc"), tok_par_rate=rate("tok_par"), extract_rate=rate("extract"),
                   ratio_doc=median(ratio_doc), ratio_par=median(ratio_par), chars_per_token=chars / n_tokens,
                   inproc_docs=n_docs, inproc_tokens=n_tokens, extract_us_per_char=sum(wall["extract"]) / chars * 1e6,
                   ingest_us_per_char=sum(wall["ingest"]) / chars * 1e6)
    blocks = f"{len(tokens)} blocks of {block} documents"
    return [
        Row("inprocess", "spaCy blank('en') tokenizer, whole documents, tokens/s", fmt_rate(rate("tok_doc")),
            note=f"{n_docs} documents, {n_tokens:,} tokens, {chars / n_docs / 1000:.1f} k characters each"),
        Row("inprocess", "spaCy blank('en') tokenizer, the same texts by paragraph, tokens/s",
            fmt_rate(rate("tok_par")), note="its token cache works on short texts"),
        Row("inprocess", "exomine Extractor.process, tokens/s (1 core)", fmt_rate(rate("extract")),
            note=f"{sum(wall['extract']) / chars * 1e6:.2f} µs per character; ingestion "
                 f"(read_document) adds {sum(wall['ingest']) / chars * 1e6:.2f} µs"),
        Row("inprocess", "ratio exomine / tokenizer (whole documents)", f"{median(ratio_doc):.3f}", ">= 0.15",
            median(ratio_doc) >= 0.15, f"{blocks}: {spread(ratio_doc, '{:.3f}')}; CPU-time ratio {cpu_doc:.3f}; "
            f"with ingestion {median(ratio_ing):.3f}"),
        Row("inprocess", "ratio exomine / tokenizer (by paragraph)", f"{median(ratio_par):.3f}",
            note=f"{spread(ratio_par, '{:.3f}')}; CPU-time ratio {cpu_par:.3f}"),
    ]


def profile(ctx: Context, top: int = 30) -> None:
    """Print a cProfile of Extractor.process over one block of the benchmark corpus."""
    import cProfile
    import pstats

    from exomine.reading.ingest import read_document
    from exomine.extraction.pipeline import Options, build_extractor

    docs = [read_document(p) for p in sorted(ctx.corpus(40).glob("*.txt"))]
    extractor = build_extractor(Options(lexicon_cache=str(ctx.index)))
    for d in docs[:3]:
        extractor.process(d)
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        extractor.process(d)
    prof.disable()
    stats = pstats.Stats(prof, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


# -- 2. length ------------------------------------------------------------------------------------------

def bench_length(ctx: Context) -> list[Row]:
    """Time per character of one document from 10 k to 1 M characters (extractor and tokenizer)."""
    from exomine.reading.ingest import read_document
    from exomine.extraction.pipeline import Options, build_extractor

    sizes = (10_000, 100_000) if ctx.quick else (10_000, 30_000, 100_000, 300_000, 1_000_000)
    mean_para = sum(map(len, ctx.pool.prose)) / len(ctx.pool.prose)
    extractor = build_extractor(Options(lexicon_cache=str(ctx.index)))
    tok_doc, tok_par = _blank(), _blank()
    folder = ctx.tmp / "length"
    folder.mkdir(exist_ok=True)
    rows, per_char = [], {}
    for k, size in enumerate(sizes):
        path = folder / f"len_{size}.txt"
        paragraphs = max(2, round((size - 1500) / (mean_para + 1)))
        path.write_text(make_document(ctx.pool, 9000 + k, SEED, paragraphs=paragraphs), encoding="utf-8")
        doc = read_document(path)
        runs = 1 if ctx.quick else (5 if size <= 100_000 else 3)
        times = {"extract": [], "tok_doc": [], "tok_par": []}
        paras = _paragraphs(doc)
        extractor.process(doc)  # every size is timed warm: its names looked up, its tokens cached, once
        tok_doc(doc.text)
        for _ in range(runs):
            for name, step in (("extract", lambda: extractor.process(doc)), ("tok_doc", lambda: tok_doc(doc.text)),
                               ("tok_par", lambda: [tok_par(p) for p in paras])):
                t0 = time.perf_counter()
                step()
                times[name].append(time.perf_counter() - t0)
        n = len(doc.text)
        us = {name: median(v) / n * 1e6 for name, v in times.items()}
        per_char[size] = us["extract"]
        rows.append(Row("length", f"µs per character at {n / 1000:,.0f} k characters",
                        f"{us['extract']:.2f} µs ({median(times['extract']):.2f} s)",
                        note=f"median of {runs}; tokenizer {us['tok_doc']:.2f} µs (whole), {us['tok_par']:.2f} µs "
                             f"(by paragraph)"))
    small, large = sizes[0], sizes[-1]
    ratio = per_char[large] / per_char[small]
    ctx.fig.update(length_ratio=ratio, length_us=per_char)
    rows.append(Row("length", f"ratio µs per character, {large // 1000:,} k / {small // 1000} k", f"{ratio:.2f}",
                    "<= 1.5", ratio <= 1.5, "1.00 is linear time"))
    return rows


# -- 3. end to end and 4. add one -------------------------------------------------------------------------

def _batch_counts(logs: Path, since: float = 0.0) -> tuple[int, int, list[str]]:
    """Documents extracted / reused by the shard jobs whose logs were written after ``since``."""
    extracted = reused = 0
    ran = []
    for path in sorted((logs / "extract").glob("*.log")):
        if path.stat().st_mtime < since:
            continue
        m = re.search(r"batch: (\d+) documents extracted, (\d+) reused", path.read_text())
        if m:
            extracted += int(m.group(1))
            reused += int(m.group(2))
            ran.append(path.stem)
    return extracted, reused, ran


def _job_summary(run: Observed) -> str:
    """Jobs by rule with their summed run time, e.g. "16 extract_shard (259 s)"."""
    by_rule: dict[str, list[Proc]] = {}
    for p in run.jobs:
        by_rule.setdefault(p.name, []).append(p)
    return ", ".join(f"{len(v)} {k} ({sum(p.end - p.start for p in v):.1f} s)" for k, v in by_rule.items())


def _disk(folder: Path) -> tuple[int, int]:
    """Files and bytes under ``folder``, without the compiled lexicon index (one per run, not per document)."""
    files = size = 0
    for dirpath, _, names in os.walk(folder):
        if Path(dirpath).name == "cache":
            continue
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


def _cleaned_tokens(results: Path) -> tuple[int, int, float, float]:
    """Tokens and characters of the cleaned texts, and the single-core tokenizer time on them (whole, by line)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((results / "docs").glob("*.txt"))]
    tok_doc, tok_par = _blank(), _blank()
    t0 = time.perf_counter()
    n = sum(len(tok_doc(t)) for t in texts)
    t1 = time.perf_counter()
    for t in texts:
        for line in t.split("\n"):
            tok_par(line)
    t2 = time.perf_counter()
    return n, sum(map(len, texts)), t1 - t0, t2 - t1


def bench_e2e(ctx: Context) -> list[Row]:
    sizes = ((20, 1), (60, 1)) if ctx.quick else ((200, 3), (1000, 1))
    rows: list[Row] = []
    for n_docs, repeats in sizes:
        corpus = ctx.corpus(n_docs)
        runs: list[Observed] = []
        for r in range(repeats):
            root = ctx.tmp / f"e2e_{n_docs}_{r}"
            results, logs = root / "results", root / "logs"
            log(f"e2e: {n_docs} documents, run {r + 1} of {repeats} (load {load()})")
            run = run_observed(snakemake_cmd(corpus, results, logs))
            _check(run, "snakemake")
            runs.append(run)
            if r < repeats - 1:
                ctx.cleanup(root)
        ctx.runs[n_docs] = {"results": results, "logs": logs, "corpus": corpus, "root": root}
        extracted, reused, _ = _batch_counts(logs)
        tokens, chars, tok_s, par_s = _cleaned_tokens(results)
        walls = [x.wall for x in runs]
        wall = median(walls)
        rate = tokens / wall
        ratio_doc, ratio_par = rate / (tokens / tok_s), rate / (tokens / par_s)
        last = runs[-1]
        jobs = last.jobs
        extract_jobs = [p for p in jobs if p.name == "extract_shard"]
        peak = {}
        for run in runs:
            for p in run.procs:
                peak[p.name] = max(peak.get(p.name, 0), p.peak_rss)
        files, size = _disk(results)
        cpu = median([x.cpu for x in runs])
        idle = median([x.wall - x.busy() for x in runs])
        counts = {}
        for name in ("entities", "relations", "triples"):
            with open(results / f"{name}.tsv", encoding="utf-8") as fh:
                counts[name] = sum(1 for _ in fh) - 1
        ctx.fig[f"e2e_{n_docs}"] = dict(wall=wall, walls=walls, rate=rate, ratio_doc=ratio_doc, ratio_par=ratio_par,
                                        cpu=cpu, tokens=tokens, chars=chars, peak=peak, disk=size, files=files,
                                        rows=counts, idle=idle, jobs=len(jobs), n_shards=len(extract_jobs))
        target = n_docs == sizes[0][0]
        rows += [
            Row("e2e", f"workflow wall time, {n_docs} documents, 2 cores", fmt_s(wall),
                note=f"{spread(walls)} s; {extracted} extracted, {reused} reused; {tokens:,} tokens, "
                     f"{chars / n_docs / 1000:.1f} k cleaned characters a document; jobs: {_job_summary(last)}"),
            Row("e2e", f"end-to-end tokens/s, {n_docs} documents / single-core tokenizer (whole documents)",
                f"{fmt_rate(rate)} / {fmt_rate(tokens / tok_s)} = {ratio_doc:.3f}", ">= 0.07" if target else "-",
                (ratio_doc >= 0.07) if target else None, "tokenizer timed in this process on the run's cleaned texts"),
            Row("e2e", f"end-to-end / single-core tokenizer (by paragraph), {n_docs} documents", f"{ratio_par:.3f}",
                note=f"tokenizer {fmt_rate(tokens / par_s)} tokens/s on the same texts line by line"),
            Row("e2e", f"CPU time (whole tree) per document, {n_docs} documents", f"{cpu / n_docs:.3f} s",
                note=f"{cpu:.0f} CPU-s in {wall:.0f} s wall: {cpu / wall:.2f} cores busy on average; Snakemake with "
                     f"no job running {idle:.1f} s"),
            Row("e2e", f"peak RSS per job, {n_docs} documents", fmt_mib(max(v for k, v in peak.items() if k != "snakemake")),
                "<= 2 GiB", max(peak.values()) <= 2 * 2**30,
                "; ".join(f"{k} {fmt_mib(v)}" for k, v in sorted(peak.items()))
                + (f"; GNU time max over the tree {fmt_mib(last.tree_peak_rss)}" if last.tree_peak_rss else "")),
            Row("e2e", f"results on disk per document, {n_docs} documents",
                f"{size / n_docs / 1000:.0f} kB, {files / n_docs:.1f} files",
                note=f"{counts['entities'] / n_docs:.0f} entity, {counts['relations'] / n_docs:.1f} relation, "
                     f"{counts['triples'] / n_docs:.1f} triple rows a document in the corpus tables"),
        ]
    return rows


def bench_incremental(ctx: Context) -> list[Row]:
    from exomine.extraction.shards import group, shard_count

    if not ctx.runs:
        bench_e2e(ctx)
    rows = []
    for n_docs, state in sorted(ctx.runs.items()):
        repeats = 1 if ctx.quick or n_docs > 200 else 3
        walls, notes, ok = [], [], True
        corpus = state["corpus"]
        for k in range(repeats):
            new = write_corpus(corpus, ctx.pool, 1, SEED, start=n_docs + k, paragraphs=PARAGRAPHS)[0]
            docs = [p.stem for p in corpus.glob("*.txt")]
            shards = group(docs, shard_count(len(docs), 16))
            home = next(s for s, members in shards.items() if new.stem in members)
            since = time.time()
            run = run_observed(snakemake_cmd(corpus, state["results"], state["logs"]))
            _check(run, "snakemake (add one)")
            extracted, reused, ran = _batch_counts(state["logs"], since)
            walls.append(run.wall)
            ok = ok and extracted == 1
            notes.append(f"{len(docs)} documents: {extracted} extracted, {reused} reused, shard job(s) "
                         f"{', '.join(ran) or 'none'} (the new document's: {home}); {_job_summary(run)}")
        wall = median(walls)
        ctx.fig[f"add_one_{n_docs}"] = wall
        rows += [
            Row("incremental", f"add one document to {n_docs} and re-run, wall time", fmt_s(wall), "<= 15 s",
                wall <= 15, f"{spread(walls)} s"),
            Row("incremental", f"documents re-extracted (each re-run), {n_docs}", "1" if ok else "not 1", "exactly 1", ok,
                " | ".join(notes)),
        ]
    return rows


# -- 5. cold start --------------------------------------------------------------------------------------

COLD_START = r"""
import sys, time
t0 = time.perf_counter()
def hwm():  # this process's peak resident memory (ru_maxrss would count the parent's at fork)
    return int(next(x for x in open("/proc/self/status") if x.startswith("VmHWM")).split()[1]) * 1024
import exomine.extraction.batch
from exomine.reading.ingest import read_document
from exomine.extraction.pipeline import Options, build_extractor
t1 = time.perf_counter()
extractor = build_extractor(Options(lexicon_cache=sys.argv[1]))
t2 = time.perf_counter()
result = extractor.process(read_document(sys.argv[2]))
t3 = time.perf_counter()
print(t0, t1, t2, t3, hwm())
"""

COMPILE = r"""
import sys, time
t0 = time.perf_counter()
from exomine.extraction.pipeline import Options, compile_index
compile_index(Options(), sys.argv[1])
print(time.perf_counter() - t0)
"""


def bench_coldstart(ctx: Context) -> list[Row]:
    runs = 2 if ctx.quick else 5
    doc = sorted(ctx.corpus(40 if ctx.quick else 200).glob("*.txt"))[0]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", COLD_START, str(ctx.index), str(doc)], capture_output=True,
                              text=True)
        end = time.perf_counter()
        _check(proc, "cold start")
        t0, t1, t2, t3, rss = (float(x) for x in proc.stdout.split())
        samples.append(dict(total=end - start, interpreter=(end - start) - (t3 - t0), imports=t1 - t0, build=t2 - t1,
                            first=t3 - t2, ready=t2 - t0, rss=rss))
    med = {k: median([s[k] for s in samples]) for k in samples[0]}
    proc = subprocess.run([sys.executable, "-c", COMPILE, str(ctx.tmp / "index_again.bin")], capture_output=True,
                          text=True)
    _check(proc, "compile index")
    compile_s = float(proc.stdout.split()[-1])
    size = (ctx.tmp / "index_again.bin").stat().st_size
    ctx.fig.update(ready=med["ready"], first_doc=med["first"], job_rss=med["rss"], compile_s=compile_s,
                   index_mb=size / 1e6)
    return [
        Row("coldstart", "imports + compiled index + build_extractor (a shard job is ready)", fmt_s(med["ready"]),
            "<= 1 s", med["ready"] <= 1.0, f"median of {runs}: imports {med['imports']:.2f} s, index and "
            f"build_extractor {med['build']:.2f} s; the interpreter itself {med['interpreter']:.2f} s"),
        Row("coldstart", "first document (25 paragraphs) after that", fmt_s(med["first"]),
            note=f"median of {runs}; process start to first result {med['total']:.2f} s; resident memory then "
                 f"{fmt_mib(med['rss'])}"),
        Row("coldstart", "compiling the lexicon index (compile_lexicons)", fmt_s(compile_s),
            note=f"one run; {size / 1e6:.0f} MB, written once per run of the workflow"),
    ]


# -- 6. corpus-level steps at scale ---------------------------------------------------------------------

AGGREGATE = r"""
import sys, time
def hwm():  # this process's peak resident memory (ru_maxrss would count the parent's at fork)
    return int(next(x for x in open("/proc/self/status") if x.startswith("VmHWM")).split()[1]) * 1024
from pathlib import Path
from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, TRIPLE_COLUMNS, Triple
from exomine.tables import aggregate_triples, concat_tables, read_records, write_records
shards, out = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
concat_tables(sorted(shards.glob("*/entities.tsv")), out / "entities.tsv", ENTITY_COLUMNS)
t1 = time.perf_counter()
concat_tables(sorted(shards.glob("*/relations.tsv")), out / "relations.tsv", RELATION_COLUMNS)
t2 = time.perf_counter()
triples = aggregate_triples(t for p in sorted(shards.glob("*/triples.tsv")) for t in read_records(p, Triple))
write_records(out / "triples.tsv", triples, TRIPLE_COLUMNS)
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, len(triples), hwm())
"""

GRAPH = r"""
import sys, time
def hwm():  # this process's peak resident memory (ru_maxrss would count the parent's at fork)
    return int(next(x for x in open("/proc/self/status") if x.startswith("VmHWM")).split()[1]) * 1024
from pathlib import Path
from exomine.outputs.graph import build_graph, write_graph
from exomine.records import Relation
from exomine.tables import read_records
out = Path(sys.argv[1])
t0 = time.perf_counter()
g = build_graph(read_records(out / "relations.tsv", Relation))
t1 = time.perf_counter()
write_graph(g, out / "graph.graphml", out / "graph.json")
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, g.number_of_nodes(), g.number_of_edges(), hwm())
"""


def _synthetic_shards(source: Path, folder: Path, rows: int, n_shards: int = 16) -> dict[str, int]:
    """Shard tables of ``rows`` rows each, copied from a real run's shard tables under new document ids."""
    made = {}
    for name in ("entities", "relations", "triples"):
        lines: list[str] = []
        header = ""
        for path in sorted(source.glob(f"*/{name}.tsv")):
            with open(path, encoding="utf-8") as fh:
                header = fh.readline()
                lines.extend(fh)
        column = header.rstrip("\n").split("\t").index("doc_ids" if name == "triples" else "doc_id")
        outs = []
        for s in range(n_shards):
            (folder / f"s{s:02d}").mkdir(parents=True, exist_ok=True)
            fh = open(folder / f"s{s:02d}" / f"{name}.tsv", "w", encoding="utf-8")
            fh.write(header)
            outs.append(fh)
        written, copy = 0, 0
        while written < rows:
            for line in lines:
                if written >= rows:
                    break
                cells = line.split("\t")
                cells[column] = f"{cells[column]}_c{copy}"
                outs[hash(cells[column]) % n_shards].write("\t".join(cells))
                written += 1
            copy += 1
        for fh in outs:
            fh.close()
        made[name] = copy
    return made


def _aggregate_once(ctx: Context, source: Path, n_rows: int) -> dict:
    folder, out = ctx.tmp / f"agg_shards_{n_rows}", ctx.tmp / f"agg_out_{n_rows}"
    out.mkdir(exist_ok=True)
    copies = _synthetic_shards(source, folder, n_rows)
    proc = subprocess.run([sys.executable, "-c", AGGREGATE, str(folder), str(out)], capture_output=True, text=True)
    _check(proc, "aggregate at scale")
    ent_s, rel_s, tri_s, n_triples, agg_rss = (float(x) for x in proc.stdout.split())
    proc = subprocess.run([sys.executable, "-c", GRAPH, str(out)], capture_output=True, text=True)
    _check(proc, "graph at scale")
    build_s, write_s, nodes, edges, graph_rss = (float(x) for x in proc.stdout.split())
    ctx.cleanup(folder)
    ctx.cleanup(out)
    return dict(n_rows=n_rows, ent_s=ent_s, rel_s=rel_s, tri_s=tri_s, n_triples=n_triples, agg_rss=agg_rss,
                build_s=build_s, write_s=write_s, nodes=nodes, edges=edges, graph_rss=graph_rss, copies=copies)


def bench_aggregate(ctx: Context) -> list[Row]:
    """The aggregate and graph rules' code on synthetic shard tables of 250 k and 1 M rows each."""
    if not ctx.runs:
        bench_e2e(ctx)
    n_docs = max(ctx.runs)
    source = ctx.runs[n_docs]["results"] / "shards"
    per_doc = {k: v / n_docs for k, v in ctx.fig[f"e2e_{n_docs}"]["rows"].items()}
    big = 50_000 if ctx.quick else 1_000_000
    small = _aggregate_once(ctx, source, big // 4)
    a = _aggregate_once(ctx, source, big)
    # Time per row of each table; memory per row from the two sizes' difference.
    cost = {"entities": a["ent_s"] / big, "relations": a["rel_s"] / big, "triples": a["tri_s"] / big}
    graph_per_rel = (a["build_s"] + a["write_s"]) / big
    span = big - big // 4
    agg_mem, graph_mem = (a["agg_rss"] - small["agg_rss"]) / span, (a["graph_rss"] - small["graph_rss"]) / span
    at = {}
    for docs in (1_000_000, 7_000_000):
        rows = {k: per_doc[k] * docs for k in cost}
        at[docs] = dict(aggregate=sum(cost[k] * rows[k] for k in cost), graph=graph_per_rel * rows["relations"],
                        graph_mem=a["graph_rss"] + graph_mem * (rows["relations"] - big),
                        triples_mem=a["agg_rss"] + agg_mem * (rows["triples"] - big), rows=rows)
    ctx.fig.update(agg=dict(a, at=at, per_doc=per_doc, agg_mem=agg_mem, graph_mem=graph_mem))
    m = at[1_000_000]
    return [
        Row("aggregate", f"aggregate rule code on {big:,}-row shard tables (16 shards)",
            fmt_s(a["ent_s"] + a["rel_s"] + a["tri_s"]),
            note=f"entities concatenated {a['ent_s']:.1f} s, relations {a['rel_s']:.1f} s (streamed); triples "
                 f"parsed and deduplicated {a['tri_s']:.1f} s ({int(a['n_triples']):,} distinct); peak RSS "
                 f"{fmt_mib(a['agg_rss'])} ({fmt_mib(small['agg_rss'])} at {big // 4:,} rows); rows copied from the "
                 f"{n_docs}-document run under new document ids"),
        Row("aggregate", f"graph rule code on {big:,} relation rows", fmt_s(a["build_s"] + a["write_s"]),
            note=f"read and build {a['build_s']:.1f} s, write GraphML + JSON {a['write_s']:.1f} s; "
                 f"{int(a['nodes']):,} nodes, {int(a['edges']):,} edges; peak RSS {fmt_mib(a['graph_rss'])} "
                 f"({fmt_mib(small['graph_rss'])} at {big // 4:,} rows): it holds every relation row"),
        Row("aggregate", "extrapolated to 1 M documents: aggregate / graph",
            f"{m['aggregate'] / 60:.0f} min / {m['graph'] / 60:.0f} min",
            note=f"{per_doc['entities']:.0f} entity, {per_doc['relations']:.0f} relation and {per_doc['triples']:.0f} "
                 f"triple rows a document (the {n_docs}-document run); time linear in rows; memory from the slope "
                 f"between the two sizes: graph ≈ {m['graph_mem'] / 2**30:.0f} GiB, triple aggregation ≈ "
                 f"{m['triples_mem'] / 2**30:.0f} GiB"),
    ]


# -- 7. DAG build ---------------------------------------------------------------------------------------

def bench_dag(ctx: Context) -> list[Row]:
    sizes = (1_000, 10_000) if ctx.quick else (10_000, 100_000)
    rows = []
    for n in sizes:
        root = ctx.tmp / f"dag_{n}"
        corpus = root / "corpus"
        corpus.mkdir(parents=True)
        for i in range(n):
            (corpus / f"d{i:06d}.txt").write_bytes(b"Tiny.\n")
        try:
            run = run_observed(snakemake_cmd(corpus, root / "results", root / "logs", "-n", shards=64), poll=0.2)
            _check(run, f"snakemake -n ({n} documents)")
        finally:
            ctx.cleanup(root)
        rss = f"; peak RSS {fmt_mib(run.tree_peak_rss)}" if run.tree_peak_rss else ""
        ctx.fig[f"dag_{n}"] = (run.wall, run.tree_peak_rss or 0)
        rows.append(Row("dag", f"dry run (DAG build), {n:,} documents, 64 shards", fmt_s(run.wall),
                        note=f"single run{rss}"))
    return rows


# -- the README section ---------------------------------------------------------------------------------

PMC_ARTICLES = 7_000_000
PMC_CHARS = 40_000  # cleaned characters of a full-text article (assumption)


def readme_section(ctx: Context, when: str) -> str:
    f = ctx.fig
    e200, e1000 = f["e2e_200"], f["e2e_1000"]
    agg = f["agg"]
    lines = [
        BEGIN,
        f"<!-- written by `python benchmarks/run.py` ({when}); edit that script, not this section -->",
        f"Measured by `python benchmarks/run.py` ({when}; every row, the machine and the other processes' load "
        "are in `benchmarks/RESULTS.md`) on documents of 25 real review paragraphs each "
        f"({f['inproc_tokens'] / f['inproc_docs']:,.0f} tokens, {f['chars_per_token']:.1f} characters a token; "
        "`benchmarks/synthcorpus.py`). Ratios are measured in one process on the same texts; times are medians.",
        "",
        "| measure | figure | target |",
        "|---|---|---|",
        f"| spaCy blank English tokenizer, one core: whole documents / by paragraph | {fmt_rate(f['tok_doc_rate'])} / "
        f"{fmt_rate(f['tok_par_rate'])} tokens/s | |",
        f"| `Extractor.process`, one core | {fmt_rate(f['extract_rate'])} tokens/s "
        f"({f['extract_us_per_char']:.2f} µs a character): **{f['ratio_doc']:.2f}** of the tokenizer on whole "
        f"documents, {f['ratio_par']:.3f} of it by paragraph | ≥ 0.15 |",
        f"| end to end, 200 documents, `snakemake --cores 2` | {e200['wall']:.1f} s = {fmt_rate(e200['rate'])} tokens/s: "
        f"**{e200['ratio_doc']:.2f}** of the single-core tokenizer (whole documents), {e200['ratio_par']:.3f} by "
        f"paragraph | ≥ 0.07 |",
        f"| end to end, 1,000 documents | {e1000['wall']:.0f} s = {fmt_rate(e1000['rate'])} tokens/s, "
        f"{e1000['cpu'] / 1000:.3f} CPU-s a document | |",
        f"| add one document and re-run (200 / 1,000 documents) | {f['add_one_200']:.1f} s / {f['add_one_1000']:.1f} s, "
        "one document extracted | ≤ 15 s |",
        f"| one shard job: imports, compiled index, extractor ready / first document | {f['ready']:.2f} s / "
        f"{f['first_doc']:.2f} s more ({fmt_mib(f['job_rss'])} resident) | ≤ 1 s |",
        f"| time per character, {max(f['length_us']) // 1000:,} k / {min(f['length_us']) // 1000} k characters "
        f"a document | ratio {f['length_ratio']:.2f} | ≤ 1.5 |",
        f"| peak memory of any job (1,000 documents) | "
        f"{fmt_mib(max(v for k, v in e1000['peak'].items() if k != 'snakemake'))} | ≤ 2 GiB |",
        "",
    ]
    # PMC's open-access subset, from these figures
    chars_1000 = e1000["chars"]
    cpu_per_char = e1000["cpu"] / chars_1000
    extract_core_h = PMC_ARTICLES * PMC_CHARS * f["extract_us_per_char"] / 1e6 / 3600
    workflow_core_h = PMC_ARTICLES * PMC_CHARS * cpu_per_char / 3600
    at7 = agg["at"][7_000_000]
    at1 = agg["at"][1_000_000]
    dag_10k, dag_100k = f.get("dag_10000", (0, 0)), f.get("dag_100000", (0, 0))
    disk_per_char = e1000["disk"] / chars_1000
    lines += [
        "**What all of PMC's open-access subset would cost**, from these figures. Assumptions: "
        f"{PMC_ARTICLES / 1e6:.0f} M articles of about {PMC_CHARS // 1000} k cleaned characters each "
        f"(≈ {PMC_CHARS / f['chars_per_token'] / 1000:.1f} k tokens). Extraction alone at "
        f"{f['extract_us_per_char']:.2f} µs a character is ≈ **{extract_core_h:,.0f} core-hours**; the whole "
        f"workflow as measured on 1,000 documents ({cpu_per_char * 1e6:.2f} CPU-µs a cleaned character, with "
        f"ingestion, job start-up, tables, aggregation and Snakemake) is ≈ **{workflow_core_h:,.0f} core-hours**: "
        f"{workflow_core_h / 16 / 24:.1f} days on one 16-core node, {workflow_core_h / 2 / 24:.0f} days on this "
        "2-core machine. Extrapolated, not measured: Snakemake over one folder of 7 M files "
        f"(dry run {dag_10k[0]:.1f} s for 10 k and {dag_100k[0]:.0f} s for 100 k files) wants chunks of a few "
        "hundred thousand files per invocation; results take "
        f"≈ {disk_per_char * PMC_CHARS * PMC_ARTICLES / 1e12:.1f} TB.",
        "",
        "**Corpus-level steps at 1 M documents.** The current Python `aggregate` and `graph` rules, measured on "
        f"synthetic shard tables of {agg['n_rows'] / 1e6:.0f} M rows each: aggregate {agg['ent_s'] + agg['rel_s'] + agg['tri_s']:.0f} s "
        f"(peak {fmt_mib(agg['agg_rss'])}), graph {agg['build_s'] + agg['write_s']:.0f} s (peak "
        f"{fmt_mib(agg['graph_rss'])}). A million documents hold ≈ {at1['rows']['entities'] / 1e6:.0f} M entity, "
        f"{at1['rows']['relations'] / 1e6:.0f} M relation and {at1['rows']['triples'] / 1e6:.0f} M triple rows, so "
        f"aggregate ≈ {at1['aggregate'] / 60:.0f} min and graph ≈ {at1['graph'] / 60:.0f} min of one core if "
        f"linear — but the graph step holds every relation row in memory (≈ {at1['graph_mem'] / 2**30:.0f} GiB at "
        f"1 M documents, ≈ {at7['graph_mem'] / 2**30:.0f} GiB at 7 M) and the triple aggregation every triple "
        f"mention (≈ {at1['triples_mem'] / 2**30:.0f} GiB): past a few hundred thousand documents they need the "
        "embedded-database aggregation (DuckDB) of the inspection issue.",
        END,
    ]
    return "\n".join(lines)


def rewrite_readme(section: str) -> bool:
    return _docs.replace_section(BEGIN, END, section, log)


# -- main -----------------------------------------------------------------------------------------------

BENCHMARKS: dict[str, Callable[[Context], list[Row]]] = {
    "inprocess": bench_inprocess,
    "length": bench_length,
    "e2e": bench_e2e,
    "incremental": bench_incremental,
    "coldstart": bench_coldstart,
    "aggregate": bench_aggregate,
    "dag": bench_dag,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small version of every benchmark (writes nothing)")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--out", type=Path, help="where the Markdown table goes (default: benchmarks/RESULTS.md "
                                                  "for a full run, nowhere otherwise)")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the README's performance section")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of Extractor.process and stop")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (printed)")
    args = parser.parse_args(argv)

    full = not args.quick and not args.only
    out = args.out or (REPO / "benchmarks" / "RESULTS.md" if full else None)
    tmp = Path(tempfile.mkdtemp(prefix="exomine-bench-"))
    ctx = Context(quick=args.quick, tmp=tmp, keep=args.keep)
    if args.profile:
        try:
            profile(ctx)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return 0
    names = [n for n in BENCHMARKS if not args.only or n in args.only]
    header, commit = machine(), revision()
    started, load_start = datetime.datetime.now(), load()
    print(f"Machine: {header}\nCommit: {commit}\nDate: {started:%Y-%m-%d %H:%M}; load average at start {load_start}"
          f"{'; --quick' if args.quick else ''}", flush=True)
    rows: list[Row] = []
    failed = False
    try:
        for name in names:
            log(f"{name} ... (load {load()})")
            t = time.perf_counter()
            try:
                with OtherLoad() as other:
                    new = BENCHMARKS[name](ctx)
                new.append(Row(name, "other processes' CPU meanwhile", f"{other.cores:.2f} cores",
                               note="machine busy time minus this harness and its children"))
                rows.extend(new)
            except Exception as exc:  # report and go on with the others
                failed = True
                rows.append(Row(name, "error", type(exc).__name__, ok=False, note=str(exc).splitlines()[0][:200]))
                log(f"{name} failed:\n{exc}")
            log(f"{name} done in {time.perf_counter() - t:.0f} s")
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = (datetime.datetime.now() - started).total_seconds()
    print()
    print(text_table(rows))
    print(f"\n{elapsed / 60:.1f} min; load average at end {load()}")
    when = f"commit {commit}, {started:%Y-%m-%d}"
    if out is not None:
        command = "python benchmarks/run.py" + "".join(f" {a}" for a in argv)
        out.write_text(
            f"# exomine benchmarks\n\n"
            f"Machine: {header}\n\n"
            f"Commit: {commit}\n\n"
            f"Date: {started:%Y-%m-%d %H:%M}; {elapsed / 60:.1f} min; load average (1/5/15 min) "
            f"{load_start} at start, {load()} at end\n\n"
            f"Command: `{command}`\n\n"
            f"{markdown_table(rows)}\n",
            encoding="utf-8",
        )
        log(f"wrote {out}")
    if full and not failed and not args.no_readme:
        if rewrite_readme(readme_section(ctx, when)):
            log(f"rewrote the performance section of {README}")
    elif not args.no_readme:
        log("README not changed: it shows every benchmark of a full run, and some failed or were not asked for")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
