"""File names made from document ids and corpus names: an id is data, never a path.

A document id comes from a file name, a manifest row or a record id inside a
file (a PMID, a BioC document id), so it may hold anything: ``/../x``,
``a/b/c``, a NUL, ``{shard}``, ``<results>``, 1,000 bytes of text.
:func:`doc_stem` turns any id into the stem of the files that hold its
results (``docs/<stem>.txt``, ``extract/<stem>/``, ``brat/<stem>.ann``):

* an id that is already a safe stem is its own stem (``zhang_2018``,
  ``export.90000001``, ``zhang_2022 copy``);
* any other id is reduced: each unsafe character becomes ``_``, a run of
  dots ``..`` becomes ``._``, leading dots are dropped, the text is cut to
  fit :data:`MAX_STEM_BYTES`, and ``~`` and the first 12 hex digits of the
  id's SHA-256 are appended.

A safe stem has no ``/``, ``\\``, NUL or other control characters, no ``..``,
no leading dot, none of the characters Snakemake reads as patterns
(``{`` ``}`` ``<`` ``>``), at most :data:`MAX_STEM_BYTES` bytes in UTF-8 (room
for ``.json`` and a temporary file's prefix and suffix within the 255 bytes
of a file name), and does not end like a reduced one (``~`` and 12 hex
digits). So an id kept as it is and a reduced id never share a stem, and two
reduced ids share one only if the first 48 bits of their hashes are equal,
which :func:`exomine.reading.inventory.list_corpus` checks for all the same.
The displayed ``doc_id`` in tables keeps the original text.

>>> doc_stem("zhang_2018")
'zhang_2018'
>>> doc_stem("medline./../../x")
'medline._.__.__x~c43b2b730f9b'
>>> len(doc_stem("\u7814" * 200).encode()) <= MAX_STEM_BYTES
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

__all__ = ["MAX_STEM_BYTES", "doc_stem", "is_safe_stem", "is_snakemake_pattern"]

MAX_STEM_BYTES = 160
"""Longest stem in UTF-8 bytes: ``.<stem>.json.<8 random>.tmp`` stays far below a file name's 255 bytes."""

_HASH_DIGITS = 12
_HASHED = re.compile(rf"~[0-9a-f]{{{_HASH_DIGITS}}}$")
_PATTERN_CHARS = "{}<>"
_UNSAFE_CHARS = "/\\" + _PATTERN_CHARS
# Snakemake 9 reads <name> in a path as a path variable (snakemake.pathvars), {name} as a wildcard
_SNAKEMAKE_PATTERN = re.compile(r"[{}]|<[a-z][a-z0-9_]*>")


def _unsafe(c: str) -> bool:
    # Cc: NUL and the other control characters; Cs: lone surrogates (bytes that were not UTF-8);
    # Zl, Zp: the line and paragraph separators
    return c in _UNSAFE_CHARS or unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")


def is_safe_stem(name: str) -> bool:
    """Whether ``name`` can be used as it is as a file stem (see the module docstring)."""
    return (bool(name) and not name.startswith(".") and ".." not in name and not _HASHED.search(name)
            and not any(_unsafe(c) for c in name) and len(name.encode("utf-8")) <= MAX_STEM_BYTES)


def doc_stem(doc_id: str) -> str:
    """The file stem of a document's results: ``doc_id`` itself when it is safe, else a reduced form with a hash.

    Deterministic, and the same for an id wherever it came from (a file
    name, a manifest row or a record of a multi-record file).
    """
    if is_safe_stem(doc_id):
        return doc_id
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_DIGITS]
    text = "".join("_" if _unsafe(c) else c for c in doc_id)
    while ".." in text:
        text = text.replace("..", "._")
    text = text.lstrip(".")
    room = MAX_STEM_BYTES - len(digest) - 1
    text = text.encode("utf-8")[:room].decode("utf-8", "ignore")  # cut on a character boundary
    return f"{text}~{digest}"


def is_snakemake_pattern(path: str | Path) -> bool:
    """A path that Snakemake would not take literally: braces (wildcards) or ``<name>`` (Snakemake 9 path variables).

    Such a path is never made an input or output of a rule; the workflow
    watches the file by its size and modification time instead.

    >>> is_snakemake_pattern("corpus/{shard}.txt"), is_snakemake_pattern("a<results>b"), is_snakemake_pattern("a<B>")
    (True, True, False)
    """
    return bool(_SNAKEMAKE_PATTERN.search(str(path)))
