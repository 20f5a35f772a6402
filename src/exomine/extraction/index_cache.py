"""The compiled lexicon index, built once per installed exomine and lexicon set, in the user's cache folder.

Compiling the index (and its Aho-Corasick automaton) from the lexicons takes seconds; loading a compiled
one takes a fraction of that. The compiled file is keyed by everything that shapes it -- the exomine
version, the bytes of every lexicon file and of the code that builds the index (``index_inputs``), and the
options that select lexicons -- so a results folder, a shard job and ``exomine extract`` all share one
file, and a changed lexicon or version gets a new one. The folder is ``$EXOMINE_CACHE_DIR`` or the
platform's user cache folder (``platformdirs``: ``~/.cache/exomine`` on Linux). Writers take a file lock
and rename into place, so concurrent jobs build it once and never read half a file.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Callable

__all__ = ["cache_dir", "index_key", "cached_index_path", "ensure_index"]


def cache_dir() -> Path:
    """``$EXOMINE_CACHE_DIR``, else the user cache folder of exomine (created when missing)."""
    env = os.environ.get("EXOMINE_CACHE_DIR")
    if env:
        folder = Path(env)
    else:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("exomine", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def index_key(selection: dict, inputs: list[Path], version: str) -> str:
    """A hex digest of what shapes the compiled index: version, lexicon selection, the input files' bytes."""
    h = hashlib.sha256()
    h.update(version.encode())
    h.update(json.dumps(selection, sort_keys=True, default=list).encode())
    for path in sorted(inputs, key=lambda p: p.name):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def cached_index_path(key: str, folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / f"lexicon_index-{key[:20]}.bin"


def ensure_index(key: str, build: Callable[[], bytes], folder: Path | None = None) -> Path:
    """The compiled index for ``key``, built by ``build()`` first if no process has built it yet."""
    path = cached_index_path(key, folder)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder; the others wait and then find the file
        try:
            if not path.exists():
                tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                tmp.write_bytes(build())
                os.replace(tmp, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return path
