"""The same article in every input format gives the same findings as its plain text (exomine.reading.ingest).

Each format is decided by content where the suffix is generic: a PubMed-format
``.txt`` is MEDLINE (one document per record), a ``.txt`` holding HTML is a
web page, one holding a PDF a PDF; ``.html``, ``.pdf``, ``.docx``, PMC OA ``.tar.gz`` and gzipped JATS
are read by their readers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from samplefiles import (Article, as_docx, as_gzip, as_html, as_jats, as_pdf, as_pmc_package, as_pubmed_export,
                         as_text, scanned_pdf)

from exomine.reading.corpus import discover
from exomine.reading.ingest import InputError, input_format, read_document, read_documents, record_content

ARTICLE = Article(
    "Exosomal noncoding RNAs in chemoresistance of digestive cancers",
    ("Exosomes shuttle proteins and noncoding RNAs between tumour cells and the cells around them, and so change how "
     "tumours respond to chemotherapy. Exosomal miR-9999 promotes cisplatin resistance in gastric cancer cells by "
     "targeting PTEN.",),
    (("Exosomal circular RNAs", ("Exosomal circBAR2 enhances oxaliplatin resistance in colorectal cancer by sponging "
                                 "miR-1234-5p and thereby increasing the expression of KRAS in recipient cells.",
                                 "Cancer-associated fibroblasts secrete exosomes that deliver circBAR2 to tumour cells.")),
     ("Exosomal long noncoding RNAs", ("The lncRNA FOO7 is enriched in exosomes from resistant cells. Exosomal FOO7 "
                                       "promotes gemcitabine resistance in pancreatic cancer.",))),
)
OTHER = Article("Exosomal miR-9998 in ovarian cancer",
                ("Exosomal miR-9998 promotes paclitaxel resistance in ovarian cancer by targeting PTEN.",),
                pmid="90000101", pmcid="PMC9000101")

FULL = {
    "page.html": as_html(ARTICLE),
    "saved_page.txt": as_html(ARTICLE),
    "paper.pdf": as_pdf(ARTICLE),
    "pdf_saved_as.txt": as_pdf(ARTICLE),
    "paper.docx": as_docx(ARTICLE),
    "PMC9000100.tar.gz": as_pmc_package(ARTICLE),
    "article.nxml.gz": as_gzip(as_jats(ARTICLE)),
}


def _findings(extractor, doc) -> set[tuple]:
    return {(t.regulator, t.targets, t.drug, t.effect, t.cancer, t.source_cell, t.evidence)
            for t in extractor.process(doc).triples}


@pytest.fixture(scope="module")
def plain(tmp_path_factory, extractor) -> dict[str, set[tuple]]:
    folder = tmp_path_factory.mktemp("plain")
    out = {}
    for name, article in (("full", ARTICLE), ("abstract", ARTICLE.abstract_only()), ("other", OTHER)):
        (folder / f"{name}.txt").write_text(as_text(article), encoding="utf-8")
        out[name] = _findings(extractor, read_document(folder / f"{name}.txt"))
    assert len(out["full"]) >= 3 and len(out["abstract"]) >= 1 and out["other"]  # the comparison is not vacuous
    return out


@pytest.mark.parametrize("name", sorted(FULL))
def test_ingest_format_gives_the_findings_of_its_plain_text(tmp_path: Path, extractor, plain, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(FULL[name])
    (doc,) = read_documents(path)
    assert _findings(extractor, doc) == plain["full"]
    assert doc.metadata["title"] == ARTICLE.title


def test_ingest_pubmed_format_txt_is_one_document_per_record(tmp_path: Path, extractor, plain) -> None:
    path = tmp_path / "pubmed-exosome-set.txt"
    path.write_text(as_pubmed_export(ARTICLE, OTHER), encoding="utf-8")
    assert input_format(path) == "medline"
    docs = list(read_documents(path))
    assert [d.doc_id for d in docs] == ["pubmed-exosome-set.90000100", "pubmed-exosome-set.90000101"]
    assert [_findings(extractor, d) for d in docs] == [plain["abstract"], plain["other"]]
    assert docs[0].metadata == {"pmid": "90000100", "title": ARTICLE.title, "journal": "Journal of Samples",
                                "year": "2024", "doi": ARTICLE.doi, "pmcid": ARTICLE.pmcid}
    assert record_content(path, docs[1].doc_id).startswith(b"PMID- 90000101")


def test_ingest_text_layouts_are_the_same_text(tmp_path: Path) -> None:
    """HTML, Word and JATS give exactly the cleaned text of the plain text (PDF joins paragraphs that its
    lines do not separate, so only its findings are the same)."""
    (tmp_path / "plain.txt").write_text(as_text(ARTICLE), encoding="utf-8")
    base = read_document(tmp_path / "plain.txt").text
    for name in ("page.html", "saved_page.txt", "paper.docx", "PMC9000100.tar.gz", "article.nxml.gz"):
        (tmp_path / name).write_bytes(FULL[name])
        assert read_document(tmp_path / name).text == base, name


def test_ingest_medline_file_named_by_its_pmid_is_that_document(tmp_path: Path) -> None:
    (tmp_path / "90000100.medline").write_text(as_pubmed_export(ARTICLE), encoding="utf-8")
    assert list(discover(tmp_path)) == ["90000100"]
    assert read_document(tmp_path / "90000100.medline").doc_id == "90000100"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("scan.pdf", scanned_pdf(4), "no text layer on 4 of its 4 page(s)"),
        ("empty.html", b"", "file is empty"),
        ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
        ("two.tar.gz", None, "holds 2"),
    ],
)
def test_ingest_unreadable_containers_name_the_reason(tmp_path: Path, name: str, data, reason: str) -> None:
    if data is None:
        import io
        import tarfile

        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            for member in ("a/x.nxml", "a/y.nxml"):
                info = tarfile.TarInfo(member)
                info.size = 10
                tar.addfile(info, io.BytesIO(b"<article/>"))
        data = buf.getvalue()
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.path == str(path) and reason in info.value.reason
