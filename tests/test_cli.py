"""Tests for the command line (exomine.cli): ``exomine evaluate`` and ``exomine extract``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from exomine.cli import main
from exomine.evaluation.scores import SCORE_COLUMNS

SENTENCE = "Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN."
GOLD_TEXT = SENTENCE + "\n"
GOLD_ANN = """T1\tMIRNA 9 15\tmiR-21
T2\tDRUG 25 34\tcisplatin
T3\tCANCER 49 63\tgastric cancer
T4\tGENE 77 81\tPTEN
R1\tconfers_resistance Arg1:T1 Arg2:T2
R2\ttargets Arg1:T1 Arg2:T4
"""

REVIEW = f"""Exosomal microRNAs in gastric cancer chemoresistance
Abstract
Exosomes carry microRNAs between tumour cells and change how gastric tumours respond to chemotherapy.
{SENTENCE}
"""


def _gold_folder(tmp_path: Path, ann: str = GOLD_ANN) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "review_a.txt").write_text(GOLD_TEXT, encoding="utf-8")
    (gold / "review_a.ann").write_text(ann, encoding="utf-8")
    return gold


def _tsv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


@pytest.mark.slow
def test_cli_evaluate_brat_folder(tmp_path: Path, capsys) -> None:
    gold = _gold_folder(tmp_path)
    out = tmp_path / "eval"
    assert main(["evaluate", str(gold), "--out", str(out)]) == 0
    for name in ("summary.tsv", "entities.tsv", "relations.tsv", "triples.tsv", "errors.tsv", "report.md"):
        assert (out / name).is_file(), name
    summary_text = (out / "summary.tsv").read_text(encoding="utf-8")
    assert summary_text.splitlines()[0].split("\t") == list(SCORE_COLUMNS)
    rows = _tsv(summary_text)
    triple = {r["label"]: r for r in rows if (r["level"], r["scheme"]) == ("triple", "exact")}
    assert float(triple["micro"]["f1"]) == 1.0, rows
    assert float(triple["micro"]["tp"]) == 1
    whole = {(r["scheme"], r["label"]): r for r in rows if r["level"] == "triple"}
    assert float(whole[("targets", "micro")]["tp"]) == 1  # PTEN
    assert float(whole[("cancer", "accuracy")]["precision"]) == 1.0  # gastric cancer, from the sentence
    relation = {r["label"]: r for r in rows if (r["level"], r["scheme"]) == ("relation", "exact")}
    assert float(relation["micro"]["recall"]) == 1.0, rows
    printed = capsys.readouterr().out
    assert printed.startswith("# exomine evaluation on")
    assert "(1 documents)" in printed


@pytest.mark.parametrize(
    "ann, line_no",
    [
        (GOLD_ANN.replace("T2\tDRUG 25 34\tcisplatin", "T2\tDRUG 25 34\tCisplatin"), 2),
        (GOLD_ANN + "R3\tcauses Arg1:T1 Arg2:T2\n", 7),
        (GOLD_ANN.replace("Arg2:T4", "Arg2:T9"), 6),
    ],
    ids=["span-text", "relation-type", "missing-entity"],
)
def test_cli_evaluate_malformed_ann_returns_2(tmp_path: Path, capsys, ann: str, line_no: int) -> None:
    gold = _gold_folder(tmp_path, ann)
    out = tmp_path / "eval"
    assert main(["evaluate", str(gold), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{gold / 'review_a.ann'}:{line_no}:" in err
    assert not out.exists()


def test_cli_evaluate_ann_without_text_returns_2(tmp_path: Path, capsys) -> None:
    gold = _gold_folder(tmp_path)
    (gold / "review_a.txt").unlink()
    assert main(["evaluate", str(gold)]) == 2
    assert "review_a.txt" in capsys.readouterr().err


@pytest.mark.parametrize("layout", ["brat-ann", "pubtator"])
def test_cli_evaluate_binary_gold_returns_2(tmp_path: Path, capsys, layout: str) -> None:
    if layout == "brat-ann":
        gold = _gold_folder(tmp_path)
        bad = gold / "review_a.ann"
        bad.write_bytes(GOLD_ANN.encode("utf-8") + b"\xff\x00\xfe")
        target = gold
    else:
        bad = target = tmp_path / "gold.pubtator"
        bad.write_bytes(b"\x00\x01\xff\xfe binary")
    assert main(["evaluate", str(target)]) == 2
    assert bad.name in capsys.readouterr().err


def test_cli_evaluate_missing_gold_returns_2(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "no_such_gold.pubtator"
    assert main(["evaluate", str(missing)]) == 2
    assert "no_such_gold.pubtator" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_extract_prints_triples(tmp_path: Path, capsys) -> None:
    review = tmp_path / "review_a.txt"
    review.write_text(REVIEW, encoding="utf-8")
    assert main(["extract", str(review)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split("\t") == ["regulator", "targets", "drug", "effect", "cancer", "evidence"]
    rows = _tsv(out)
    found = [r for r in rows if "miR-21" in r["regulator"] and r["drug"].lower() == "cisplatin"]
    assert len(found) == 1, rows
    assert found[0]["effect"] == "resistance"
    assert "PTEN" in found[0]["targets"].split(";")
    assert found[0]["evidence"] == SENTENCE


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("binary.txt", b"\x00\x01\x02PK\x03\x04 not text \x00", "binary"),
        ("latin1.txt", "Exosomal miR-21 in Gr\u00f6\u00dfe tumours.\n".encode("latin-1"), "UTF-8"),
        ("empty.txt", b"  \n", "empty"),
        ("slides.pptx", b"PK\x03\x04", "unsupported"),
        ("broken.pdf", b"%PDF-1.4\n", "not a readable PDF"),
    ],
    ids=["binary", "not-utf8", "empty", "unsupported-suffix", "broken-pdf"],
)
def test_cli_extract_unreadable_file_returns_2(tmp_path: Path, capsys, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["extract", str(path)]) == 2
    captured = capsys.readouterr()
    assert str(path) in captured.err
    assert reason in captured.err
    assert captured.out == ""


def test_cli_extract_missing_file_returns_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "gone.txt"
    assert main(["extract", str(path)]) == 2
    assert str(path) in capsys.readouterr().err


def test_cli_requires_a_command(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code != 0


def _results_folder(tmp_path: Path, triples) -> Path:
    """A workflow results folder written by hand: corpus tables and one shard's mention tables."""
    from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, SENTENCE_COLUMNS, TRIPLE_COLUMNS
    from exomine.tables import aggregate_triples, write_records

    results = tmp_path / "results"
    (results / "shards" / "s00").mkdir(parents=True)
    write_records(results / "entities.tsv", [], ENTITY_COLUMNS)
    write_records(results / "relations.tsv", [], RELATION_COLUMNS)
    write_records(results / "triples.tsv", aggregate_triples(triples), TRIPLE_COLUMNS)
    write_records(results / "shards" / "s00" / "triples.tsv", triples, TRIPLE_COLUMNS)
    write_records(results / "shards" / "s00" / "sentences.tsv", [], SENTENCE_COLUMNS)
    return results


def test_cli_evaluate_sentence_gold_on_a_results_folder(tmp_path: Path, capsys) -> None:
    import json

    from exomine.records import Triple

    items = [{"id": "x1", "text": "Exosomal miR-9999 confers foocitabine resistance in quxoma by targeting FOO1.",
              "triples": [{"regulator": "miR-9999", "targets": ["FOO1"], "drug": "foocitabine",
                           "effect": "resistance", "cancer": "quxoma"}]},
             {"id": "x2", "text": "Exosomal miR-9999 confers foocitabine resistance.",
              "triples": [{"regulator": "miR-9999", "targets": [], "drug": "foocitabine", "effect": "resistance",
                           "cancer": None}]}]
    gold = tmp_path / "items.jsonl"
    gold.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")

    def t(doc: str, targets: str, cancer: str) -> Triple:
        return Triple("hsa-miR-9999", "MIRNA", "miRBase:MI9999999", targets, "", "Foocitabine", "", "resistance",
                      cancer, "", 1, 1, doc, "", False, f"{doc}:0", False, "resp_confer")

    # Per document: x1 has the target and the cancer, x2 neither. The corpus table would merge them.
    results = _results_folder(tmp_path, [t("x1", "FOO1", "quxoma"), t("x2", "", "")])
    out = tmp_path / "eval"
    assert main(["evaluate", str(gold), "--results", str(results), "--out", str(out)]) == 0
    rows = {(r["scheme"], r["label"]): r for r in _tsv((out / "summary.tsv").read_text(encoding="utf-8"))}
    assert {r["level"] for r in rows.values()} == {"triple"}
    assert float(rows[("exact", "micro")]["tp"]) == 2
    assert (float(rows[("targets", "micro")]["tp"]), float(rows[("targets", "micro")]["fp"])) == (1, 0)
    assert float(rows[("cancer", "accuracy")]["precision"]) == 1.0
    capsys.readouterr()


def test_cli_evaluate_document_findings_reads_the_named_files(tmp_path: Path, capsys) -> None:
    """exodocs-style gold: one finding a line naming its document's file; the file is read as the workflow
    reads it (its title and abstract), and an implicit finding is neither required nor wrong."""
    import json

    (tmp_path / "paper_a.txt").write_text(REVIEW, encoding="utf-8")
    findings = [{"doc": "paper_a.txt", "regulator": "miR-21", "targets": ["PTEN"], "drug": "cisplatin",
                 "effect": "resistance", "cancer": "gastric cancer"},
                {"doc": "paper_a.txt", "regulator": "miR-9999", "targets": [], "drug": "cisplatin",
                 "effect": "sensitivity", "cancer": "gastric cancer", "implicit": True}]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(f) + "\n" for f in findings), encoding="utf-8")
    out = tmp_path / "eval"
    assert main(["evaluate", str(gold), "--out", str(out)]) == 0
    rows = {(r["scheme"], r["label"]): r for r in _tsv((out / "summary.tsv").read_text(encoding="utf-8"))}
    exact = rows[("exact", "micro")]
    assert (float(exact["tp"]), float(exact["fp"]), float(exact["fn"])) == (1, 0, 0)
    capsys.readouterr()


def test_cli_evaluate_results_folder_without_tables_returns_2(tmp_path: Path, capsys) -> None:
    gold = _gold_folder(tmp_path)
    (tmp_path / "empty").mkdir()
    assert main(["evaluate", str(gold), "--results", str(tmp_path / "empty")]) == 2
    assert "not a results folder" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_evaluate_in_process_agrees_with_the_workflow(bundled_results, capsys) -> None:
    # the gold folder sits in the corpus folder: its documents are read as the workflow reads them
    from exomine.cli import main

    gold = Path(__file__).resolve().parents[1] / "corpus" / "gold"
    assert main(["evaluate", str(gold)]) == 0
    in_process = capsys.readouterr().out
    assert main(["evaluate", str(gold), "--results", str(bundled_results)]) == 0
    assert capsys.readouterr().out == in_process
