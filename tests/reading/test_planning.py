"""Tests for what the workflow reads while it plans (exomine.reading.planning): never failing on content."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import exomine.reading.planning as planning
from exomine.reading.corpus import MANIFEST_COLUMNS, Manifest
from exomine.reading.inventory import list_corpus
from exomine.reading.planning import can_be_input, manifest_warning, plan_manifest
from exomine.validation import Problem

HEADER = "\t".join(MANIFEST_COLUMNS) + "\n"
N_BAD = 3_000  # rows that name no file of the corpus (each costs a schema validation: keep the test fast)


def _row(doc_id: str, file: str, title: str = "") -> str:
    return "\t".join([doc_id, file, title] + [""] * (len(MANIFEST_COLUMNS) - 3)) + "\n"


def test_planning_manifest_bad_rows_are_one_warning_line_and_a_log(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Exosomal miR-9999.\n", encoding="utf-8")
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(HEADER + _row("a", "a.txt", "Curated") + "".join(_row(f"ghost{n}", f"ghost{n}.txt")
                                                                         for n in range(N_BAD)), encoding="utf-8")
    loaded = plan_manifest(manifest, list_corpus(tmp_path, ignore=("manifest.tsv",)).documents)
    assert list(loaded.rows) == ["a"] and len(loaded.problems) == N_BAD
    log = tmp_path / "logs" / "manifest" / "problems.log"
    line = manifest_warning(loaded, log)
    assert "\n" not in line
    assert line == (f"warning: {manifest}: line 3, column 2: file 'ghost0.txt' is not in the corpus (no such file) "
                    f"(not used); and {N_BAD - 1:,} more problems of {manifest} (all listed in {log})")
    listed = log.read_text(encoding="utf-8").splitlines()
    assert len(listed) == N_BAD
    assert listed[-1].startswith(f"{manifest}: line {N_BAD + 2}, column 2: file 'ghost{N_BAD - 1}.txt'")
    # fixed: no warning, and the old list is gone
    manifest.write_text(HEADER + _row("a", "a.txt", "Curated"), encoding="utf-8")
    assert manifest_warning(plan_manifest(manifest), log) is None and not log.exists()


def test_planning_manifest_one_problem_is_the_line_itself(tmp_path: Path) -> None:
    m = Manifest("m.tsv", {}, (Problem("m.tsv", 3, 34, "not UTF-8 text (byte 0xb7)"),))
    assert manifest_warning(m, tmp_path / "p.log") == "warning: m.tsv: line 3, column 34: not UTF-8 text (byte 0xb7) (not used)"


def test_planning_manifest_warning_without_a_writable_log(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    m = Manifest("m.tsv", {}, tuple(Problem("m.tsv", n, 1, "x") for n in (2, 3)))
    assert manifest_warning(m, tmp_path / "file" / "p.log") == \
        "warning: m.tsv: line 2, column 1: x (not used); and 1 more problems of m.tsv"


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(5, "Input/output error"),
                                   RecursionError("deep"), ValueError("field larger than field limit")])
def test_planning_manifest_that_cannot_be_read_is_a_problem(tmp_path: Path, monkeypatch, error) -> None:
    def failing(path, documents=None):
        raise error

    monkeypatch.setattr(planning, "load_manifest", failing)
    loaded = plan_manifest(tmp_path / "manifest.tsv", {})
    assert loaded.rows == {}
    (problem,) = loaded.problems
    assert problem.message.startswith("cannot read the manifest (")
    assert (error.strerror if isinstance(error, OSError) else str(error)) in problem.message


def test_planning_manifest_ids_are_data(tmp_path: Path) -> None:
    # a manifest row names a record whose id is a path: it is used as the record's metadata, nothing more
    (tmp_path / "export.medline").write_text("PMID- /../../x\nTI  - Exosomal miR-9999.\n", encoding="utf-8")
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(HEADER + _row("export./../../x", "export.medline", "Curated") +
                        _row("/../../export", "export.medline") + _row("../x", "../x.txt"), encoding="utf-8")
    loaded = plan_manifest(manifest, list_corpus(tmp_path, ignore=("manifest.tsv",)).documents)
    assert dict(loaded.rows["export./../../x"])["title"] == "Curated"
    assert [p.line for p in loaded.problems] == [3, 4]
    assert "is not the document id of export.medline" in loaded.problems[0].message
    assert "is not a file name in the corpus folder" in loaded.problems[1].message


def test_planning_can_be_input(tmp_path: Path, monkeypatch) -> None:
    for name in ("plain.tsv", "{x}.tsv", "<x>.tsv", "<X>.tsv"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    assert can_be_input(tmp_path / "plain.tsv") and can_be_input(tmp_path / "<X>.tsv")
    assert not can_be_input(tmp_path / "{x}.tsv") and not can_be_input(tmp_path / "<x>.tsv")
    assert not can_be_input(tmp_path / "missing.tsv") and not can_be_input(tmp_path / "folder")
    import builtins

    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):  # chmod 000 does not stop root
        if Path(file).name == "plain.tsv":
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(planning, "open", refusing_open, raising=False)
    assert not can_be_input(tmp_path / "plain.tsv")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_planning_chmod_000_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(HEADER, encoding="utf-8")
    manifest.chmod(0)
    assert not can_be_input(manifest)
    assert plan_manifest(manifest).problems[0].message == "cannot read the manifest (Permission denied)"
