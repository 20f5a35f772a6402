"""Bounded first looks at input files: line ends, the root of an XML file, the nesting of a JSON file.

These run while the workflow is planned (the corpus is listed before any job
starts), so each is bounded in what it reads and reports a bad file by a
value or a :class:`ValueError` naming the reason, never by a crash:

* :func:`split_lines` -- lines ended by ``\\n``, ``\\r\\n`` or a lone ``\\r``
  (old Mac files), and nothing else (``str.splitlines`` would also split at
  ``\\x0b``, ``\\x1c`` or U+2028 inside a line);
* :func:`xml_root` -- the local name of an XML file's root element, found by
  lxml's parser (any encoding it detects: UTF-8, UTF-16 with or without a
  byte-order mark, a declared encoding; a root after long comments or a
  DOCTYPE), reading at most :data:`SNIFF_BYTES`;
* :func:`load_json` -- :func:`json.loads` after checking that arrays and
  objects are nested at most :data:`MAX_JSON_DEPTH` deep, so a hostile file
  is refused with a reason before Python's recursion limit is reached
  (which depends on how deep the caller's stack already is).

>>> split_lines("a\\rb\\r\\nc\\n")
['a', 'b', 'c', '']
>>> import io
>>> xml_root(io.BytesIO('<?xml version="1.0" encoding="UTF-16"?><collection/>'.encode("utf-16")))
'collection'
>>> load_json('{"a": [[1]]}')
{'a': [[1]]}
"""

from __future__ import annotations

import io
import json
import re
from itertools import accumulate
from typing import Any, BinaryIO

from lxml import etree

__all__ = ["split_lines", "xml_root", "json_depth", "load_json", "SNIFF_BYTES", "MAX_JSON_DEPTH"]

SNIFF_BYTES = 1 << 20
"""Most bytes read to find an XML file's root element (comments and a DOCTYPE may come first)."""

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a JSON file (a BioC collection needs about 10)."""

_LINE_END = re.compile(r"\r\n|\r|\n")
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def split_lines(text: str) -> list[str]:
    """``text`` split at ``\\n``, ``\\r\\n`` and lone ``\\r`` line ends."""
    return _LINE_END.split(text)


class _Limited(io.RawIOBase):
    """At most ``limit`` bytes of a binary stream."""

    def __init__(self, stream: BinaryIO, limit: int):
        self._stream, self._left = stream, limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._stream.read(size)
        self._left -= len(data)
        return data


def xml_root(stream: BinaryIO, limit: int = SNIFF_BYTES) -> str:
    """The local name of the root element of the XML in ``stream`` (``""`` when none is found in ``limit`` bytes).

    Entities are not resolved and nothing is fetched; an error before the
    root element (not XML, a root past ``limit``) gives ``""``.
    """
    try:
        for _, element in etree.iterparse(_Limited(stream, limit), events=("start",), resolve_entities=False,
                                          no_network=True, load_dtd=False):
            return etree.QName(element).localname
    except (etree.LxmlError, ValueError, OSError):
        return ""
    return ""


def json_depth(text: str) -> int:
    """How deep arrays and objects nest in the JSON ``text`` (strings left out; not a validation)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


def load_json(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """:func:`json.loads` of ``text``, refusing nesting deeper than ``max_depth``.

    Raises
    ------
    ValueError
        Malformed JSON (:class:`json.JSONDecodeError`) or nesting too deep.
    """
    depth = json_depth(text)
    if depth > max_depth:
        raise ValueError(f"JSON nested {depth} levels deep (at most {max_depth} are read)")
    try:
        return json.loads(text)
    except RecursionError as exc:  # not reached below max_depth, but never let it escape
        raise ValueError(f"JSON nested too deeply to read ({exc})") from exc
