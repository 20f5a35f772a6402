"""exomine run / query / open from an empty folder outside the checkout (the real workflow)."""
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from exomine.app.runner import own_messages

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"


def test_runner_own_messages_are_exomine_lines_only() -> None:
    log = "Building DAG of jobs...\nwarning: a.txt: not UTF-8 text (not used)\nJob stats:\nerror: b\nstrict mode: x\n"
    assert own_messages(log) == ["warning: a.txt: not UTF-8 text (not used)", "error: b", "strict mode: x"]


def _exomine(cwd: Path, *args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exomine.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=900, env=env)


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """An empty folder with a corpus in it, outside the checkout, after `exomine run corpus --results out`."""
    home = tmp_path_factory.mktemp("anywhere")
    shutil.copytree(TINY, home / "corpus", ignore=shutil.ignore_patterns("README.md"))
    (home / "corpus" / "broken.txt").write_bytes(b"caf\xe9 and exosomal miR-21\n")
    proc = _exomine(home, "run", "corpus", "--results", "out")
    assert proc.returncode == 0, proc.stderr[-4000:]
    home.joinpath("run.stderr").write_text(proc.stderr, encoding="utf-8")
    return home


@pytest.mark.slow
def test_runner_runs_from_any_folder_and_ends_with_what_it_found(outside: Path) -> None:
    out = outside / "out"
    lines = outside.joinpath("run.stderr").read_text(encoding="utf-8").strip().splitlines()
    assert lines[-1] == f"report: {out / 'report.html'}  (exomine open {out})"
    assert lines[-2].endswith(f": {out / 'triples.tsv'}") and " triple" in lines[-2]
    assert "1 rejected" in lines[-3] and str(out / "ingest.tsv") in lines[-3]
    # exomine's own warning about the rejected file is shown; Snakemake's chatter is in the log, not on screen
    assert any(line.startswith("warning: ") and "rejected" in line for line in lines)
    assert len(lines) < 15
    assert (out / "logs" / "snakemake.log").stat().st_size > 0
    # everything stays inside the results folder: logs and Snakemake's metadata too
    assert sorted(p.name for p in outside.iterdir()) == ["corpus", "out", "run.stderr"]
    assert (out / "logs" / "extract").is_dir() and (out / ".snakemake").is_dir()


@pytest.mark.slow
def test_runner_second_run_reuses_everything(outside: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (outside / "out" / "extract").rglob("*") if p.is_file()}
    proc = _exomine(outside, "run", "corpus", "--results", "out")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert {p: p.stat().st_mtime_ns for p in before} == before


@pytest.mark.slow
def test_runner_query_and_open_work_from_there(outside: Path, tmp_path: Path) -> None:
    proc = _exomine(outside, "query", "--results", "out", "--format", "tsv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("regulator\t")
    browser = tmp_path / "browser.sh"
    seen = tmp_path / "seen.txt"
    browser.write_text(f"#!/bin/sh\necho \"$1\" > {seen}\n", encoding="utf-8")
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    proc = _exomine(outside, "open", "out", env={**os.environ, "BROWSER": str(browser)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str((outside / "out" / "report.html").resolve())
    assert seen.read_text(encoding="utf-8").strip() == (outside / "out" / "report.html").resolve().as_uri()


def test_runner_open_without_a_report_says_so(tmp_path: Path) -> None:
    proc = _exomine(tmp_path, "open", "nothing-here")
    assert proc.returncode == 2 and "does not exist" in proc.stderr


def test_runner_refuses_a_missing_corpus(tmp_path: Path) -> None:
    proc = _exomine(tmp_path, "run", "no-such-folder")
    assert proc.returncode == 2 and "no-such-folder" in proc.stderr and not (tmp_path / "results").exists()


def test_runner_version() -> None:
    from exomine import __version__

    proc = _exomine(Path.cwd(), "--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"exomine {__version__}"
