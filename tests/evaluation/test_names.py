"""Tests for lenient name matching (exomine.evaluation.names)."""

from __future__ import annotations

import pytest

from exomine.evaluation.names import fold, name_key, names_match


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("miR-9999", "hsa-miR-9999-5p", True),  # species prefix and arm
        ("microRNA-9999", "miR9999", True),
        ("Exosomal circFOO1", "circRNA-FOO1", True),
        ("circFOO1", "circRNA FOO1", True),
        ("lncRNA-BAR7", "BAR7", True),
        ("hsa_circ_9999999", "circ_9999999", True),
        ("FOO1‐AS1", "FOO1-AS1", True),  # U+2010
        ("TGF-β", "TGF-beta", True),
        ("miR-999", "miR-9999", False),  # a prefix that is not an arm
        ("miR-9999a", "miR-9999b", False),
        ("FOO1", "FOO12", False),
    ],
)
def test_names_names_match_leniently(a: str, b: str, same: bool) -> None:
    assert names_match(a, b) is same
    assert names_match(b, a) is same


@pytest.mark.parametrize("name, key", [
    ("Exosomal hsa-miR-9999-5p", "mir-9999-5p"), ("microRNA 9999", "mir-9999"), ("pre-miR-9999", "mir-9999"),
    ("lncRNA-BAR7", "bar7"), ("circRNA_0009999", "circ-0009999"), ("TGF-β", "tgf-beta"), ("FOO1", "foo1"),
])
def test_names_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


def test_names_fold_case_dashes_and_spaces() -> None:
    assert fold("  FOO1\u2013AS1 \n  Bar ") == "foo1-as1 bar"
