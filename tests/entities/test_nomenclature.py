"""Tests for ncRNA nomenclature rules (exomine.entities.nomenclature)."""

from __future__ import annotations

import pytest

from exomine.entities.nomenclature import (
    NcrnaSpan,
    canonical_circrna,
    canonical_mirna,
    find_ncrna,
    mirna_precursor_keys,
)


def _found(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.label) for s in find_ncrna(text)]


@pytest.mark.parametrize(
    "name",
    [
        "miR-21",
        "miR-222-5p",
        "hsa-miR-155-5p",
        "microRNA-193a",
        "miRNA-106b",
        "MiR-1246",
        "let-7a",
        "let-7a-5p",
        "miR-106b~25",
        "miR-34a/b/c",
        "miR-200c*",
        "miR\u201021",  # Unicode hyphen
        "hsa-mir-21",
    ],
)
def test_nomenclature_mirna_found_whole(name: str) -> None:
    text = f"Exosomal {name} was enriched in resistant cells."
    (span,) = find_ncrna(text)
    assert (span.text, span.label) == (name, "MIRNA")
    assert text[span.start : span.end] == name


@pytest.mark.parametrize(
    "text",
    [
        "miR-21a1 is not a name",  # letters after the number run on
        "premiR-21",
        "admiR-21",
        "the miRNAs in exosomes",
        "microRNA biogenesis",
    ],
)
def test_nomenclature_not_a_mirna(text: str) -> None:
    assert not [s for s in find_ncrna(text) if s.label == "MIRNA"]


def test_nomenclature_axis_notation_keeps_mirna_only() -> None:
    text = "exosomal circVMP1 acts via the miR-524-5p-METTL3/SOX2 axis"
    assert _found(text) == [("circVMP1", "CIRCRNA"), ("miR-524-5p", "MIRNA")]


def test_nomenclature_axis_with_slashes() -> None:
    text = "the circFOO1/miR-1234-5p/KRAS axis"
    assert _found(text) == [("circFOO1", "CIRCRNA"), ("miR-1234-5p", "MIRNA")]


@pytest.mark.parametrize(
    "name",
    [
        "hsa_circ_0000338",
        "circ_0072083",
        "circVMP1",
        "circ-XIAP",
        "circRNA-SORE",
        "CircRNA-SORE",
        "circ_UBE2D2",
        "hsa_circRNA_104348",
        "circHIPK3",
        "circRNA_100290",
    ],
)
def test_nomenclature_circrna_found(name: str) -> None:
    text = f"We found {name} in serum exosomes."
    assert _found(text) == [(name, "CIRCRNA")]


@pytest.mark.parametrize(
    "text",
    ["circRNAs are stable", "CircRNAs are stable", "a circular RNA was found", "the circRNA was found", "circulating exosomes"],
)
def test_nomenclature_generic_circrna_words_are_not_names(text: str) -> None:
    assert find_ncrna(text) == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("exosomal lncRNA CCAL promotes resistance", "CCAL"),
        ("the long noncoding RNA ARSR promotes resistance", "ARSR"),
        ("the long non-coding RNA HOTTIP promotes resistance", "HOTTIP"),
        ("lncRNAs CCAT1 and others", "CCAT1"),
        ("LINC00852 promotes resistance", "LINC00852"),
        ("Linc00852 promotes resistance", "Linc00852"),
        ("the lncARSR transcript", "lncARSR"),  # a glued class prefix is part of the name
    ],
)
def test_nomenclature_lncrna_introductions(text: str, name: str) -> None:
    spans = find_ncrna(text)
    assert [(s.text, s.label) for s in spans] == [(name, "LNCRNA")]
    assert text[spans[0].start : spans[0].end] == name


def test_nomenclature_lncrna_plural_word_alone_is_not_a_name() -> None:
    assert find_ncrna("lncRNAs are many and diverse") == []


@pytest.mark.parametrize("text, name", [("exosomal lncRNA-ATB promotes", "ATB"), ("LncRNA-H19 promotes", "H19")])
def test_nomenclature_lncrna_dash_prefixed(text: str, name: str) -> None:
    assert [s.label for s in find_ncrna(text)] == ["LNCRNA"]
    assert name in find_ncrna(text)[0].text


def test_nomenclature_spans_do_not_overlap_and_are_sorted() -> None:
    text = "circFOO1 sponges miR-1234-5p and let-7a, while lncRNA CCAL binds hsa_circ_0000338."
    spans = find_ncrna(text)
    assert [s.text for s in spans] == ["circFOO1", "miR-1234-5p", "let-7a", "CCAL", "hsa_circ_0000338"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert all(isinstance(s, NcrnaSpan) for s in spans)


@pytest.mark.parametrize(
    "surface, canonical",
    [
        ("miR-21", "hsa-miR-21"),
        ("microRNA-193a", "hsa-miR-193a"),
        ("miRNA-106b", "hsa-miR-106b"),
        ("MiR-1246", "hsa-miR-1246"),
        ("hsa-mir-21-5p", "hsa-miR-21-5p"),
        ("hsa-miR-155-5p", "hsa-miR-155-5p"),
        ("miR-222-5p", "hsa-miR-222-5p"),
        ("mmu-miR-21", "mmu-miR-21"),
        ("miR\u201021", "hsa-miR-21"),
        ("miR-106b~25", "hsa-miR-106b"),
        ("miR-34a/b/c", "hsa-miR-34a"),
        ("miR-200c*", "hsa-miR-200c"),
        ("let-7a", "hsa-let-7a"),
        ("let-7a-5p", "hsa-let-7a-5p"),
        # a Title Case title writes them so
        ("MiRNA-9999", "hsa-miR-9999"),
        ("MICRORNA-9999", "hsa-miR-9999"),
        ("Let-7a", "hsa-let-7a"),
    ],
)
def test_nomenclature_canonical_mirna(surface: str, canonical: str) -> None:
    assert canonical_mirna(surface) == canonical


def test_nomenclature_canonical_mirna_species_default() -> None:
    assert canonical_mirna("miR-21", species="mmu") == "mmu-miR-21"


@pytest.mark.parametrize(
    "canonical, keys",
    [
        ("hsa-miR-9-5p", ["hsa-mir-9", "hsa-mir-9-1"]),
        ("hsa-miR-92a-3p", ["hsa-mir-92a", "hsa-mir-92a-1"]),
        ("hsa-miR-199a-2", ["hsa-mir-199a-2"]),
        ("hsa-miR-21", ["hsa-mir-21", "hsa-mir-21-1"]),
        ("hsa-let-7a-5p", ["hsa-let-7a", "hsa-let-7a-1"]),
        ("not a mirna", ["not a mirna"]),
    ],
)
def test_nomenclature_mirna_precursor_keys(canonical: str, keys: list[str]) -> None:
    assert mirna_precursor_keys(canonical) == keys


@pytest.mark.parametrize(
    "surface, norm_id, name",
    [
        ("circ_0072083", "circBase:hsa_circ_0072083", "hsa_circ_0072083"),
        ("hsa_circ_0000338", "circBase:hsa_circ_0000338", "hsa_circ_0000338"),
        ("circ-XIAP", "circRNA:circXIAP", "circXIAP"),
        ("circXIAP", "circRNA:circXIAP", "circXIAP"),
        ("circ_UBE2D2", "circRNA:circUBE2D2", "circUBE2D2"),
        ("circRNA-SORE", "circRNA:circSORE", "circSORE"),
        ("CircRNA-SORE", "circRNA:circSORE", "circSORE"),
        ("circ\u2013XIAP", "circRNA:circXIAP", "circXIAP"),
    ],
)
def test_nomenclature_canonical_circrna(surface: str, norm_id: str, name: str) -> None:
    assert canonical_circrna(surface) == (norm_id, name)


def test_nomenclature_circrna_spellings_share_an_id() -> None:
    assert canonical_circrna("circ-XIAP")[0] == canonical_circrna("circXIAP")[0] == canonical_circrna("circ_XIAP")[0]
    assert canonical_circrna("circ_0072083")[0] == canonical_circrna("hsa_circ_0072083")[0]
    assert canonical_circrna("circRNA_104348")[0] == canonical_circrna("hsa_circRNA_104348")[0]


@pytest.mark.parametrize(
    "text, name, label",
    [
        ("Exosomal MSTRG.99999.9 rose.", "MSTRG.99999.9", "LNCRNA"),  # StringTie novel transcript
        ("Exosomal NONHSAT099999 rose.", "NONHSAT099999", "LNCRNA"),  # NONCODE human lncRNA
        ("Exosomal lncRNA ENSG00000999999 rose.", "ENSG00000999999", "LNCRNA"),  # an Ensembl id introduced as lncRNA
        ("Exosomal ciRS-9999 sponged nothing.", "ciRS-9999", "CIRCRNA"),
        ("Exosomal circRNA_109999 rose.", "circRNA_109999", "CIRCRNA"),
        ("Exosomal miR9999c rose.", "miR9999c", "MIRNA"),
        ("Exosomal Mir-9999 rose.", "Mir-9999", "MIRNA"),
        ("Exosomal MiR-9999 rose.", "MiR-9999", "MIRNA"),
        ("Exosomal lncRNA-FOO1 rose.", "lncRNA-FOO1", "LNCRNA"),  # the whole span is the name
        ("Exosomal linc-FOO rose.", "linc-FOO", "LNCRNA"),
        ("Exosomal linc\u2011FOO rose.", "linc\u2011FOO", "LNCRNA"),  # non-breaking hyphen
        ("Exosomal circular RNA FOO1 rose.", "circular RNA FOO1", "CIRCRNA"),  # named after its host gene
        ("Exosomal circRNA BAR2 rose.", "circRNA BAR2", "CIRCRNA"),
    ],
)
def test_nomenclature_name_classes(text: str, name: str, label: str) -> None:
    assert _found(text) == [(name, label)]


def test_nomenclature_name_class_canonical_ids() -> None:
    assert canonical_circrna("circRNA_109999") == ("circRNA:circRNA_109999", "circRNA_109999")
    assert canonical_circrna("ciRS-9999") == ("circRNA:ciRS-9999", "ciRS-9999")
    assert canonical_circrna("circular RNA FOO1") == canonical_circrna("circFOO1") == canonical_circrna("circ-FOO1")
    assert canonical_mirna("miR9999c") == canonical_mirna("Mir-9999c") == "hsa-miR-9999c"


def test_nomenclature_rules_name_themselves() -> None:
    (span,) = find_ncrna("Exosomal lncRNA-FOO1 rose.")
    assert span.rule == "lncrna_prefixed" and span.symbol == "FOO1"


@pytest.mark.parametrize(
    "text, name",
    [("a novel circRNA, termed ciRS-9999, was found", "ciRS-9999"), ("a lncRNA named BARX9 rose", "BARX9"),
     ("hereafter lncBAZ", "lncBAZ"), ('hereafter referred to as "FOO-AS9"', "FOO-AS9")],
)
def test_nomenclature_definitions(text: str, name: str) -> None:
    from exomine.entities.nomenclature import find_definitions

    assert [d[3] for d in find_definitions(text)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Exosomal miR-9999 targets FOO1. Then circFOO2 sponges miR-8888-5p. The lncRNA BAR1 rose.",
        # a name rule whose match crosses a paragraph break ("lncRNAs\nFOO1"): each side is searched alone
        "Roles of long noncoding RNAs\nFOO1 binds miR-7777 in cells. Next, lncRNA-BAR2 acted.",
        "Circular RNAs\nFOO3 and circ_0001234 rose.Then hsa-miR-6666/7 fell. LINC01234 too.",
        "No names here. None at all.",
    ],
)
def test_nomenclature_find_in_spans_equals_one_search_per_span(text: str) -> None:
    from exomine.entities.nomenclature import find_ncrna_in_spans

    spans, start = [], 0
    for piece in text.replace("\n", ". ").split(". "):
        a = text.index(piece, start)
        spans.append((a, a + len(piece)))
        start = a + len(piece)
    whole, per_span = find_ncrna_in_spans(text, spans)
    assert whole == find_ncrna(text)
    assert per_span == [find_ncrna(text[a:b]) for a, b in spans]
    assert any(per_span) or "No names" in text
