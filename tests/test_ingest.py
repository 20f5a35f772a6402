"""Tests for reading corpus files into documents (exomine.ingest) and corpus discovery (exomine.corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exomine.corpus import MANIFEST_COLUMNS, discover, read_manifest
from exomine.ingest import InputError, build_document, doc_id_for, read_document
from exomine.records import Document
from exomine.webtext import Part

WEB_TEXT = """Skip to main page content
Exosomal miRNAs in platinum resistance
Exosomal miRNAs in platinum resistance
doi: 10.1111/stated.2020.1. PMID: 31110000
Abstract
Exosomes shuttle microRNAs between tumour cells and change their response to platinum drugs.
Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN.
Keywords: exosome; miR-21.
INTRODUCTION
Cisplatin is a first-line drug for gastric cancer, but most tumours eventually become resistant.
Figure 1. Exosomal transfer of miR-21 from resistant to sensitive cells.
References
1. Li X, Wang Y. Exosomal miR-21 and cisplatin. Mol Cancer 2020;19:12.
"""

JATS = b"""<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta>
<article-id pub-id-type="doi">10.2222/jats.2021.2</article-id>
<title-group><article-title>Exosomal circRNAs in oxaliplatin resistance</article-title></title-group>
<abstract><p>Exosomal circFOO1 promotes oxaliplatin resistance in colorectal cancer.</p></abstract>
</article-meta></front>
<body><sec><title>Mechanisms</title><p>circFOO1 sponges miR-1234-5p and enhances KRAS expression.</p></sec></body>
</article>"""


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _assert_offsets(doc: Document) -> None:
    assert doc.sections
    for section in doc.sections:
        for para in section.paragraphs:
            assert para.text
            assert doc.text[para.start : para.end] == para.text


# --------------------------------------------------------------------------
# read_document
# --------------------------------------------------------------------------


def test_ingest_txt_offsets_and_sections(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "review_a.txt", WEB_TEXT))
    assert doc.doc_id == "review_a"
    assert doc.source_path == str(tmp_path / "review_a.txt")
    _assert_offsets(doc)
    names = [s.name for s in doc.sections]
    assert names == ["title", "abstract", "keywords", "body", "figure", "references"]
    abstract = next(s for s in doc.sections if s.name == "abstract")
    assert [p.text for p in abstract.paragraphs][1] == (
        "Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN."
    )
    assert "Skip to main page content" not in doc.text
    assert doc.metadata["doi"] == "10.1111/stated.2020.1"
    assert doc.metadata["title"] == "Exosomal miRNAs in platinum resistance"


def test_ingest_xml_dispatches_to_jats(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "review_b.xml", JATS))
    _assert_offsets(doc)
    assert doc.doc_id == "review_b"
    assert [(s.name, s.heading) for s in doc.sections] == [
        ("title", "Title"), ("abstract", "Abstract"), ("body", "Mechanisms")
    ]
    assert doc.metadata["doi"] == "10.2222/jats.2021.2"
    assert "<" not in doc.text


def test_ingest_nxml_suffix_is_jats_too(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "review_c.nxml", JATS))
    assert doc.metadata["title"] == "Exosomal circRNAs in oxaliplatin resistance"


def test_ingest_suffix_decides_the_reader(tmp_path: Path) -> None:
    # web text saved as .xml goes to the XML parser (and fails there); JATS saved as .txt is read as text
    with pytest.raises(InputError, match="malformed XML"):
        read_document(_write(tmp_path, "web.xml", WEB_TEXT))
    as_text = read_document(_write(tmp_path, "jats.txt", JATS.replace(b"><", b">\n<")))
    assert "<p>circFOO1 sponges miR-1234-5p and enhances KRAS expression.</p>" in as_text.text


def test_ingest_headings_precede_their_paragraphs_in_text(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "review_b.xml", JATS))
    body = next(s for s in doc.sections if s.name == "body")
    heading_at = doc.text.index("Mechanisms\n")
    assert heading_at < body.paragraphs[0].start
    # a blank line separates sections
    assert "\n\n" in doc.text[: body.paragraphs[0].start]


def test_ingest_explicit_doc_id(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "file.txt", WEB_TEXT), doc_id="custom")
    assert doc.doc_id == "custom"


def test_ingest_utf8_bom_is_dropped(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "bom.txt", "\ufeff" + WEB_TEXT))
    assert "\ufeff" not in doc.text
    assert doc.metadata["title"] == "Exosomal miRNAs in platinum resistance"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t\n", "empty"),
        ("empty.xml", b"", "empty"),
        ("binary.txt", b"Exosomes\x00\x01\x02 carry miR-21", "binary"),
        ("latin1.txt", b"caf\xe9 au lait and exosomal miR-21 in gastric cancer cells.\n", "not UTF-8"),
        ("broken.xml", b"<article><front><article-meta>", "malformed XML"),
        ("page.xml", b"<html><body><p>not an article</p></body></html>", "no <article>"),
        ("review.pdf", b"%PDF-1.4 ...", "unsupported file type '.pdf'"),
        ("review.docx", b"PK\x03\x04", "unsupported file type"),
        ("nav.txt", "Skip to main page content\nAn official website of the United States government\n".encode(),
         "no article text"),
    ],
)
def test_ingest_bad_input_names_file_and_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError) as info:
        read_document(path)
    err = info.value
    assert str(path) in str(err)
    assert reason in str(err)
    assert err.path == str(path)
    assert reason in err.reason


def test_ingest_latin1_error_gives_offset(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin1.txt", b"caf\xe9 au lait")
    with pytest.raises(InputError, match="offset 3"):
        read_document(path)


def test_ingest_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_document(tmp_path / "absent.txt")


def test_ingest_input_error_is_value_error() -> None:
    assert issubclass(InputError, ValueError)


def test_ingest_manifest_metadata_overrides_stated(tmp_path: Path) -> None:
    path = _write(tmp_path, "review_a.txt", WEB_TEXT)
    curated = {"doi": "10.9999/curated.1", "title": "Curated  title\n(with spaces)", "journal": "Mol Cancer", "pmid": ""}
    doc = read_document(path, metadata=curated)
    assert doc.metadata["doi"] == "10.9999/curated.1"
    assert doc.metadata["title"] == "Curated title (with spaces)"  # whitespace folded
    assert doc.metadata["journal"] == "Mol Cancer"
    assert doc.metadata["pmid"] == "31110000"  # an empty curated value does not erase the stated one


def test_ingest_doc_id_for() -> None:
    assert doc_id_for("/a/b/zhang_2018.txt") == "zhang_2018"
    assert doc_id_for("x/review.v2.nxml") == "review.v2"


def test_ingest_build_document_layout() -> None:
    parts = [
        Part("title", "Title", ("A title",)),
        Part("abstract", "Abstract", ("First paragraph.", "Second paragraph.")),
        Part("body", "Results", ("Third paragraph.",)),
    ]
    doc = build_document("d1", "src.txt", parts, {"title": "A title"})
    assert doc.text == "A title\n\nAbstract\nFirst paragraph.\nSecond paragraph.\n\nResults\nThird paragraph.\n\n"
    _assert_offsets(doc)
    assert [s.heading for s in doc.sections] == ["Title", "Abstract", "Results"]
    assert doc.metadata == {"title": "A title"}


def test_ingest_document_json_round_trip(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "review_a.txt", WEB_TEXT), metadata={"journal": "J"})
    data = json.loads(json.dumps(doc.to_json()))
    again = Document.from_json(data)
    assert again == doc
    _assert_offsets(again)
    # paragraphs are stored as offsets, not copies of the text
    assert all(set(p) == {"start", "end"} for s in data["sections"] for p in s["paragraphs"])


# --------------------------------------------------------------------------
# corpus
# --------------------------------------------------------------------------


def test_corpus_discover_filters_suffixes(tmp_path: Path) -> None:
    for name in ("b.txt", "a.xml", "c.NXML", "notes.md", "paper.pdf", ".hidden.txt", "manifest.tsv"):
        _write(tmp_path, name, "x")
    (tmp_path / "gold").mkdir()
    _write(tmp_path / "gold", "d.txt", "x")
    (tmp_path / "dir.txt").mkdir()
    docs = discover(tmp_path)
    assert list(docs) == ["a", "b", "c"]
    assert docs["a"] == tmp_path / "a.xml"
    assert docs["c"] == tmp_path / "c.NXML"


def test_corpus_discover_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere: corpus folder does not exist"):
        discover(tmp_path / "nowhere")


def test_corpus_discover_empty_folder_is_empty(tmp_path: Path) -> None:
    assert discover(tmp_path) == {}


def test_corpus_discover_id_collision(tmp_path: Path) -> None:
    _write(tmp_path, "same.txt", "x")
    _write(tmp_path, "same.xml", "x")
    with pytest.raises(InputError, match="same"):
        discover(tmp_path)


def test_corpus_read_manifest(tmp_path: Path) -> None:
    header = "\t".join(MANIFEST_COLUMNS + ("seed",))
    rows = [
        "\t".join(["a", "a.txt", "Title A", "J A", "2020", "10.1/a", "123", "PMC1", "s0"]),
        "\t".join(["b", "b.xml", "Title B", "", "", "", "", "", ""]),
    ]
    path = _write(tmp_path, "manifest.tsv", "\n".join([header, *rows]) + "\n")
    manifest = read_manifest(path)
    assert set(manifest) == {"a", "b"}
    assert manifest["a"]["title"] == "Title A"
    assert manifest["a"]["doi"] == "10.1/a"
    assert manifest["b"]["journal"] == ""


def test_corpus_read_manifest_absent_is_empty(tmp_path: Path) -> None:
    assert read_manifest(tmp_path / "manifest.tsv") == {}


def test_corpus_read_manifest_requires_doc_id_and_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "manifest.tsv", "doc_id\ttitle\na\tT\n")
    with pytest.raises(InputError, match="file") as info:
        read_manifest(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "name, data",
    [
        ("title_only.xml", b"<article><front><article-meta><title-group><article-title>Exosomal miR-9999 confers "
                           b"cisplatin resistance</article-title></title-group></article-meta></front></article>"),
        ("title_only.txt", b"Exosomal miR-9999 confers cisplatin resistance in gastric cancer\n"),
        ("sentence.txt", b"Silencing circFOO1 reversed cisplatin resistance.\n"),
        ("sentences.txt", b"Exosomal miR-9999 targets FOO1.\nIt confers cisplatin resistance.\n"),
    ],
)
def test_ingest_short_texts_are_documents(tmp_path: Path, name: str, data: bytes) -> None:
    """A title, a sentence or a list of sentences is text: nothing is refused, every word is kept."""
    doc = read_document(_write(tmp_path, name, data))
    words = data.decode().split("<article-title>")[-1].split("</")[0].split()
    for w in words:
        assert w in doc.text


@pytest.mark.parametrize(
    "name, data, section",
    [
        ("title_only.txt", "Exosomal miR-9999 confers cisplatin resistance in gastric cancer by targeting PTEN\n", "title"),
        ("abstract_only.txt", "Exosomal miR-9999 confers cisplatin resistance in gastric cancer by targeting PTEN.\n", "abstract"),
    ],
)
def test_ingest_title_or_sentence_is_extracted(tmp_path: Path, extractor, name: str, data: str, section: str) -> None:
    doc = read_document(_write(tmp_path, name, data))
    assert [s.name for s in doc.sections] == [section]
    result = extractor.process(doc)
    found = {(t.regulator, t.targets, t.drug, t.effect) for t in result.triples}
    assert found == {("hsa-miR-9999", "PTEN", "Cisplatin", "resistance")}
    assert {m.section for m in result.mentions} == {section}
