"""The workflow on a real SLURM cluster with profiles/slurm: the same results as a local run, and no hang.

Needs a running cluster: `tools/slurm_cluster.sh` sets up a one-node cluster without job accounting (no
slurmdbd) on this machine (root, Debian); .ci/run calls it. Skipped when sbatch is absent or no node is up.
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slurm, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "profiles" / "slurm"
RUN_TIMEOUT = 600  # seconds: a run that takes longer hangs (the bundled corpus takes about 2 minutes)
CLUSTER_RULES = {"extract_shard", "aggregate", "graph", "database", "evaluate", "html_report", "parquet",
                 "export_brat", "export_bioc", "workbook"}  # the rules whose cost grows with the corpus
LOCAL_RULES = {"compile_lexicons", "ingest_report", "export_cytoscape"}


@pytest.fixture(scope="module")
def cluster() -> None:
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        pytest.skip("snakemake-executor-plugin-slurm is not installed (pip install -e '.[dev]')")
    if shutil.which("sbatch") is None:
        pytest.skip("sbatch is absent: no SLURM here (tools/slurm_cluster.sh installs and starts a one-node cluster)")
    proc = subprocess.run(["sinfo", "--noheader", "--format=%T"], capture_output=True, text=True, timeout=30)
    states = set(proc.stdout.split())
    if proc.returncode or not states & {"idle", "mixed", "allocated"}:
        said = " ".join((proc.stderr or proc.stdout).split()) or "no node"
        pytest.skip(f"the SLURM cluster is not up (sinfo: {said}); start it with tools/slurm_cluster.sh")


def _slurm_jobs(logdir: Path) -> dict[str, list[str]]:
    """SLURM job ids by rule, from the plugin's log files (<logdir>/rule_<name>/[<wildcards>/]<jobid>.log)."""
    jobs: dict[str, list[str]] = {}
    for log in logdir.rglob("*.log"):
        rule = log.relative_to(logdir).parts[0].removeprefix("rule_")
        jobs.setdefault(rule, []).append(log.stem)
    return jobs


def _workflow(tmp: Path, *extra: str) -> tuple[int, str, float]:
    """Run the workflow with the SLURM profile on the bundled corpus; exit status, output and seconds taken.

    A run that does not end in RUN_TIMEOUT fails the test, after its SLURM jobs are cancelled."""
    cmd = [sys.executable, "-m", "snakemake", "--profile", str(PROFILE), "--snakefile", str(REPO / "Snakefile"),
           "--directory", str(REPO), "--slurm-logdir", str(tmp / "slurm_logs"), "--slurm-keep-successful-logs",
           *extra,
           "--config", f"corpus={REPO / 'corpus'}", f"results={tmp / 'results'}", f"logs={tmp / 'logs'}"]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            text=True, cwd=tmp)
    try:
        output, _ = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
        ids = [i for ids in _slurm_jobs(tmp / "slurm_logs").values() for i in ids]
        if ids:
            subprocess.run(["scancel", *ids], capture_output=True, timeout=30)
        pytest.fail(f"the SLURM run did not end within {RUN_TIMEOUT} s:\n{output[-4000:]}")
    return proc.returncode, output, time.monotonic() - start


def _tables(path: Path) -> dict[str, list]:
    """A DuckDB file's tables by rows (the file itself is not byte-reproducible)."""
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.duckdb"
        shutil.copyfile(path, copy)
        con = duckdb.connect(str(copy), read_only=True)
        try:
            names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                               "WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
            return {name: con.execute(f"SELECT * FROM {name}").fetchall() for name in names}
        finally:
            con.close()


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def slurm_run(cluster, tmp_path_factory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("slurm_run")
    code, output, seconds = _workflow(tmp)
    assert code == 0, output[-6000:]
    print(f"the workflow on the one-node SLURM cluster took {seconds:.0f} s")
    return tmp, output


def test_slurm_run_equals_a_local_run(slurm_run, bundled_results: Path) -> None:
    tmp, _ = slurm_run
    results = tmp / "results"
    files = _files(results)
    assert files == _files(bundled_results)
    assert {"triples.tsv", "ingest.tsv", "exomine.duckdb", "report.html"} <= files
    for name in sorted(files):
        if name.endswith(".duckdb"):
            assert _tables(results / name) == _tables(bundled_results / name), name
        else:  # the TSVs and every other output, byte for byte
            assert (results / name).read_bytes() == (bundled_results / name).read_bytes(), name


def test_slurm_heavy_rules_are_cluster_jobs_with_their_threads_and_memory(slurm_run) -> None:
    tmp, _ = slurm_run
    jobs = _slurm_jobs(tmp / "slurm_logs")
    assert set(jobs) == CLUSTER_RULES, "rules submitted to SLURM (the others ran in the main process)"
    assert not set(jobs) & LOCAL_RULES
    # slurmctld keeps an ended job for MinJobAge (300 s): what it was given, by the plugin's comment rule_<name>
    ids = ",".join(i for ids in jobs.values() for i in ids)
    proc = subprocess.run(["squeue", "--noheader", "--states=all", f"--jobs={ids}", "--format=%k|%C|%m|%T"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    given = {}
    for line in proc.stdout.splitlines():
        comment, cpus, memory, state = line.strip().split("|")
        given[comment.split("_wildcards_")[0].removeprefix("rule_")] = (int(cpus), memory, state)
    assert given["aggregate"] == (2, "16000M", "COMPLETED")  # threads: 2; mem_mb from the profile
    assert given["database"] == (2, "8000M", "COMPLETED")
    assert given["extract_shard"] == (1, "2500M", "COMPLETED")


@pytest.mark.parametrize("extra, named", [
    (["--default-resources", "slurm_account=not_my_account", "mem_mb=2000", "runtime=30"], "'not_my_account'"),
    (["--default-resources", "slurm_partition=no_such_partition", "mem_mb=2000", "runtime=30"],
     "no_such_partition"),
    (["--slurm-status-command", "sacct"], "'sacct' does not work here"),  # no job accounting on this cluster
], ids=["account", "partition", "status-command"])
def test_slurm_wrong_setting_stops_the_run_within_a_minute_naming_it(cluster, tmp_path, extra, named) -> None:
    code, output, seconds = _workflow(tmp_path, *extra)
    assert code != 0, output[-4000:]
    assert seconds < 60, f"took {seconds:.0f} s"
    message = output[output.find("error: SLURM: "):]
    assert "error: SLURM: " in output and named in message, output[-4000:]
    assert not _slurm_jobs(tmp_path / "slurm_logs"), "a job was submitted"
    assert not (tmp_path / "results" / "cache" / "lexicon_index.ref").exists(), "a job ran"
