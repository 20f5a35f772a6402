"""Shared by the benchmark scripts: the commit a measurement describes, and the README section
between two markers that a script regenerates."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


def revision(watched: tuple[str, ...] = ("src", "workflow", "Snakefile", "config")) -> str:
    """The repository's short commit, noting uncommitted changes under ``watched``."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *watched], cwd=REPO, capture_output=True,
                               text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes" if dirty else "")


def replace_section(begin: str, end: str, section: str, log) -> bool:
    """Replace README's text from ``begin`` to ``end`` (both included) by ``section``."""
    text = README.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        log(f"{README}: no {begin} / {end} markers; README not changed")
        return False
    README.write_text(re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: section, text, count=1,
                             flags=re.S), encoding="utf-8")
    return True
