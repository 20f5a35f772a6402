#!/usr/bin/env python
"""exomine benchmark harness (the "Speed and scale" requirements).

Run from the repository root::

    python benchmarks/run.py                      # everything (several minutes)
    python benchmarks/run.py --quick              # a small version of everything
    python benchmarks/run.py --only throughput    # one benchmark
    python benchmarks/run.py --out benchmarks/RESULTS.md

Benchmarks (``--only`` names):

throughput   full extraction (ingestion + Extractor.process) in tokens/s next to
             spaCy's blank English tokenizer on the same text, in the same process
length       time per character at ~55 k and ~550 k characters (one document)
corpus       the real Snakemake workflow on 1,000 synthetic reviews, 2 cores:
             wall time, peak RSS per job, Snakemake's own overhead
incremental  one document added to that corpus: wall time, jobs run, documents re-extracted
coldstart    process start -> first document processed, with and without the compiled lexicon index
dag          Snakemake dry-run (DAG build) time for 10 k and 100 k tiny documents

Times on a shared 2-core machine are noisy: every compared figure is a ratio
measured in one run, or a median of several runs. This is a harness, not a
test suite: it reports and never fails a build (the exit code is 0 unless a
benchmark could not run).
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthcorpus import load_pool, write_corpus  # noqa: E402

GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
SHARDS = 16  # config/config.yaml's default


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


def markdown_table(rows: list[Row]) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(esc(x) for x in _cells(r)) + " |" for r in rows]
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
    """The repository's commit, and whether src/ or workflow/ differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "workflow", "Snakefile", "config"],
                               capture_output=True, text=True, cwd=REPO).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes in src/workflow/config" if dirty else "")


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s ({seconds / 60:.1f} min)"


def fmt_mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.0f} MiB"


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
    """What the benchmarks share: sizes, the temporary root, the compiled lexicon index, the corpus run."""

    quick: bool
    seed: int
    tmp: Path
    keep: bool
    _index: Path | None = None
    corpus_state: dict = field(default_factory=dict)

    @property
    def index(self) -> Path:
        """The compiled lexicon index (exomine.pipeline.compile_index), built on first use."""
        if self._index is None:
            from exomine.pipeline import Options, compile_index

            self._index = compile_index(Options(), self.tmp / "lexicon_index.bin")
        return self._index

    def cleanup(self, path: Path) -> None:
        if not self.keep:
            shutil.rmtree(path, ignore_errors=True)


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


def snakemake_cmd(corpus: Path, results: Path, logs: Path, shards: int = SHARDS, *extra: str) -> list[str]:
    """The workflow as a user runs it, on 2 cores, with the corpus and outputs in a temporary folder."""
    return [sys.executable, "-m", "snakemake", "--cores", "2", "--snakefile", str(REPO / "Snakefile"),
            "--directory", str(REPO), *extra, "--config", f"corpus={corpus}", f"results={results}",
            f"logs={logs}", f"shards={shards}", "-q"]


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    return time.perf_counter() - t0, proc


def _check(proc: subprocess.CompletedProcess | Observed, what: str) -> None:
    code = proc.returncode
    if code != 0:
        tail = proc.output if isinstance(proc, Observed) else proc.stdout + proc.stderr
        raise RuntimeError(f"{what} exited with {code}:\n{tail[-3000:]}")


# -- 1. throughput --------------------------------------------------------------------------------------

def bench_throughput(ctx: Context) -> list[Row]:
    """Ingestion + extraction of the bundled corpus repeated to ~1 M tokens, against spaCy's blank tokenizer."""
    import spacy

    from exomine.ingest import read_document
    from exomine.pipeline import Options, build_extractor

    target_tokens = 100_000 if ctx.quick else 1_000_000
    files = sorted((REPO / "corpus").glob("*.txt"))
    blank = spacy.blank("en")
    index = str(ctx.index)  # compiled once, outside the timing
    t = time.perf_counter()
    extractor = build_extractor(Options(lexicon_cache=index))
    build_s = time.perf_counter() - t
    docs = [read_document(f) for f in files]
    tokens_per_pass = sum(len(blank(d.text)) for d in docs)
    passes = max(5, round(target_tokens / tokens_per_pass))
    for d in docs:  # warm-up
        extractor.process(d)
        blank(d.text)

    # Interleave the two so that both see the same machine load; keep per-pass times for block ratios.
    ingest, extract, tokenize, cpu_full, cpu_blank = [], [], [], 0.0, 0.0
    for _ in range(passes):
        c0, t0 = time.process_time(), time.perf_counter()
        batch = [read_document(f) for f in files]
        t1 = time.perf_counter()
        for d in batch:
            extractor.process(d)
        c2, t2 = time.process_time(), time.perf_counter()
        for d in batch:
            blank(d.text)
        c3, t3 = time.process_time(), time.perf_counter()
        ingest.append(t1 - t0)
        extract.append(t2 - t1)
        tokenize.append(t3 - t2)
        cpu_full += c2 - c0
        cpu_blank += c3 - c2
    tokens = tokens_per_pass * passes
    full_rate = tokens / (sum(ingest) + sum(extract))
    blank_rate = tokens / sum(tokenize)
    ratio = full_rate / blank_rate
    blocks = 5
    size = passes // blocks
    block_ratios = [sum(tokenize[i * size:(i + 1) * size]) / (sum(ingest[i * size:(i + 1) * size]) +
                                                                sum(extract[i * size:(i + 1) * size]))
                    for i in range(blocks)]
    note = (f"{tokens:,} tokens ({passes} passes over {len(files)} files); "
            f"ingestion {sum(ingest) / (sum(ingest) + sum(extract)):.0%} of the time")
    return [
        Row("throughput", "exomine tokens/s (ingest + process, 1 core)", f"{full_rate:,.0f}", note=note),
        Row("throughput", "spaCy blank('en') tokens/s", f"{blank_rate:,.0f}"),
        Row("throughput", "ratio exomine / blank tokenizer", f"{ratio:.3f}", ">= 0.20", ratio >= 0.20,
            f"median of {blocks} blocks {median(block_ratios):.3f} (min {min(block_ratios):.3f}, "
            f"max {max(block_ratios):.3f}); CPU-time ratio {(tokens / cpu_full) / (tokens / cpu_blank):.3f}"),
        Row("throughput", "ratio to a scispaCy statistical pipeline", "not available", ">= 10x", None,
            "no scispaCy model installable here (models are not on PyPI)"),
        Row("throughput", "extractor build (compiled index)", fmt_s(build_s)),
    ]


# -- 2. length scaling ----------------------------------------------------------------------------------

def scaled_document(parts, factor: int, target_chars: int, doc_id: str):
    """pan_2024's parts with the body padded to ``target_chars`` and everything but the front repeated ``factor`` times."""
    from exomine.ingest import build_document
    from exomine.webtext import Part

    front = [p for p in parts if p.name in ("title", "abstract", "keywords")]
    body = [p for p in parts if p.name == "body"]
    tail = [p for p in parts if p.name in ("figure", "references")]
    base = build_document(doc_id, "", front + body + tail, {})
    pad: list[str] = []
    body_paragraphs = [x for p in body for x in p.paragraphs]
    while len(base.text) + sum(len(x) + 1 for x in pad) + len("PADDING") + 2 < target_chars:
        pad.append(body_paragraphs[len(pad) % len(body_paragraphs)])
    middle = body + [Part("body", "PADDING", tuple(pad))] if pad else body
    tail = [Part(p.name, p.heading, p.paragraphs * factor) for p in tail]
    return build_document(doc_id, "", front + middle * factor + tail, {})


def bench_length(ctx: Context) -> list[Row]:
    """Time per character of one ~55 k-character document and of the same text at ~550 k."""
    from exomine.pipeline import Options, build_extractor
    from exomine.webtext import parse_web_text

    runs = 1 if ctx.quick else 5  # cheap, and single runs vary by +-30 % on a shared machine
    parts, _ = parse_web_text((REPO / "corpus" / "pan_2024.txt").read_text(encoding="utf-8"))
    small = scaled_document(parts, 1, 55_000, "len_55k")
    large = scaled_document(parts, 10, 55_000, "len_550k")
    extractor = build_extractor(Options(lexicon_cache=str(ctx.index)))
    extractor.process(small)  # warm-up
    times: dict[str, list[float]] = {"small": [], "large": []}
    for _ in range(runs):  # interleaved, so both sizes see the same load
        for key, doc in (("small", small), ("large", large)):
            t = time.perf_counter()
            extractor.process(doc)
            times[key].append(time.perf_counter() - t)
    per_small = median(times["small"]) / len(small.text)
    per_large = median(times["large"]) / len(large.text)
    ratio = per_large / per_small
    return [
        Row("length", f"time/char at {len(small.text) / 1000:.0f} k chars",
            f"{per_small * 1e6:.2f} µs ({median(times['small']):.2f} s/doc)", note=f"median of {runs}"),
        Row("length", f"time/char at {len(large.text) / 1000:.0f} k chars",
            f"{per_large * 1e6:.2f} µs ({median(times['large']):.2f} s/doc)", note=f"median of {runs}"),
        Row("length", "ratio time/char 550k / 55k", f"{ratio:.2f}", "<= 1.5", ratio <= 1.5),
    ]


# -- 3. corpus scaling (the real workflow) and 4. incremental -------------------------------------------

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
    """Files and bytes under ``folder``."""
    files = size = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


def _fingerprint() -> str:
    """exomine's per-document cache key part for code, data and options (changes when src/ is edited)."""
    from exomine.batch import resources_fingerprint
    from exomine.pipeline import Options

    return resources_fingerprint(Options())


def _setup_corpus(ctx: Context) -> dict:
    """Write the synthetic corpus and run the workflow on it once (shared by corpus and incremental)."""
    if "run" in ctx.corpus_state:
        return ctx.corpus_state
    n_docs = 100 if ctx.quick else 1000
    root = ctx.tmp / "corpus_bench"
    corpus, results, logs = root / "corpus", root / "results", root / "logs"
    pool = load_pool(REPO / "corpus")
    fingerprint = _fingerprint()
    t = time.perf_counter()
    write_corpus(corpus, pool, n_docs, ctx.seed)
    written = time.perf_counter() - t
    chars = sum(p.stat().st_size for p in corpus.glob("*.txt"))
    log(f"corpus: {n_docs} documents, {chars / 1e6:.1f} MB written in {written:.1f} s; running the workflow")
    run = run_observed(snakemake_cmd(corpus, results, logs))
    _check(run, "snakemake")
    fingerprints = (fingerprint, _fingerprint())  # before and after: src/ edited meanwhile?
    ctx.corpus_state.update(root=root, corpus=corpus, results=results, logs=logs, run=run, n_docs=n_docs,
                            pool=pool, fingerprints=fingerprints)
    return ctx.corpus_state


def bench_corpus(ctx: Context) -> list[Row]:
    state = _setup_corpus(ctx)
    run: Observed = state["run"]
    n_docs, results, logs = state["n_docs"], state["results"], state["logs"]
    extracted, reused, _ = _batch_counts(logs)
    cleaned = sum(p.stat().st_size for p in (results / "docs").glob("*.txt"))
    # Snakemake's own overhead: a dry run on the finished corpus (DAG build + up-to-date checks) ...
    dry = []
    for _ in range(1 if ctx.quick else 3):
        seconds, proc = timed(snakemake_cmd(state["corpus"], results, logs, SHARDS, "-n"))
        _check(proc, "snakemake -n")
        dry.append(seconds)
    # ... and the time no job was running during the real run (start-up, DAG, scheduling gaps).
    jobs = run.jobs
    idle = run.wall - run.busy()
    job_sum = sum(p.end - p.start for p in jobs)
    peak_job = max(jobs, key=lambda p: p.peak_rss)
    peak_extract = max((p.peak_rss for p in jobs if p.name == "extract_shard"), default=0)
    snakemake_rss = max((p.peak_rss for p in run.procs if p.name == "snakemake"), default=0)
    extract_jobs = [p for p in jobs if p.name == "extract_shard"]
    files, size = _disk(results)
    rows = [
        Row("corpus", f"workflow wall time, {n_docs} docs, 2 cores", fmt_s(run.wall), "<= 5 min", run.wall <= 300,
            f"{extracted} extracted, {reused} reused; jobs: {_job_summary(run)}; "
            f"{cleaned / 1e6:.1f} M cleaned chars ({cleaned / n_docs / 1000:.1f} k/doc)"),
        Row("corpus", "peak RSS per job (max over jobs)", fmt_mib(peak_job.peak_rss), "<= 2 GiB",
            peak_job.peak_rss <= 2 * 2**30,
            f"{peak_job.name}; largest extract_shard {fmt_mib(peak_extract)}; Snakemake itself "
            f"{fmt_mib(snakemake_rss)} (VmHWM polled every 50 ms)"
            + (f"; GNU time max over the tree {fmt_mib(run.tree_peak_rss)}" if run.tree_peak_rss else "")),
        Row("corpus", "CPU time (whole tree) per document", f"{run.cpu / n_docs:.3f} s",
            note=f"{run.cpu:.0f} CPU-s in {run.wall:.0f} s wall: {run.cpu / run.wall:.2f} cores busy on average"),
        Row("corpus", "extract_shard job time (median / max)",
            f"{median([p.end - p.start for p in extract_jobs]):.1f} / {max(p.end - p.start for p in extract_jobs):.1f} s",
            note=f"sum over all jobs {job_sum:.0f} s (2 cores: ideal wall {job_sum / 2:.0f} s)"),
        Row("corpus", "Snakemake overhead: no job running", fmt_s(idle),
            note=f"{idle / run.wall:.0%} of the wall time (start-up, DAG, between jobs)"),
        Row("corpus", "Snakemake overhead: dry run on finished corpus", fmt_s(median(dry)),
            note=f"median of {len(dry)}"),
        Row("corpus", "results on disk per document", f"{size / n_docs / 1000:.0f} kB, {files / n_docs:.1f} files",
            note=f"{size / 1e6:.0f} MB in {files:,} files for {n_docs} documents"),
    ]
    return rows


def bench_incremental(ctx: Context) -> list[Row]:
    from exomine.shards import shard_name, shard_of

    state = _setup_corpus(ctx)
    corpus, results, logs, n_docs = state["corpus"], state["results"], state["logs"], state["n_docs"]
    new = write_corpus(corpus, state["pool"], 1, ctx.seed, start=n_docs + state.get("added", 0))[0]
    state["added"] = state.get("added", 0) + 1
    expected_shard = shard_name(shard_of(new.stem, SHARDS), SHARDS)
    since = time.time()
    run = run_observed(snakemake_cmd(corpus, results, logs))
    _check(run, "snakemake (incremental)")
    extracted, reused, ran = _batch_counts(logs, since)
    fingerprint_changed = len(set(state["fingerprints"]) | {_fingerprint()}) > 1
    return [
        Row("incremental", "re-run wall time after adding 1 document", fmt_s(run.wall), "<= 30 s", run.wall <= 30,
            f"jobs: {_job_summary(run)}"),
        Row("incremental", "documents re-extracted", str(extracted), "exactly 1", extracted == 1,
            f"{reused} reused in shard(s) {', '.join(ran) or 'none'} (new document's shard: {expected_shard})"
            + ("; src/ changed during the benchmark (the resources fingerprint differs), which re-extracts "
               "every document of a shard that runs: run again" if fingerprint_changed and extracted > 1 else "")),
    ]


# -- 5. cold start --------------------------------------------------------------------------------------

COLD_START = r"""
import sys, time
t0 = time.time()
import exomine
from exomine.ingest import read_document
from exomine.pipeline import Options, build_extractor
t1 = time.time()
extractor = build_extractor(Options(lexicon_cache=sys.argv[1]))
t2 = time.time()
result = extractor.process(read_document(sys.argv[2]))
t3 = time.time()
print(t0, t1, t2, t3, len(result.mentions))
"""


def bench_coldstart(ctx: Context) -> list[Row]:
    runs = 1 if ctx.quick else 3
    doc = REPO / "corpus" / "zhang_2022.txt"
    samples: dict[str, list[tuple[float, ...]]] = {"cache": [], "none": []}
    for _ in range(runs):
        for key, cache in (("cache", str(ctx.index)), ("none", "")):
            start = time.time()
            proc = subprocess.run([sys.executable, "-c", COLD_START, cache, str(doc)], capture_output=True, text=True)
            _check(proc, "cold start")
            t0, t1, t2, t3, _ = (float(x) for x in proc.stdout.split())
            samples[key].append((t3 - start, t0 - start, t1 - t0, t2 - t1, t3 - t2))

    def row(key: str, label: str, target: bool) -> Row:
        med = [median([s[i] for s in samples[key]]) for i in range(5)]
        note = (f"median of {runs}: interpreter {med[1]:.2f} s, imports {med[2]:.2f} s, "
                f"build extractor {med[3]:.2f} s, first document {med[4]:.2f} s")
        if target:
            return Row("coldstart", label, fmt_s(med[0]), "<= 2 s", med[0] <= 2.0, note)
        return Row("coldstart", label, fmt_s(med[0]), note=note)

    return [row("cache", "start -> first document (compiled index)", True),
            row("none", "start -> first document (no index cache)", False)]


# -- 6. DAG build ---------------------------------------------------------------------------------------

def bench_dag(ctx: Context) -> list[Row]:
    sizes = (1_000, 10_000) if ctx.quick else (10_000, 100_000)
    shards = 64
    rows = []
    for n in sizes:
        root = ctx.tmp / f"dag_{n}"
        corpus = root / "corpus"
        corpus.mkdir(parents=True)
        for i in range(n):
            (corpus / f"d{i:06d}.txt").write_bytes(b"Tiny.\n")
        try:
            run = run_observed(snakemake_cmd(corpus, root / "results", root / "logs", shards, "-n"), poll=0.2)
            _check(run, f"snakemake -n ({n} documents)")
        finally:
            ctx.cleanup(root)
        rss = f"; peak RSS {fmt_mib(run.tree_peak_rss)}" if run.tree_peak_rss else ""
        rows.append(Row("dag", f"dry run (DAG build), {n:,} docs, {shards} shards", fmt_s(run.wall),
                        note=f"single run{rss}"))
    return rows


# -- main -----------------------------------------------------------------------------------------------

BENCHMARKS: dict[str, Callable[[Context], list[Row]]] = {
    "throughput": bench_throughput,
    "length": bench_length,
    "corpus": bench_corpus,
    "incremental": bench_incremental,
    "coldstart": bench_coldstart,
    "dag": bench_dag,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small version of every benchmark")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--out", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the synthetic corpus")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (printed)")
    args = parser.parse_args(argv)

    names = [n for n in BENCHMARKS if not args.only or n in args.only]
    tmp = Path(tempfile.mkdtemp(prefix="exomine-bench-"))
    ctx = Context(quick=args.quick, seed=args.seed, tmp=tmp, keep=args.keep)
    header = machine()
    commit = revision()
    started, load_start = datetime.datetime.now(), load()
    print(f"Machine: {header}")
    print(f"Commit: {commit}")
    print(f"Date: {started:%Y-%m-%d %H:%M}; load average at start {load_start}"
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
    if args.out:
        args.out.write_text(
            f"# exomine benchmarks\n\n"
            f"Machine: {header}\n\n"
            f"Commit: {commit}\n\n"
            f"Date: {started:%Y-%m-%d %H:%M}; {elapsed / 60:.1f} min; load average (1/5/15 min) "
            f"{load_start} at start, {load()} at end"
            f"{'; --quick' if args.quick else ''}\n\n"
            f"Command: `python benchmarks/run.py{' --quick' if args.quick else ''}"
            f"{''.join(f' --only {n}' for n in args.only or [])}`\n\n"
            f"{markdown_table(rows)}\n",
            encoding="utf-8",
        )
        log(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
