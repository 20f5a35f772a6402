"""Tests for file names made from document ids (exomine.filenames): any id gives a safe, bounded, unique stem."""

from __future__ import annotations

import itertools
import os
import unicodedata
from pathlib import Path

import pytest

from exomine.filenames import MAX_STEM_BYTES, doc_stem, is_safe_stem, is_snakemake_pattern

# ids by class: path traversal and absolute paths, separators, empty and dot names, control characters,
# Snakemake patterns, long ids in bytes (ASCII and CJK), bytes that were not UTF-8, look-alikes of a reduced stem
HOSTILE_IDS = [
    "/../../x", "medline./../../x", "../x", "..", ".", "", " ", "/etc/passwd", "/", "a/b/c", "a\\b", "C:\\x\\y",
    ".hidden", "...", "a..b", "a\x00b", "a\x01b", "a\x1b[31mb", "a\tb", "a\nb", "a\rb", "a\x7fb", "a\x85b",
    "a\u2028b", "{shard}", "a{b}c", "<results>", "a<x>b", "<B>", "x" * 1000, "\u7814" * 200, "\u5916" * 80,
    "a\udce9b", "~0123456789ab", "zhang~0123456789ab", "\ufffe", "a" * MAX_STEM_BYTES, "a" * (MAX_STEM_BYTES + 1),
]
USUAL_IDS = ["zhang_2018", "export.90000001", "zhang_2022 copy", "$(touch PWNED)", "=HYPERLINK(1)", "-rf",
             "it's \"x\"", "miR-9999 \u00df", "set.document2", "a~b", "\u5916\u6ccc\u4f53"]


def _is_safe(stem: str) -> bool:
    return (stem not in ("", ".", "..") and not stem.startswith(".") and ".." not in stem
            and not any(c in "/\\{}<>" or unicodedata.category(c) in ("Cc", "Cs") for c in stem)
            and len(stem.encode("utf-8")) <= MAX_STEM_BYTES)


@pytest.mark.parametrize("doc_id", HOSTILE_IDS + USUAL_IDS, ids=repr)
def test_filenames_every_id_gives_a_safe_stem(doc_id: str) -> None:
    stem = doc_stem(doc_id)
    assert _is_safe(stem), stem
    assert doc_stem(doc_id) == stem  # deterministic


@pytest.mark.parametrize("doc_id", USUAL_IDS, ids=repr)
def test_filenames_usual_ids_are_their_own_stem(doc_id: str) -> None:
    assert is_safe_stem(doc_id) and doc_stem(doc_id) == doc_id


@pytest.mark.parametrize("doc_id", [i for i in HOSTILE_IDS if not is_safe_stem(i)], ids=repr)
def test_filenames_a_changed_id_carries_a_hash(doc_id: str) -> None:
    stem = doc_stem(doc_id)
    assert stem != doc_id and len(stem) >= 13 and stem[-13] == "~"
    assert not is_safe_stem(stem)  # a kept id never looks like a changed one


def test_filenames_two_ids_never_share_a_stem() -> None:
    # ids that reduce to the same text ("a_b"), the reduced form of another id, cut ids with one prefix
    ids = set(HOSTILE_IDS + USUAL_IDS)
    ids |= {f"a{c}b" for c in "/\\{}<>\x00\x01_"} | {"a_b", doc_stem("a/b"), doc_stem(doc_stem("a/b"))}
    ids |= {"y" * 1000 + str(n) for n in range(50)} | {"\u7814" * 100 + chr(0x4e00 + n) for n in range(50)}
    stems = [doc_stem(i) for i in ids]
    assert len(set(stems)) == len(ids)


def test_filenames_stem_plus_suffixes_fits_a_file_name(tmp_path: Path) -> None:
    # the stem of an 80-character Chinese title, with .json and a temporary file's prefix and suffix
    for doc_id in ("\u5916" * 80, "\u7814" * 400, "x" * 1000):
        stem = doc_stem(doc_id)
        path = tmp_path / f".{stem}.json.abcdefgh.tmp"
        path.write_text("x", encoding="utf-8")
        assert len(os.fsencode(path.name)) <= 255


def test_filenames_stems_stay_in_their_folder(tmp_path: Path) -> None:
    for doc_id in HOSTILE_IDS:
        stem = doc_stem(doc_id)
        for target in (tmp_path / "docs" / f"{stem}.json", tmp_path / "extract" / stem / "key"):
            assert target.resolve().parent.parent == tmp_path.resolve() or \
                target.resolve().parent.parent.parent == tmp_path.resolve(), target


@pytest.mark.parametrize("path, pattern", [
    ("corpus/{shard}.txt", True), ("a}b", True), ("/x/<results>/y", True), ("<x>.txt", True), ("a<b_1>c", True),
    ("a<B>c", False), ("a<1>c", False), ("a<b-c>", False), ("a < b > c", False), ("plain/name.txt", False),
])
def test_filenames_snakemake_patterns(path: str, pattern: bool) -> None:
    assert is_snakemake_pattern(path) is pattern
    assert is_snakemake_pattern(Path(path)) is pattern


def test_filenames_stems_hold_no_snakemake_pattern() -> None:
    for doc_id in itertools.chain(HOSTILE_IDS, USUAL_IDS):
        assert not is_snakemake_pattern(doc_stem(doc_id))
