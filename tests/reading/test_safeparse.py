"""Tests for the bounded first looks at input files (exomine.reading.safeparse)."""

from __future__ import annotations

import io
import json
import time

import pytest

from exomine.reading.safeparse import MAX_JSON_DEPTH, SNIFF_BYTES, json_depth, load_json, split_lines, xml_root


@pytest.mark.parametrize("text, lines", [
    ("a\nb\n", ["a", "b", ""]),
    ("a\r\nb\r\n", ["a", "b", ""]),
    ("a\rb\r", ["a", "b", ""]),  # old Mac line ends
    ("a\r\rb", ["a", "", "b"]),
    ("a\x0bb\x1cc\u2028d\x85e", ["a\x0bb\x1cc\u2028d\x85e"]),  # not line ends of a record file
])
def test_safeparse_split_lines(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


COLLECTION = '<collection><source>s</source><document><id>1</id></document></collection>'


@pytest.mark.parametrize("data, root", [
    (COLLECTION.encode(), "collection"),
    (('<?xml version="1.0" encoding="UTF-16"?>' + COLLECTION).encode("utf-16"), "collection"),  # with a BOM
    (('<?xml version="1.0" encoding="UTF-16LE"?>' + COLLECTION).encode("utf-16-le"), "collection"),  # without
    (('<?xml version="1.0" encoding="ISO-8859-1"?><!-- caf\xe9 -->' + COLLECTION).encode("latin-1"), "collection"),
    (b"\xef\xbb\xbf" + COLLECTION.encode(), "collection"),
    (b"<!--" + b"x" * 20000 + b"-->" + COLLECTION.encode(), "collection"),  # the root after 8 kB
    (b'<!DOCTYPE collection SYSTEM "BioC.dtd">' + COLLECTION.encode(), "collection"),
    (b'<b:collection xmlns:b="urn:x"/>', "collection"),
    (b"<article><body/></article>", "article"),
    (b"<collection><document>", "collection"),  # cut short after the root: still its name
    (b"", ""), (b"not xml at all", ""), (b"\x00\x01\x02", ""), (b"{}", ""),
])
def test_safeparse_xml_root(data: bytes, root: str) -> None:
    assert xml_root(io.BytesIO(data)) == root


def test_safeparse_xml_root_reads_at_most_the_limit() -> None:
    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, size=-1):
            data = super().read(size)
            Counting.read_bytes += len(data)
            return data

    stream = Counting(b"<!--" + b"x" * (3 * SNIFF_BYTES) + b"-->" + COLLECTION.encode())
    assert xml_root(stream) == ""
    assert Counting.read_bytes <= SNIFF_BYTES


def test_safeparse_xml_root_resolves_no_entity(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    data = (f'<!DOCTYPE r [<!ENTITY e SYSTEM "file://{secret}"><!ENTITY % p SYSTEM "http://example.invalid/x">%p;]>'
            f"<r>&e;</r>").encode()
    assert xml_root(io.BytesIO(data)) in ("r", "")


@pytest.mark.parametrize("text, depth", [("1", 0), ("[]", 1), ('{"a": [[{}]]}', 4), ('"[[[[" ', 0),
                                          ('{"a\\"[[": ["]]]"]}', 2)])
def test_safeparse_json_depth(text: str, depth: int) -> None:
    assert json_depth(text) == depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1_000, 100_000])
def test_safeparse_deep_json_is_refused_with_a_reason(depth: int) -> None:
    text = '{"documents": ' + "[" * depth + "]" * depth + "}"
    start = time.perf_counter()
    with pytest.raises(ValueError, match=f"JSON nested {depth + 1} levels deep"):
        load_json(text)
    assert time.perf_counter() - start < 2.0


def test_safeparse_json_at_the_limit_is_read() -> None:
    text = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert json_depth(text) == MAX_JSON_DEPTH
    load_json(text)


def test_safeparse_malformed_json_is_a_value_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        load_json('{"a": ')
