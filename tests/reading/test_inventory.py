"""Tests for the corpus listing (exomine.reading.inventory): documents, and every other entry with its reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exomine.reading.ingest import InputError
from exomine.reading.inventory import display_path, list_corpus, name_problem


def _touch(folder: Path, name: str, text: str = "Exosomal miR-9999 confers FOOmab resistance.\n") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_inventory_documents_and_skipped_entries(tmp_path: Path) -> None:
    for name in ("b.txt", "a.xml", "c.NXML", "notes.md", "paper.odt", "page.txt.gz", "review.doc", "noext",
                 ".hidden.txt", "manifest.tsv"):
        _touch(tmp_path, name)
    (tmp_path / "gold").mkdir()
    (tmp_path / "old").mkdir()
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "b.txt", tmp_path / "link.txt")  # a link to a document is a document
    os.mkfifo(tmp_path / "pipe.txt")
    listing = list_corpus(tmp_path, ignore=("manifest.tsv", "gold"))
    assert list(listing.documents) == ["a", "b", "c", "link"]
    others = {Path(r.file).name: (r.status, r.reason) for r in listing.others}
    assert set(others) == {"notes.md", "paper.odt", "page.txt.gz", "review.doc", "noext", ".hidden.txt", "old",
                           "dangling.txt", "pipe.txt"}
    assert all(status == "skipped" for status, _ in others.values())
    assert others["paper.odt"][1].startswith("unsupported file type '.odt'")
    assert others["page.txt.gz"][1].startswith("unsupported file type '.gz'")
    assert others["noext"][1].startswith("unsupported file type '(none)'")
    assert others["dangling.txt"][1] == f"dangling symbolic link (its target {tmp_path / 'nowhere.txt'} does not exist)"
    assert others["old"][1].startswith("a folder")
    assert others["pipe.txt"][1] == "not a regular file"
    assert others[".hidden.txt"][1] == "hidden file"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("semi;colon.txt", "contains ';'"),
        ("tab\there.txt", "tab or a line break"),
        ("new\nline.txt", "tab or a line break"),
        ("carriage\rreturn.txt", "tab or a line break"),
        ("bell\x07.txt", "control characters"),
    ],
)
def test_inventory_names_that_cannot_be_document_ids_are_rejected(tmp_path: Path, name: str, reason: str) -> None:
    _touch(tmp_path, "good.txt")
    _touch(tmp_path, name)
    listing = list_corpus(tmp_path)
    assert list(listing.documents) == ["good"]
    (row,) = listing.others
    assert (row.file, row.status) == (str(tmp_path / name), "rejected")
    assert reason in row.reason and "rename" in row.reason


@pytest.mark.parametrize("name", ["{shard}.txt", "a{b}c.txt", "$(touch PWNED).txt", "`id`.txt", "it's \"x\".txt",
                                  "=HYPERLINK(1).txt", "-rf.txt", "a b.txt", "miR-9999 ß.txt"])
def test_inventory_other_characters_are_just_data(tmp_path: Path, name: str) -> None:
    _touch(tmp_path, name)
    assert name_problem(name) is None
    listing = list_corpus(tmp_path)
    assert listing.documents == {name.rsplit(".", 1)[0]: tmp_path / name} and not listing.others


def test_inventory_name_not_utf8_is_rejected_and_shown_escaped(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    try:
        with open(raw, "wb") as fh:
            fh.write(b"Exosomal miR-9999.\n")
    except OSError:
        pytest.skip("the file system refuses names that are not UTF-8")
    (row,) = list_corpus(tmp_path).others
    assert row.status == "rejected" and "not valid UTF-8" in row.reason
    assert row.file == f"{tmp_path}/caf\\xe9.txt"
    assert display_path(os.fsdecode(raw)) == row.file


def test_inventory_same_document_id_twice_rejects_the_second(tmp_path: Path) -> None:
    _touch(tmp_path, "same.txt")
    (tmp_path / "same.xml").write_bytes(b"<article/>")
    listing = list_corpus(tmp_path)
    assert listing.documents == {"same": tmp_path / "same.txt"}
    (row,) = listing.others
    assert row.status == "rejected" and row.file == str(tmp_path / "same.xml")
    assert "'same' is also used by same.txt" in row.reason


def test_inventory_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="corpus folder does not exist"):
        list_corpus(tmp_path / "nowhere")
