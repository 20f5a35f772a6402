"""Tests for the JATS reader (exomine.reading.jats)."""

from __future__ import annotations

import pytest

from exomine.reading.jats import JatsError, parse_jats
from exomine.reading.webtext import Part

ARTICLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="review-article">
<front>
<journal-meta><journal-title-group><journal-title>Journal of Exosome Studies</journal-title></journal-title-group></journal-meta>
<article-meta>
<article-id pub-id-type="pmid">35550001</article-id>
<article-id pub-id-type="pmc">9100001</article-id>
<article-id pub-id-type="doi">10.5555/jes.2022.001</article-id>
<title-group><article-title>Exosomal <italic>circRNAs</italic> in platinum resistance</article-title></title-group>
<pub-date pub-type="epub"><year>2022</year></pub-date>
<abstract>
<p>Exosomes carry circRNAs between cells.</p>
<sec><title>Conclusion</title><p>Exosomal circFOO1 confers oxaliplatin resistance.</p></sec>
</abstract>
<abstract abstract-type="graphical"><p>A graphical abstract that must be skipped.</p></abstract>
<kwd-group><kwd>exosome</kwd><kwd>circRNA</kwd></kwd-group>
</article-meta>
</front>
<body>
<sec><title>Introduction</title>
<p>Platinum drugs are widely used <xref ref-type="bibr" rid="r1">[1]</xref>, yet resistance is common.</p>
<sec><title>Exosomal circRNAs</title>
<p>Exosomal circFOO1 sponges miR-1234-5p.<table-wrap id="t1"><label>Table 1</label><caption><p>Studies of circFOO1.</p></caption><table><tr><td>CELL CONTENT</td></tr></table></table-wrap> It thereby raises KRAS.</p>
</sec>
</sec>
<fig id="f1"><label>Figure 1</label><caption><title>Exosome transfer.</title><p>Exosomes move circFOO1 to sensitive cells.</p></caption><graphic xlink:href="f1.jpg"/></fig>
</body>
<back>
<ref-list>
<ref id="r1"><element-citation><person-group><name><surname>Li</surname></name></person-group><article-title>Exosomal circRNAs and chemoresistance</article-title><source>Mol Cancer</source><year>2020</year></element-citation></ref>
<ref id="r2"><mixed-citation>Kim J. <article-title>Does exosomal miR-21 drive resistance?</article-title> Cancers 2019.</mixed-citation></ref>
<ref id="r3"><element-citation><source>A book without an article title</source></element-citation></ref>
</ref-list>
</back>
</article>"""


@pytest.fixture(scope="module")
def parsed() -> tuple[list[Part], dict[str, str]]:
    return parse_jats(ARTICLE)


def _by_name(parts: list[Part], name: str) -> list[Part]:
    return [p for p in parts if p.name == name]


def test_jats_parts_in_document_order(parsed) -> None:
    parts, _ = parsed
    assert [p.name for p in parts] == ["title", "abstract", "abstract", "keywords", "body", "body", "figure", "references"]


def test_jats_title_keeps_inline_markup_text(parsed) -> None:
    parts, meta = parsed
    assert parts[0] == Part("title", "Title", ("Exosomal circRNAs in platinum resistance",))
    assert meta["title"] == "Exosomal circRNAs in platinum resistance"


def test_jats_metadata_ids(parsed) -> None:
    _, meta = parsed
    assert meta["doi"] == "10.5555/jes.2022.001"
    assert meta["pmid"] == "35550001"
    assert meta["pmcid"] == "PMC9100001"  # a bare PMC number gets its prefix
    assert meta["year"] == "2022"
    assert meta["journal"] == "Journal of Exosome Studies"
    assert meta["keywords"] == "exosome; circRNA"


def test_jats_abstract_with_structured_sections_and_no_graphical_abstract(parsed) -> None:
    parts, _ = parsed
    assert _by_name(parts, "abstract") == [
        Part("abstract", "Abstract", ("Exosomes carry circRNAs between cells.",)),
        Part("abstract", "Conclusion", ("Exosomal circFOO1 confers oxaliplatin resistance.",)),  # under its label
    ]
    assert "graphical" not in repr(parts)


def test_jats_keywords(parsed) -> None:
    parts, _ = parsed
    assert _by_name(parts, "keywords") == [Part("keywords", "Keywords", ("exosome; circRNA.",))]


def test_jats_nested_sections_join_headings(parsed) -> None:
    parts, _ = parsed
    assert [p.heading for p in _by_name(parts, "body")] == ["Introduction", "Introduction / Exosomal circRNAs"]


def test_jats_xref_text_kept_in_paragraph(parsed) -> None:
    parts, _ = parsed
    intro = _by_name(parts, "body")[0]
    assert intro.paragraphs == ("Platinum drugs are widely used [1], yet resistance is common.",)


def test_jats_table_inside_paragraph_is_skipped(parsed) -> None:
    parts, _ = parsed
    nested = _by_name(parts, "body")[1]
    assert nested.paragraphs == ("Exosomal circFOO1 sponges miR-1234-5p. It thereby raises KRAS.",)
    body_text = " ".join(p for part in _by_name(parts, "body") for p in part.paragraphs)
    assert "CELL CONTENT" not in body_text
    assert "Table 1" not in body_text


def test_jats_figure_caption_with_label(parsed) -> None:
    parts, _ = parsed
    (fig,) = _by_name(parts, "figure")
    assert "Figure 1. Exosome transfer. Exosomes move circFOO1 to sensitive cells." in fig.paragraphs
    assert all(p.strip() for p in fig.paragraphs)


def test_jats_reference_article_titles(parsed) -> None:
    parts, _ = parsed
    assert _by_name(parts, "references") == [
        Part("references", "References", ("Exosomal circRNAs and chemoresistance.", "Does exosomal miR-21 drive resistance?"))
    ]


def test_jats_default_namespace_and_article_set_wrapper() -> None:
    xml = (
        b'<pmc-articleset><article xmlns="http://jats.nlm.nih.gov/ns/archiving/1.3/">'
        b"<front><article-meta><title-group><article-title>Namespaced title</article-title></title-group>"
        b"</article-meta></front><body><p>Loose paragraph of the body.</p></body></article></pmc-articleset>"
    )
    parts, meta = parse_jats(xml)
    assert parts == [Part("title", "Title", ("Namespaced title",)), Part("body", "", ("Loose paragraph of the body.",))]
    assert meta == {"title": "Namespaced title"}


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<article><front>", "malformed XML"),
        (b"<article><p>unclosed</article>", "malformed XML"),
        (b"not xml at all", "malformed XML"),
        (b"<html><body><p>A web page, not an article.</p></body></html>", "no <article> element"),
    ],
)
def test_jats_bad_input_raises(data: bytes, message: str) -> None:
    with pytest.raises(JatsError, match=message):
        parse_jats(data)


def test_jats_error_is_a_value_error() -> None:
    assert issubclass(JatsError, ValueError)


def test_jats_text_goes_through_the_one_normaliser() -> None:
    # U+2010 hyphen, U+2011 non-breaking hyphen, a soft hyphen and a no-break space, as publishers write them
    xml = ("<article><front><article-meta><title-group><article-title>linc\u2011FOO in non\u2010small cell lung "
           "cancer</article-title></title-group></article-meta></front><body><sec><title>Intro</title>"
           "<p>TGF\u2010\u03b2 and Bcl\u00ad\u20102 rose;\u00a0caspase\u20103 fell.</p></sec></body></article>")
    parts, metadata = parse_jats(xml.encode("utf-8"))
    text = " ".join(p for part in parts for p in part.paragraphs)
    assert metadata["title"] == "linc-FOO in non-small cell lung cancer"
    assert "TGF-\u03b2 and Bcl-2 rose; caspase-3 fell." in text


@pytest.mark.parametrize("depth", [600, 1500, 5000])
def test_jats_deep_nesting_is_refused_with_a_reason(depth: int) -> None:
    from exomine.reading.jats import MAX_DEPTH

    inline = b"<article><body><sec><p>" + b"<b>" * depth + b"Exosomal miR-9999 confers FOOmab resistance." \
        + b"</b>" * depth + b"</p></sec></body></article>"
    sections = b"<article><body>" + b"<sec><p>Exosomal circFOO1.</p>" * depth + b"</sec>" * depth + b"</body></article>"
    for data in (inline, sections):
        with pytest.raises(JatsError, match=f"nested deeper than {MAX_DEPTH}"):
            parse_jats(data)


def test_jats_deep_but_allowed_nesting_is_read_without_recursion() -> None:
    import sys

    depth = 480  # under MAX_DEPTH, and the walk must not depend on the recursion limit
    inline = b"<article><body><sec><p>" + b"<b>" * depth + b"Exosomal miR-9999 confers FOOmab resistance." \
        + b"</b>" * depth + b"</p></sec></body></article>"
    sections = b"<article><body>" + b"<sec><title>T</title><p>p</p>" * depth + b"</sec>" * depth + b"</body></article>"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100)
    try:
        (body,), _ = parse_jats(inline)
        parts, _ = parse_jats(sections)
    finally:
        sys.setrecursionlimit(limit)
    assert body.paragraphs == ("Exosomal miR-9999 confers FOOmab resistance.",)
    assert len(parts) == depth and parts[-1].heading == " / ".join(["T"] * depth)
