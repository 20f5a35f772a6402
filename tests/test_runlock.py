"""Tests for the lock of a run's folders (exomine.runlock): one run per results folder."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import exomine.runlock
from exomine.runlock import LOCK_NAME, RunLock, RunLockError

HOLD = """
import sys
from exomine.runlock import RunLock
lock = RunLock(*sys.argv[1:])
print(lock.acquire(), flush=True)
sys.stdin.read()
lock.release()
print("released", flush=True)
"""


@pytest.fixture
def holder(tmp_path: Path):
    """Start another process that takes the lock of the given folders; yields a function that starts it."""
    procs = []

    def start(*folders: Path) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLD, *map(str, folders)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                    [str(Path(exomine.runlock.__file__).parents[1]), os.environ.get("PYTHONPATH", "")])})
        procs.append(proc)
        assert proc.stdout.readline().strip() == "[]"  # taken, no warning
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _write_lock(folder: Path, pid: int, host: str | None = None) -> None:
    (folder / LOCK_NAME).write_text(json.dumps({"pid": pid, "host": host or socket.gethostname(),
                                                "started": "2026-01-02 03:04:05 +0000", "command": "snakemake x"}))


def test_runlock_held_while_running_and_removed_after(tmp_path: Path) -> None:
    lock = RunLock(tmp_path / "results")
    assert lock.acquire() == []
    data = json.loads((tmp_path / "results" / LOCK_NAME).read_text())
    assert data["pid"] == os.getpid() and data["host"] == socket.gethostname()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}", data["started"])
    lock.release()
    assert not (tmp_path / "results" / LOCK_NAME).exists()
    lock.release()  # twice: nothing
    assert RunLock(tmp_path / "results").acquire() == []


def test_runlock_second_run_refused_naming_the_first(tmp_path: Path, holder) -> None:
    results = tmp_path / "results"
    first = holder(results)
    link = tmp_path / "link"
    link.symlink_to(results, target_is_directory=True)
    started = json.loads((results / LOCK_NAME).read_text())["started"]
    for name in (results, link, tmp_path / "." / "link"):  # the folder as named, through a link
        with pytest.raises(RunLockError) as err:
            RunLock(name).acquire()
        message = str(err.value)
        assert f"in use by another exomine run (process {first.pid} on {socket.gethostname()}, started {started}" \
            in message, message
        assert f"remove {results.resolve() / LOCK_NAME}" in message
    first.stdin.close()
    assert first.stdout.readline().strip() == "released"
    assert first.wait() == 0
    assert not (results / LOCK_NAME).exists()
    lock = RunLock(link)
    assert lock.acquire() == []
    lock.release()


def test_runlock_killed_run_is_taken_over_with_a_warning(tmp_path: Path, holder) -> None:
    first = holder(tmp_path)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == first.pid  # left behind
    lock = RunLock(tmp_path)
    (warning,) = lock.acquire()
    assert "taking over the lock of a run that is gone" in warning and f"process {first.pid} " in warning
    assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid()
    lock.release()


def test_runlock_stale_file_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    pid = _dead_pid()
    _write_lock(tmp_path, pid)
    lock = RunLock(tmp_path)
    (warning,) = lock.acquire()
    assert f"process {pid} on {socket.gethostname()}, started 2026-01-02 03:04:05 +0000, command: snakemake x" \
        in warning
    lock.release()


def test_runlock_lock_of_another_host_is_never_taken_over(tmp_path: Path) -> None:
    _write_lock(tmp_path, _dead_pid(), host="elsewhere.invalid")
    with pytest.raises(RunLockError, match="written on host elsewhere.invalid, where this run cannot check") as err:
        RunLock(tmp_path).acquire()
    assert f"remove {tmp_path.resolve() / LOCK_NAME}" in str(err.value)
    assert json.loads((tmp_path / LOCK_NAME).read_text())["host"] == "elsewhere.invalid"  # left as it was


def test_runlock_without_flock_the_process_decides(tmp_path: Path, monkeypatch) -> None:
    # a file system without locks: a live process on this host keeps its lock, a dead one's is taken over
    monkeypatch.setattr(exomine.runlock, "fcntl", None)
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        _write_lock(tmp_path, live.pid)
        with pytest.raises(RunLockError, match=f"process {live.pid} "):
            RunLock(tmp_path).acquire()
    finally:
        live.kill()
        live.wait()
    lock = RunLock(tmp_path)
    (warning,) = lock.acquire()
    assert f"process {live.pid} " in warning
    lock.release()


def test_runlock_all_folders_or_none(tmp_path: Path, holder) -> None:
    results, logs = tmp_path / "results", tmp_path / "logs"
    first = holder(logs)
    lock = RunLock(results, logs)
    with pytest.raises(RunLockError, match=re.escape(str(logs.resolve() / LOCK_NAME))):
        lock.acquire()
    assert not (results / LOCK_NAME).exists()  # the results lock was given back
    first.kill()
    first.wait()
    assert lock.acquire() and sorted(p.parent.name for p in lock.paths) == ["logs", "results"]
    lock.release()
    assert not (results / LOCK_NAME).exists() and not (logs / LOCK_NAME).exists()


def test_runlock_folder_named_twice_is_locked_once(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "results", target_is_directory=True)
    (tmp_path / "results").mkdir()
    lock = RunLock(tmp_path / "results", tmp_path / "link")
    assert lock.paths == [tmp_path.resolve() / "results" / LOCK_NAME]
    assert lock.acquire() == []
    lock.release()


def test_runlock_release_by_another_lock_object_leaves_the_file(tmp_path: Path) -> None:
    lock = RunLock(tmp_path)
    lock.acquire()
    other = RunLock(tmp_path)
    with pytest.raises(RunLockError):
        other.acquire()
    other.release()
    assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid()
    lock.release()


def test_runlock_given_back_when_the_process_exits(tmp_path: Path) -> None:
    # a run interrupted before its onerror (Ctrl-C) leaves no lock behind; only a killed one does
    code = "import sys; from exomine.runlock import RunLock; RunLock(sys.argv[1]).acquire(); sys.exit(3)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(exomine.runlock.__file__).parents[1]),
                                                         os.environ.get("PYTHONPATH", "")])}
    assert subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env).returncode == 3
    assert not (tmp_path / LOCK_NAME).exists()
