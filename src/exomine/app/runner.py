"""``exomine run``: the packaged workflow on a corpus, quiet, with progress, ending with what it found."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TextIO

from exomine.app.progress import Progress
from exomine.app.summary import summary_lines
from exomine.app.command import RunSpec, snakemake_command

__all__ = ["open_report", "own_messages", "run"]

_OWN = ("warning: ", "error: ", "strict mode: ")  # the workflow's own messages (exomine prints them so)


def own_messages(log_text: str) -> list[str]:
    """exomine's own warnings and errors among a run's output lines (Snakemake's lines are left in the log)."""
    return [line for line in log_text.splitlines() if line.startswith(_OWN)]


def run(spec: RunSpec, verbose: bool = False, out: TextIO = sys.stderr) -> int:
    """Run the workflow for ``spec``; Snakemake's output goes to ``<results>/logs/snakemake.log`` unless verbose.

    Returns Snakemake's exit status. The last lines printed name the files read, the triples and the report.
    """
    spec.logs.mkdir(parents=True, exist_ok=True)
    spec.events.write_text("", encoding="utf-8")  # this run's events only
    cmd = snakemake_command(spec)
    if verbose:
        code = subprocess.run(cmd).returncode
    else:
        with open(spec.snakemake_log, "w", encoding="utf-8") as log, Progress(spec.events, spec.results, out):
            code = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL).returncode
        text = spec.snakemake_log.read_text(encoding="utf-8", errors="replace")
        for line in own_messages(text):
            print(line, file=out)
        if code:
            tail = [line for line in text.splitlines() if line.strip()][-15:]
            print("\n".join(tail), file=out)
            print(f"exomine run: the workflow failed (exit {code}); its full output is in {spec.snakemake_log}",
                  file=out)
    for line in summary_lines(spec.results):
        print(line, file=out)
    return code


def open_report(results: Path) -> int:
    """Open ``results/report.html`` in the user's browser (``$BROWSER`` if set); print its path either way."""
    import webbrowser

    report = (results / "report.html").resolve()
    if not report.is_file():
        print(f"exomine open: {report} does not exist (run exomine run first)", file=sys.stderr)
        return 2
    print(report)
    webbrowser.open(report.as_uri())
    return 0
