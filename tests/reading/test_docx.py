"""Tests for reading Word files (exomine.reading.docx)."""

from __future__ import annotations

import io
import zipfile

import pytest
from samplefiles import Article, as_docx

from exomine.reading.docx import W, DocxProblem, docx_lines

ARTICLE = Article("Exosomal miR-9999 and cisplatin resistance",
                  ("Exosomal miR-9999 promotes cisplatin resistance in gastric cancer cells by targeting PTEN.",),
                  (("Mechanisms", ("circBAR2 sponges miR-1234-5p and enhances KRAS expression.",)),))


def _docx(body: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def test_docx_paragraphs_headings_and_title() -> None:
    text, meta = docx_lines(as_docx(ARTICLE))
    assert text.split("\n") == [ARTICLE.title, "Abstract", ARTICLE.abstract[0], "Mechanisms", ARTICLE.sections[0][1][0]]
    assert meta == {"title": ARTICLE.title}
    assert "miR-7777" not in text  # tracked deletion


def test_docx_tables_tabs_breaks_and_field_codes() -> None:
    body = ('<w:p><w:r><w:t>Exosomal</w:t><w:tab/><w:t>miR-9999</w:t><w:br/><w:t>confers resistance.</w:t></w:r>'
            '<w:r><w:instrText> PAGEREF _Toc1 </w:instrText></w:r></w:p>'
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>circBAR2</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:p><w:r><w:t>oxaliplatin</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    text, _ = docx_lines(_docx(body))
    assert text.split("\n") == ["Exosomal miR-9999 confers resistance.", "circBAR2 oxaliplatin"]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"PK\x03\x04 not really", "not a zip archive"),
        (b"plain text", "not a zip archive"),
    ],
)
def test_docx_not_a_word_file(data: bytes, reason: str) -> None:
    with pytest.raises(DocxProblem, match=reason):
        docx_lines(data)


def test_docx_archive_without_document_or_with_broken_xml() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("content.xml", "<office/>")
    with pytest.raises(DocxProblem, match="no word/document.xml"):
        docx_lines(buf.getvalue())
    with pytest.raises(DocxProblem, match="malformed word/document.xml"):
        docx_lines(_docx("<w:p>"))
