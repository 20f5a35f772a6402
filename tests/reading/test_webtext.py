"""Tests for the web-text cleaner (exomine.reading.webtext)."""

from __future__ import annotations

import re

import pytest

from exomine.reading.webtext import Part, decode_entities, extract_metadata, normalise_text, parse_web_text

TITLE = "Exosomal circRNAs in chemoresistance of gastric cancer"
ABSTRACT = "Exosomes transfer non-coding RNAs between tumour cells and shape how gastric tumours respond to chemotherapy."
INTRO = "Gastric cancer is often treated with cisplatin, but acquired resistance limits the benefit of treatment."
FINDING = "Exosomal miR-21 promotes cisplatin resistance in gastric cancer cells by targeting PTEN."
CAPTION = "Exosomal circRNAs shuttle between gastric cancer cells and fibroblasts."
CONFLICT = "The authors declare that they have no competing interests at all in this work."
SIMILAR = "Exosomal lncRNAs in breast cancer therapy resistance and beyond the usual suspects in the field."
CITED = "Circular RNAs as biomarkers of platinum resistance in ovarian cancer patients worldwide today."
LICENCE = "This work is licensed under a Creative Commons Attribution 4.0 International License."

PAGE = f"""Skip to main page content
An official website of the United States government
{TITLE}
{TITLE}
Anna Smith, Bo Li, Carl Jones
doi: 10.1234/jcr.2021.5678. PMID: 34567890 PMCID: PMC8765432
Abstract
{ABSTRACT}
Keywords: exosome; circRNA; chemoresistance.
1. INTRODUCTION
{INTRO}
Figure 1.
Figure 1.
Figure 1. {CAPTION}
Exosomes in drug resistance
{FINDING}
{LICENCE}
Conflict of interest statement
{CONFLICT}
References
1. Hallal S, Tűzesi Á, Grau GE. Understanding the extracellular vesicle surface. J Extracell Vesicles 2022;11:e12260.
    1. Sun Y, Zheng W, Guo Z, et al. A novel TP53 pathway influences the HGS-mediated exosome formation in colorectal cancer. Sci Rep 2016;6:28083. - PMC - PubMed
Similar articles
- Exosomal miR-99 in leukemia. Smith A, et al. Blood. 2020. PMID: 11111111
{SIMILAR}
Cited by
{CITED}
"""


@pytest.fixture(scope="module")
def page() -> tuple[list[Part], dict[str, str]]:
    return parse_web_text(PAGE)


def _all_text(parts: list[Part]) -> str:
    return "\n".join([p.heading for p in parts] + [para for p in parts for para in p.paragraphs])


def _by_name(parts: list[Part], name: str) -> list[Part]:
    return [p for p in parts if p.name == name]


@pytest.mark.parametrize(
    "noise",
    [
        "Skip to main page content",
        "An official website of the United States government",
        "Similar articles",
        SIMILAR,
        "Cited by",
        CITED,
        "PMID: 11111111",
        "Creative Commons",
        "Conflict of interest statement",
        CONFLICT,
        "Anna Smith, Bo Li, Carl Jones",
    ],
)
def test_webtext_page_furniture_is_removed(page, noise: str) -> None:
    parts, _ = page
    assert noise not in _all_text(parts)


def test_webtext_title_is_the_repeated_line(page) -> None:
    parts, meta = page
    assert parts[0] == Part("title", "Title", (TITLE,))
    assert meta["title"] == TITLE
    # the title is not repeated as a body heading or paragraph
    assert _all_text(parts[1:]).count(TITLE) == 0


def test_webtext_repeated_line_beats_an_earlier_heading_like_line() -> None:
    text = (
        "Frontiers in Oncology Reviews Portal\n"
        "Exosomes and chemoresistance in solid tumours\n"
        "Exosomes and chemoresistance in solid tumours\n"
        "Abstract\n"
        "Exosomes released by stromal cells carry proteins and RNAs that alter the drug response of tumour cells.\n"
    )
    parts, meta = parse_web_text(text)
    assert parts[0].paragraphs == ("Exosomes and chemoresistance in solid tumours",)
    assert meta["title"] == "Exosomes and chemoresistance in solid tumours"


def test_webtext_title_falls_back_to_first_heading_like_line() -> None:
    text = (
        "Skip to main content\n"
        "Open Access\n"
        "Exosomal microRNAs and resistance to platinum drugs\n"
        "Abstract\n"
        "Exosomes released by tumour cells carry microRNAs that reduce the response of neighbouring cells.\n"
    )
    parts, meta = parse_web_text(text)
    assert parts[0] == Part("title", "Title", ("Exosomal microRNAs and resistance to platinum drugs",))
    assert meta["title"] == "Exosomal microRNAs and resistance to platinum drugs"


def test_webtext_abstract_and_inline_keywords(page) -> None:
    parts, meta = page
    assert _by_name(parts, "abstract") == [Part("abstract", "Abstract", (ABSTRACT,))]
    (kw,) = _by_name(parts, "keywords")
    assert kw.paragraphs == ("exosome; circRNA; chemoresistance.",)
    assert meta["keywords"] == "exosome; circRNA; chemoresistance"


def test_webtext_parts_are_in_document_order(page) -> None:
    parts, _ = page
    names = [p.name for p in parts]
    assert names[:3] == ["title", "abstract", "keywords"]
    assert names.index("body") > names.index("keywords")
    assert names[-2:] == ["figure", "references"]


def test_webtext_body_sections_with_all_caps_and_sentence_case_headings(page) -> None:
    parts, _ = page
    body = _by_name(parts, "body")
    assert [(p.heading, p.paragraphs) for p in body] == [
        ("1. INTRODUCTION", (INTRO,)),
        ("Exosomes in drug resistance", (FINDING,)),
    ]


def test_webtext_licence_line_is_not_a_paragraph(page) -> None:
    parts, _ = page
    assert LICENCE not in _all_text(parts)
    assert "licensed" not in _all_text(parts)


def test_webtext_repeated_figure_labels_dropped_and_caption_kept_once(page) -> None:
    parts, _ = page
    (fig,) = _by_name(parts, "figure")
    assert fig.paragraphs == (f"Figure 1. {CAPTION}",)
    body_text = "\n".join(p for part in _by_name(parts, "body") for p in part.paragraphs)
    assert "Figure 1" not in body_text


def test_webtext_duplicate_caption_lines_kept_once() -> None:
    caption = "Figure 2. Exosomal microRNAs transfer resistance from resistant to sensitive cells."
    text = (
        "Exosomal microRNAs and resistance to platinum drugs\n"
        "Abstract\n"
        "Exosomes released by tumour cells carry microRNAs that reduce the response of neighbouring cells.\n"
        f"{caption}\n{caption}\n"
    )
    parts, _ = parse_web_text(text)
    assert _by_name(parts, "figure") == [Part("figure", "Figure captions", (caption,))]


def test_webtext_reference_titles_extracted(page) -> None:
    parts, _ = page
    (refs,) = _by_name(parts, "references")
    assert refs.paragraphs == (
        "Understanding the extracellular vesicle surface.",
        "A novel TP53 pathway influences the HGS-mediated exosome formation in colorectal cancer.",
    )


def test_webtext_metadata_doi_pmid_pmcid(page) -> None:
    _, meta = page
    assert meta["doi"] == "10.1234/jcr.2021.5678"
    assert meta["pmid"] == "34567890"  # the page's own, not the one in "Similar articles"
    assert meta["pmcid"] == "PMC8765432"


def test_webtext_bullet_keywords() -> None:
    text = (
        "Exosomal microRNAs and resistance to platinum drugs\n"
        "Abstract\n"
        "Exosomes released by tumour cells carry microRNAs that reduce the response of neighbouring cells.\n"
        "Keywords\n"
        "• exosome\n"
        "• microRNA\n"
        "• platinum resistance\n"
        "Platinum drugs remain the backbone of chemotherapy for many solid tumours in the clinic today.\n"
    )
    parts, meta = parse_web_text(text)
    assert _by_name(parts, "keywords") == [Part("keywords", "Keywords", ("exosome; microRNA; platinum resistance.",))]
    assert meta["keywords"] == "exosome; microRNA; platinum resistance"
    body = [para for p in _by_name(parts, "body") for para in p.paragraphs]
    assert body == ["Platinum drugs remain the backbone of chemotherapy for many solid tumours in the clinic today."]


@pytest.mark.parametrize("heading", ["INTRODUCTION", "Introduction", "1. Introduction"])
def test_webtext_heading_after_bullet_keywords_is_a_heading(heading: str) -> None:
    text = (
        "Exosomal microRNAs and resistance to platinum drugs\n"
        "Abstract\n"
        "Exosomes released by tumour cells carry microRNAs that reduce the response of neighbouring cells.\n"
        "Keywords\n"
        "• exosome\n"
        "• microRNA\n"
        f"{heading}\n"
        "Platinum drugs remain the backbone of chemotherapy for many solid tumours in the clinic today.\n"
    )
    parts, meta = parse_web_text(text)
    assert meta["keywords"] == "exosome; microRNA"
    assert [p.heading for p in _by_name(parts, "body")] == [heading]


def test_webtext_keyword_line_under_bare_keywords_heading() -> None:
    text = (
        "The role and clinical applications of exosomes in cancer drug resistance\n"
        "Abstract\n"
        "Tumor-secreted exosomes are heterogeneous messengers that support cancer growth and dissemination.\n"
        "Keywords\n"
        "Exosome, drug resistance, implications for clinical treatment\n"
        "INTRODUCTION\n"
        "Despite advances in targeted therapies, many patients still develop resistance to chemotherapy.\n"
    )
    parts, meta = parse_web_text(text)
    assert meta.get("keywords") == "Exosome; drug resistance; implications for clinical treatment"
    assert [p.heading for p in _by_name(parts, "body")] == ["INTRODUCTION"]


def test_webtext_page_without_abstract_heading_opens_with_abstract() -> None:
    text = (
        "Exosomal microRNAs and resistance to platinum drugs\n"
        "Exosomes released by tumour cells carry microRNAs that reduce the response of neighbouring cells.\n"
        "Mechanisms of transfer\n"
        "Exosomal miR-21 is taken up by recipient cells and lowers their PTEN levels substantially.\n"
    )
    parts, _ = parse_web_text(text)
    assert [(p.name, p.heading) for p in parts] == [
        ("title", "Title"),
        ("abstract", "Abstract"),
        ("body", "Mechanisms of transfer"),
    ]


def test_webtext_pubmed_numbered_reference_lines() -> None:
    text = (
        "Exosomal microRNAs and resistance to platinum drugs\n"
        "Abstract\n"
        "Exosomes released by tumour cells carry microRNAs that reduce the response of neighbouring cells.\n"
        "References\n"
        "    1. Sun Y, Zheng W, Guo Z, et al. Exosomal miR-1234 in drug resistance. Sci Rep 2016;6:28083. - PMC - PubMed\n"
        "    2. Kim J, Park S. Exosomal circRNAs in glioma. Cancers 2019;11:12. - DOI - PubMed\n"
    )
    parts, _ = parse_web_text(text)
    assert _by_name(parts, "references") == [
        Part("references", "References", ("Exosomal miR-1234 in drug resistance.", "Exosomal circRNAs in glioma."))
    ]


def test_webtext_normalise_text_folds_spaces_and_zero_width() -> None:
    assert normalise_text("a\u00a0 b\u200bc\r\nd  \t e\r") == "a bc\nd e\n"
    # NFC: "e" + combining acute becomes one code point
    assert normalise_text("caf\u0065\u0301") == "caf\u00e9"


def test_webtext_extract_metadata_only_what_is_stated() -> None:
    assert extract_metadata(["A page with no identifiers at all."]) == {}
    meta = extract_metadata(["doi: 10.20517/cdr.2024.97 | PMCID: PMC1234567"])
    assert meta == {"doi": "10.20517/cdr.2024.97", "pmcid": "PMC1234567"}


# --------------------------------------------------------------------------
# the real scraped seed pages (development data in ../shared, absent from a user's clone)
# --------------------------------------------------------------------------


@pytest.mark.shared
def test_webtext_seed_pages_title_doi_and_no_furniture(shared_dir) -> None:
    import csv
    from pathlib import Path

    manifest_path = Path(__file__).resolve().parents[2] / "corpus" / "manifest.tsv"
    with open(manifest_path, encoding="utf-8", newline="") as fh:
        by_seed = {row["seed"]: row for row in csv.DictReader(fh, delimiter="\t") if row.get("seed")}
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    assert seeds
    for path in seeds:
        parts, meta = parse_web_text(path.read_text(encoding="utf-8"))
        curated = by_seed[path.name]
        assert meta["title"] == curated["title"], path.name
        if curated["doi"]:
            assert meta.get("doi") == curated["doi"], path.name
        assert _by_name(parts, "abstract") and _by_name(parts, "abstract")[0].paragraphs, path.name
        text = _all_text(parts)
        for noise in ("Skip to main", "An official website", "Similar articles", "Cited by", "Creative Commons",
                      "PubMed Disclaimer", "Conflict of interest"):
            assert noise not in text, (path.name, noise)


def test_webtext_pmc_page_furniture_is_dropped() -> None:
    text = (
        "Exosomal microRNAs and resistance to platinum drugs\n"
        "Abstract\n"
        "Exosomes released by tumour cells carry microRNAs that reduce the response of neighbouring cells.\n"
        "Go to:\n"
        "1. Introduction\n"
        "Platinum drugs remain the backbone of chemotherapy for many solid tumours in the clinic today.\n"
        "Open in a new tab\n"
    )
    parts, _ = parse_web_text(text)
    body = _by_name(parts, "body")
    assert [p.heading for p in body] == ["1. Introduction"]
    assert all("Go to" not in para and "Open in a new tab" not in para for p in parts for para in p.paragraphs)


def test_webtext_pmc_style_page_with_separate_figure_label_and_numbered_sections() -> None:
    text = (
        "Skip to main content\n"
        "Exosomal Non-Coding RNAs in Cancer Drug Resistance\n"
        "PMCID: PMC7957712  PMID: 33802439\n"
        "Abstract\n"
        "Exosomes transfer non-coding RNAs between cells and shape the response of tumours to chemotherapy.\n"
        "2.1. miR-21\n"
        "Exosomal miR-21 from fibroblasts conferred paclitaxel resistance in ovarian cancer cells [3].\n"
        "Figure 1.\n"
        "Open in a new tab\n"
        "Exosome biogenesis and cargo sorting in drug-resistant tumour cells.\n"
        "Conflicts of Interest\n"
        "The authors declare no conflict of interest.\n"
        "References\n"
        "2. Au Yeung C.L., Co N.N., Tsuruga T. Exosomal transfer of stroma-derived miR21 confers paclitaxel "
        "resistance in ovarian cancer cells through targeting APAF1. Nat. Commun. 2016;7:11150. [DOI] [PubMed]\n"
    )
    parts, meta = parse_web_text(text)
    assert (meta["pmid"], meta["pmcid"]) == ("33802439", "PMC7957712")
    body = _by_name(parts, "body")
    assert [p.heading for p in body] == ["2.1. miR-21"]
    assert all("biogenesis" not in para for p in body for para in p.paragraphs)  # the caption left the body
    assert _by_name(parts, "figure")[0].paragraphs == (
        "Figure 1. Exosome biogenesis and cargo sorting in drug-resistant tumour cells.",)
    assert _by_name(parts, "references")[0].paragraphs == (
        "Exosomal transfer of stroma-derived miR21 confers paclitaxel resistance in ovarian cancer cells "
        "through targeting APAF1.",)
    assert all("conflict" not in para.lower() for p in parts for para in p.paragraphs)


# --------------------------------------------------------------------------
# any text is a document; only furniture is removed
# --------------------------------------------------------------------------

LONG_1 = "Exosomes released by FOO cells carry circFOO to recipient cells and promote gemcitabine resistance there."
LONG_2 = "In these recipient cells circFOO sponges miR-9999 and so raises the level of FOO1 protein."


def _names_and_text(parts: list[Part]) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.name, p.paragraphs) for p in parts]


@pytest.mark.parametrize(
    "text, expected",
    [
        # one title with no final period; a title opening with a lower-case symbol
        ("Exosomal miR-9999 confers cisplatin resistance in gastric cancer",
         [("title", ("Exosomal miR-9999 confers cisplatin resistance in gastric cancer",))]),
        ("miR-9999 in exosomes confers cisplatin resistance via FOO1",
         [("title", ("miR-9999 in exosomes confers cisplatin resistance via FOO1",))]),
        # one sentence, short or long
        ("Silencing circFOO reversed cisplatin resistance.", [("abstract", ("Silencing circFOO reversed cisplatin resistance.",))]),
        (LONG_1, [("abstract", (LONG_1,))]),
        # a list of sentences, with and without bullets, short ones first
        ("Exosomal miR-9999 targets FOO1.\nIt confers cisplatin resistance.\n" + LONG_1,
         [("abstract", ("Exosomal miR-9999 targets FOO1.", "It confers cisplatin resistance.", LONG_1))]),
        ("• Exosomal miR-9999 targets FOO1.\n• It confers cisplatin resistance.",
         [("abstract", ("Exosomal miR-9999 targets FOO1.", "It confers cisplatin resistance."))]),
        # a list of titles
        ("Exosomal miR-9999 confers cisplatin resistance\nExosomal circFOO promotes gemcitabine resistance",
         [("title", ("Exosomal miR-9999 confers cisplatin resistance",)),
          ("abstract", ("Exosomal circFOO promotes gemcitabine resistance",))]),
        # PubMed-style title and abstract, the title with or without a final period
        (f"Exosomal circFOO promotes gemcitabine resistance\n\n{LONG_1} {LONG_2}",
         [("title", ("Exosomal circFOO promotes gemcitabine resistance",)), ("abstract", (f"{LONG_1} {LONG_2}",))]),
        (f"Exosomal circFOO promotes gemcitabine resistance.\n{LONG_1}",
         [("abstract", ("Exosomal circFOO promotes gemcitabine resistance.", LONG_1))]),
        # a short sentence between the title and the abstract is kept
        (f"Exosomal circFOO and gemcitabine\nIt is short.\n{LONG_1}",
         [("title", ("Exosomal circFOO and gemcitabine",)), ("abstract", ("It is short.", LONG_1))]),
        # a figure caption alone is its caption, once
        ("Figure 9. Exosomal miR-9999 enhances the chemosensitivity of FOO cells to cisplatin.",
         [("figure", ("Figure 9. Exosomal miR-9999 enhances the chemosensitivity of FOO cells to cisplatin.",))]),
    ],
)
def test_webtext_any_text_is_a_document(text: str, expected) -> None:
    parts, _ = parse_web_text(text)
    assert _names_and_text(parts) == expected


def test_webtext_pubmed_text_export() -> None:
    text = (
        "1. J Things. 2021 Mar 2;19(1):46. doi: 10.1234/jt.2021.1.\n\n"
        "Exosomal circFOO confers gemcitabine resistance by sponging miR-9999.\n\n"
        "Li X(1), Wang Y(2), Zhang Z(1).\n\n"
        "Author information:\n(1)Department of Things, Foo University, Bar 123456, China.\n"
        "(2)Institute of Foo, Baz Hospital, Qux, China.\n\n"
        f"BACKGROUND: {LONG_1} RESULTS: {LONG_2}\n\n"
        "© 2021. The Author(s).\n\nDOI: 10.1234/jt.2021.1\nPMCID: PMC7654321\nPMID: 31234567 [Indexed for MEDLINE]\n"
    )
    parts, meta = parse_web_text(text)
    assert _names_and_text(parts) == [
        ("title", ("Exosomal circFOO confers gemcitabine resistance by sponging miR-9999.",)),
        ("abstract", (f"BACKGROUND: {LONG_1} RESULTS: {LONG_2}",)),
    ]
    assert (meta["pmid"], meta["pmcid"], meta["doi"]) == ("31234567", "PMC7654321", "10.1234/jt.2021.1")


@pytest.mark.parametrize(
    "furniture",
    [
        "Back to Journals » Journal of Things » Volume 3",
        "Journal of Things logoLink to Journal of Things",
        "Erschienen in:\nJournal of Things",
        "Keywords: exosome; circFOO; gemcitabine",
        "Exosome; circFOO; gemcitabine; pancreatic cancer",
        "Review Article",
        "Review | Open Access | 3 Nov 2024",
        "Journal of Things",
        "Received: 3 March 2021; Accepted: 5 May 2021",
        "Citation: Li X (2021) Exosomes and FOO. J Things 3:4",
    ],
)
def test_webtext_title_is_chosen_over_portal_furniture(furniture: str) -> None:
    title = "Exosomal circFOO promotes gemcitabine resistance in pancreatic cancer"
    text = f"{furniture}\n{title}\nAnna Smith, Bo Li, Carl Jones\nAbstract\n{LONG_1}\n"
    parts, meta = parse_web_text(text)
    assert meta["title"] == title
    assert parts[0] == Part("title", "Title", (title,))
    assert _by_name(parts, "abstract")[0].paragraphs == (LONG_1,)


def test_webtext_title_after_a_date_label_that_lost_its_date() -> None:
    """"Published:" whose date the scrape lost is followed by the title: that line is the title, not its value;
    notices that the article was corrected are furniture, not the title."""
    title = "Exosomes from FOO-resistant cells transmit drug resistance by delivering miR-9999"
    text = (f"Skip to main content\n• Open access\n• Published:\n{title}\n"
            f"A Correction to this article was published on 14 December 2021\nThis article has been updated\n"
            f"Abstract\n{LONG_1}\n")
    parts, meta = parse_web_text(text)
    assert meta["title"] == title
    assert not any("Correction" in p for part in parts for p in part.paragraphs)
    _, dated = parse_web_text(f"Published:\n12 March 2021\n{title}\nAbstract\n{LONG_1}\n")
    assert dated["title"] == title


def test_webtext_title_followed_by_authors_beats_an_earlier_heading() -> None:
    text = f"Things Press Journals\nExosomal circFOO and gemcitabine (Review)\nby Anna Smith 1, Bo Li 2,* and Carl Jones 1\n{LONG_1}\n"
    _, meta = parse_web_text(text)
    assert meta["title"] == "Exosomal circFOO and gemcitabine (Review)"


ABBREVIATIONS_PAGE = f"""Exosomal circFOO in pancreatic cancer
Abstract
{LONG_1}
Abbreviations
EVs, extracellular vesicles; TKI, tyrosine kinase inhibitor; circRNA, circular RNA
FOO1, foo protein 1
miR-9999: microRNA-9999
{LONG_2}
Exosomal circFOO also lowers the response of these cells to cisplatin in mice, as a second study found.
"""


def test_webtext_abbreviations_list_does_not_swallow_the_body() -> None:
    parts, _ = parse_web_text(ABBREVIATIONS_PAGE)
    assert [(p.name, p.paragraphs) for p in _by_name(parts, "body")] == [
        ("body", (LONG_2, "Exosomal circFOO also lowers the response of these cells to cisplatin in mice, as a second study found."))]
    text = _all_text(parts)
    assert "extracellular vesicles" not in text and "foo protein 1" not in text and "microRNA-9999" not in text


@pytest.mark.parametrize("heading", ["Notes", "Footnotes", "Abbreviations", "Contents", "Metrics"])
def test_webtext_back_matter_heading_ends_where_running_text_resumes(heading: str) -> None:
    text = (f"Exosomal circFOO in pancreatic cancer\nAbstract\n{LONG_1}\n{heading}\n"
            "The authors declare no conflict of interest in relation to this work at all.\n"
            "Publisher's Note: Things Press stays neutral with regard to jurisdictional claims in published maps.\n"
            f"12\n{LONG_2}\n")
    parts, _ = parse_web_text(text)
    assert _by_name(parts, "body")[0].paragraphs == (LONG_2,)
    assert "declare" not in _all_text(parts) and "jurisdictional" not in _all_text(parts)


def test_webtext_back_matter_ends_at_a_sentence_case_heading() -> None:
    text = (f"Exosomal circFOO in pancreatic cancer\nAbstract\n{LONG_1}\nAcknowledgements\n"
            "We thank the FOO laboratory for the cell lines used in this work.\nExosomal circFOO in mice\n{LONG_2}\n")
    parts, _ = parse_web_text(text.replace("{LONG_2}", LONG_2))
    assert [(p.heading, p.paragraphs) for p in _by_name(parts, "body")] == [("Exosomal circFOO in mice", (LONG_2,))]


def test_webtext_portal_list_stays_dropped_until_a_kept_heading() -> None:
    # the items of "Similar articles" read like headings and sentences; none of them is article text
    text = (f"Exosomal circFOO in pancreatic cancer\nAbstract\n{LONG_1}\nSimilar articles\n"
            "Exosomal circBAR in leukaemia\nSmith A, et al. Blood Things. 2020. PMID: 11111111\n"
            "Exosomal lncBAR in breast cancer therapy resistance and beyond the usual suspects in the field.\n"
            "References\n1. Li X, Wang Y. Exosomal FOO1 and cisplatin. J Things 2020;19:12.\n")
    parts, _ = parse_web_text(text)
    assert "circBAR" not in _all_text(parts) and "lncBAR" not in _all_text(parts)
    assert _by_name(parts, "references")[0].paragraphs == ("Exosomal FOO1 and cisplatin.",)


def test_webtext_large_drop_is_logged(caplog) -> None:
    dropped = " ".join([LONG_2] * 3)
    text = f"Exosomal circFOO in pancreatic cancer\nAbstract\n{LONG_1}\nCited by\n" + f"{dropped}\n" * 4
    with caplog.at_level("WARNING", logger="exomine.reading.webtext"):
        parse_web_text(text, source="corpus/page.txt")
    (record,) = [r for r in caplog.records if r.name == "exomine.reading.webtext"]
    message = record.getMessage()
    assert "corpus/page.txt" in message and "'Cited by'" in message and "drop.pubmed_lists" in message
    assert "In these recipient cells" in message


def test_webtext_small_drop_is_not_a_warning(caplog) -> None:
    with caplog.at_level("WARNING", logger="exomine.reading.webtext"):
        parse_web_text(ABBREVIATIONS_PAGE)
    assert not [r for r in caplog.records if r.name == "exomine.reading.webtext"]


@pytest.mark.parametrize("written, decoded", [
    ("Exosomes &amp; barcitabine resistance", "Exosomes & barcitabine resistance"),
    ("circFOO1&nbsp;in barzoma", "circFOO1\u00a0in barzoma"),
    ("miR-9999&mdash;FOO1 axis", "miR-9999\u2014FOO1 axis"),
    ("pages 12&#8211;14 and 15&#x2013;16", "pages 12\u201314 and 15\u201316"),
    ("R&D, AT&T, &notes and &foo; stay", "R&D, AT&T, &notes and &foo; stay"),  # no ";" or no such name: as written
])
def test_webtext_decode_entities(written: str, decoded: str) -> None:
    assert decode_entities(written) == decoded


def test_webtext_entities_written_in_a_text_file_are_decoded() -> None:
    text = ("Exosomal circFOO1 &amp; barcitabine resistance in barzoma\n"
            "Abstract\n"
            "Exosomal circFOO1&nbsp;sponges miR-9999&#8211;5p and confers barcitabine resistance&mdash;in barzoma "
            "cells&#x2014;through FOO1.\n")
    parts, meta = parse_web_text(text)
    assert meta["title"] == "Exosomal circFOO1 & barcitabine resistance in barzoma"
    (abstract,) = _by_name(parts, "abstract")
    # no-break space folded to a space, dashes folded to "-" as everywhere else (exomine.text.textnorm)
    assert abstract.paragraphs == ("Exosomal circFOO1 sponges miR-9999-5p and confers barcitabine resistance-in "
                                   "barzoma cells-through FOO1.",)
    assert not re.search(r"&#?\w+;", _all_text(parts))


@pytest.mark.parametrize("symbol", ["\U0001f9ec", "\U0001f52c\ufe0f", "\u2605", "\u27a4"])
def test_webtext_title_that_opens_with_a_symbol_is_kept(symbol: str) -> None:
    title = f"{symbol} Exosomal circFOO1 drives barcitabine resistance in barzoma"
    text = (f"{title}\nAbstract\n"
            "Exosomal circFOO1 confers barcitabine resistance in barzoma cells by sponging miR-9999.\n")
    parts, meta = parse_web_text(text)
    assert parts[0] == Part("title", "Title", (title,))
    assert meta["title"] == title
    assert [p.name for p in parts] == ["title", "abstract"]
    alone, _ = parse_web_text(title + "\n")  # a title-only text is a title, not a paragraph
    assert alone == [Part("title", "Title", (title,))]

