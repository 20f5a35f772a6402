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


# --------------------------------------------------------------------------
# ids are data: every reader, every class of hostile id (issue 15)
# --------------------------------------------------------------------------

from test_bibformats import HOSTILE as HOSTILE_RECORD_IDS, WRITERS  # noqa: E402

from exomine.filenames import MAX_STEM_BYTES, doc_stem, is_snakemake_pattern  # noqa: E402
from exomine.reading.ingest import read_document  # noqa: E402

SUFFIX = {"medline": ".medline", "pubtator": ".pubtator", "bioc-json": ".json", "bioc-xml": ".xml"}


def _record_cases():
    for fmt in WRITERS:
        for rid in HOSTILE_RECORD_IDS:
            if fmt == "bioc-xml" and any(ord(c) < 32 for c in rid):
                continue
            yield pytest.param(fmt, rid, id=f"{fmt}-{rid[:20]!r}")


@pytest.mark.parametrize("fmt, rid", list(_record_cases()))
def test_inventory_hostile_record_ids_are_documents_or_rejected_with_a_reason(tmp_path: Path, fmt: str,
                                                                              rid: str) -> None:
    path = tmp_path / f"export{SUFFIX[fmt]}"
    path.write_bytes(WRITERS[fmt](rid, "90000001"))
    listing = list_corpus(tmp_path)
    doc_id = f"export.{rid}"
    problem = name_problem(rid, "record id")
    if problem:  # ';' and control characters cannot be in a table cell
        (row,) = listing.others
        assert (row.status, row.doc_id, row.reason) == ("rejected", doc_id, problem)
        assert list(listing.documents) == ["export.90000001"]
        return
    assert listing.documents == {doc_id: path, "export.90000001": path} and not listing.others
    doc = read_document(path, doc_id)
    assert doc.doc_id == doc_id and "FOO1" in doc.text
    assert doc_stem(doc_id) != doc_stem("export.90000001")


@pytest.mark.parametrize("name", ["<results>.txt", "a<x>b.txt", "<B>.txt", "a..b.txt", "a\\b.txt", "-.txt",
                                  "\u5916" * 80 + ".txt", "x" * 251 + ".txt", "~0123456789ab.txt", " .txt"])
def test_inventory_hostile_file_names_are_documents(tmp_path: Path, name: str) -> None:
    _touch(tmp_path, name)
    listing = list_corpus(tmp_path)
    assert listing.documents == {name[:-4]: tmp_path / name} and not listing.others
    stem = doc_stem(name[:-4])  # the name of its result files
    assert len(stem.encode()) <= MAX_STEM_BYTES and not is_snakemake_pattern(stem) and "\\" not in stem


def test_inventory_symlink_loop_is_named(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")
    others = {Path(r.file).name: (r.status, r.reason) for r in list_corpus(tmp_path).others}
    assert set(others) == {"a.txt", "b.txt", "self.txt"}
    assert all(status == "skipped" and reason.startswith("symbolic link loop") for status, reason in others.values())


def test_inventory_unreadable_file_is_rejected_at_listing(tmp_path: Path, monkeypatch) -> None:
    import builtins

    import exomine.reading.inventory as inventory

    _touch(tmp_path, "good.txt")
    secret = _touch(tmp_path, "secret.txt")
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):  # chmod 000 does not stop root, so refuse as the kernel would
        if Path(file) == secret:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(inventory, "open", refusing_open, raising=False)
    listing = list_corpus(tmp_path)
    assert list(listing.documents) == ["good"]
    (row,) = listing.others
    assert (row.file, row.doc_id, row.status) == (str(secret), "secret", "rejected")
    assert row.reason == "cannot read file (Permission denied)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_inventory_chmod_000_is_rejected_at_listing(tmp_path: Path) -> None:
    _touch(tmp_path, "secret.txt").chmod(0)
    (row,) = list_corpus(tmp_path).others
    assert row.status == "rejected" and row.reason == "cannot read file (Permission denied)"


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), MemoryError(),
                                   KeyError("id"), UnicodeError("bad")])
def test_inventory_listing_never_raises_on_a_file(tmp_path: Path, monkeypatch, error: Exception) -> None:
    import exomine.reading.inventory as inventory

    _touch(tmp_path, "good.txt")
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    real = inventory.document_ids

    def failing(path):
        if Path(path).name == "bad.json":
            raise error
        return real(path)

    monkeypatch.setattr(inventory, "document_ids", failing)
    listing = list_corpus(tmp_path)
    assert list(listing.documents) == ["good"]
    (row,) = listing.others
    assert row.status == "rejected" and row.file == str(tmp_path / "bad.json")
    assert row.reason.startswith(f"cannot list the records of the file ({type(error).__name__}")


def test_inventory_deep_json_is_listed_then_rejected_when_read(tmp_path: Path) -> None:
    _touch(tmp_path, "good.txt")
    (tmp_path / "deep.json").write_text('{"documents": ' + "[" * 1000 + "]" * 1000 + "}", encoding="utf-8")
    listing = list_corpus(tmp_path)
    assert listing.documents == {"deep": tmp_path / "deep.json", "good": tmp_path / "good.txt"}
    with pytest.raises(InputError, match="JSON nested 1001 levels deep"):
        read_document(tmp_path / "deep.json", "deep")


def test_inventory_two_ids_with_one_stem_reject_the_second(tmp_path: Path, monkeypatch) -> None:
    import exomine.reading.inventory as inventory

    _touch(tmp_path, "a.txt")
    _touch(tmp_path, "b.txt")
    monkeypatch.setattr(inventory, "doc_stem", lambda doc_id: "same")  # as if two hashes were equal
    listing = list_corpus(tmp_path)
    assert list(listing.documents) == ["a"]
    (row,) = listing.others
    assert row.status == "rejected" and row.doc_id == "b"
    assert row.reason == "document id 'b' has the same result file name 'same' as 'a' (rename one of them)"
