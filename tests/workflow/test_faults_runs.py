"""Fault injection on runs (issue 15, part 2): kills at corpus-level steps, two runs on one folder, a file changed
while a run reads it, the modes of the outputs.

Every test runs the real workflow with the README's command (:func:`test_faults._workflow`). A run is held at a
chosen point by a ``sitecustomize`` module put on the jobs' ``PYTHONPATH`` (test code only): the job of a chosen
rule writes ``paused-<rule>`` into a folder and waits there until the test writes ``go`` (or kills the run),
either when its script has written every output and is about to exit (``exit``), or before a shard job writes
its tables, when its documents have been read and extracted (``tables``).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest
from conftest import summary_line
from test_faults import GOOD, REPO, TEXT, _comparable, _copy_corpus, _rows, _tree, _tree_bytes, _workflow

from exomine.runlock import LOCK_NAME

pytestmark = pytest.mark.slow

PAUSE = '''"""Test-only: hold rules' jobs at one point until the test says go (EXOMINE_TEST_PAUSE=rules:where:folder)."""
import atexit
import os
import sys
import time

_rules, _where, _folder = os.environ["EXOMINE_TEST_PAUSE"].split(":", 2)


def _mine():
    # Snakemake runs a rule's script as .snakemake/scripts/tmp<random>.<script name>
    return next((r for r in _rules.split(",") if sys.argv and sys.argv[0].endswith("." + r + ".py")), None)


def _wait():
    rule = _mine()
    if rule is None or os.path.exists(os.path.join(_folder, "go")):
        return
    open(os.path.join(_folder, "paused-" + rule), "w").close()
    deadline = time.time() + 600
    while not os.path.exists(os.path.join(_folder, "go")) and time.time() < deadline:
        time.sleep(0.05)


if _where == "exit":
    atexit.register(_wait)
elif _where == "tables":
    import exomine.tables

    _concat = exomine.tables.concat_tables

    def _paused_concat(*args, **kwargs):
        _wait()
        return _concat(*args, **kwargs)

    exomine.tables.concat_tables = _paused_concat
'''

# corpus-level steps, in an order the workflow runs them in, with an output each writes
CORPUS_STEPS = [("aggregate", "triples.tsv"), ("database", "exomine.duckdb"), ("parquet", "parquet/triples.parquet"),
                ("export_brat", "brat/annotation.conf"), ("export_bioc", "bioc/exomine.xml")]
TAKEOVER = "taking over the lock of a run that is gone without giving it back (killed?): process {pid} "


def _pause_env(tmp: Path, rules: str, where: str) -> tuple[dict[str, str], Path]:
    """The environment that holds the jobs of ``rules`` (comma-separated) at ``where``, and the folder of their
    ``paused-<rule>`` and ``go`` files."""
    code = tmp / "pause-code"
    code.mkdir(exist_ok=True)
    (code / "sitecustomize.py").write_text(PAUSE, encoding="utf-8")
    folder = tmp / f"pause-{where}-{time.monotonic_ns()}"
    folder.mkdir()
    path = os.pathsep.join(p for p in (str(code), os.environ.get("PYTHONPATH", "")) if p)
    return {"EXOMINE_TEST_PAUSE": f"{rules}:{where}:{folder}", "PYTHONPATH": path}, folder


def _wait_paused(run: subprocess.Popen, folder: Path, rule: str) -> None:
    deadline = time.monotonic() + 600
    while not (folder / f"paused-{rule}").exists():
        if run.poll() is not None:
            pytest.fail(f"the run ended ({run.returncode}) before {rule} was held:\n{run.stdout.read()[-4000:]}")
        assert time.monotonic() < deadline, f"the run did not get to {rule}"
        time.sleep(0.05)


def _kill(run: subprocess.Popen) -> str:
    os.killpg(run.pid, signal.SIGKILL)
    output, _ = run.communicate(timeout=60)
    return output


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A run on a copy of the bundled corpus under umask 027: (tmp, corpus, results, its files)."""
    tmp = tmp_path_factory.mktemp("runs")
    corpus = _copy_corpus(tmp / "corpus")
    old = os.umask(0o027)
    try:
        proc = _workflow(tmp, corpus, tmp / "clean")
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert summary_line(proc.stderr) == f"{len(GOOD)} files: {len(GOOD)} read (see {tmp / 'clean' / 'ingest.tsv'})"
    return tmp, corpus, tmp / "clean", {k: v[1] for k, v in _tree(tmp / "clean").items()}


def test_faults_runs_outputs_get_the_users_umask(clean) -> None:
    _, _, results, files = clean
    assert LOCK_NAME not in files  # given back at the end
    modes = {str(p.relative_to(results)): stat.S_IMODE(p.stat().st_mode) for p in results.rglob("*")}
    assert {"triples.tsv", "ingest.tsv", "exomine.duckdb", "shards", "docs", "extract"} <= set(modes)
    wrong = {name: oct(mode) for name, mode in modes.items()
             if mode != (0o750 if (results / name).is_dir() else 0o640)}
    assert not wrong, wrong


def test_faults_runs_resume_after_kills_at_corpus_level_steps(clean) -> None:
    tmp, corpus, _, files = clean
    results = tmp / "resumed"
    killed = None
    for i, (rule, output) in enumerate(CORPUS_STEPS):
        # the README's command, killed when the step has written its outputs but the run has not recorded it;
        # the steps after it are held too, so that each one is killed in its turn
        env, folder = _pause_env(tmp, ",".join(r for r, _ in CORPUS_STEPS[i:]), "exit")
        run = _workflow(tmp, corpus, results, "-q", wait=False, env=env)
        _wait_paused(run, folder, rule)
        assert (results / output).is_file(), output
        log = _kill(run)
        if killed is not None:
            assert TAKEOVER.format(pid=killed) in log, log[-3000:]
        killed = run.pid
    resumed = _workflow(tmp, corpus, results, "-q")
    assert resumed.returncode == 0, resumed.stderr[-4000:]
    assert TAKEOVER.format(pid=killed) in resumed.stderr, resumed.stderr[-3000:]
    assert not (results / LOCK_NAME).exists()
    assert _comparable(_tree_bytes(results)) == _comparable(files)


def _checkout_copy(dst: Path) -> Path:
    """A second checkout of the workflow (its wiring, config and profiles; the package is the installed one)."""
    dst.mkdir()
    shutil.copy2(REPO / "Snakefile", dst / "Snakefile")
    for name in ("workflow", "config", "profiles"):
        shutil.copytree(REPO / name, dst / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dst


def test_faults_runs_second_run_refused_through_a_link_and_from_another_checkout(clean) -> None:
    tmp, corpus, _, files = clean
    results = tmp / "locked"
    link = tmp / "locked-link"
    link.symlink_to(results, target_is_directory=True)
    env, folder = _pause_env(tmp, "extract_shard", "tables")
    first = _workflow(tmp, corpus, results, "-q", wait=False, env=env)
    try:
        _wait_paused(first, folder, "extract_shard")
        started = re.search(r'"started": "([^"]+)"', (results / LOCK_NAME).read_text(encoding="utf-8")).group(1)
        other = _checkout_copy(tmp / "checkout2")
        for name, checkout in ((link, REPO), (results, other), (link, other)):
            second = _workflow(tmp, corpus, name, "-q", checkout=checkout)
            assert second.returncode == 1, second.stderr[-3000:]
            assert (f"{results / LOCK_NAME}: the folder is in use by another exomine run (process {first.pid} on "
                    in second.stderr), second.stderr[-3000:]
            assert f"started {started}" in second.stderr
        (folder / "go").touch()
        output, _ = first.communicate(timeout=900)
    finally:
        if first.poll() is None:
            _kill(first)
    assert first.returncode == 0, output[-4000:]
    assert _comparable(_tree_bytes(results)) == _comparable(files)  # the refused runs wrote nothing


def _triples_of(results: Path, regulator: str) -> set[str]:
    return {r["drug"] for r in _rows(results / "triples.tsv") if r["regulator"] == regulator}


def test_faults_runs_file_changed_while_read_is_read_again(clean) -> None:
    tmp, _, clean_results, _ = clean
    corpus = _copy_corpus(tmp / "edit-corpus")
    review = corpus / "foo_review.txt"
    review.write_text(TEXT, encoding="utf-8")  # miR-9999 and cisplatin
    results = tmp / "edited"
    shutil.copytree(clean_results, results)  # the bundled documents are reused
    env, folder = _pause_env(tmp, "extract_shard", "tables")
    first = _workflow(tmp, corpus, results, "-q", wait=False, env=env)
    try:
        _wait_paused(first, folder, "extract_shard")  # the shard's documents are read and extracted, its tables not written
        # the file is rewritten, same size, and its modification time set back (as cp -p or rsync -t do)
        before = review.stat()
        review.write_text(TEXT.replace("cisplatin", "docetaxel"), encoding="utf-8")
        os.utime(review, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert review.stat().st_size == before.st_size
        (folder / "go").touch()
        output, _ = first.communicate(timeout=900)
    finally:
        if first.poll() is None:
            _kill(first)
    assert first.returncode == 0, output[-4000:]
    assert _triples_of(results, "hsa-miR-9999") == {"Cisplatin"}  # what that run read
    kept = {p: p.stat().st_mtime_ns for d in GOOD for p in (results / "extract" / d).iterdir()}
    # the next run reads it again (only it), though its time and size say nothing changed
    again = _workflow(tmp, corpus, results, "-q")
    assert again.returncode == 0, again.stderr[-4000:]
    assert _triples_of(results, "hsa-miR-9999") == {"Docetaxel"}
    assert "docetaxel" in (results / "docs" / "foo_review.txt").read_text(encoding="utf-8")
    assert {p: p.stat().st_mtime_ns for p in kept} == kept
    # and a change made between runs, its time set back too, likewise
    time.sleep(0.05)
    before = review.stat()
    review.write_text(TEXT.replace("cisplatin", "gefitinib"), encoding="utf-8")
    os.utime(review, ns=(before.st_atime_ns, before.st_mtime_ns))
    third = _workflow(tmp, corpus, results, "-q")
    assert third.returncode == 0, third.stderr[-4000:]
    assert _triples_of(results, "hsa-miR-9999") == {"Gefitinib"}
