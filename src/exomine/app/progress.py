"""Progress of a running workflow, read from the events the ``exomine`` logger plugin writes.

Snakemake's own console lines are for people and change between releases; its logger-plugin events are
data. A :class:`Progress` follows the events file and the results folder: jobs done of jobs planned
(Snakemake's ``progress`` events) and documents extracted so far (per-document outputs written since
the run began), with an estimate of the time left.
"""
from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

__all__ = ["Progress", "Status", "read_status", "render"]


@dataclass(frozen=True)
class Status:
    jobs_done: int = 0
    jobs_total: int = 0
    documents: int = 0


def read_status(events: Path, results: Path, since: float) -> Status:
    """Jobs done and planned (the last ``progress`` event) and documents extracted after ``since``."""
    done = total = 0
    try:
        with open(events, encoding="utf-8") as fh:
            for line in fh:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # a line being written
                if event.get("event") == "progress":
                    done, total = int(event.get("done", 0)), int(event.get("total", 0))
    except FileNotFoundError:
        pass
    documents = 0
    extract = results / "extract"
    if extract.is_dir():
        for key in extract.glob("*/key"):
            try:
                documents += key.stat().st_mtime >= since
            except OSError:
                continue
    return Status(done, total, documents)


def render(status: Status, elapsed: float, width: int = 24) -> str:
    """One line: a bar over jobs, documents extracted, elapsed time and an estimate of the time left.

    >>> render(Status(3, 12, 40), 30.0)
    '[######··················] jobs 3/12 · 40 documents extracted · 0:30 · about 1:30 left'
    """
    total = max(status.jobs_total, 1)
    filled = round(width * status.jobs_done / total)
    line = f"[{'#' * filled}{'·' * (width - filled)}] jobs {status.jobs_done}/{status.jobs_total or '?'}"
    line += f" · {status.documents} documents extracted · {_clock(elapsed)}"
    if 0 < status.jobs_done < status.jobs_total:
        line += f" · about {_clock(elapsed / status.jobs_done * (status.jobs_total - status.jobs_done))} left"
    return line


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Redraw a progress line on a terminal every half second while a run lasts (after ``delay`` seconds)."""

    def __init__(self, events: Path, results: Path, stream: TextIO = sys.stderr, delay: float = 3.0) -> None:
        self.events, self.results, self.stream, self.delay = events, results, stream, delay
        self.started = time.time()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._shown = False

    def __enter__(self) -> "Progress":
        if getattr(self.stream, "isatty", lambda: False)():
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _loop(self) -> None:
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            status = read_status(self.events, self.results, self.started)
            self.stream.write("\r\033[K" + render(status, time.time() - self.started))
            self.stream.flush()
            self._shown = True
            self._stop.wait(0.5)
