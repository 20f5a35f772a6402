"""Where the workflow is, and the Snakemake command that runs it on a corpus from any folder.

The workflow (``Snakefile``, ``config/``, ``workflow/``) sits at the top of a checkout; an installed
exomine carries a copy under ``<prefix>/share/exomine`` (``pyproject.toml``'s data files). Snakemake's
working directory is the results folder, so its metadata, locks and logs stay with the results and two
corpora never share them.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["RunSpec", "workflow_root", "snakemake_command", "absolute_files", "FILE_KEYS"]

_SHARE = Path("share") / "exomine"
# Config keys whose value is a file of the user's: read from the folder exomine run was started in, not from the
# results folder Snakemake runs in.
FILE_KEYS = ("relation_rules", "curation")


def _is_workflow(folder: Path) -> bool:
    return (folder / "Snakefile").is_file() and (folder / "workflow" / "rules").is_dir()


def workflow_root() -> Path:
    """The folder holding the Snakefile: ``$EXOMINE_WORKFLOW``, else the checkout, else the installed copy.

    Raises
    ------
    FileNotFoundError
        When none of them holds a Snakefile (a broken install).
    """
    tried = []
    env = os.environ.get("EXOMINE_WORKFLOW")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[3])  # src/exomine.app.command.py -> the checkout
    candidates += [Path(sys.prefix) / _SHARE, Path(sys.base_prefix) / _SHARE]
    for folder in candidates:
        if _is_workflow(folder):
            return folder
        tried.append(str(folder))
    raise FileNotFoundError("the exomine workflow (Snakefile, workflow/) was not found; looked in " + ", ".join(tried))


@dataclass(frozen=True)
class RunSpec:
    """What a user asked ``exomine run`` for: the corpus, where results go, and Snakemake settings."""

    corpus: Path
    results: Path
    cores: int = 2
    config: tuple[str, ...] = ()  # extra key=value pairs for the workflow's config
    extra: tuple[str, ...] = field(default=())  # extra Snakemake arguments (after --)

    @property
    def logs(self) -> Path:
        return self.results / "logs"

    @property
    def events(self) -> Path:
        return self.logs / "events.jsonl"

    @property
    def snakemake_log(self) -> Path:
        return self.logs / "snakemake.log"


def absolute_files(config: tuple[str, ...], here: Path) -> tuple[str, ...]:
    """``config`` (``key=value`` items) with the relative files of :data:`FILE_KEYS` made absolute from ``here``.

    >>> absolute_files(("curation=marks.tsv", "strict=true", "relation_rules="), Path("/home/u"))
    ('curation=/home/u/marks.tsv', 'strict=true', 'relation_rules=')
    """
    out = []
    for item in config:
        key, sep, value = item.partition("=")
        if sep and key in FILE_KEYS and value and not Path(value).is_absolute():
            item = f"{key}={here / value}"
        out.append(item)
    return tuple(out)


def snakemake_command(spec: RunSpec, root: Path | None = None) -> list[str]:
    """The Snakemake command line for ``spec`` (absolute paths; resumes an interrupted run by itself).

    >>> cmd = snakemake_command(RunSpec(Path("/c"), Path("/r")), Path("/w"))
    >>> cmd[cmd.index("--directory") + 1], "--rerun-incomplete" in cmd
    ('/r', True)
    """
    root = root or workflow_root()
    for item in spec.config:
        if "=" not in item:
            raise ValueError(f"--config {item!r}: expected key=value")
    reserved = {item.split("=", 1)[0] for item in spec.config} & {"corpus", "results", "logs"}
    if reserved:
        raise ValueError(f"--config {sorted(reserved)[0]}=...: give it as an argument of exomine run instead")
    return [
        sys.executable, "-m", "snakemake", "--snakefile", str(root / "Snakefile"),
        "--directory", str(spec.results), "--cores", str(spec.cores),
        "--rerun-incomplete",  # a run that was killed is resumed, not refused
        "--logger", "exomine", "--logger-exomine-file", str(spec.events),
        *spec.extra,
        "--config", f"corpus={spec.corpus}", f"results={spec.results}", f"logs={spec.logs}", *spec.config,
    ]
