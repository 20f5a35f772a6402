"""End-to-end on the bundled corpus: the database, exomine query and every export agree with the TSV tables."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from bioc import biocjson, biocxml
import duckdb
import networkx as nx
import pyarrow.parquet as pq
import pytest
from conftest import event_logger, planned_jobs

from exomine.evaluation.brat import read_ann
from exomine.outputs.database import TABLES
from exomine.records import TRIPLE_COLUMNS, Mention, Relation, Triple
from exomine.tables import aggregate_triples, read_records, write_records

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "corpus", tmp / "corpus")
    cmd = [sys.executable, "-m", "snakemake", "--cores", "2", "-q", "--snakefile", str(REPO / "Snakefile"),
           "--directory", str(REPO), "--config", f"corpus={tmp / 'corpus'}", f"results={tmp / 'results'}",
           f"logs={tmp / 'logs'}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return tmp / "results"


def _query(results: Path, *args: str) -> list[dict[str, str]]:
    proc = subprocess.run([sys.executable, "-m", "exomine.cli", "query", "--results", str(results), *args],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(io.StringIO(proc.stdout), delimiter="\t"))


def test_database_workflow_sql_aggregation_equals_python(bundled: Path, tmp_path: Path) -> None:
    shards = sorted((bundled / "shards").glob("*/triples.tsv"))
    assert shards
    python = aggregate_triples(t for p in shards for t in read_records(p, Triple))
    write_records(tmp_path / "python.tsv", python, TRIPLE_COLUMNS)
    assert (bundled / "triples.tsv").read_bytes() == (tmp_path / "python.tsv").read_bytes()
    assert any(t.n_mentions > 1 for t in python)  # the merge did something


def test_database_workflow_query_drug_prints_exactly_its_triples(bundled: Path) -> None:
    table = read_records(bundled / "triples.tsv", Triple)
    ids = {t.drug_id for t in table if t.drug.lower() == "cisplatin"}
    expected = [t for t in table if t.drug_id in ids]
    assert expected
    got = [Triple.from_row(r) for r in _query(bundled, "--drug", "cisplatin", "--format", "tsv", "--columns", "all")]
    assert got == expected
    # a synonym finds the same drug's triples
    dox = [t for t in table if t.drug.lower() == "doxorubicin"]
    assert dox and [Triple.from_row(r) for r in _query(bundled, "--drug", "adriamycin", "--format", "tsv",
                                                       "--columns", "all")] == dox


def test_database_workflow_tables_match_the_tsvs(bundled: Path) -> None:
    con = duckdb.connect(str(bundled / "exomine.duckdb"), read_only=True)
    n = {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}
    assert n["entities"] == len(read_records(bundled / "entities.tsv", Mention))
    assert n["relations"] == len(read_records(bundled / "relations.tsv", Relation))
    triples = read_records(bundled / "triples.tsv", Triple)
    assert n["triples"] == len(triples)
    assert n["triple_mentions"] == sum(t.n_mentions for t in triples)
    assert n["documents"] == len(list((bundled / "docs").glob("*.json")))
    # every triple has its evidence rows, one per supporting mention
    per = dict(con.execute("SELECT triple_id, count(*) FROM triple_evidence GROUP BY 1").fetchall())
    assert [per.get(i, 0) for i in range(1, len(triples) + 1)] == [t.n_mentions for t in triples]
    con.close()
    for name in TABLES:
        assert pq.read_table(bundled / "parquet" / f"{name}.parquet").num_rows == n[name], name


def _distinct_spans(bundled: Path) -> dict[str, int]:
    spans: dict[str, set] = {}
    for m in read_records(bundled / "entities.tsv", Mention):
        spans.setdefault(m.doc_id, set()).add((m.label, m.start, m.end))
    for r in read_records(bundled / "relations.tsv", Relation):
        spans.setdefault(r.doc_id, set()).update({(r.subject_label, r.subject_start, r.subject_end),
                                                  (r.object_label, r.object_start, r.object_end)})
    return {d: len(s) for d, s in spans.items()}


def _distinct_relations(bundled: Path) -> int:
    return len({(r.doc_id, r.predicate, r.subject_start, r.subject_end, r.object_start, r.object_end,
                 r.negated or r.assertion == "negated", r.hedged or r.assertion in ("hedged", "aim", "association"))
                for r in read_records(bundled / "relations.tsv", Relation)})


def test_database_workflow_brat_reads_back(bundled: Path) -> None:
    spans = _distinct_spans(bundled)
    n_ents = n_rels = 0
    for ann in sorted((bundled / "brat").glob("*.ann")):
        gold = read_ann(ann, ann.with_suffix(".txt"))
        assert ann.with_suffix(".txt").read_text(encoding="utf-8") == \
            (bundled / "docs" / f"{ann.stem}.txt").read_text(encoding="utf-8")
        assert len(gold.entities) == spans.get(ann.stem, 0), ann.stem
        n_ents += len(gold.entities)
        n_rels += len(gold.relations)
    assert n_ents == sum(spans.values()) and n_rels == _distinct_relations(bundled)


def test_database_workflow_bioc_reads_back(bundled: Path) -> None:
    with open(bundled / "bioc" / "exomine.xml", encoding="utf-8") as fh:
        collection = biocxml.load(fh)
    with open(bundled / "bioc" / "exomine.json", encoding="utf-8") as fh:
        as_json = biocjson.load(fh)
    for c in (collection, as_json):
        assert len(c.documents) == len(list((bundled / "docs").glob("*.json")))
        assert sum(len(p.annotations) for d in c.documents for p in d.passages) == sum(_distinct_spans(bundled).values())
        assert sum(len(d.relations) for d in c.documents) == _distinct_relations(bundled)


def test_database_workflow_cytoscape_reads_back(bundled: Path) -> None:
    graph = json.loads((bundled / "graph.json").read_text(encoding="utf-8"))
    cy = nx.cytoscape_graph(json.loads((bundled / "cytoscape" / "graph.cyjs").read_text(encoding="utf-8")))
    assert cy.number_of_nodes() == len(graph["nodes"]) and cy.number_of_edges() == len(graph["links"])
    tri = nx.cytoscape_graph(json.loads((bundled / "cytoscape" / "triples.cyjs").read_text(encoding="utf-8")))
    assert tri.number_of_edges() == len(read_records(bundled / "triples.tsv", Triple))


def test_database_workflow_brat_export_scores_as_perfect_gold(bundled: Path, tmp_path: Path) -> None:
    # the predictions, put back as gold, score 1.0 on entities, relations and triples: nothing lost on the way
    proc = subprocess.run([sys.executable, "-m", "exomine.cli", "evaluate", str(bundled / "brat"), "--results",
                           str(bundled), "--out", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = list(csv.DictReader(open(tmp_path / "summary.tsv", encoding="utf-8"), delimiter="\t"))
    micro = {(r["level"], r["scheme"]): r for r in rows if r["label"] == "micro"}
    for key in (("entity", "strict"), ("relation", "exact"), ("triple", "exact")):
        assert float(micro[key]["f1"]) == 1.0, micro[key]


def test_database_workflow_takes_the_ingest_report(tmp_path: Path) -> None:
    # the rule that writes results/ingest.tsv (ingest.smk) makes it an input of the database rule
    results = tmp_path / "results"
    events = tmp_path / "events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "snakemake", "-n", "all", "--snakefile", str(REPO / "Snakefile"),
                           "--directory", str(REPO), "--config", f"results={results}", f"logs={tmp_path / 'logs'}",
                           *event_logger(events)],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (job,) = [job for job in planned_jobs(events) if job["rule_name"] == "database"]
    inputs = job["input"]
    assert str(results / "ingest.tsv") in inputs, inputs
