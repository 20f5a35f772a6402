"""Tests for reading PDFs by their text layer (exomine.reading.pdf)."""

from __future__ import annotations

import logging

import pytest
from samplefiles import Article, as_pdf, scanned_pdf

from exomine.reading.pdf import PdfProblem, join_lines, pdf_lines

LONG = ("Exosomes shuttle proteins and noncoding RNAs between tumour cells and the cells around them, and so change "
        "how tumours respond to chemotherapy. Exosomal miR-9999 promotes cisplatin resistance in gastric cancer cells "
        "by targeting PTEN, as several groups have shown in cell lines and in mice.")
ARTICLE = Article("Exosomal noncoding RNAs in chemoresistance", (LONG,),
                  (("Mechanisms", ("Exosomal circBAR2 enhances oxaliplatin resistance in colorectal cancer by sponging "
                                   "miR-1234-5p and thereby increasing the expression of KRAS in recipient cells.",)),))


@pytest.mark.parametrize(
    "lines, paragraphs",
    [
        # a word broken at a line end is joined; a hyphen in a name is kept
        (["The cells became resis-", "tant to cisplatin because exosomal miR-", "9999 silences PTEN.", "Methods"],
         ["The cells became resistant to cisplatin because exosomal miR-9999 silences PTEN.", "Methods"]),
        (["Exosomal circBAR2 confers oxaliplatin resistance on colorectal", "cancer cells in vitro and in vivo.",
          "Results", "Exosomes from resistant cells carried more circBAR2 than those from", "sensitive cells."],
         ["Exosomal circBAR2 confers oxaliplatin resistance on colorectal cancer cells in vitro and in vivo.",
          "Results", "Exosomes from resistant cells carried more circBAR2 than those from sensitive cells."]),
        # a heading after a full last line of a paragraph still starts afresh
        (["Exosomal circBAR2 confers oxaliplatin resistance on colorectal cells.", "Results",
          "Exosomes from resistant cells carried more circBAR2 than sensitive ones."],
         ["Exosomal circBAR2 confers oxaliplatin resistance on colorectal cells.", "Results",
          "Exosomes from resistant cells carried more circBAR2 than sensitive ones."]),
        (["", "  ", "One line."], ["One line."]),
    ],
)
def test_pdf_join_lines(lines: list[str], paragraphs: list[str]) -> None:
    assert join_lines(lines) == paragraphs


def test_pdf_text_layer_as_paragraphs() -> None:
    lines = pdf_lines(as_pdf(ARTICLE, width=70)).split("\n")
    assert lines == [ARTICLE.title, "Abstract", LONG, "Mechanisms", ARTICLE.sections[0][1][0]]


def test_pdf_running_headers_and_page_numbers_are_dropped() -> None:
    data = as_pdf(ARTICLE, width=40, lines_per_page=4, running_header="J Samples 2024; 1:{page}")
    assert len(pdf_lines(data).split("\n")) == 5
    assert "J Samples" not in pdf_lines(data)


def test_pdf_scan_without_text_layer_is_refused() -> None:
    with pytest.raises(PdfProblem, match=r"no text layer on 3 of its 4 page\(s\).*OCR"):
        pdf_lines(scanned_pdf(3, cover="Downloaded from the archive of the Journal of Samples on 1 May 2024"))


def test_pdf_a_few_pages_without_text_are_logged(caplog) -> None:
    from samplefiles import _pdf

    data = _pdf([["Exosomal miR-9999 promotes cisplatin resistance in gastric cancer cells."],
                 ["Exosomal circBAR2 promotes oxaliplatin resistance in colorectal cancer cells."], []])
    with caplog.at_level(logging.WARNING, logger="exomine.reading.pdf"):
        text = pdf_lines(data, source="x.pdf")
    assert text.startswith("Exosomal miR-9999")
    assert "x.pdf: no text layer on page(s) 3 of 3" in caplog.text


@pytest.mark.parametrize("data", [b"%PDF-1.4 truncated", b"not a pdf at all"])
def test_pdf_broken_file_is_refused(data: bytes) -> None:
    with pytest.raises(PdfProblem, match="not a readable PDF"):
        pdf_lines(data)
