"""Tests for reading corpus files into documents (exomine.reading.ingest) and corpus discovery (exomine.reading.corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import exomine.reading.ingest
from exomine.reading.corpus import MANIFEST_COLUMNS, discover, read_manifest
from exomine.reading.ingest import InputError, build_document, doc_id_for, read_document
from exomine.records import Document
from exomine.reading.webtext import Part

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
        ("review.pdf", b"%PDF-1.4 ...", "not a readable PDF"),
        ("review.docx", b"PK\x03\x04", "not a Word .docx file"),
        ("review.odt", b"PK\x03\x04", "unsupported file type '.odt'"),
        ("article.xml.gz", b"<article/>", "not a readable gzip file"),
        ("PMC1.tar.gz", b"\x1f\x8b\x08\x00", "not a readable tar.gz package"),
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
    for name in ("b.txt", "a.xml", "c.NXML", "notes.md", "paper.odt", ".hidden.txt", "manifest.tsv"):
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


# --------------------------------------------------------------------------
# the tiny corpus (tests/data/tiny): one file per input shape
# --------------------------------------------------------------------------

TINY = Path(__file__).parents[1] / "data" / "tiny"
TINY_DOCS = {
    "abbreviations_page": "abbreviations_page.txt",
    "abstract_only": "abstract_only.txt",
    "abstracts.90000003": "abstracts.pubtator",
    "abstracts.90000033": "abstracts.pubtator",
    "bioc_json.90000005": "bioc_json.json",
    "bioc_xml.90000004": "bioc_xml.xml",
    "dashes": "dashes.nxml",
    "title_only": "title_only.txt",
    "two_records.90000001": "two_records.medline",
    "two_records.90000002": "two_records.medline",
}


def test_corpus_discover_lists_every_record_of_the_tiny_corpus() -> None:
    docs = discover(TINY)
    assert {d: p.name for d, p in docs.items()} == TINY_DOCS
    assert list(docs) == sorted(docs)


@pytest.mark.parametrize(
    "doc_id, sections, title",
    [
        ("abstract_only", ["abstract"], None),
        ("title_only", ["title"], "Exosomal miR-9998 promotes paclitaxel resistance in ovarian cancer by targeting PTEN"),
        ("abbreviations_page", ["title", "abstract", "body"], "Exosomal miR-9997 and docetaxel resistance in prostate cancer"),
        ("two_records.90000001", ["title", "abstract", "keywords"],
         "Exosomal miR-9991 promotes cisplatin resistance in gastric cancer by targeting PTEN."),
        ("two_records.90000002", ["title", "abstract"], "Exosomal miR-9992 promotes gemcitabine resistance in pancreatic cancer."),
        ("abstracts.90000003", ["title", "abstract"], "Exosomal circFOO3 promotes oxaliplatin resistance in colorectal cancer"),
        ("bioc_xml.90000004", ["title", "abstract", "body"], "Exosomal lncRNA FOO4 in breast cancer therapy"),
        ("bioc_json.90000005", ["title", "abstract"], "Exosomal miR-9995 promotes temozolomide resistance in glioma"),
        ("dashes", ["title", "abstract", "body"], "Exosomal miR-9996 and gefitinib resistance in non-small cell lung cancer"),
    ],
)
def test_ingest_tiny_corpus_file(doc_id: str, sections: list[str], title: str | None) -> None:
    doc = read_document(TINY / TINY_DOCS[doc_id], doc_id)
    _assert_offsets(doc)
    assert doc.doc_id == doc_id
    assert [s.name for s in doc.sections] == sections
    assert doc.metadata.get("title") == title


def test_ingest_abbreviations_page_keeps_the_body_and_drops_the_furniture() -> None:
    doc = read_document(TINY / "abbreviations_page.txt")
    body = next(s for s in doc.sections if s.name == "body")
    assert [p.text for p in body.paragraphs][0] == (
        "Exosomal miR-9997 promotes docetaxel resistance in prostate cancer cells by targeting PTEN.")
    for furniture in ("Back to Journals", "logoLink", "extracellular vesicles", "DTX, docetaxel", "Received:",
                      "declare", "miR-9000", "Anna Smith"):
        assert furniture not in doc.text, furniture


def test_ingest_medline_fields_and_continuation_lines() -> None:
    doc = read_document(TINY / "two_records.medline", "two_records.90000001")
    assert doc.metadata == {"pmid": "90000001", "journal": "Journal of Things", "year": "2021",
                            "doi": "10.5555/jt.2021.1", "keywords": "exosome; microRNA",
                            "title": "Exosomal miR-9991 promotes cisplatin resistance in gastric cancer by targeting PTEN."}
    abstract = next(s for s in doc.sections if s.name == "abstract")
    assert [p.text for p in abstract.paragraphs] == [
        "Exosomes shuttle microRNAs between tumour cells. Exosomal miR-9991 from resistant cells promotes cisplatin "
        "resistance in gastric cancer cells by targeting PTEN."]
    assert doc.source_path == f"{TINY / 'two_records.medline'}#90000001"


def test_ingest_jats_with_unicode_dashes_keeps_every_word() -> None:
    doc = read_document(TINY / "dashes.nxml")
    fold = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
    text = doc.text.translate(fold)
    for phrase in ("miR-9996", "non-small cell lung cancer", "Bcl-2", "caspase-3", "TGF-\u03b2", "2015-2021"):
        assert phrase in text, phrase


def test_ingest_pubtator_ignores_annotation_lines() -> None:
    doc = read_document(TINY / "abstracts.pubtator", "abstracts.90000003")
    assert "CircRNA" not in doc.text and "MESH:" not in doc.text
    assert doc.metadata["pmid"] == "90000003"


def test_ingest_bioc_skips_back_matter_passages() -> None:
    doc = read_document(TINY / "bioc_xml.xml", "bioc_xml.90000004")
    assert "competing interests" not in doc.text
    assert [s.heading for s in doc.sections if s.name == "body"] == ["FOO4 in recipient cells"]


def test_ingest_read_documents_yields_every_record() -> None:
    from exomine.reading.ingest import read_documents

    assert [d.doc_id for d in read_documents(TINY / "two_records.medline")] == [
        "two_records.90000001", "two_records.90000002"]
    assert [d.doc_id for d in read_documents(TINY / "title_only.txt")] == ["title_only"]


def test_ingest_record_by_explicit_record_id_or_single_record(tmp_path: Path) -> None:
    path = TINY / "two_records.medline"
    assert read_document(path, "custom", record="90000002").metadata["pmid"] == "90000002"
    with pytest.raises(InputError, match="holds 2 records"):
        read_document(path)
    with pytest.raises(InputError, match="no record '123'"):
        read_document(path, "two_records.123")
    one = _write(tmp_path, "one.nbib", "PMID- 42\nTI  - Exosomal miR-9999 and cisplatin.\n")
    assert read_document(one).doc_id == "one.42"


def test_ingest_record_content_is_the_record_not_the_file(tmp_path: Path) -> None:
    from exomine.reading.ingest import record_content

    text = (TINY / "two_records.medline").read_text(encoding="utf-8")
    path = _write(tmp_path, "r.medline", text)
    first, second = record_content(path, "r.90000001"), record_content(path, "r.90000002")
    assert first != second and b"miR-9991" in first and b"miR-9991" not in second
    path.write_text(text.replace("miR-9992 promotes", "miR-9992 strongly promotes"), encoding="utf-8")
    assert record_content(path, "r.90000001") == first
    assert record_content(path, "r.90000002") != second
    txt = _write(tmp_path, "t.txt", "Exosomal miR-9999 and cisplatin.\n")
    assert record_content(txt, "t") == txt.read_bytes()


@pytest.mark.parametrize(
    "name, data, doc_id, reason",
    [
        ("m.medline", "PMID- 1\nTI  - A title.\n\nTI  - No id here.\nAB  - Nor here.\n", "m.record2", "record record2 (line 4): no PMID field"),
        ("m.medline", "PMID- 1\nTI  - A title.\nthis line is not a field\n", "m.1", "record 1 (line 1): line 3: not a MEDLINE field"),
        ("m.nbib", "PMID- 7\nDP  - 2020\n", "m.7", "record 7 (line 1): no title (TI) or abstract (AB)"),
        ("p.pubtator", "5|t|A title\n5|a|An abstract.\n5|t|Another title\n", "p.5", "record 5 (line 1): line 3: a second title"),
        ("p.pubtator", "5|t|\n5|a|\n", "p.5", "record 5 (line 1): no title"),
        ("p.pubtator", "5|t|A title\nnot a pubtator line\n", "p.5", "record 5 (line 1): line 2: not a PubTator"),
        ("b.json", '{"documents": [{"id": "9", "infons": {}, "relations": [], "annotations": [], "passages": []}]}',
         "b.9", "record 9 (document 1): no passage with text"),
        ("b.json", '{"source": "x"}', "b", "not a BioC JSON collection"),
        ("b.json", '{"documents": [', "b", "malformed JSON"),
        ("b.xml", "<collection><document><id>1</id>", "b", "malformed XML"),
        ("e.medline", "", "e", "file is empty"),
        ("l.pubtator", b"5|t|caf\xe9\n", "l", "not UTF-8"),
    ],
)
def test_ingest_malformed_record_names_file_record_and_reason(tmp_path: Path, name: str, data, doc_id: str,
                                                              reason: str) -> None:
    path = _write(tmp_path, name, data)
    assert doc_id in discover(tmp_path)  # listing never fails on a bad record
    with pytest.raises(InputError) as info:
        read_document(path, doc_id)
    assert str(info.value).startswith(f"{path}: ")
    assert reason in str(info.value)


def test_corpus_discover_does_not_parse_records(tmp_path: Path, monkeypatch) -> None:
    import exomine.reading.bibformats

    def refuse(*args, **kwargs):
        raise AssertionError("discover parsed a record")

    monkeypatch.setattr(exomine.reading.bibformats, "record_parts", refuse)
    monkeypatch.setattr(exomine.reading.ingest, "record_parts", refuse)
    for name in ("two_records.medline", "abstracts.pubtator", "bioc_xml.xml", "bioc_json.json"):
        _write(tmp_path, name, (TINY / name).read_bytes())
    assert len(discover(tmp_path)) == 6


def test_corpus_discover_duplicate_record_id(tmp_path: Path) -> None:
    _write(tmp_path, "d.medline", "PMID- 1\nTI  - A.\n\nPMID- 1\nTI  - B.\n")
    with pytest.raises(InputError, match="'d.1' is also used by another record of the same file"):
        discover(tmp_path)


@pytest.mark.parametrize(
    "head, fmt",
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE collection SYSTEM "BioC.dtd">\n<collection>', "bioc-xml"),
        (b"<collection><document>", "bioc-xml"),
        (b'<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS" "x.dtd">\n<article>',
         "jats"),
        (b"<pmc-articleset><article>", "jats"),
        (b"", "jats"),
        # sniffed by the XML parser: any encoding, the root after long comments (issue 15)
        ('<?xml version="1.0" encoding="UTF-16"?><collection>'.encode("utf-16"), "bioc-xml"),
        ('<?xml version="1.0" encoding="UTF-16BE"?><collection>'.encode("utf-16-be"), "bioc-xml"),
        (b"<!--" + b"x" * 20_000 + b"-->\n<collection>", "bioc-xml"),
        (b'<!DOCTYPE collection [' + b'<!ENTITY e "x">' * 2000 + b"]><collection>", "bioc-xml"),
        ('<?xml version="1.0" encoding="UTF-16"?><article>'.encode("utf-16"), "jats"),
    ],
)
def test_ingest_xml_root_decides_bioc_or_jats(tmp_path: Path, head: bytes, fmt: str) -> None:
    from exomine.reading.ingest import input_format

    assert input_format(_write(tmp_path, "x.xml", head)) == fmt
