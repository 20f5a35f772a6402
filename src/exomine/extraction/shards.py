"""Stable assignment of documents to shards.

A corpus of millions of documents must not become millions of workflow
jobs. Documents are grouped into a configurable number of shards by a hash
of their id, so a document always lands in the same shard (adding one
document re-runs only its shard) and shards fill evenly.

>>> shard_of("pan_2024", 16) == shard_of("pan_2024", 16)
True
>>> sorted(group(["a", "b", "c"], 2))  # doctest: +SKIP
['s0', 's1']
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable, Mapping

__all__ = ["shard_of", "shard_name", "group", "shard_count", "file_stamp", "shard_stamp"]


def shard_of(doc_id: str, n_shards: int) -> int:
    """Shard index of a document id (first 8 bytes of its SHA-1, modulo the shard count)."""
    if n_shards < 1:
        raise ValueError("the number of shards must be at least 1")
    return int.from_bytes(hashlib.sha1(doc_id.encode("utf-8")).digest()[:8], "big") % n_shards


def shard_name(index: int, n_shards: int) -> str:
    return f"s{index:0{max(2, len(str(n_shards - 1)))}d}"


def group(doc_ids: Iterable[str], n_shards: int) -> dict[str, list[str]]:
    """Non-empty shards by name, each with its sorted document ids."""
    if n_shards < 1:
        raise ValueError("the number of shards must be at least 1")
    shards: dict[str, list[str]] = {}
    for d in doc_ids:
        shards.setdefault(shard_name(shard_of(d, n_shards), n_shards), []).append(d)
    return {k: sorted(v) for k, v in sorted(shards.items())}


def shard_count(n_docs: int, max_shards: int, min_docs_per_shard: int = 50) -> int:
    """How many shards a corpus needs: at most ``max_shards``, and no more than one per
    ``min_docs_per_shard`` documents, so that a small corpus does not pay for many job starts.

    The count is a power of two (or ``max_shards``), so it changes only when the corpus doubles:
    adding documents to a corpus rarely moves the others to another shard (and when it does,
    their stored results are reused, only the shard jobs run again).

    >>> shard_count(5, 16), shard_count(165, 16), shard_count(100_000, 16)
    (1, 4, 16)
    """
    if max_shards < 1 or min_docs_per_shard < 1:
        raise ValueError("shards and min_docs_per_shard must be at least 1")
    needed = max(1, -(-n_docs // min_docs_per_shard))
    power = 1
    while power < needed:
        power *= 2
    return min(max_shards, power)


def file_stamp(path: str | Path) -> tuple[int, int, int, int] | None:
    """Size, modification and change time (ns) and inode of a file, or ``None`` when it cannot be read.

    Every write changes the modification and the change time, and setting the
    modification time back (``touch -d``, ``cp -p``, ``rsync -t``) changes the
    change time, which no user can set: so a file whose stamp is unchanged has
    not been written to.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def shard_stamp(sources: Mapping[str, str | Path]) -> str:
    """One digest of the stamps of a shard's files (by document id): it changes whenever one of the files does.

    The workflow gives it to the shard job as a parameter, so that a file changed
    in any way since the shard's last run (also while that run read it, or with
    its modification time set back) runs the shard again; inside the job only the
    documents whose bytes changed are extracted again.
    """
    h = hashlib.sha256()
    for doc_id in sorted(sources):
        h.update(repr((doc_id, file_stamp(sources[doc_id]))).encode("utf-8", "surrogateescape"))
    return h.hexdigest()
