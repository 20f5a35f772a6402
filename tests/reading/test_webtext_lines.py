"""Tests for the line classifiers of the web-text cleaner (exomine.reading.webtext_lines)."""

from __future__ import annotations

import pytest

from exomine.reading.webtext_lines import (is_byline, is_heading, is_label, is_list_item, is_noise, is_prose,
                                           is_sentence, is_title_like, reference_title, split_keywords,
                                           strip_lead_symbols)


@pytest.mark.parametrize("line, heading", [
    ("INTRODUCTION", True), ("1. Introduction", True), ("Exosomes in drug resistance", True),
    ("EXOSOMAL FOO1 CONFERS RESISTANCE.", True),  # an upper-case line is a heading even with a full stop
    ("Exosomal FOO1 confers barcitabine resistance.", False), ("a lower-case start", False), ("", False),
    (" ".join(["Word"] * 15), False),
])
def test_webtext_lines_heading(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


@pytest.mark.parametrize("line, byline", [
    ("Anna Smith, Bo Li, Carl Jones", True), ("by Anna Smith, Bo Li and Carl Jones", True),
    ("Anna Smith and Bo Li", False),  # two names are not an author list
    ("miR-9999, circBAR2 and FOO1 in resistance", False),
])
def test_webtext_lines_byline(line: str, byline: bool) -> None:
    assert is_byline(line) is byline


@pytest.mark.parametrize("line, noise", [("Skip to main content", True), ("Creative Commons", True),
                                         ("Exosomal FOO1 confers barcitabine resistance.", False)])
def test_webtext_lines_noise(line: str, noise: bool) -> None:
    assert is_noise(line) is noise


@pytest.mark.parametrize("line, sentence, prose", [
    ("It confers barcitabine resistance.", True, False),  # a sentence, too short to be prose
    ("Exosomal miR-9999 confers barcitabine resistance in barzoma cells by targeting FOO1.", True, True),
    ("Oncologie 2022, 24(2), 247-259.", False, False),
    ("Li X et al.", False, False),
    ("EV, extracellular vesicle; FOO1, foo protein 1; BAR2, bar receptor 2; circ, circular RNA.", True, False),
])
def test_webtext_lines_sentence_and_prose(line: str, sentence: bool, prose: bool) -> None:
    assert (is_sentence(line), is_prose(line)) == (sentence, prose)


@pytest.mark.parametrize("line, item", [("EV, extracellular vesicle", True), ("Drafted the manuscript: A B, C D", True),
                                        ("a; b", True), ("Exosomes in drug resistance", False)])
def test_webtext_lines_list_item(line: str, item: bool) -> None:
    assert is_list_item(line) is item


@pytest.mark.parametrize("line, title", [
    ("Exosomal circFOO1 in barcitabine resistance", True),
    ("miR-9999 drives barcitabine resistance in barzoma", True),  # opens with a lower-case symbol
    ("Does exosomal FOO1 drive resistance?", True),
    ("Exosomes in resistance (Review)", True),
    ("Exosomal FOO1 confers barcitabine resistance.", False),
    ("Abstract", False), ("Skip to main content", False), ("Anna Smith, Bo Li, Carl Jones", False),
    ("\U0001f9ec Exosomal circFOO1 in barcitabine resistance", True),  # a title may open with an emoji
    ("\u2605 miR-9999 drives barcitabine resistance", True),
    ("\U0001f4c4 Original Research Article", False),  # furniture once the symbol is set aside
    ("\U0001f9ec Exosomal FOO1 confers barcitabine resistance.", False),
    ("\u00a9 2023 The Authors", False),  # furniture as written (a copyright line)
    ("\U0001f9ec\U0001f9ec", False),
])
def test_webtext_lines_title_like(line: str, title: bool) -> None:
    assert is_title_like(line) is title


def test_webtext_lines_label_and_keywords() -> None:
    assert is_label("Journal:") and not is_label("Exosomes in barzoma drug resistance:") and not is_label("Journal")
    assert split_keywords("exosome; circRNA, chemoresistance.") == ("exosome", "circRNA", "chemoresistance")
    assert split_keywords("") == ()


@pytest.mark.parametrize(
    "entry, title",
    [
        (
            "Hallal S, Tűzesi Á, Grau GE. Understanding the extracellular vesicle surface. "
            "J Extracell Vesicles 2022;11:e12260.",
            "Understanding the extracellular vesicle surface.",
        ),
        (
            "Sun Y, Zheng W, Guo Z, et al. A novel TP53 pathway influences the HGS-mediated exosome formation "
            "in colorectal cancer. Sci Rep 2016;6:28083. - PMC - PubMed",
            "A novel TP53 pathway influences the HGS-mediated exosome formation in colorectal cancer.",
        ),
        ("Li X, Wang Y. Does exosomal miR-21 drive resistance? Mol Cancer 2020;19:12.", "Does exosomal miR-21 drive resistance?"),
        ("Müller K, Østergaard L. Exosomes in glioma. Neuro Oncol. 2019 Jan 5;21(1):1-10.", "Exosomes in glioma."),
        # MDPI/ACS semicolon authors, APA, PMC link suffixes
        ("Zhang, H.; Wang, X.; Yang, Z. Exosomal circFOO1 drives cisplatin resistance. Oncologie 2022, 24, 247-259.",
         "Exosomal circFOO1 drives cisplatin resistance."),
        ("Smith, J., & Doe, A. B. (2020). Exosomal miR-21 promotes cisplatin resistance. J Things, 1(2), 3-4.",
         "Exosomal miR-21 promotes cisplatin resistance."),
        ("Li X, Wu Y, et al. Exosomal miR-1 confers resistance. Nature. 2020;1:2. [DOI] [PubMed] [Google Scholar]",
         "Exosomal miR-1 confers resistance."),
        ("This is not a reference at all, just a sentence of text.", ""),
        ("", ""),
    ],
)
def test_webtext_lines_reference_title(entry: str, title: str) -> None:
    assert reference_title(entry) == title


@pytest.mark.parametrize("line, stripped", [
    ("\U0001f9ec Exosomal FOO1", "Exosomal FOO1"),
    ("\U0001f52c\ufe0f\u2605 Exosomal FOO1", "Exosomal FOO1"),  # emoji with a variation selector, then a star
    ("\U0001f44d\U0001f3fd Exosomal FOO1", "Exosomal FOO1"),  # emoji with a skin-tone modifier
    ("Exosomal FOO1 \U0001f9ec", "Exosomal FOO1 \U0001f9ec"),  # only the symbols it opens with
    ("(1) Exosomal FOO1", "(1) Exosomal FOO1"),  # punctuation is not a symbol
    ("\U0001f9ec", "\U0001f9ec"),  # nothing but symbols: as written
])
def test_webtext_lines_strip_lead_symbols(line: str, stripped: str) -> None:
    assert strip_lead_symbols(line) == stripped

