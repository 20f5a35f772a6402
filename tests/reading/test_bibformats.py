"""Tests for the multi-record readers (exomine.reading.bibformats): record ids are data, line ends, encodings, depth."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

import pytest

from exomine.reading.bibformats import FormatError, list_records, record_parts, split_records

TITLE = "Exosomal miR-9999 confers cisplatin resistance"
ABSTRACT = "Exosomal miR-9999 promotes cisplatin resistance in gastric cancer by targeting FOO1."


def medline(*ids: str, end: str = "\n") -> bytes:
    return end.join(f"PMID- {i}{end}TI  - {TITLE}.{end}AB  - {ABSTRACT}{end}" for i in ids).encode()


def pubtator(*ids: str, end: str = "\n") -> bytes:
    return end.join(f"{i}|t|{TITLE}{end}{i}|a|{ABSTRACT}{end}" for i in ids).encode()


def _bioc_doc(i) -> dict:
    doc = {"infons": {}, "relations": [], "annotations": [],
           "passages": [{"offset": 0, "infons": {"type": "abstract"}, "text": ABSTRACT, "sentences": [],
                         "annotations": [], "relations": []}]}
    if i is not ...:  # ... leaves the id out
        doc["id"] = i
    return doc


def bioc_json(*ids) -> bytes:
    return json.dumps({"source": "t", "date": "", "key": "", "infons": {},
                       "documents": [_bioc_doc(i) for i in ids]}).encode()


def bioc_xml(*ids, encoding: str = "utf-8", declared: str = "") -> bytes:
    docs = "".join(("<document>" + ("" if i is ... else f"<id>{escape(i)}</id>") +
                    f'<passage><infon key="type">abstract</infon><offset>0</offset><text>{ABSTRACT}</text>'
                    "</passage></document>") for i in ids)
    return (f'<?xml version="1.0" encoding="{declared or encoding.upper()}"?>'
            f"<collection><source>t</source><date/><key/>{docs}</collection>").encode(encoding)


WRITERS = {"medline": medline, "pubtator": pubtator, "bioc-json": bioc_json, "bioc-xml": bioc_xml}

# record ids by class; each format carries those its syntax can hold (PubTator ids end at '|' or a tab,
# XML cannot hold control characters)
HOSTILE = ["/../../x", "../../../tmp/PWNED", "/etc/passwd", "a/b/c", "..", ".", ".hidden", "a\\b", "<results>",
           "<x>", "{shard}", "a{b}c", "x" * 1000, "\u5916" * 300, "a\x01b", "a\x1b[31mb", "semi;colon"]


def _cases():
    for fmt in WRITERS:
        for rid in HOSTILE:
            if fmt == "bioc-xml" and any(ord(c) < 32 for c in rid):
                continue
            yield pytest.param(fmt, rid, id=f"{fmt}-{rid[:20]!r}")


@pytest.mark.parametrize("fmt, rid", list(_cases()))
def test_bibformats_record_ids_are_data(fmt: str, rid: str) -> None:
    data = WRITERS[fmt](rid, "90000001")
    records = split_records(data, fmt)
    assert list_records(data, fmt) == list(records) == [rid, "90000001"]
    for record in records.values():
        parts, _ = record_parts(record, fmt)
        assert any(ABSTRACT in p for part in parts for p in part.paragraphs)


@pytest.mark.parametrize("fmt, ids, expected", [
    ("bioc-json", [None, "90000001"], ["document1", "90000001"]),
    ("bioc-json", ["90000001", None], ["90000001", "document2"]),
    ("bioc-json", ["", "  "], ["document1", "document2"]),
    ("bioc-json", [..., 7], ["document1", "7"]),
    ("bioc-xml", [..., "90000001"], ["document1", "90000001"]),
    ("bioc-xml", ["", " "], ["document1", "document2"]),
    ("medline", ["", "90000001"], ["record1", "90000001"]),
])
def test_bibformats_missing_or_null_ids_are_named_by_position(fmt: str, ids: list, expected: list[str]) -> None:
    data = WRITERS[fmt](*ids)
    assert list_records(data, fmt) == list(split_records(data, fmt)) == expected
    for record in split_records(data, fmt).values():
        record_parts(record, fmt)


@pytest.mark.parametrize("fmt", ["medline", "pubtator"])
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_bibformats_line_ends(fmt: str, end: str) -> None:
    data = WRITERS[fmt]("90000001", "90000002", end=end)
    records = split_records(data, fmt)
    assert list_records(data, fmt) == list(records) == ["90000001", "90000002"]
    for record in records.values():
        parts, meta = record_parts(record, fmt)
        assert [p.name for p in parts] == ["title", "abstract"] and meta["title"] == TITLE + ("." * (fmt == "medline"))


@pytest.mark.parametrize("encoding, declared", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16LE"),
                                                ("utf-16-be", "UTF-16BE"), ("utf-8-sig", "UTF-8"),
                                                ("iso-8859-1", "ISO-8859-1")])
def test_bibformats_bioc_xml_in_any_declared_encoding(encoding: str, declared: str) -> None:
    data = bioc_xml("90000001", "caf\xe9", encoding=encoding, declared=declared)
    records = split_records(data, "bioc-xml")
    assert list_records(data, "bioc-xml") == list(records) == ["90000001", "caf\xe9"]
    parts, _ = record_parts(records["caf\xe9"], "bioc-xml")
    assert parts[0].paragraphs == (ABSTRACT,)


@pytest.mark.parametrize("fmt", ["medline", "pubtator", "bioc-json"])
def test_bibformats_utf16_text_formats_are_refused_with_a_reason(fmt: str) -> None:
    data = WRITERS[fmt]("90000001").decode().encode("utf-16")
    with pytest.raises(FormatError, match="UTF-16/UTF-32 text, expected UTF-8"):
        split_records(data, fmt)


@pytest.mark.parametrize("depth", [100, 1_000, 50_000])
def test_bibformats_deep_bioc_json_is_refused_with_a_reason(depth: int) -> None:
    data = bioc_json("1").decode().replace('"infons": {}, "relations": [], "annotations": [], "passages"',
                                           '"infons": ' + "[" * depth + "]" * depth + ', "relations": [], '
                                           '"annotations": [], "passages"', 1).encode()
    for read in (list_records, split_records):
        with pytest.raises(FormatError, match="JSON nested .* levels deep"):
            read(data, "bioc-json")


def test_bibformats_deep_bioc_xml_is_refused_with_a_reason() -> None:
    data = bioc_xml("1").replace(b"<source>", b"<x>" * 5000 + b"</x>" * 5000 + b"<source>")
    for read in (list_records, split_records):
        with pytest.raises(FormatError, match="malformed XML"):
            read(data, "bioc-xml")


def test_bibformats_bioc_xml_internal_entities_only(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xml = bioc_xml("1").decode().replace(ABSTRACT, f"{ABSTRACT} &foo; &xxe;")
    head = f'<!DOCTYPE collection [<!ENTITY foo "FOO2"><!ENTITY xxe SYSTEM "file://{secret}">]>'
    data = xml.replace("<collection>", head + "<collection>", 1).encode()
    with pytest.raises(FormatError, match="Entity 'xxe' not defined"):
        split_records(data, "bioc-xml")
    records = split_records(data.replace(b" &xxe;", b""), "bioc-xml")
    parts, _ = record_parts(records["1"], "bioc-xml")
    assert parts[0].paragraphs == (f"{ABSTRACT} FOO2",)
