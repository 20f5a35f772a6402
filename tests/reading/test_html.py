"""Tests for reading saved web pages (exomine.reading.html)."""

from __future__ import annotations

import pytest
from samplefiles import Article, as_html

from exomine.reading.html import citation_metadata, html_lines

ARTICLE = Article("Exosomal miR-9999 and cisplatin resistance",
                  ("Exosomal miR-9999 promotes cisplatin resistance in gastric cancer cells by targeting PTEN.",),
                  (("Mechanisms", ("circBAR2 sponges miR-1234-5p and enhances KRAS expression in colorectal cancer.",)),))


def test_html_main_text_without_navigation_scripts_and_footer() -> None:
    text, meta = html_lines(as_html(ARTICLE))
    lines = text.split("\n")
    assert lines == [ARTICLE.title, "Abstract", ARTICLE.abstract[0], "Mechanisms", ARTICLE.sections[0][1][0]]
    assert meta == {"title": ARTICLE.title, "doi": ARTICLE.doi, "pmid": ARTICLE.pmid, "journal": "Journal of Samples",
                    "year": "2024"}


def test_html_lists_and_table_rows_are_one_line_each() -> None:
    page = (b"<html><body><article><h1>Exosomal RNAs and drug resistance in solid tumours</h1>"
            b"<p>Exosomes carry RNAs between cells and change how tumours respond to drugs, as many studies show.</p>"
            b"<ul><li>Exosomal miR-9999 promotes cisplatin resistance.</li><li>circBAR2 confers oxaliplatin "
            b"resistance.</li></ul><table><tr><th>Regulator</th><th>Drug</th></tr><tr><td>miR-9999</td>"
            b"<td>cisplatin</td></tr></table></article></body></html>")
    lines = html_lines(page)[0].split("\n")
    assert "Exosomal miR-9999 promotes cisplatin resistance." in lines
    assert "circBAR2 confers oxaliplatin resistance." in lines
    assert "miR-9999 cisplatin" in lines


def test_html_fragment_without_main_text_is_read_whole() -> None:
    text, meta = html_lines(b"<p>Exosomal miR-9999 promotes<br>cisplatin resistance.</p><script>var x;</script>")
    assert text.split("\n") == ["Exosomal miR-9999 promotes", "cisplatin resistance."]
    assert meta == {}


@pytest.mark.parametrize(
    "tags, expected",
    [
        ('<meta name="citation_doi" content="https://doi.org/10.5555/x.1">', {"doi": "10.5555/x.1"}),
        ('<meta name="citation_doi" content="doi: 10.5555/x.1">', {"doi": "10.5555/x.1"}),
        ('<meta name="citation_date" content="March 2019">', {"year": "2019"}),
        ('<meta name="citation_date" content="soon">', {}),
        ('<meta name="citation_pmid" content="1"><meta name="citation_pmid" content="2">', {"pmid": "1"}),
        ('<meta name="description" content="A page">', {}),
    ],
)
def test_html_citation_metadata(tags: str, expected: dict) -> None:
    from lxml import html

    root = html.document_fromstring(f"<html><head>{tags}</head><body><p>x</p></body></html>")
    assert citation_metadata(root) == expected
