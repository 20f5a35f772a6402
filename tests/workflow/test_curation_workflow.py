"""End-to-end: a run given a curator's marks (--config curation=FILE) shows them in the report and, with
curation_drop_wrong=true, leaves what was marked wrong out of the corpus tables; exomine evaluate reads the same
file as gold; the run writes results/exomine.xlsx."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_workflow

from exomine.cli import main
from exomine.curation import CurationMark, relation_mark_key, triple_mark_key, write_curation
from exomine.records import Relation, Triple
from exomine.tables import read_records

pytestmark = pytest.mark.slow

REVIEW = """Exosomal microRNAs and chemoresistance
Abstract
Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN.
Exosomal circFOO1 promotes oxaliplatin resistance in colorectal cancer via the miR-1234-5p/KRAS axis.
Exosomal H19 may promote doxorubicin resistance in breast cancer.
"""


def _payload(report: Path) -> dict:
    html = report.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="exomine-data">(.*?)</script>', html, re.S).group(1))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The corpus run once without marks, then with marks that drop what is wrong."""
    tmp = tmp_path_factory.mktemp("curation")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "review.txt").write_text(REVIEW, encoding="utf-8")
    (tmp / "plain").mkdir()
    plain = run_workflow(corpus, tmp / "plain", "-q")
    assert plain.returncode == 0, plain.stderr[-5000:]
    results = tmp / "plain" / "results"
    triples = read_records(results / "triples.tsv", Triple)
    relations = read_records(results / "relations.tsv", Relation)
    assert len(triples) >= 2, triples
    wrong, right = triples[0], triples[1]
    target = next(r for r in relations if not r.predicate.startswith("confers_"))
    marks = [CurationMark("triple", wrong.regulator, wrong.regulator_id, f"confers_{wrong.effect}", wrong.drug,
                          wrong.drug_id, wrong.doc_ids, "", "wrong", "the paper says the opposite"),
             CurationMark("triple", right.regulator, right.regulator_id, f"confers_{right.effect}", right.drug,
                          right.drug_id, right.doc_ids, "", "correct"),
             CurationMark("relation", target.subject, target.subject_id, target.predicate, target.object,
                          target.object_id, target.doc_id, str(target.sentence_id), "wrong")]
    write_curation(tmp / "marks.tsv", marks)
    (tmp / "curated").mkdir()
    curated = run_workflow(corpus, tmp / "curated", f"curation={tmp / 'marks.tsv'}", "curation_drop_wrong=true", "-q")
    assert curated.returncode == 0, curated.stderr[-5000:]
    return tmp, results, tmp / "curated" / "results", marks, (wrong, right, target)


def test_curation_workflow_drops_what_was_marked_wrong(runs) -> None:
    _, plain, curated, _, (wrong, right, target) = runs
    kept = read_records(curated / "triples.tsv", Triple)
    assert triple_mark_key(wrong) not in {triple_mark_key(t) for t in kept}
    assert triple_mark_key(right) in {triple_mark_key(t) for t in kept}
    assert len(kept) == len(read_records(plain / "triples.tsv", Triple)) - 1
    rels = read_records(curated / "relations.tsv", Relation)
    assert relation_mark_key(target) not in {relation_mark_key(r) for r in rels}
    # the shard tables keep everything: the evaluation measures the extractor, not the curator
    shard = [t for p in (curated / "shards").glob("*/triples.tsv") for t in read_records(p, Triple)]
    assert triple_mark_key(wrong) in {triple_mark_key(t) for t in shard}


def test_curation_workflow_report_shows_the_marks_and_the_workbook_is_written(runs) -> None:
    import openpyxl

    _, plain, curated, marks, _ = runs
    payload = _payload(curated / "report.html")
    assert {v["mark"] for v in payload["curation"].values()} == {"wrong", "correct"}
    assert len(payload["curation"]) == len(marks)
    assert _payload(plain / "report.html")["curation"] == {}
    wb = openpyxl.load_workbook(curated / "exomine.xlsx", read_only=True)
    assert wb.sheetnames == ["triples", "evidence", "documents"]
    assert len(list(wb["triples"].iter_rows())) == len(read_records(curated / "triples.tsv", Triple)) + 1


def test_curation_workflow_marks_are_gold_for_evaluate(runs, capsys) -> None:
    tmp, plain, _, _, _ = runs
    assert main(["evaluate", str(tmp / "marks.tsv"), "--results", str(plain), "--out", str(tmp / "eval")]) == 0
    out = capsys.readouterr().out
    assert "triple" in out
    rows = {tuple(r.split("\t")[1:3]): r.split("\t") for r in (tmp / "eval" / "triples.tsv").read_text().splitlines()[1:]}
    tp, fp, fn = (float(x) for x in rows[("exact", "micro")][3:6])
    assert (tp, fp, fn) == (1, 1, 0)  # the triple marked correct is found, the one marked wrong is a false positive
    assert set(rows) == {("exact", "resistance"), ("exact", "micro"), ("exact", "macro")}  # marks name no targets
