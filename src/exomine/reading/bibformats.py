"""Read multi-record bibliographic exports into article parts, one record at a time.

Formats (each file may hold many records; each record is its own document):

* **MEDLINE** (``.medline``, ``.nbib``; PubMed's "Save citation" and MEDLINE
  exports): fields ``TAG - value`` with the tag left-aligned in four
  columns, continuation lines indented by six spaces, records separated by
  blank lines. Read: ``PMID`` (the record id), ``TI`` (title), ``AB``
  (abstract), ``OT`` (keywords), ``DP`` (year), ``JT``/``TA`` (journal),
  ``AID``/``LID`` ``[doi]`` (DOI) and ``PMC``.
* **PubTator** (``.pubtator``): ``ID|t|title`` and ``ID|a|abstract`` lines;
  annotation and relation lines (tab-separated, same id) are not input.
* **BioC** XML (``.xml`` whose root is ``<collection>``) and JSON (``.json``),
  read with the ``bioc`` package. Passages typed ``title``/``front`` (or
  section ``TITLE``) become the title, ``abstract`` the abstract, ``title_N``
  the headings of the body paragraphs that follow, figure and table captions
  the captions and ``ref`` passages the reference titles; back matter
  (competing interests, acknowledgements, author contributions,
  abbreviations, supplementary material) and tables are not read.

The id of a record is its PMID (MEDLINE, PubTator) or BioC document id.
Listing the ids (:func:`list_records`) is cheap and never fails on a bad
record; a bad record raises :class:`RecordError` when it is parsed
(:func:`record_parts`), naming the record and the reason.

>>> text = b"PMID- 1\\nTI  - Exosomal miR-9999 confers\\n      cisplatin resistance.\\nAB  - It does.\\n"
>>> records = split_records(text, "medline")
>>> parts, meta = record_parts(records["1"], "medline")
>>> [(p.name, p.paragraphs) for p in parts], meta["pmid"]
([('title', ('Exosomal miR-9999 confers cisplatin resistance.',)), ('abstract', ('It does.',))], '1')
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from exomine.reading.safeparse import load_json, split_lines, xml_root
from exomine.reading.webtext import Part, normalise_text

__all__ = ["Record", "RecordError", "FormatError", "MULTI_RECORD_FORMATS", "format_for", "list_records",
           "split_records", "record_parts"]

MULTI_RECORD_FORMATS = ("medline", "pubtator", "bioc-xml", "bioc-json")
_SUFFIX_FORMAT = {".medline": "medline", ".nbib": "medline", ".pubtator": "pubtator", ".json": "bioc-json"}


class FormatError(ValueError):
    """The file as a whole cannot be read in its format (not text, malformed XML or JSON)."""


class RecordError(ValueError):
    """One record of a file cannot be read."""

    def __init__(self, record: "Record", reason: str):
        super().__init__(f"record {record.id} ({record.where}): {reason}")
        self.record_id = record.id
        self.reason = reason


@dataclass(frozen=True)
class Record:
    """One record of a multi-record file.

    ``content`` is the record's own bytes (what the reuse key hashes);
    ``payload`` is what :func:`record_parts` reads (lines, or a BioC document).
    """

    id: str
    where: str  # "line 12" or "document 3", for messages
    content: bytes
    payload: Any = field(default=None, compare=False, repr=False)
    problems: tuple[str, ...] = ()


def format_for(suffix: str, head: bytes = b"") -> str:
    """The multi-record format of a file by its suffix (and, for ``.xml``, its root element), else ``""``."""
    suffix = suffix.lower()
    if suffix == ".xml":
        return "bioc-xml" if xml_root(io.BytesIO(head)) == "collection" else ""
    return _SUFFIX_FORMAT.get(suffix, "")


_UTF16 = (b"\xff\xfe", b"\xfe\xff")  # byte-order marks (UTF-32's start with UTF-16's)


def _text(data: bytes) -> str:
    if data.startswith(_UTF16):
        raise FormatError("UTF-16/UTF-32 text, expected UTF-8 (save the file as UTF-8)")
    if b"\x00" in data:  # anywhere in the file, not only at its start
        raise FormatError("binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (invalid byte at offset {exc.start})") from exc


def _clean(text: str | None) -> str:
    return " ".join(normalise_text(text or "").split())


# --------------------------------------------------------------------------
# MEDLINE
# --------------------------------------------------------------------------

_MEDLINE_FIELD = re.compile(r"^([A-Z][A-Z0-9]{1,3})\s*- ?(.*)$")


def _medline_records(text: str) -> list[Record]:
    records: list[Record] = []
    block: list[tuple[int, str]] = []

    def close() -> None:
        if not block:
            return
        pmid = next((ln.split("-", 1)[1].strip() for _, ln in block if ln.startswith("PMID")), "")
        rid = pmid or f"record{len(records) + 1}"
        content = "\n".join(ln for _, ln in block).encode("utf-8")
        records.append(Record(rid, f"line {block[0][0]}", content, tuple(block)))
        block.clear()

    for no, line in enumerate(split_lines(text), 1):
        if not line.strip():
            close()
            continue
        if line.startswith("PMID") and _MEDLINE_FIELD.match(line) and any(ln.startswith("PMID") for _, ln in block):
            close()  # a record that follows without a blank line
        block.append((no, line))
    close()
    return records


def _medline_parts(record: Record) -> tuple[list[Part], dict[str, str]]:
    fields: list[tuple[str, str]] = []
    for no, line in record.payload:
        m = _MEDLINE_FIELD.match(line)
        if m:
            fields.append((m.group(1), m.group(2)))
        elif line[:1].isspace() and fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}")
        else:
            raise RecordError(record, f"line {no}: not a MEDLINE field (expected 'TAG - value' or a continuation "
                                      "line indented by six spaces)")
    if not any(tag == "PMID" for tag, _ in fields):
        raise RecordError(record, "no PMID field")
    values: dict[str, list[str]] = {}
    for tag, value in fields:
        values.setdefault(tag, []).append(_clean(value))
    title = " ".join(values.get("TI", []))
    abstract = " ".join(values.get("AB", []))
    if not title and not abstract:
        raise RecordError(record, "no title (TI) or abstract (AB)")
    meta = {"pmid": values["PMID"][0]}
    if title:
        meta["title"] = title
    journal = (values.get("JT") or values.get("TA") or [""])[0]
    if journal:
        meta["journal"] = journal
    year = re.match(r"\d{4}", (values.get("DP") or [""])[0])
    if year:
        meta["year"] = year.group()
    for value in values.get("AID", []) + values.get("LID", []):
        if value.endswith("[doi]"):
            meta["doi"] = value[: -len("[doi]")].strip()
            break
    if values.get("PMC"):
        meta["pmcid"] = values["PMC"][0]
    parts = [Part("title", "Title", (title,))] if title else []
    if abstract:
        parts.append(Part("abstract", "Abstract", (abstract,)))
    keywords = [k for k in values.get("OT", []) if k]
    if keywords:
        meta["keywords"] = "; ".join(keywords)
        parts.append(Part("keywords", "Keywords", ("; ".join(keywords) + ".",)))
    return parts, meta


# --------------------------------------------------------------------------
# PubTator
# --------------------------------------------------------------------------

_PUBTATOR_TEXT = re.compile(r"^([^|\t]+)\|([ta])\|(.*)$")


def _pubtator_records(text: str) -> list[Record]:
    records: list[Record] = []
    current: dict[str, Any] | None = None

    def close() -> None:
        if current:
            content = "\n".join(current["text_lines"]).encode("utf-8")
            records.append(Record(current["id"], f"line {current['line']}", content,
                                  tuple(current["fields"]), tuple(current["problems"])))

    for no, line in enumerate(split_lines(text), 1):
        if not line.strip():
            continue
        m = _PUBTATOR_TEXT.match(line)
        rid = m.group(1) if m else line.split("\t", 1)[0] if "\t" in line else None
        if rid is not None and (current is None or rid != current["id"]):
            close()
            current = {"id": rid, "line": no, "fields": [], "text_lines": [], "problems": []}
        if current is None:
            current = {"id": f"record{len(records) + 1}", "line": no, "fields": [], "text_lines": [], "problems": []}
        if m:
            current["fields"].append((no, m.group(2), m.group(3)))
            current["text_lines"].append(line)
        elif rid is None:
            current["problems"].append(f"line {no}: not a PubTator title (ID|t|), abstract (ID|a|) or annotation line")
    close()
    return records


def _pubtator_parts(record: Record) -> tuple[list[Part], dict[str, str]]:
    if record.problems:
        raise RecordError(record, record.problems[0])
    found: dict[str, str] = {}
    for no, kind, value in record.payload:
        if kind in found:
            raise RecordError(record, f"line {no}: a second {'title' if kind == 't' else 'abstract'} line")
        found[kind] = _clean(value)
    title, abstract = found.get("t", ""), found.get("a", "")
    if not title and not abstract:
        raise RecordError(record, "no title (ID|t|) or abstract (ID|a|) text")
    meta = {"title": title} if title else {}
    if record.id.isdigit():
        meta["pmid"] = record.id
    parts = [Part("title", "Title", (title,))] if title else []
    if abstract:
        parts.append(Part("abstract", "Abstract", (abstract,)))
    return parts, meta


# --------------------------------------------------------------------------
# BioC
# --------------------------------------------------------------------------

# Sections (BioC-PMC section_type) that are back matter, not findings.
_BIOC_SKIP_SECTIONS = {"COMP_INT", "ACK_FUND", "AUTH_CONT", "ABBR", "SUPPL", "REVIEW_INFO", "KEYWORD"}
_BIOC_CAPTIONS = {"fig_caption", "fig_title_caption", "table_caption", "table_title_caption", "table_footnote"}


def _bioc_ids_xml(data: bytes) -> list[str]:
    ids = []
    try:
        for _, el in etree.iterparse(io.BytesIO(data), events=("end",), tag="document", resolve_entities=False,
                                     no_network=True, huge_tree=True):
            ids.append(_bioc_id(el.findtext("id"), len(ids) + 1))
            el.clear()
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"malformed XML: {exc}") from exc
    return ids


def _bioc_json_defaults(raw: Any) -> None:
    """Check the shape of a BioC JSON collection and fill in the empty members ``bioc`` insists on."""
    if not isinstance(raw, dict) or not isinstance(raw.get("documents"), list):
        raise FormatError("not a BioC JSON collection (no 'documents' list)")
    for key, default in (("source", ""), ("date", ""), ("key", ""), ("infons", {})):
        raw.setdefault(key, default)
    for doc in raw["documents"]:
        if not isinstance(doc, dict) or not isinstance(doc.get("passages", []), list):
            raise FormatError("not a BioC JSON collection (a document is not an object with a 'passages' list)")
        for key, default in (("id", ""), ("infons", {}), ("passages", []), ("relations", [])):
            doc.setdefault(key, default)
        for passage in doc["passages"]:
            if not isinstance(passage, dict):
                raise FormatError(f"not a BioC JSON collection (a passage of document {doc['id']!r} is not an object)")
            for key, default in (("offset", 0), ("infons", {}), ("sentences", []), ("annotations", []),
                                 ("relations", [])):
                passage.setdefault(key, default)


def _bioc_id(raw: Any, position: int) -> str:
    """A BioC document's record id: its id, or ``document<position>`` when the id is missing, null or blank."""
    rid = "" if raw is None else str(raw).strip()
    return rid or f"document{position}"


def _bioc_json(data: bytes) -> dict:
    try:
        raw = load_json(_text(data))
    except ValueError as exc:  # malformed, or nested too deep
        raise FormatError(f"malformed JSON: {exc}" if isinstance(exc, json.JSONDecodeError) else str(exc)) from exc
    _bioc_json_defaults(raw)
    return raw


def _bioc_json_ids(data: bytes) -> list[str]:
    return [_bioc_id(d["id"], k) for k, d in enumerate(_bioc_json(data)["documents"], 1)]


def _bioc_xml_text(data: bytes) -> str:
    """The BioC XML as text for the ``bioc`` package: any encoding lxml detects; no external entity, file or URL."""
    if b"\x00" in data and not data.startswith(_UTF16 + (b"<\x00", b"\x00<")):
        raise FormatError("binary file (contains NUL bytes), expected UTF-8 text")
    parser = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False)
    try:
        return etree.tostring(etree.fromstring(data, parser), encoding="unicode")
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"malformed XML: {exc}") from exc


def _bioc_collection(data: bytes, fmt: str):
    from bioc import biocjson, biocxml

    if fmt == "bioc-json":
        raw = _bioc_json(data)
        try:
            return biocjson.decoder.parse_collection(raw)
        except Exception as exc:  # bioc raises KeyError/TypeError on a malformed document
            raise FormatError(f"not a readable BioC JSON collection ({type(exc).__name__}: {exc})") from exc
    text = _bioc_xml_text(data)
    try:
        return biocxml.loads(text)
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"malformed XML: {exc}") from exc
    except Exception as exc:
        raise FormatError(f"not a readable BioC XML collection ({type(exc).__name__}: {exc})") from exc


def _bioc_records(data: bytes, fmt: str) -> list[Record]:
    from bioc import biocjson

    collection = _bioc_collection(data, fmt)
    records = []
    for k, doc in enumerate(collection.documents, 1):
        rid = _bioc_id(doc.id, k)
        content = json.dumps(biocjson.toJSON(doc), sort_keys=True, ensure_ascii=False).encode("utf-8")
        records.append(Record(rid, f"document {k}", content, doc))
    return records


def _bioc_parts(record: Record) -> tuple[list[Part], dict[str, str]]:
    doc = record.payload
    title = ""
    abstract: list[str] = []
    body: list[Part] = []
    heading, paras = "", []
    captions: list[str] = []
    references: list[str] = []
    meta: dict[str, str] = {}

    def close_section() -> None:
        nonlocal paras
        if paras:
            body.append(Part("body", heading, tuple(paras)))
        paras = []

    for passage in doc.passages:
        infons = passage.infons or {}
        kind = (infons.get("type") or "").lower()
        section = (infons.get("section_type") or "").upper()
        for key, name in (("article-id_pmid", "pmid"), ("article-id_doi", "doi"), ("article-id_pmc", "pmcid"),
                          ("year", "year"), ("journal", "journal")):
            if infons.get(key) and name not in meta:
                value = str(infons[key]).strip()
                meta[name] = f"PMC{value}" if name == "pmcid" and value.isdigit() else value
        text = _clean(passage.text)
        if not text or section in _BIOC_SKIP_SECTIONS or kind in ("table", "table_foot"):
            continue
        if (kind in ("title", "front") or section == "TITLE") and not title and not abstract and not body and not paras:
            title = text
        elif kind == "abstract" or (section == "ABSTRACT" and not kind.startswith("title")):
            abstract.append(text)
        elif section == "ABSTRACT":
            continue  # a heading inside a structured abstract
        elif kind.startswith("title"):
            close_section()
            heading = text
        elif kind in _BIOC_CAPTIONS or section in ("FIG", "TABLE"):
            captions.append(text)
        elif kind == "ref" or section == "REF":
            references.append(text if re.search(r"[.?!]$", text) else text + ".")
        else:
            paras.append(text)
    close_section()
    if not (title or abstract or body or captions):
        raise RecordError(record, "no passage with text")
    if title:
        meta["title"] = title
    parts = [Part("title", "Title", (title,))] if title else []
    if abstract:
        parts.append(Part("abstract", "Abstract", tuple(abstract)))
    parts.extend(body)
    if captions:
        parts.append(Part("figure", "Figure captions", tuple(captions)))
    if references:
        parts.append(Part("references", "References", tuple(references)))
    return parts, meta


# --------------------------------------------------------------------------
# the three operations
# --------------------------------------------------------------------------


def list_records(data: bytes, fmt: str) -> list[str]:
    """The record ids of a file, in file order (cheap: records are not parsed).

    Raises
    ------
    FormatError
        When the file cannot be read in its format at all.
    """
    if fmt == "bioc-xml":
        return _bioc_ids_xml(data)
    if fmt == "bioc-json":
        return _bioc_json_ids(data)
    if fmt == "medline":
        return [r.id for r in _medline_records(_text(data))]
    if fmt == "pubtator":
        return [r.id for r in _pubtator_records(_text(data))]
    raise ValueError(f"not a multi-record format: {fmt!r}")


def split_records(data: bytes, fmt: str) -> dict[str, Record]:
    """The records of a file by id (the first record wins when an id repeats)."""
    if fmt == "medline":
        records = _medline_records(_text(data))
    elif fmt == "pubtator":
        records = _pubtator_records(_text(data))
    elif fmt in ("bioc-xml", "bioc-json"):
        records = _bioc_records(data, fmt)
    else:
        raise ValueError(f"not a multi-record format: {fmt!r}")
    out: dict[str, Record] = {}
    for r in records:
        out.setdefault(r.id, r)
    return out


def record_parts(record: Record, fmt: str) -> tuple[list[Part], dict[str, str]]:
    """Title, abstract (and, for BioC, body, captions, references) of one record, and its metadata.

    Raises
    ------
    RecordError
        When the record is malformed or holds no text.
    """
    reader = {"medline": _medline_parts, "pubtator": _pubtator_parts, "bioc-xml": _bioc_parts,
              "bioc-json": _bioc_parts}[fmt]
    return reader(record)
