#!/usr/bin/env python
"""Corpus-level triple aggregation at scale: SQL in DuckDB (exomine.outputs.database) vs Python (exomine.tables).

Run from the repository root::

    python benchmarks/aggregate_sql.py                       # 100 k, 300 k and 1 M triple mentions
    python benchmarks/aggregate_sql.py --rows 100000 --repeat 3
    python benchmarks/aggregate_sql.py --out benchmarks/AGGREGATE.md

Synthetic shard tables (``triples.tsv`` of 16 shards) with the shape of the
real ones: one mention per row, ~170-character evidence, chains of 0-3
targets, regulators and drugs half from a long-tailed pool, half uniform (so groups
have from one to thousands of mentions). Each measurement runs in a fresh process: wall time and
peak resident memory (``ru_maxrss`` of the child). The SQL run is also
measured with a DuckDB memory limit, to show that it spills to disk instead
of failing. Both outputs are compared byte for byte. A harness, not a test:
it reports and never fails a build.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARDS = 16
WORDS = ("exosomal transfer of the regulator promoted resistance to the drug in cells by targeting the gene and "
         "suppressing apoptosis while enhancing autophagy through the pathway in vitro and in vivo").split()


def _synthetic(rows: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Shard tables of ``rows`` invented triple mentions, written with the project's own writer."""
    sys.path.insert(0, str(REPO / "src"))
    from exomine.records import TRIPLE_COLUMNS, Triple
    from exomine.tables import write_records

    rng = random.Random(seed)
    n_reg, n_drug, n_gene, n_docs = max(50, rows // 25), 300, 5000, max(10, rows // 6)
    labels = ("MIRNA", "CIRCRNA", "LNCRNA", "GENE")

    def mention(i: int) -> Triple:
        # half the mentions name a few popular regulators and drugs (long tail), half any of them
        r = int(rng.paretovariate(1.2)) % n_reg if rng.random() < 0.5 else rng.randrange(n_reg)
        d = int(rng.paretovariate(1.5)) % n_drug if rng.random() < 0.5 else rng.randrange(n_drug)
        chain = [rng.randrange(n_gene) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
        doc = rng.randrange(n_docs)
        evidence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 36)))
        return Triple(
            regulator=f"REG{r}", regulator_label=labels[r % 4], regulator_id=f"X:{r}" if r % 7 else "",
            targets=";".join(f"GENE{g}" for g in chain), target_ids=";".join(f"HGNC:{g}" for g in chain),
            drug=f"drug{d}", drug_id=f"DB{d:05d}" if d % 11 else "", effect="resistance" if rng.random() < 0.8 else
            "sensitivity", cancer=f"Cancer {rng.randrange(40)}" if rng.random() < 0.8 else "",
            source_cell=f"cell {rng.randrange(30)}" if rng.random() < 0.4 else "", n_mentions=1, n_docs=1,
            doc_ids=f"doc{doc}", evidence=evidence, hedged=rng.random() < 0.15, provenance=f"doc{doc}:{i % 400}",
            drug_is_class=d % 13 == 0, rule=f"rule.{rng.randrange(60)}")

    per_shard = [[] for _ in range(SHARDS)]
    for i in range(rows):
        per_shard[i % SHARDS].append(mention(i))
    paths = []
    for s, records in enumerate(per_shard):
        path = out_dir / f"s{s:02d}" / "triples.tsv"
        write_records(path, records, TRIPLE_COLUMNS)
        paths.append(path)
    return paths


def _worker(kind: str, shards: list[str], out: str, memory_limit: str) -> None:
    sys.path.insert(0, str(REPO / "src"))
    if kind == "python":
        from exomine.records import TRIPLE_COLUMNS, Triple
        from exomine.tables import aggregate_triples, read_records, write_records

        write_records(out, aggregate_triples(t for p in shards for t in read_records(p, Triple)), TRIPLE_COLUMNS)
    else:
        from exomine.outputs.database import write_aggregated_triples

        write_aggregated_triples(shards, out, memory_limit=memory_limit, threads=2,
                                 temp_directory=str(Path(out).parent))


def _measure(kind: str, shards: list[Path], out: Path, memory_limit: str = "") -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one aggregation in a fresh process."""
    cmd = [sys.executable, __file__, "--worker", kind, "--output", str(out), "--memory-limit", memory_limit,
           *map(str, shards)]
    script = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "subprocess.run(sys.argv[1:], check=True); "
              "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    res = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, text=True)
    if res.returncode != 0:  # reported in the table, with the error on stderr
        print(f"{kind} {memory_limit or 'no limit'} failed:\n{res.stderr[-1500:]}", file=sys.stderr)
        return float("nan"), float("nan")
    wall, rss_kib = res.stdout.split()
    return float(wall), int(rss_kib) / 1024


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is reported)")
    parser.add_argument("--spill-limit", default="200MB", help="DuckDB memory limit of the spilling run")
    parser.add_argument("--out", help="also write the markdown table here")
    parser.add_argument("--worker", choices=["python", "sql"], help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    parser.add_argument("--memory-limit", default="", help=argparse.SUPPRESS)
    parser.add_argument("shards", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.shards, args.output, args.memory_limit)
        return 0
    lines = [f"Triple aggregation, commit {_commit()}, {datetime.date.today()}, {platform.python_version()}, "
             f"{os.cpu_count()} cores; median of {args.repeat} runs (wall s / peak RSS MiB, fresh process each)",
             "",
             f"| mentions | input MB | triples | Python | SQL (DuckDB) | SQL, memory limit {args.spill_limit} | "
             "SQL/Python time | identical |",
             "|---|---|---|---|---|---|---|---|"]
    print("\n".join(lines), flush=True)
    for rows in args.rows:
        with tempfile.TemporaryDirectory(prefix="exomine-aggbench-") as tmp:
            tmp = Path(tmp)
            shards = _synthetic(rows, tmp / "shards")
            size = sum(p.stat().st_size for p in shards) / 1e6
            runs = {"python": [], "sql": [], "spill": []}
            for _ in range(args.repeat):
                runs["python"].append(_measure("python", shards, tmp / "python.tsv"))
                runs["sql"].append(_measure("sql", shards, tmp / "sql.tsv"))
                runs["spill"].append(_measure("sql", shards, tmp / "spill.tsv", args.spill_limit))
            med = {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v)) for k, v in runs.items()}
            n_triples = (tmp / "python.tsv").read_bytes().count(b"\n") - 1  # evidence has no newlines here
            outputs = [tmp / f"{k}.tsv" for k in ("python", "sql", "spill")]
            same = all(p.exists() for p in outputs) and len({_digest(p) for p in outputs}) == 1
            row = (f"| {rows:,} | {size:.0f} | {n_triples:,} | {med['python'][0]:.1f} s / {med['python'][1]:.0f} | "
                   f"{med['sql'][0]:.1f} s / {med['sql'][1]:.0f} | {med['spill'][0]:.1f} s / {med['spill'][1]:.0f} | "
                   f"{med['sql'][0] / med['python'][0]:.2f} | {'yes' if same else 'NO'} |")
            print(row, flush=True)
            lines.append(row)
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
