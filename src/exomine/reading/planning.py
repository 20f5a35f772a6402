"""What the workflow reads while it plans its jobs: the corpus listing and the manifest, never failing on content.

Snakemake runs ``workflow/rules/common.smk`` on every invocation (a run, a
dry run, ``--unlock``) before any job starts; an exception there stops the
whole run and names no file. So everything it reads about the corpus goes
through here and turns a bad file into a row of the ingest report or a
warning:

* :func:`plan_manifest` -- :func:`exomine.reading.corpus.load_manifest`,
  with any error (an unreadable file, a field over the CSV limit) as a
  problem of the manifest rather than an exception;
* :func:`manifest_warning` -- the one line a run prints about a manifest
  with problems, however many rows are bad (50,000 bad rows are one line,
  not 50,000), with every problem written to a log file;
* :func:`can_be_input` -- whether a file can be a rule's input: Snakemake
  reads its inputs to record their metadata, so a file it cannot open (no
  permission) or whose name it would read as a pattern
  (:func:`exomine.filenames.is_snakemake_pattern`) is never one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from exomine.filenames import is_snakemake_pattern
from exomine.reading.corpus import Manifest, load_manifest
from exomine.reading.inventory import display_path
from exomine.validation import Problem

__all__ = ["plan_manifest", "manifest_warning", "can_be_input"]


def can_be_input(path: str | Path) -> bool:
    """``path`` is a file Snakemake can take as an input: it exists, can be opened, and is no pattern."""
    path = Path(path)
    if is_snakemake_pattern(path):
        return False
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError:
        return False
    return True


def plan_manifest(path: str | Path, documents: Mapping[str, Path] | None = None) -> Manifest:
    """The manifest as :func:`~exomine.reading.corpus.load_manifest` reads it, or one problem saying why it cannot be.

    Never raises: any error reading the file is the manifest's problem, and
    no row of it is used.
    """
    try:
        return load_manifest(path, documents)
    except Exception as exc:  # OSError, csv.Error, ...: the run goes on without the manifest
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        return Manifest(str(path), {}, (Problem(str(path), 1, 1, f"cannot read the manifest ({reason})"),))


def manifest_warning(manifest: Manifest, log: str | Path | None = None) -> str | None:
    """One line about a manifest's problems (``None`` when it has none); every problem is written to ``log``.

    A log left by an earlier run is removed when the manifest has no problems any more.

    A single problem is the line itself; with more, the line names the
    first, how many follow and the log that lists them all.

    >>> from exomine.validation import Problem
    >>> m = Manifest("m.tsv", {}, tuple(Problem("m.tsv", n, 1, "doc_id is empty") for n in range(2, 50002)))
    >>> manifest_warning(m)
    'warning: m.tsv: line 2, column 1: doc_id is empty (not used); and 49,999 more problems of m.tsv'
    """
    problems = manifest.problems
    if not problems:
        if log is not None and Path(log).is_file():
            Path(log).unlink(missing_ok=True)  # the list of an earlier run, no longer true
        return None
    line = f"warning: {problems[0]} (not used)"
    written = False
    if log is not None:
        try:
            Path(log).parent.mkdir(parents=True, exist_ok=True)
            Path(log).write_text("".join(f"{p} (not used)\n" for p in problems), encoding="utf-8")
            written = True
        except OSError:
            pass  # the warning is printed all the same
    if len(problems) > 1:
        line += f"; and {len(problems) - 1:,} more problems of {display_path(manifest.path)}"
        if written:
            line += f" (all listed in {display_path(log)})"
    return line
