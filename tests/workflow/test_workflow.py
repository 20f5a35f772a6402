"""End-to-end: the real Snakemake workflow on a tiny hand-written corpus in a temporary directory."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from conftest import event_logger, planned_jobs

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

ENTITY_CONTRACT = ("doc_id", "section", "sentence_id", "start", "end", "text", "label", "norm_id", "norm_name", "source")
RELATION_CONTRACT = ("doc_id", "section", "sentence_id", "subject", "subject_label", "subject_id", "predicate", "object",
                     "object_label", "object_id", "negated", "hedged", "evidence")
TRIPLE_CONTRACT = ("regulator", "regulator_label", "regulator_id", "targets", "drug", "drug_id", "effect", "cancer",
                   "source_cell", "n_mentions", "n_docs", "doc_ids", "evidence")

REVIEW_A = """Exosomal microRNAs in gastric cancer chemoresistance
Exosomal microRNAs in gastric cancer chemoresistance
Abstract
Exosomes carry microRNAs between tumour cells and change how gastric tumours respond to chemotherapy.
Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN.
INTRODUCTION
Cisplatin is a first-line drug for gastric cancer, but most tumours eventually become resistant to it.
"""

REVIEW_B = """Circular RNAs in exosomes and oxaliplatin resistance
Abstract
Exosomal circFOO1 promotes oxaliplatin resistance in colorectal cancer via the miR-1234-5p/KRAS axis.
Exosomal miR-21 promotes cisplatin resistance in gastric cancer by targeting PTEN.
"""

REVIEW_C = """<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta>
<title-group><article-title>Exosomal lncRNAs in breast cancer therapy</article-title></title-group>
<abstract><p>Exosomal H19 promotes doxorubicin resistance in breast cancer.</p></abstract>
</article-meta></front>
<body><sec><title>Mechanisms</title><p>Exosomal miR-5678-3p did not promote docetaxel resistance.</p></sec></body>
</article>
"""

REVIEW_D = """Exosomal circRNAs and gemcitabine resistance
Abstract
Exosomal circBAR2 promotes gemcitabine resistance in pancreatic cancer by sponging miR-4321.
"""

MANIFEST = "doc_id\tfile\ttitle\tjournal\tyear\tdoi\tpmid\tpmcid\nreview_a\treview_a.txt\tCurated title A\tJ Test\t2021\t10.5555/a\t\t\n"


def snakemake(tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable, "-m", "snakemake", "--cores", "2",
        "--snakefile", str(REPO / "Snakefile"), "--directory", str(REPO),
        "--config", f"corpus={tmp / 'corpus'}", f"results={tmp / 'results'}", f"logs={tmp / 'logs'}",
        *extra,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp)


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _subsequence(small: tuple[str, ...], big: list[str]) -> bool:
    it = iter(big)
    return all(c in it for c in small)


def _snapshot(results: Path) -> dict[str, bytes]:
    return {str(p.relative_to(results)): p.read_bytes() for p in sorted(results.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    tmp = tmp_path_factory.mktemp("e2e")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "review_a.txt").write_text(REVIEW_A, encoding="utf-8")
    (corpus / "review_b.txt").write_text(REVIEW_B, encoding="utf-8")
    (corpus / "review_c.xml").write_text(REVIEW_C, encoding="utf-8")
    (corpus / "manifest.tsv").write_text(MANIFEST, encoding="utf-8")
    proc = snakemake(tmp, "-q")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return tmp, _snapshot(tmp / "results")


def test_workflow_writes_every_output(run) -> None:
    _, files = run
    for name in ("entities.tsv", "relations.tsv", "triples.tsv", "graph.graphml", "graph.json", "report.html"):
        assert name in files, sorted(files)
    for doc in ("review_a", "review_b", "review_c"):
        assert f"docs/{doc}.json" in files and f"docs/{doc}.txt" in files
        for table in ("entities.tsv", "relations.tsv", "triples.tsv"):
            assert f"extract/{doc}/{table}" in files
    assert not [name for name in files if name.endswith(".tmp") or "/." in name or name.startswith(".")]


@pytest.mark.parametrize(
    "table, contract",
    [("entities.tsv", ENTITY_CONTRACT), ("relations.tsv", RELATION_CONTRACT), ("triples.tsv", TRIPLE_CONTRACT)],
)
def test_workflow_tables_have_contract_columns(run, table: str, contract: tuple[str, ...]) -> None:
    _, files = run
    for name in (table, f"extract/review_a/{table}"):
        header, rows = _rows(files[name].decode("utf-8"))
        assert _subsequence(contract, header), (name, header)
    assert _rows(files[table].decode("utf-8"))[1], f"{table} is empty"


def test_workflow_triples_contain_the_stated_finding(run) -> None:
    _, files = run
    _, rows = _rows(files["triples.tsv"].decode("utf-8"))
    mir21 = [r for r in rows if r["regulator"] == "hsa-miR-21" and r["drug"] == "Cisplatin"]
    assert len(mir21) == 1, rows
    t = mir21[0]
    assert (t["regulator_label"], t["effect"]) == ("MIRNA", "resistance")
    assert t["targets"].split(";")[0] == "PTEN"
    assert t["drug_id"] == "DrugBank:DB00515"
    assert t["cancer"] == "Stomach Neoplasms"
    assert (int(t["n_mentions"]), int(t["n_docs"])) == (2, 2)
    assert sorted(t["doc_ids"].split(";")) == ["review_a", "review_b"]
    assert "miR-21" in t["evidence"]
    circ = [r for r in rows if r["regulator"] == "circFOO1"]
    assert [(r["targets"].split(";")[-1], r["drug"], r["effect"]) for r in circ] == [("KRAS", "Oxaliplatin", "resistance")]
    h19 = [r for r in rows if r["regulator"] == "H19"]
    assert [(r["drug"], r["doc_ids"]) for r in h19] == [("Doxorubicin", "review_c")]  # from the JATS file
    assert not [r for r in rows if r["drug"] == "Docetaxel"]  # negated: no finding


def test_workflow_negated_relation_kept_in_relations_table(run) -> None:
    _, files = run
    _, rows = _rows(files["relations.tsv"].decode("utf-8"))
    neg = [r for r in rows if r["object"] == "Docetaxel"]
    assert neg and all(r["negated"] == "True" for r in neg)


def test_workflow_entity_offsets_point_into_cleaned_text(run) -> None:
    _, files = run
    _, rows = _rows(files["entities.tsv"].decode("utf-8"))
    assert {r["doc_id"] for r in rows} == {"review_a", "review_b", "review_c"}
    for r in rows:
        text = files[f"docs/{r['doc_id']}.txt"].decode("utf-8")
        assert text[int(r["start"]) : int(r["end"])] == r["text"], r


def test_workflow_manifest_metadata_reaches_documents(run) -> None:
    _, files = run
    doc = json.loads(files["docs/review_a.json"])
    assert doc["metadata"]["title"] == "Curated title A"
    assert doc["metadata"]["doi"] == "10.5555/a"
    other = json.loads(files["docs/review_b.json"])
    assert other["metadata"]["title"] == "Circular RNAs in exosomes and oxaliplatin resistance"


def test_workflow_graph_files_load(run) -> None:
    _, files = run
    g = nx.parse_graphml(files["graph.graphml"].decode("utf-8"), force_multigraph=True)
    assert g.nodes["HGNC:9588"]["label"] == "GENE"
    edges = {(u, v, d["predicate"]): d for u, v, d in g.edges(data=True)}
    mir21 = next(n for n, d in g.nodes(data=True) if d.get("name") == "hsa-miR-21")
    assert int(edges[(mir21, "HGNC:9588", "targets")]["n_docs"]) == 2
    assert "Docetaxel" not in {d.get("name") for _, d in g.nodes(data=True)}  # negated: no edge, no node
    data = json.loads(files["graph.json"])
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert len(data["links"]) == g.number_of_edges()


CORPUS_LEVEL_RULES = {"aggregate", "graph", "all", "evaluate", "html_report", "ingest_report", "strict_check",
                      "database", "parquet", "export_brat", "export_bioc", "export_cytoscape", "workbook"}




def test_workflow_incremental_then_broken_file(run) -> None:
    tmp, _ = run
    results = tmp / "results"
    corpus = tmp / "corpus"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in results.rglob("*") if p.is_file()}

    # A new document: every job the dry run schedules, besides the corpus-level tables and graph, is there
    # for the new document (per-document jobs: its own; per-shard jobs: the shard that holds it).
    (corpus / "review_d.txt").write_text(REVIEW_D, encoding="utf-8")
    events = tmp / "add-one-events.jsonl"
    dry = snakemake(tmp, "--dry-run", *event_logger(events))
    assert dry.returncode == 0, dry.stderr[-3000:]
    jobs = planned_jobs(events)
    document_jobs = [job for job in jobs if job["rule_name"] not in CORPUS_LEVEL_RULES]
    assert document_jobs, jobs
    unrelated = [job["rule_name"] for job in document_jobs
                 if not any("review_d" in path for path in job["input"] + job["output"])]
    assert not unrelated, f"jobs scheduled that do not concern the new document: {unrelated}\n{document_jobs}"
    assert {"aggregate", "graph"} <= {job["rule_name"] for job in jobs}

    # and a real run touches nothing of the other documents
    proc = snakemake(tmp, "-q")
    assert proc.returncode == 0, proc.stderr[-5000:]
    for path, (mtime, data) in before.items():
        rel = path.relative_to(results)
        if rel.parts[0] in ("docs", "extract"):
            assert path.stat().st_mtime_ns == mtime and path.read_bytes() == data, rel
    _, rows = _rows((results / "triples.tsv").read_text(encoding="utf-8"))
    assert [r["drug"] for r in rows if r["regulator"] == "circBAR2"] == ["Gemcitabine"]

    # a broken file is left out with a warning that names the file and the reason (strict=true fails the run
    # instead), and the per-document and the corpus-level results stay as they were
    def kept(files: dict[str, bytes]) -> dict[str, bytes]:
        return {k: v for k, v in files.items() if k.split("/")[0] in ("docs", "extract") or "/" not in k}

    good = kept(_snapshot(results))
    assert {"entities.tsv", "relations.tsv", "triples.tsv", "graph.graphml", "graph.json"} <= set(good)
    (corpus / "broken.txt").write_bytes(b"caf\xe9 au lait and exosomal miR-21 in gastric cancer cells.\n")
    for strict in ("strict=true", "strict=false"):
        proc = snakemake(tmp, strict, "-q")
        message = proc.stdout + proc.stderr
        assert (proc.returncode != 0) == (strict == "strict=true"), message[-3000:]
        assert str(corpus / "broken.txt") in message
        assert "not UTF-8" in message
        after = kept(_snapshot(results))
        reports = ("ingest.tsv", "report.html", "exomine.duckdb")  # they name the rejected file (the database
        # holds the ingest report)
        assert {k: v for k, v in after.items() if k not in reports} == {k: v for k, v in good.items()
                                                                         if k not in reports}
        assert not (results / "docs" / "broken.json").exists()
        assert not (results / "extract" / "broken").exists()
    _, rows = _rows((results / "ingest.tsv").read_text(encoding="utf-8"))
    assert [(r["status"], r["reason"]) for r in rows if r["doc_id"] == "broken"] == [
        ("rejected", "not UTF-8 text (invalid byte at offset 3)")]


# --- the evaluate rule --------------------------------------------------------------------------------------------

EVAL_DOCS = {
    "rev_x": ("Circular RNAs in exosomes\nAbstract\n"
              "Exosomal circFOO1 promotes oxaliplatin resistance in colorectal cancer via the miR-1234-5p/KRAS axis.\n",
              [("CIRCRNA", "circFOO1"), ("DRUG", "oxaliplatin"), ("CANCER", "colorectal cancer"),
               ("MIRNA", "miR-1234-5p"), ("GENE", "KRAS")],
              [("confers_resistance", 1, 2), ("sponges", 1, 4), ("targets", 4, 5)]),
    "rev_y": ("Exosomes in gastric cancer\nAbstract\nExosomal circFOO1 promotes oxaliplatin resistance in gastric cancer.\n",
              [("CIRCRNA", "circFOO1"), ("DRUG", "oxaliplatin"), ("CANCER", "gastric cancer")],
              [("confers_resistance", 1, 2)]),
}


def test_workflow_evaluate_scores_each_document_on_its_own_triples(tmp_path: Path) -> None:
    """One finding in two documents with different targets and cancers: the corpus table merges them, the
    evaluation must not (each document's targets and cancer are scored against its own gold)."""
    from exomine.reading.ingest import read_document

    corpus, gold = tmp_path / "corpus", tmp_path / "corpus" / "gold"
    gold.mkdir(parents=True)
    for doc, (raw, ents, rels) in EVAL_DOCS.items():
        (corpus / f"{doc}.txt").write_text(raw, encoding="utf-8")
        text = read_document(corpus / f"{doc}.txt").text  # the cleaned text the offsets refer to
        body = text.index("Exosomal circFOO1")
        lines = []
        for i, (label, sub) in enumerate(ents, 1):
            start = text.index(sub, body)
            lines.append(f"T{i}\t{label} {start} {start + len(sub)}\t{sub}")
        lines += [f"R{i}\t{typ} Arg1:T{a} Arg2:T{b}" for i, (typ, a, b) in enumerate(rels, 1)]
        (gold / f"{doc}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = snakemake(tmp_path, "-q")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    merged = [r for r in _rows((tmp_path / "results" / "triples.tsv").read_text(encoding="utf-8"))[1]
              if r["regulator"] == "circFOO1"]
    assert len(merged) == 1 and merged[0]["n_docs"] == "2"  # one corpus row for both documents
    _, summary = _rows((tmp_path / "results" / "eval" / "summary.tsv").read_text(encoding="utf-8"))
    got = {(r["level"], r["scheme"], r["label"]): r for r in summary}
    assert float(got[("triple", "exact", "micro")]["tp"]) == 2
    targets = got[("triple", "targets", "micro")]
    assert (float(targets["tp"]), float(targets["fp"]), float(targets["fn"])) == (2, 0, 0)
    assert float(got[("triple", "cancer", "accuracy")]["precision"]) == 1.0
    header, errors = _rows((tmp_path / "results" / "eval" / "errors.tsv").read_text(encoding="utf-8"))
    assert header[-2:] == ["rule", "assertion"]
    report = (tmp_path / "results" / "eval" / "report.md").read_text(encoding="utf-8")
    assert "| triple | targets | micro |" in report


# --------------------------------------------------------------------------
# every input shape in one corpus (tests/data/tiny)
# --------------------------------------------------------------------------

TINY = Path(__file__).parents[1] / "data" / "tiny"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    import shutil

    from exomine.reading.corpus import discover

    tmp = tmp_path_factory.mktemp("mixed")
    corpus = tmp / "corpus"
    shutil.copytree(TINY, corpus)
    docs = discover(corpus)
    proc = snakemake(tmp, "shards=3", "-q")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return tmp, docs


def test_workflow_every_record_of_every_format_is_a_document(mixed) -> None:
    tmp, docs = mixed
    results = tmp / "results"
    assert len(docs) == 10 and len(set(docs.values())) == 8  # two MEDLINE and two PubTator records share a file
    for doc_id in docs:
        assert (results / "docs" / f"{doc_id}.txt").is_file(), doc_id
    _, entities = _rows((results / "entities.tsv").read_text(encoding="utf-8"))
    assert {r["doc_id"] for r in entities} == set(docs)
    _, triples = _rows((results / "triples.tsv").read_text(encoding="utf-8"))
    with_triples = {d for r in triples for d in r["doc_ids"].split(";")}
    assert with_triples == set(docs)
    for r in entities:
        text = (results / "docs" / f"{r['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[int(r["start"]) : int(r["end"])] == r["text"], r


def test_workflow_title_only_and_medline_records_give_their_findings(mixed) -> None:
    tmp, _ = mixed
    _, triples = _rows((tmp / "results" / "triples.tsv").read_text(encoding="utf-8"))
    found = {(r["regulator"], r["drug"], r["doc_ids"]) for r in triples if r["targets"].startswith("PTEN")}
    assert {("hsa-miR-9998", "Paclitaxel", "title_only"), ("hsa-miR-9991", "Cisplatin", "two_records.90000001"),
            ("hsa-miR-9992", "Gemcitabine", "two_records.90000002"),
            ("hsa-miR-9997", "Docetaxel", "abbreviations_page")} <= found
    doc = json.loads((tmp / "results" / "docs" / "two_records.90000001.json").read_text(encoding="utf-8"))
    assert (doc["metadata"]["pmid"], doc["metadata"]["year"]) == ("90000001", "2021")


def test_workflow_editing_one_record_reextracts_only_that_record(mixed) -> None:
    tmp, _ = mixed
    results = tmp / "results"
    medline = tmp / "corpus" / "two_records.medline"
    keep = {p: p.stat().st_mtime_ns for p in (results / "extract" / "two_records.90000001").iterdir()}
    medline.write_text(medline.read_text(encoding="utf-8").replace("gemcitabine resistance in pancreatic",
                                                                     "oxaliplatin resistance in pancreatic"),
                       encoding="utf-8")
    proc = snakemake(tmp, "shards=3", "-q")
    assert proc.returncode == 0, proc.stderr[-5000:]
    assert {p: p.stat().st_mtime_ns for p in keep} == keep
    _, triples = _rows((results / "triples.tsv").read_text(encoding="utf-8"))
    assert {r["drug"] for r in triples if r["doc_ids"] == "two_records.90000002"} == {"Oxaliplatin"}
