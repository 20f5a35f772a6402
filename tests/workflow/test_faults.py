"""Fault injection: one bad file (or name, manifest, crash, kill) never costs the rest of the corpus.

Every hostile input of issue 8 is set beside the bundled corpus (``corpus/``, five reviews). For each one the
tests assert the message (status and reason in the ingest report), that the good documents' rows are those of
a clean run, and that nothing computed before is lost (the good documents' stored results are reused, not
rewritten).

* Fast tests run the steps of a workflow run without Snakemake: :func:`exomine.reading.inventory.list_corpus`,
  :func:`exomine.extraction.batch.process_batch` with the session's extractor, :func:`exomine.reading.ingest_report.build_report`.
* Slow tests run the real workflow: the bundled corpus plus every hostile file at once, then strict mode on the
  same corpus; a manifest that is not UTF-8; a SIGKILL half way and the README's resume command; two
  concurrent runs. (Kills at the corpus-level steps, the lock across checkouts and links, and a file changed
  while a run reads it are in ``test_faults_runs.py``.) The crash inside one document's extraction is injected there by a ``sitecustomize`` module
  put on the jobs' ``PYTHONPATH`` (test code only).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import summary_line

import exomine.extraction.batch
from exomine.extraction.batch import TABLES, process_batch
from exomine.filenames import doc_stem
from exomine.reading.corpus import load_manifest
from exomine.reading.ingest import read_document
from exomine.reading.ingest_report import build_report, manifest_row, read_report
from exomine.reading.inventory import list_corpus
from exomine.extraction.pipeline import Options
from exomine.tables import read_records

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "corpus"
GOOD = tuple(sorted(p.stem for p in BUNDLED.glob("*.txt")))
MARKER = "FAULT-INJECTION-CRASH"  # the injected fault makes extraction raise on a document holding this

TEXT = "Exosomal miR-9999 promotes cisplatin resistance in gastric cancer by targeting FOO1.\n"
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]><article><body><p>&lol9;</p></body></article>")


def _deep(depth: int) -> bytes:
    return b"<article><body><sec><p>" + b"<b>" * depth + TEXT.encode() + b"</b>" * depth + b"</p></sec></body></article>"


def _one_line(mirna: str, size: int) -> bytes:
    filler = "Vesicles of many sizes were isolated from the culture media and counted in every sample. " * 4
    unit = TEXT.strip().replace("9999", mirna) + " " + filler
    return (unit * (size // len(unit) + 1)).encode()


def _xxe(path: Path, outside: Path) -> None:
    secret = outside / "secret.txt"
    secret.write_text("TOP-SECRET-FOO1-VALUE\n", encoding="utf-8")
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                    f"<article><body><p>Exosomal miR-9999 &xxe; promotes cisplatin resistance.</p></body></article>",
                    encoding="utf-8")


def _bytes(data: bytes) -> Callable[[Path, Path], None]:
    return lambda path, outside: path.write_bytes(data)


def _symlink(target: str, data: bytes | None = None) -> Callable[[Path, Path], None]:
    def make(path: Path, outside: Path) -> None:
        if data is not None:
            (outside / target).write_bytes(data)
        os.symlink(outside / target, path)
    return make


def _mkdir(path: Path, outside: Path) -> None:
    path.mkdir()
    (path / "inner.txt").write_text(TEXT, encoding="utf-8")


def _copy_of(name: str) -> Callable[[Path, Path], None]:
    return lambda path, outside: shutil.copyfile(BUNDLED / name, path)


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[Path, Path], None]
    status: str
    reason: str = ""  # the reason starts with this ("" for a read file: no reason)
    slow_only: bool = False
    record: str | None = None  # the record id of a one-record export: the document is <stem>.<record>

    @property
    def doc_id(self) -> str:
        stem = _doc_id(self.name)
        return stem if self.record is None else f"{stem}.{self.record}"


def _medline(pmid: str, mirna: str) -> Callable[[Path, Path], None]:
    return _bytes(f"PMID- {pmid}\nTI  - Exosomal miR-{mirna} in gastric cancer\nAB  - {TEXT.replace('9999', mirna)}"
                  .encode())


def _pubtator(pmid: str, mirna: str, end: str = "\n", repeat: int = 1) -> bytes:
    abstract = " ".join([TEXT.strip().replace("9999", mirna)] * repeat)
    return f"{pmid}|t|Exosomal miR-{mirna} in gastric cancer{end}{pmid}|a|{abstract}{end}".encode()


def _bioc_json(doc_id, mirna: str, nesting: int = 0) -> Callable[[Path, Path], None]:
    infons = "[" * nesting + "]" * nesting if nesting else "{}"
    passage = {"offset": 0, "infons": {"type": "abstract"}, "text": TEXT.strip().replace("9999", mirna)}
    doc = json.dumps({"id": doc_id, "passages": [passage]})
    return _bytes(('{"source": "t", "infons": ' + infons + ', "documents": [' + doc + "]}").encode())


def _bioc_xml(doc_id: str, mirna: str, encoding: str = "utf-8", before_root: str = "") -> Callable[[Path, Path], None]:
    text = TEXT.strip().replace("9999", mirna)
    xml = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>{before_root}<collection><source>t</source>'
           f'<date/><key/><document><id>{doc_id}</id><passage><infon key="type">abstract</infon><offset>0</offset>'
           f"<text>{text}</text></passage></document></collection>")
    return _bytes(xml.encode(encoding))


def _loop(path: Path, outside: Path) -> None:
    os.symlink(path.with_name("loop_b.txt"), path)
    os.symlink(path, path.with_name("loop_b.txt"))


HOSTILE = [
    Hostile("latin1.txt", _bytes(("Caf\xe9 au lait. " + TEXT).encode("latin-1")), "rejected",
            "not UTF-8 text (invalid byte at offset 3)"),
    Hostile("utf16.txt", _bytes(TEXT.encode("utf-16")), "rejected", "UTF-16/UTF-32 text, expected UTF-8"),
    Hostile("binary.txt", _bytes(bytes(range(256)) * 8), "rejected", "binary file (contains NUL bytes)"),
    Hostile("empty.txt", _bytes(b""), "rejected", "file is empty"),
    Hostile("blank.xml", _bytes(b"  \n\n"), "rejected", "file is empty"),
    Hostile("nul_after_8k.txt", _bytes(TEXT.encode() * 200 + b"\x00" + TEXT.encode()), "rejected",
            "binary file (contains NUL bytes)"),
    Hostile("pdf_renamed.txt", _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
            "rejected", "not a readable PDF"),  # read as the PDF it is (a broken one)
    Hostile("furniture.txt", _bytes(b"Share\nCite\nDownload PDF\n"), "rejected", "no article text found"),
    Hostile("malformed.xml", _bytes(b"<article><body><p>Exosomal miR-9999 promotes"), "rejected", "malformed XML"),
    Hostile("not_jats.xml", _bytes(b"<html><body><p>" + TEXT.encode() + b"</p></body></html>"), "rejected",
            "no <article> element (root is <html>)"),
    Hostile("nul.xml", _bytes(b"<article><body><p>Exosomal\x00 miR-9999</p></body></article>"), "rejected",
            "binary file (contains NUL bytes)"),
    Hostile("deep.xml", _bytes(_deep(1500)), "rejected", "XML elements nested deeper than 512 levels"),
    Hostile("laughs.xml", _bytes(LAUGHS), "rejected", "malformed XML: Maximum entity amplification"),
    Hostile("xxe.xml", _xxe, "read"),
    Hostile("link_to_binary.txt", _symlink("program.bin", b"\x7fELF\x02\x01\x01\x00" * 64), "rejected",
            "binary file (contains NUL bytes)"),
    Hostile("dangling.txt", _symlink("gone.txt"), "skipped", "dangling symbolic link"),
    Hostile("paper.pdf", _bytes(b"%PDF-1.7\n"), "rejected", "not a readable PDF"),
    Hostile("page.html", _bytes(b"<html><body>" + TEXT.replace("9999", "9964").encode() + b"</body></html>"), "read"),
    Hostile("review.docx", _bytes(b"PK\x03\x04"), "rejected", "not a Word .docx file"),
    Hostile("PMC1.tar.gz", _bytes(b"\x1f\x8b\x08\x00 not a package"), "rejected", "not a readable tar.gz package"),
    Hostile("article.xml.gz", _bytes(b"<article/>"), "rejected", "not a readable gzip file"),
    Hostile("slides.pptx", _bytes(b"PK\x03\x04"), "skipped", "unsupported file type '.pptx'"),
    Hostile(".DS_Store", _bytes(b"\x00\x00\x00\x01Bud1"), "skipped", "hidden file"),
    Hostile("old", _mkdir, "skipped", "a folder"),
    Hostile("zhang_2018.xml", _bytes(b"<article><body><p>" + TEXT.encode() + b"</p></body></article>"), "rejected",
            "document id 'zhang_2018' is also used by zhang_2018.txt"),
    Hostile("zhang_2022 copy.txt", _copy_of("zhang_2022.txt"), "duplicate", "same content as "),
    Hostile("semi;colon.txt", _bytes(TEXT.encode()), "rejected", "file name contains ';'"),
    Hostile("tab\tname.txt", _bytes(TEXT.encode()), "rejected", "file name contains a tab or a line break"),
    Hostile("new\nline.txt", _bytes(TEXT.encode()), "rejected", "file name contains a tab or a line break"),
    Hostile("{shard}.txt", _bytes(TEXT.replace("9999", "9991").encode()), "read"),
    Hostile("a{b}c.txt", _bytes(TEXT.replace("9999", "9992").encode()), "read"),
    Hostile("$(touch PWNED).txt", _bytes(TEXT.replace("9999", "9993").encode()), "read"),
    Hostile("`touch PWNED` & rm -rf x.txt", _bytes(TEXT.replace("9999", "9994").encode()), "read"),
    Hostile("=HYPERLINK(1).txt", _bytes(TEXT.replace("9999", "9995").encode()), "read"),
    Hostile("formula.txt", _bytes(b'=HYPERLINK("http://example.invalid","FOO1") exosomal miR-9996 promotes '
                                  b"cisplatin resistance in gastric cancer.\n"), "read"),
    Hostile("title_only.txt", _bytes(b"Exosomal circFOO1 in cisplatin resistance\n"), "read"),
    Hostile("crash.txt", _bytes(f"{MARKER}\n{TEXT}".encode()), "rejected",
            "extraction failed: RuntimeError: injected fault"),
    # a whole article on one line: over spaCy's max_length (1,000,000) in the workflow run, over the 100,000
    # characters of a piece in the fast tests
    Hostile("long_line.txt", _bytes(_one_line("9997", 1_100_000)), "read", slow_only=True),
    Hostile("long_line_short.txt", _bytes(_one_line("9998", 150_000)), "read"),
    # issue 15: ids are data, never paths (traversal, absolute, separators, empty and null ids, long ids,
    # Snakemake path variables, control characters), in every reader
    Hostile("traversal.medline", _medline("/../../../PWNED-medline", "9981"), "read", record="/../../../PWNED-medline"),
    Hostile("other_doc.medline", _medline("/../zhang_2018", "9980"), "read", record="/../zhang_2018"),  # a good path
    Hostile("absolute.pubtator", _bytes(_pubtator("/tmp/PWNED-pubtator", "9982")), "read", record="/tmp/PWNED-pubtator"),
    Hostile("slashes.json", _bioc_json("a/b/c", "9983"), "read", record="a/b/c"),
    Hostile("dotdot.xml", _bioc_xml("../../../PWNED-bioc", "9984"), "read", record="../../../PWNED-bioc"),
    Hostile("null_id.json", _bioc_json(None, "9985"), "read", record="document1"),
    Hostile("empty_id.medline", _medline("", "9986"), "read", record="record1"),
    Hostile("long_id.pubtator", _bytes(_pubtator("9" * 1000, "9987", repeat=8)), "read", record="9" * 1000),
    Hostile("pathvar_id.json", _bioc_json("<results>", "9988"), "read", record="<results>"),
    Hostile("ctrl_id.medline", _medline("1\x01", "9989"), "rejected", "record id contains control characters",
            record="1\x01"),
    Hostile("<results>.txt", _bytes(TEXT.replace("9999", "9971").encode()), "read"),
    Hostile("a<x>b.txt", _bytes(TEXT.replace("9999", "9972").encode()), "read"),
    Hostile("\u5916\u6ccc\u4f53" * 27 + ".txt", _bytes(TEXT.replace("9999", "9973").encode()), "read"),  # 243 bytes
    # issue 15: planning never fails on content; readers sniff properly; exports carry any text that was read
    Hostile("deep_nesting.json", _bioc_json("1", "9974", nesting=1000), "rejected", "JSON nested 1001 levels deep"),
    Hostile("utf16_bioc.xml", _bioc_xml("90000021", "9975", encoding="utf-16"), "read", record="90000021"),
    Hostile("late_root_bioc.xml", _bioc_xml("90000022", "9976", before_root="<!--" + "x" * 9000 + "-->"), "read",
            record="90000022"),
    Hostile("loop_a.txt", _loop, "skipped", "symbolic link loop"),
    Hostile("controls.txt", _bytes(TEXT.replace("9999", "9977").replace(" promotes", "\x0b\x1b[1m promotes\x01")
                                   .replace("cancer", "cancer\ufffe").encode()), "read"),
]


def _doc_id(name: str) -> str:
    from exomine.reading.formats import file_stem

    return (file_stem(name) or name) if "." in name[1:] else name  # PMC1.tar.gz -> PMC1


def _copy_corpus(dst: Path) -> Path:
    dst.mkdir(parents=True)
    for p in BUNDLED.glob("*.txt"):
        shutil.copy2(p, dst / p.name)
    shutil.copy2(BUNDLED / "manifest.tsv", dst / "manifest.tsv")
    return dst


def _tree(root: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(root.rglob("*"))
            if p.is_file()}


def _doc_tables(results: Path, docs) -> dict:
    return {(d, name): read_records(results / "extract" / d / f"{name}.tsv", cls) for d in docs
            for name, (cls, _) in TABLES.items()}


# --------------------------------------------------------------------------
# fast: the workflow's steps without Snakemake
# --------------------------------------------------------------------------

def _run_steps(corpus: Path, results: Path):
    listing = list_corpus(corpus, ignore=("manifest.tsv", "gold"))
    manifest = load_manifest(corpus / "manifest.tsv", listing.documents)
    result = process_batch(listing.documents, results, Options(), manifest.rows)
    others = list(listing.others) + ([manifest_row(manifest)] if manifest.problems else [])
    return build_report(others, result.ingest, set(manifest.rows)), result


@pytest.fixture(scope="module")
def clean(tmp_path_factory, extractor):
    """The bundled corpus extracted once: (corpus, results, per-document tables)."""
    tmp = tmp_path_factory.mktemp("clean")
    corpus = _copy_corpus(tmp / "corpus")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(exomine.extraction.batch, "build_extractor", lambda options: extractor)
        report, _ = _run_steps(corpus, tmp / "results")
    assert [r.status for r in report] == ["read"] * len(GOOD)
    return corpus, tmp / "results", _doc_tables(tmp / "results", GOOD)


@pytest.fixture
def steps(clean, tmp_path, extractor, monkeypatch):
    """A copy of the clean corpus and results, and ``run()`` for the workflow's steps over them."""
    monkeypatch.setattr(exomine.extraction.batch, "build_extractor", lambda options: extractor)
    original = extractor.process

    def faulty(doc):
        if MARKER in doc.text:
            raise RuntimeError("injected fault")
        return original(doc)

    monkeypatch.setattr(extractor, "process", faulty)
    corpus, results = tmp_path / "corpus", tmp_path / "results"
    shutil.copytree(clean[0], corpus, symlinks=True)
    shutil.copytree(clean[1], results)
    outside = tmp_path / "outside"
    outside.mkdir()
    return corpus, results, outside, lambda: _run_steps(corpus, results)


def _assert_good_documents_untouched(clean, results: Path) -> None:
    """The good documents' rows equal the clean run's, and their stored results were reused, not rewritten."""
    _, clean_results, tables = clean
    assert _doc_tables(results, GOOD) == tables
    before, after = _tree(clean_results), _tree(results)
    assert {k: v for k, v in after.items() if k in before} == before


def _outside(root: Path, *inside: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and link under ``root`` but those in ``inside`` (what a run must not touch)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if any(p == d or d in p.parents for d in inside):
            continue
        out[str(p)] = os.readlink(p) if p.is_symlink() else (p.stat().st_mtime_ns, p.read_bytes()) if p.is_file() else ""
    return out


def _assert_results_shape(results: Path) -> None:
    """Per-document files are where their stems put them: docs/<stem>.*, extract/<stem>/<file>; names fit."""
    for p in (results / "docs").rglob("*"):
        assert p.parent == results / "docs" and p.is_file(), p
    for p in (results / "extract").rglob("*"):
        assert p.parent == results / "extract" and p.is_dir() or p.parent.parent == results / "extract", p
    assert all(len(os.fsencode(p.name)) <= 255 - 20 for p in results.rglob("*"))


@pytest.mark.parametrize("case", [h for h in HOSTILE if not h.slow_only], ids=lambda h: h.name)
def test_faults_one_hostile_file(steps, clean, case: Hostile, caplog) -> None:
    corpus, results, outside, run = steps
    case.make(corpus / case.name, outside)
    untouched = _outside(corpus.parent, results)
    report, result = run()
    assert _outside(corpus.parent, results) == untouched  # nothing written outside results/
    _assert_results_shape(results)
    rows = [r for r in report if Path(r.file).name == case.name]
    assert [r.status for r in rows] == [case.status], report
    assert rows[0].reason.startswith(case.reason) if case.reason else rows[0].reason == "", rows[0].reason
    assert rows[0].file == str(corpus / case.name)
    assert [r.status for r in report if Path(r.file).stem in GOOD and r.file.endswith(".txt")] == ["read"] * len(GOOD)
    _assert_good_documents_untouched(clean, results)
    # a document (read, duplicate, or rejected for its content) went through the shard batch; the rest did not
    document = case.status in ("read", "duplicate") or (
        case.status == "rejected" and not case.reason.startswith(("file name", "document id", "record id")))
    assert len([r for r in result.ingest if r.doc_id not in GOOD]) == document
    if case.status != "skipped":
        assert rows[0].doc_id == case.doc_id  # the displayed id is the original text
    if case.status == "read":
        assert (results / "extract" / doc_stem(case.doc_id) / "key").is_file()
        assert rows[0].sentences and rows[0].chars_kept
    if case.status == "rejected" and case.doc_id not in GOOD:
        assert not (results / "extract" / doc_stem(case.doc_id)).exists()
        assert not (results / "docs" / f"{doc_stem(case.doc_id)}.txt").exists()


def test_faults_crash_traceback_is_logged(steps, caplog) -> None:
    corpus, results, outside, run = steps
    (corpus / "crash.txt").write_text(f"{MARKER}\n{TEXT}", encoding="utf-8")
    caplog.set_level("INFO", logger="exomine.extraction.batch")
    report, _ = run()
    assert "Traceback (most recent call last)" in caplog.text and "RuntimeError: injected fault" in caplog.text
    assert "extraction of crash" in caplog.text


def test_faults_all_hostile_files_at_once(steps, clean) -> None:
    corpus, results, outside, run = steps
    for case in HOSTILE:
        if not case.slow_only:
            case.make(corpus / case.name, outside)
    report, _ = run()
    status = {Path(r.file).name: (r.status, r.reason) for r in report}
    for case in HOSTILE:
        if not case.slow_only:
            assert status[case.name][0] == case.status and status[case.name][1].startswith(case.reason), case.name
    _assert_good_documents_untouched(clean, results)


def test_faults_multi_record_files(steps, clean) -> None:
    import json

    corpus, results, outside, run = steps
    record = {"id": "90000005", "infons": {}, "relations": [], "annotations": [], "passages": [
        {"offset": 0, "infons": {"type": "abstract"}, "text": TEXT.strip(), "sentences": [], "annotations": [],
         "relations": []}]}
    collection = {"source": "t", "date": "20240101", "key": "t.key", "infons": {},
                  "documents": [record, {**record, "id": "r;1"}]}
    (corpus / "set.json").write_text(json.dumps(collection), encoding="utf-8")
    pubtator = "90000006|t|Exosomal miR-9999 in gastric cancer\n90000006|a|" + TEXT
    (corpus / "late_nul.pubtator").write_bytes(pubtator.encode() + b"\n" * 9000 + b"\x00\n")
    report, _ = run()
    status = {r.doc_id: (r.status, r.reason) for r in report if r.doc_id not in GOOD}
    assert status["set.90000005"] == ("read", "")
    assert status["set.r;1"][0] == "rejected" and status["set.r;1"][1].startswith("record id contains ';'")
    assert status["late_nul"][0] == "rejected" and "binary file (contains NUL bytes)" in status["late_nul"][1]
    _assert_good_documents_untouched(clean, results)


def test_faults_record_line_ends_and_manifest_ids(steps, clean) -> None:
    corpus, results, outside, run = steps
    (corpus / "old_mac.pubtator").write_bytes(_pubtator("90000031", "9961", end="\r") +
                                              _pubtator("90000032", "9962", end="\r"))
    _medline("/../../../PWNED-curated", "9963")(corpus / "curated.medline", outside)
    with open(corpus / "manifest.tsv", "a", encoding="utf-8") as fh:  # a row for a record whose id is a path
        fh.write("\t".join(["curated./../../../PWNED-curated", "curated.medline", "Curated FOO1 title"]
                           + [""] * 6) + "\n")
    untouched = _outside(corpus.parent, results)
    report, _ = run()
    assert _outside(corpus.parent, results) == untouched
    status = {r.doc_id: (r.status, r.reason) for r in report if r.doc_id not in GOOD}
    assert status == {"old_mac.90000031": ("read", ""), "old_mac.90000032": ("read", ""),
                      "curated./../../../PWNED-curated": ("read", "")}
    stored = json.loads((results / "docs" / f"{doc_stem('curated./../../../PWNED-curated')}.json").read_text())
    assert stored["metadata"]["title"] == "Curated FOO1 title" and stored["doc_id"] == "curated./../../../PWNED-curated"
    _assert_good_documents_untouched(clean, results)


def test_faults_no_xxe_leak_and_billion_laughs_refused_fast(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    _xxe(tmp_path / "xxe.xml", outside)
    doc = read_document(tmp_path / "xxe.xml")
    assert "TOP-SECRET" not in doc.text and "miR-9999" in doc.text
    (tmp_path / "laughs.xml").write_bytes(LAUGHS)
    start = time.perf_counter()
    with pytest.raises(ValueError, match="entity amplification"):
        read_document(tmp_path / "laughs.xml")
    assert time.perf_counter() - start < 1.0


def test_faults_manifest_problems_leave_the_good_rows(steps, clean) -> None:
    corpus, results, outside, run = steps
    lines = (corpus / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    ghost = "\t".join(["ghost", "ghost.txt"] + [""] * 7)
    lines += [lines[2].replace("\t2018\t", "\t2019\t"), ghost, lines[1] + "\textra"]
    (corpus / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, _ = run()
    (row,) = [r for r in report if r.file.endswith("manifest.tsv")]
    assert row.status == "rejected"
    assert "line 7, column 1: doc_id 'zhang_2018' repeats line 3" in row.reason
    assert "line 8, column 2: file 'ghost.txt' is not in the corpus (no such file)" in row.reason
    assert "line 9, column 10: extra field 'extra'" in row.reason
    _assert_good_documents_untouched(clean, results)


def test_faults_manifest_not_utf8_keeps_every_document(steps, clean) -> None:
    corpus, results, outside, run = steps
    data = (corpus / "manifest.tsv").read_bytes().replace("Exosome: Function".encode(), b"Exosome\xb7 Function")
    (corpus / "manifest.tsv").write_bytes(data)
    report, result = run()
    (row,) = [r for r in report if r.file.endswith("manifest.tsv")]
    assert row.reason.startswith("manifest not used: line 3, column 34: not UTF-8 text (byte 0xb7")
    assert [r.status for r in report if r is not row] == ["read"] * len(GOOD)
    # without their curated metadata the documents are extracted again, into the same tables
    assert _doc_tables(results, GOOD) == clean[2]


# --------------------------------------------------------------------------
# slow: the real workflow
# --------------------------------------------------------------------------

INJECT = f'''"""Test-only fault injection: extraction raises on a document that holds the marker."""
import exomine.extraction.extract as _extract

_process = _extract.Extractor.process


def _faulty(self, doc):
    if {MARKER!r} in doc.text:
        raise RuntimeError("injected fault")
    return _process(self, doc)


_extract.Extractor.process = _faulty
'''

CORPUS_TABLES = ("entities.tsv", "relations.tsv", "triples.tsv")


def _workflow(tmp: Path, corpus: Path, results: Path, *extra: str, inject: bool = False,
              wait: bool = True, checkout: Path = REPO,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess | subprocess.Popen:
    """The README's run command on ``corpus`` (from ``checkout``, with ``env`` added to the environment)."""
    cmd = [sys.executable, "-m", "snakemake", "--cores", "2", "--snakefile", str(checkout / "Snakefile"),
           "--directory", str(checkout), "--config", f"corpus={corpus}", f"results={results}",
           f"logs={results.parent / (results.name + '-logs')}", "shards=2", *extra]
    env = {**os.environ, **(env or {})}
    if inject:
        folder = tmp / "inject"
        folder.mkdir(exist_ok=True)
        (folder / "sitecustomize.py").write_text(INJECT, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(folder), env.get("PYTHONPATH", "")) if p)
    if not wait:
        return subprocess.Popen(cmd, cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
    return subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, timeout=900)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _good_rows(results: Path) -> dict[str, list]:
    """The corpus tables' rows of the good documents (triples: those supported by good documents only)."""
    out = {}
    for name in CORPUS_TABLES:
        rows = _rows(results / name)
        if name == "triples.tsv":
            out[name] = [r for r in rows if set(r["doc_ids"].split(";")) <= set(GOOD)]
            assert not [r for r in rows if set(r["doc_ids"].split(";")) & set(GOOD)
                        and not set(r["doc_ids"].split(";")) <= set(GOOD)], "a triple mixes good and hostile documents"
        else:
            out[name] = [r for r in rows if r["doc_id"] in GOOD]
    return out


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """The workflow on a copy of the bundled corpus: (tmp, corpus, results, snapshot of results)."""
    tmp = tmp_path_factory.mktemp("faults")
    corpus = _copy_corpus(tmp / "corpus")
    proc = _workflow(tmp, corpus, tmp / "clean")
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert summary_line(proc.stderr) == f"{len(GOOD)} files: {len(GOOD)} read (see {tmp / 'clean' / 'ingest.tsv'})"
    return tmp, corpus, tmp / "clean", _tree(tmp / "clean")


@pytest.fixture(scope="module")
def hostile_run(clean_run):
    """The workflow on the bundled corpus plus every hostile file, in a copy of the clean results."""
    tmp, _, clean, _ = clean_run
    corpus = _copy_corpus(tmp / "hostile-corpus")
    outside = tmp / "outside"
    outside.mkdir()
    for case in HOSTILE:
        case.make(corpus / case.name, outside)
    with open(corpus / "manifest.tsv", "a", encoding="utf-8") as fh:  # problems in rows of no good document
        fh.write("\t".join(["title_only", "title_only.txt", "Curated", "", "", "", "", "", "", "extra"]) + "\n")
        fh.write("\t".join(["ghost", "ghost.txt"] + [""] * 7) + "\n")
    results = tmp / "hostile"
    shutil.copytree(clean, results)  # a results folder in another place: the good documents are reused from it
    mine = (results, tmp / "hostile-logs", tmp / "inject")  # the run's folders, and the test's fault injection
    untouched = _outside(tmp, *mine)
    proc = _workflow(tmp, corpus, results, inject=True)
    assert _outside(tmp, *mine) == untouched, "the run wrote outside results/ and logs/"
    return tmp, corpus, results, proc


@pytest.mark.slow
def test_faults_workflow_all_hostile_files_at_once(clean_run, hostile_run) -> None:
    tmp, _, clean, clean_files = clean_run
    _, corpus, results, proc = hostile_run
    assert proc.returncode == 0, proc.stderr[-4000:]
    report = _rows(results / "ingest.tsv")
    n_files = len({r["file"] for r in report})
    summary = summary_line(proc.stderr)
    assert summary.startswith(f"{n_files} files: ") and summary.endswith(f"(see {results / 'ingest.tsv'})")
    assert [line for line in proc.stderr.splitlines()
            if line.startswith("warning: ") and "rejected and left out of the corpus tables" in line]
    # every bad file is named with its reason
    status = {Path(r["file"]).name: (r["status"], r["reason"]) for r in report}
    for case in HOSTILE:
        assert status[case.name][0] == case.status, (case.name, status[case.name])
        assert status[case.name][1].startswith(case.reason), (case.name, status[case.name])
    assert status["manifest.tsv"][0] == "rejected" and "extra field 'extra'" in status["manifest.tsv"][1]
    assert "file 'ghost.txt' is not in the corpus" in status["manifest.tsv"][1]
    # the good documents' rows are the clean run's; the duplicate is left out; nothing was re-extracted
    assert _good_rows(results) == _good_rows(clean)
    assert "zhang_2022 copy" not in {r["doc_id"] for r in _rows(results / "entities.tsv")}
    for name, (mtime, data) in clean_files.items():
        if name.split("/")[0] in ("docs", "extract"):
            path = results / name
            assert path.stat().st_mtime_ns == mtime and path.read_bytes() == data, name
    assert (results / "graph.graphml").stat().st_size and (results / "graph.json").stat().st_size
    # the crash: a rejected document with its traceback in its shard's log, the shard's other documents kept
    logs = "\n".join(p.read_text(encoding="utf-8") for p in (tmp / "hostile-logs" / "extract").glob("*.log"))
    assert "Traceback (most recent call last)" in logs and "RuntimeError: injected fault" in logs
    # names are data: nothing ran; the XXE entity was not resolved; formula cells are neutralised
    assert not [p for d in (tmp, REPO, corpus, Path.cwd()) for p in d.glob("PWNED*")]
    assert not [p for p in results.rglob("*") if p.is_file() and b"TOP-SECRET" in p.read_bytes()]
    cells = [c for name in CORPUS_TABLES + ("ingest.tsv",) for row in _rows(results / name) for c in row.values()]
    assert "'=HYPERLINK(1)" in cells  # the document id
    assert [c for c in cells if c.startswith("'=HYPERLINK(\"http://example.invalid\"")]  # the evidence sentence
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c.lstrip("-").isdigit())]
    braces = [r for r in _rows(results / "triples.tsv") if r["doc_ids"] in ("{shard}", "a{b}c")]
    assert sorted(r["doc_ids"] for r in braces) == ["a{b}c", "{shard}"]
    # ids are data (issue 15): every read document's files are named by its stem, under results/ only
    _assert_results_shape(results)
    read = [case for case in HOSTILE if case.status == "read"]
    ingest_ids = {r.doc_id for r in read_report(results / "ingest.tsv") if r.status == "read"}  # formulas restored
    for case in read:
        assert case.doc_id in ingest_ids, case.name
        stem = doc_stem(case.doc_id)
        for path in (results / "docs" / f"{stem}.json", results / "brat" / f"{stem}.ann",
                     results / "extract" / stem / "key"):
            assert path.is_file(), (case.name, path)
    assert {r["doc_ids"] for r in _rows(results / "triples.tsv")} >= {"<results>", "traversal./../../../PWNED-medline"}
    # any text that was read is exported: the BioC XML parses and carries the control characters as U+FFFD
    from lxml import etree

    collection = etree.parse(str(results / "bioc" / "exomine.xml")).getroot()
    texts = {d.findtext("id"): "".join(d.xpath("passage/text/text()")) for d in collection.iter("document")}
    controls = next(t for t in texts.values() if "miR-9977" in t)
    assert "\ufffd" in controls and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", controls)
    assert json.loads((results / "bioc" / "exomine.json").read_text(encoding="utf-8"))["documents"]


@pytest.mark.slow
def test_faults_workflow_strict_fails_naming_the_first_rejected_file(hostile_run) -> None:
    tmp, corpus, results, first = hostile_run
    assert first.returncode == 0
    before = {name: (results / name).read_bytes() for name in CORPUS_TABLES + ("graph.graphml", "ingest.tsv")}
    proc = _workflow(tmp, corpus, results, "strict=true", inject=True)
    assert proc.returncode != 0
    rejected = sorted(r["file"] for r in _rows(results / "ingest.tsv") if r["status"] == "rejected")
    output = proc.stdout + proc.stderr
    assert "strict mode: " in output and f"the first: {rejected[0]}: " in output, output[-3000:]
    # nothing computed before is lost
    assert {name: (results / name).read_bytes() for name in before} == before


@pytest.mark.slow
def test_faults_workflow_manifest_not_utf8(clean_run) -> None:
    tmp, _, clean, _ = clean_run
    corpus = _copy_corpus(tmp / "latin1-corpus")
    data = (corpus / "manifest.tsv").read_bytes().replace("Exosome: Function".encode(), b"Exosome\xb7 Function")
    (corpus / "manifest.tsv").write_bytes(data)
    results = tmp / "latin1"
    shutil.copytree(clean, results)
    proc = _workflow(tmp, corpus, results, "-q")
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert f"warning: {corpus / 'manifest.tsv'}: line 3, column 34: not UTF-8 text" in proc.stderr
    (row,) = [r for r in _rows(results / "ingest.tsv") if r["file"].endswith("manifest.tsv")]
    assert row["status"] == "rejected" and row["reason"].startswith("manifest not used: line 3, column 34")
    for name in CORPUS_TABLES + ("graph.graphml", "graph.json"):
        assert (results / name).read_bytes() == (clean / name).read_bytes(), name


@pytest.mark.slow
def test_faults_workflow_corpus_folder_name_is_data(tmp_path: Path) -> None:
    corpus = tmp_path / "my <corpus> {x}"  # braces and a Snakemake path variable in the folder's name
    corpus.mkdir()
    for name, mirna in (("plain.txt", "9951"), ("<results>.txt", "9952"), ("{shard}.txt", "9953")):
        (corpus / name).write_text(TEXT.replace("9999", mirna), encoding="utf-8")
    _medline("/../../../PWNED", "9954")(corpus / "set.medline", tmp_path)
    results = tmp_path / "results"
    proc = _workflow(tmp_path, corpus, results, "-q")
    assert proc.returncode == 0, proc.stderr[-4000:]
    report = {r["doc_id"]: r["status"] for r in _rows(results / "ingest.tsv")}
    assert report == {"plain": "read", "<results>": "read", "{shard}": "read", "set./../../../PWNED": "read"}
    assert {r["doc_ids"] for r in _rows(results / "triples.tsv")} == set(report)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my <corpus> {x}", "results", "results-logs"]


@pytest.mark.slow
@pytest.mark.parametrize("key", ["results", "logs"])
def test_faults_workflow_pattern_in_results_folder_is_refused_before_anything_is_written(tmp_path, key) -> None:
    corpus = _copy_corpus(tmp_path / "corpus")
    folder = tmp_path / "out-<results>"
    cmd = [sys.executable, "-m", "snakemake", "--cores", "1", "-n", "--snakefile", str(REPO / "Snakefile"),
           "--directory", str(REPO), "--config", f"corpus={corpus}", f"results={tmp_path / 'r'}",
           f"logs={tmp_path / 'l'}", f"{key}={folder}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert f"{key} folder {str(folder)!r}: Snakemake reads braces as wildcards and <name> as a path variable" in \
        proc.stdout + proc.stderr
    assert not folder.exists()


def _lock_files() -> list[Path]:
    return sorted((REPO / ".snakemake" / "locks").glob("*")) if (REPO / ".snakemake" / "locks").is_dir() else []


@pytest.mark.slow
def test_faults_workflow_sigkill_then_resume_is_byte_identical(clean_run) -> None:
    tmp, corpus, clean, clean_files = clean_run
    results = tmp / "killed"
    run = _workflow(tmp, corpus, results, wait=False)
    deadline = time.monotonic() + 300
    while not list(results.glob("extract/*/key")) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # half way: a document extracted, the corpus tables not yet written
    run.wait()
    assert not (results / "triples.tsv").exists()
    # the README's resume command is the run command: the killed run's lock is taken over, with a warning
    resumed = _workflow(tmp, corpus, results, "-q")
    assert resumed.returncode == 0, resumed.stderr[-4000:]
    assert f"taking over the lock of a run that is gone without giving it back (killed?): process {run.pid} " \
        in resumed.stderr, resumed.stderr[-3000:]
    assert _comparable(_tree_bytes(results)) == _comparable({k: v[1] for k, v in clean_files.items()})


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {k: v[1] for k, v in _tree(root).items()}


def _comparable(files: dict[str, bytes]) -> dict[str, object]:
    """A DuckDB file is not byte-reproducible (its header and block checksums vary): compare its tables' rows."""
    import duckdb

    out: dict[str, object] = {}
    for name, data in files.items():
        if not name.endswith(".duckdb"):
            out[name] = data
            continue
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "copy.duckdb"
            path.write_bytes(data)
            con = duckdb.connect(str(path), read_only=True)
            tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                                "WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
            out[name] = {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
            con.close()
    return out


@pytest.mark.slow
def test_faults_workflow_concurrent_runs_are_locked_out_and_runs_are_byte_identical(clean_run) -> None:
    tmp, corpus, clean, clean_files = clean_run
    results = tmp / "concurrent"
    first = _workflow(tmp, corpus, results, wait=False)
    deadline = time.monotonic() + 300
    while not (results / "cache").exists() and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    second = _workflow(tmp, corpus, results, "-q")
    output, _ = first.communicate(timeout=900)
    assert first.returncode == 0, output[-4000:]
    assert second.returncode == 1
    assert f"{results / '.exomine-run.lock'}: the folder is in use by another exomine run (process {first.pid} " \
        in second.stderr, second.stderr[-3000:]
    assert _comparable(_tree_bytes(results)) == _comparable({k: v[1] for k, v in clean_files.items()})
