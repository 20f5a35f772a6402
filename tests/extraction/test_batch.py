"""Tests for shard batches that reuse per-document results (exomine.extraction.batch), with the real extractor."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest

import exomine.extraction.batch
from exomine.extraction.batch import TABLES, BatchError, run_batch
from exomine.extraction.pipeline import Options
from exomine.records import Relation, Triple
from exomine.tables import read_records

REVIEW_A = """Exosomal microRNAs in gastric cancer chemoresistance
Abstract
Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN.
"""

REVIEW_B = """Circular RNAs in exosomes and oxaliplatin resistance
Abstract
Exosomal circFOO1 promotes oxaliplatin resistance in colorectal cancer via the miR-1234-5p/KRAS axis.
"""

REVIEW_B_CHANGED = """Circular RNAs in exosomes and oxaliplatin resistance
Abstract
Exosomal H19 promotes doxorubicin resistance in breast cancer.
"""


@pytest.fixture
def batch(tmp_path: Path, extractor, monkeypatch, caplog):
    """A corpus of two reviews and a ``run()`` that runs the batch over it and returns its log summary."""
    # reuse the session's extractor (built with Options()) instead of building one per run
    monkeypatch.setattr(exomine.extraction.batch, "build_extractor", lambda options: extractor)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "review_a.txt").write_text(REVIEW_A, encoding="utf-8")
    (corpus / "review_b.txt").write_text(REVIEW_B, encoding="utf-8")
    results = tmp_path / "results"
    caplog.set_level(logging.INFO, logger="exomine.extraction.batch")

    def run(sources: dict[str, Path] | None = None, manifest=None) -> tuple[dict, tuple[int, int, int]]:
        caplog.clear()
        tables = run_batch(sources or {p.stem: p for p in sorted(corpus.glob("*.txt"))}, results, Options(), manifest)
        return tables, _summary(caplog.text)

    return corpus, results, run


def _summary(log: str) -> tuple[int, int, int]:
    m = re.search(r"(\d+) documents extracted, (\d+) reused, (\d+) failed", log)
    assert m, log
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def _outputs(results: Path, doc: str) -> list[Path]:
    return ([results / "docs" / f"{doc}.txt", results / "docs" / f"{doc}.json", results / "extract" / doc / "key"]
            + [results / "extract" / doc / f"{t}.tsv" for t in TABLES])


def _stamps(results: Path, doc: str) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in _outputs(results, doc)}


def test_batch_writes_per_document_outputs(batch) -> None:
    corpus, results, run = batch
    tables, summary = run()
    assert summary == (2, 0, 0)
    assert set(TABLES) == {"entities", "relations", "triples", "sentences"}
    for doc in ("review_a", "review_b"):
        for path in _outputs(results, doc):
            assert path.is_file(), path
    text = (results / "docs" / "review_a.txt").read_text(encoding="utf-8")
    assert "Exosomal miR-21 promotes cisplatin resistance" in text
    triples = read_records(results / "extract" / "review_a" / "triples.tsv", Triple)
    assert [(t.regulator, t.drug, t.effect) for t in triples] == [("hsa-miR-21", "Cisplatin", "resistance")]
    assert {t.doc_ids for t in tables["triples"]} == {"review_a", "review_b"}
    assert set(tables) == set(TABLES)
    # the returned records are the per-document tables
    on_disk = [r for doc in ("review_a", "review_b")
               for r in read_records(results / "extract" / doc / "relations.tsv", Relation)]
    assert sorted(tables["relations"], key=repr) == sorted(on_disk, key=repr)


def test_batch_second_run_reuses_everything(batch) -> None:
    corpus, results, run = batch
    first, _ = run()
    before = {doc: _stamps(results, doc) for doc in ("review_a", "review_b")}
    again, summary = run()
    assert summary == (0, 2, 0)
    assert {doc: _stamps(results, doc) for doc in before} == before
    for name in TABLES:
        assert sorted(again[name], key=repr) == sorted(first[name], key=repr), name


def test_batch_changed_file_is_the_only_one_extracted(batch) -> None:
    corpus, results, run = batch
    run()
    unchanged = _stamps(results, "review_a")
    old_key = (results / "extract" / "review_b" / "key").read_text()
    (corpus / "review_b.txt").write_text(REVIEW_B_CHANGED, encoding="utf-8")
    tables, summary = run()
    assert summary == (1, 1, 0)
    assert _stamps(results, "review_a") == unchanged
    assert (results / "extract" / "review_b" / "key").read_text() != old_key
    assert "H19" in (results / "docs" / "review_b.txt").read_text(encoding="utf-8")
    triples = read_records(results / "extract" / "review_b" / "triples.tsv", Triple)
    assert [(t.regulator, t.drug) for t in triples] == [("H19", "Doxorubicin")]
    assert {(t.regulator, t.doc_ids) for t in tables["triples"]} == {("hsa-miR-21", "review_a"), ("H19", "review_b")}


def test_batch_changed_manifest_row_re_extracts(batch) -> None:
    corpus, results, run = batch
    run()
    _, summary = run(manifest={"review_a": {"doc_id": "review_a", "title": "Curated title"}})
    assert summary == (1, 1, 0)
    assert '"title": "Curated title"' in (results / "docs" / "review_a.json").read_text(encoding="utf-8")


def test_batch_missing_table_re_extracts(batch) -> None:
    corpus, results, run = batch
    run()
    (results / "extract" / "review_a" / "sentences.tsv").unlink()
    _, summary = run()
    assert summary == (1, 1, 0)
    assert (results / "extract" / "review_a" / "sentences.tsv").is_file()


def test_batch_binary_file_fails_after_the_others(batch) -> None:
    corpus, results, run = batch
    binary = corpus / "review_0.txt"  # sorts first: the others are still processed after it
    binary.write_bytes(b"\x00\x01\x02 not a review \x00\xff")
    with pytest.raises(BatchError) as info:
        run()
    assert str(binary) in str(info.value)
    assert "binary" in str(info.value)
    assert [f.path for f in info.value.failures] == [str(binary)]
    for doc in ("review_a", "review_b"):
        for path in _outputs(results, doc):
            assert path.is_file(), path
    assert not (results / "extract" / "review_0").exists()
    assert not (results / "docs" / "review_0.txt").exists()


def test_batch_unreadable_source_is_reported(batch, tmp_path: Path) -> None:
    corpus, results, run = batch
    missing = tmp_path / "gone.txt"
    with pytest.raises(BatchError) as info:
        run({"review_a": corpus / "review_a.txt", "gone": missing})
    assert str(missing) in str(info.value)
    assert (results / "extract" / "review_a" / "key").is_file()


MEDLINE = """PMID- 90000001
TI  - Exosomal miR-9991 promotes cisplatin resistance in gastric cancer by
      targeting PTEN.

PMID- 90000002
TI  - Exosomal miR-9992 promotes gemcitabine resistance in pancreatic cancer.
"""


def test_batch_reuses_unchanged_records_of_a_changed_file(batch) -> None:
    """The reuse key hashes a record's own bytes: editing one record of a file re-extracts only that record."""
    corpus, results, run = batch
    path = corpus / "export.medline"
    path.write_text(MEDLINE, encoding="utf-8")
    sources = {"export.90000001": path, "export.90000002": path}
    tables, summary = run(sources)
    assert summary == (2, 0, 0)
    assert {t.doc_ids for t in tables["triples"]} == {"export.90000001", "export.90000002"}
    first = _stamps(results, "export.90000001")
    path.write_text(MEDLINE.replace("gemcitabine", "oxaliplatin"), encoding="utf-8")
    tables, summary = run(sources)
    assert summary == (1, 1, 0)
    assert _stamps(results, "export.90000001") == first
    assert {(t.doc_ids, t.drug) for t in tables["triples"]} >= {("export.90000002", "Oxaliplatin")}


def test_batch_malformed_record_fails_alone(batch) -> None:
    corpus, results, run = batch
    path = corpus / "export.medline"
    path.write_text(MEDLINE + "\nPMID- 90000003\nDP  - 2020\n", encoding="utf-8")
    sources = {f"export.{n}": path for n in ("90000001", "90000002", "90000003")}
    with pytest.raises(BatchError) as info:
        run(sources)
    (failure,) = info.value.failures
    assert str(failure) == f"{path}: record 90000003 (line 8): no title (TI) or abstract (AB)"
    assert (results / "extract" / "export.90000001" / "key").is_file()


def test_batch_unreadable_stored_ingest_row_re_extracts(batch) -> None:
    corpus, results, run = batch
    run()
    (results / "extract" / "review_a" / "ingest.tsv").write_text("garbage\n", encoding="utf-8")
    _, summary = run()
    assert summary == (1, 1, 0)
    rows = (results / "extract" / "review_a" / "ingest.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("file\tdoc_id\tstatus") and "\treview_a\tread\t" in rows[1]


def test_batch_reuse_key_does_not_depend_on_paths(tmp_path: Path) -> None:
    from exomine.extraction.batch import resources_fingerprint

    rules = Path(__file__).resolve().parents[2] / "src" / "exomine" / "data" / "relation_rules.yaml"
    moved = tmp_path / "elsewhere" / "my_rules.yaml"
    moved.parent.mkdir()
    moved.write_bytes(rules.read_bytes())
    here = resources_fingerprint(Options(lexicon_cache="results/cache/lexicon_index.bin", relation_rules=str(rules)))
    there = resources_fingerprint(Options(lexicon_cache="/scratch/out/cache/lexicon_index.bin",
                                          relation_rules=str(moved)))
    assert here == there
    assert resources_fingerprint(Options()) != here  # a rules file of one's own is not the packaged one
    assert resources_fingerprint(Options(include_references=False)) != resources_fingerprint(Options())


def test_batch_reuse_key_holds_the_rule_priors(tmp_path: Path, monkeypatch) -> None:
    # a mention's belief comes from data/rule_priors.tsv: new priors are new results
    from exomine.extraction import batch

    data = Path(__file__).resolve().parents[2] / "src" / "exomine" / "data"
    copy = tmp_path / "exomine" / "data"
    copy.mkdir(parents=True)
    for f in data.iterdir():
        (copy / f.name).symlink_to(f)
    before = batch.resources_fingerprint(Options())
    monkeypatch.setattr(batch.resources, "files", lambda package: copy.parent)
    assert batch.resources_fingerprint(Options()) == before  # the same files, wherever they are
    (copy / "rule_priors.tsv").unlink()
    (copy / "rule_priors.tsv").write_bytes((data / "rule_priors.tsv").read_bytes() + b"foo.bar\t5\t5\t0\t1.0\t0.99\n")
    assert batch.resources_fingerprint(Options()) != before


def test_batch_extraction_sources_cover_every_module_extraction_imports() -> None:
    # every exomine module that the extractor loads (by import) is hashed into the reuse key, found by walking
    # the folders, so a new module can never be left out; lexicon building is not
    import subprocess
    import sys

    from exomine.extraction.batch import extraction_sources

    package = Path(__file__).resolve().parents[2] / "src" / "exomine"
    hashed = {p.relative_to(package).as_posix() for p in extraction_sources(package)}
    code = ("import sys; import exomine.extraction.pipeline, exomine.extraction.batch, exomine.text.nlp; "
            "print('\\n'.join(m.__file__ for n, m in list(sys.modules.items()) if n.startswith('exomine.') and m.__file__))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    loaded = {Path(f).resolve().relative_to(package).as_posix() for f in loaded}
    loaded = {f for f in loaded if not f.endswith("__init__.py") and not f.startswith(("app/", "outputs/", "evaluation/"))}
    loaded -= {"extraction/index_cache.py"}  # where the compiled index lives, not what it holds
    assert loaded <= hashed, loaded - hashed
    assert not [f for f in hashed if f.startswith("entities/lexicon_build")]


def _editing_extractor(extractor, monkeypatch, edit) -> list[str]:
    """The session's extractor, with ``edit(n)`` called after the n-th document it extracts; returns the texts."""
    seen: list[str] = []
    original = extractor.process

    def process(doc):
        result = original(doc)
        seen.append(doc.text)
        edit(len(seen))
        return result

    monkeypatch.setattr(extractor, "process", process)
    return seen


def test_batch_file_changed_while_extracted_is_read_again(batch, extractor, monkeypatch, caplog) -> None:
    corpus, results, run = batch
    path = corpus / "review_b.txt"
    stat = path.stat()

    def edit(n: int) -> None:
        if n == 2:  # while review_b (the second document) is extracted; its time set back as a copy would
            path.write_text(REVIEW_B_CHANGED, encoding="utf-8")
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    seen = _editing_extractor(extractor, monkeypatch, edit)
    tables, summary = run()
    assert summary == (2, 0, 0) and len(seen) == 3  # review_b read twice
    assert "review_b.txt changed while it was read; reading it again" in caplog.text
    triples = read_records(results / "extract" / "review_b" / "triples.tsv", Triple)
    assert [(t.regulator, t.drug) for t in triples] == [("H19", "Doxorubicin")]
    # the stored key is that of the new bytes: the next run reuses it, and the old content's key does not match
    _, summary = run()
    assert summary == (0, 2, 0)


def test_batch_file_that_keeps_changing_is_rejected(batch, extractor, monkeypatch) -> None:
    corpus, results, run = batch
    path = corpus / "review_b.txt"
    seen = _editing_extractor(extractor, monkeypatch,
                              lambda n: n > 1 and path.write_text(REVIEW_B + f"Line {n}.\n", encoding="utf-8"))
    with pytest.raises(BatchError, match="changed each of the 3 times it was read"):
        run()
    assert len(seen) == 1 + exomine.extraction.batch.READS
    assert not (results / "extract" / "review_b" / "key").exists()  # nothing stored: the next run reads it again


@pytest.mark.parametrize("rid", ["/../../x", "../../../../outside/PWNED", "/etc/passwd", "a/b/c", "..", "<results>",
                                 "{shard}", "x" * 1000, "\u5916" * 80])
def test_batch_record_ids_are_never_paths(batch, tmp_path: Path, rid: str) -> None:
    from exomine.filenames import doc_stem

    corpus, results, run = batch
    path = corpus / "export.medline"
    path.write_text(f"PMID- {rid}\nTI  - Exosomal miR-9999 promotes cisplatin resistance in gastric cancer.\n",
                    encoding="utf-8")
    def outside():
        return {p for p in tmp_path.rglob("*") if p != results and results not in p.parents}

    before = outside()
    doc_id = f"export.{rid}"
    tables, summary = run({doc_id: path, "review_a": corpus / "review_a.txt"})
    assert summary == (2, 0, 0)
    assert {t.doc_ids for t in tables["triples"]} >= {doc_id}
    assert outside() == before  # nothing written outside results/
    stem = doc_stem(doc_id)
    assert sorted(p.name for p in (results / "docs").iterdir()) == sorted(
        [f"{stem}.json", f"{stem}.txt", "review_a.json", "review_a.txt"])
    assert sorted(p.name for p in (results / "extract").iterdir()) == sorted([stem, "review_a"])
    assert all(p.parent.parent == results / "extract" for p in (results / "extract").rglob("*") if p.is_file())
    # the stored rows are found again under the stem: the second run reuses them
    tables, summary = run({doc_id: path, "review_a": corpus / "review_a.txt"})
    assert summary == (0, 2, 0) and {t.doc_ids for t in tables["triples"]} >= {doc_id}
