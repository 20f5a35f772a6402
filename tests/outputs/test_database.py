"""Tests for the results database (exomine.outputs.database): SQL aggregation = Python aggregation, tables, views, Parquet."""

from __future__ import annotations

import json
import random
from pathlib import Path

import duckdb
import pytest

from exomine import tables
from exomine.outputs.database import (
    TABLES,
    aggregate_triples_sql,
    build_database,
    connect,
    export_parquet,
    write_aggregated_triples,
)
from exomine.records import ENTITY_COLUMNS, ORIGINS, RELATION_COLUMNS, SECTION_KINDS, TRIPLE_COLUMNS, Document, \
    Mention, Paragraph, Relation, Section, Triple
from exomine.tables import aggregate_triples, read_records, write_records

# Invented names; some differ only in case, some carry no id (grouped by lower-cased name), some are non-ASCII.
REGULATORS = [("miR-9999", "MIRNA", "miRBase:MI9999999"), ("hsa-miR-9999-5p", "MIRNA", "miRBase:MI9999999"),
              ("circFOO", "CIRCRNA", "circRNA:circFOO"), ("CircFoo", "CIRCRNA", ""), ("circfoo", "CIRCRNA", ""),
              ("lncBAR", "LNCRNA", ""), ("FOO1", "GENE", "HGNC:99991"), ("ΣΑΣ1", "GENE", ""), ("σας1", "GENE", ""),
              ("İBAR", "GENE", ""), ("=FOO2", "GENE", ""), ("-lncBAZ", "LNCRNA", "")]
DRUGS = [("foomycin", "DrugBank:DB99991"), ("Foomycin", "DrugBank:DB99991"), ("barplatin", ""), ("Barplatin", ""),
         ("@bazinib", "DrugBank:DB99993"), ("β-quxel", "")]
TARGETS = [("FOO1", "HGNC:99991"), ("foo1", "HGNC:99991"), ("BAR2", ""), ("bar2", ""), ("miR-8888", "miRBase:MI8888"),
           ("+BAZ3", "HGNC:99993"), ("Ωmega", "")]
TEXT = ["", "tumour A", "tumour B", "=tumour C", "cell \"quoted\" line", "tab\there", "new\nline", "  spaced  ",
        "émigré", "'=already neutralised" if hasattr(tables, "neutralise_cell") else "plain"]
RULES = ["rule.a", "rule.b", "rule.c", "rule.a+state.knockdown_before", ""]
BELIEFS = [0.0, 0.1, 0.5, 0.5, 0.7321, 0.9, 0.95, 0.9999, 1.0]


def _mention(rng: random.Random, i: int) -> Triple:
    reg, label, reg_id = rng.choice(REGULATORS)
    drug, drug_id = rng.choice(DRUGS)
    chain = rng.sample(TARGETS, rng.choice([0, 0, 1, 2, 3]))
    names = ";".join(n for n, _ in chain)
    ids = ";".join(t for _, t in chain)
    if chain and rng.random() < 0.1:
        ids = ""  # a chain without ids: zip pairs only the first name
    doc = f"doc{rng.randrange(40)}"
    return Triple(
        regulator=reg, regulator_label=label, regulator_id=reg_id, targets=names, target_ids=ids, drug=drug,
        drug_id=drug_id, effect=rng.choice(["resistance", "sensitivity"]), cancer=rng.choice(TEXT[:4] + [""] * 3),
        source_cell=rng.choice(TEXT), n_mentions=rng.choice([1, 1, 1, 2]), n_docs=1, doc_ids=doc,
        evidence=rng.choice(["E", "Ev", "Evi", "evidence " + rng.choice(TEXT)]) * rng.choice([1, 2]),
        hedged=rng.random() < 0.3, provenance=f"{doc}:{rng.randrange(200)}", drug_is_class=rng.random() < 0.1,
        rule=";".join(rng.sample(RULES, rng.choice([1, 2]))),
        drug_from=rng.choice(ORIGINS + ("",)), cancer_from=rng.choice(ORIGINS + ("",)),
        source_cell_from=rng.choice(ORIGINS + ("",)), section_kind=rng.choice(SECTION_KINDS + ("",)),
        background=rng.random() < 0.4,
        belief=rng.choice(BELIEFS) if rng.random() < 0.7 else round(rng.random(), 4),
    )


def _shards(tmp: Path, n: int, n_shards: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    mentions = [_mention(rng, i) for i in range(n)]
    paths = []
    for s in range(n_shards):
        path = tmp / f"s{s:02d}" / "triples.tsv"
        write_records(path, mentions[s::n_shards], TRIPLE_COLUMNS)
        paths.append(path)
    return paths


def _python_table(paths: list[Path], out: Path) -> bytes:
    write_records(out, aggregate_triples(t for p in paths for t in read_records(p, Triple)), TRIPLE_COLUMNS)
    return out.read_bytes()


@pytest.mark.parametrize("n, n_shards, seed", [(0, 1, 0), (1, 1, 1), (60, 3, 2), (3000, 7, 3), (20000, 16, 4)])
def test_database_sql_aggregation_is_byte_identical(tmp_path: Path, n: int, n_shards: int, seed: int) -> None:
    paths = _shards(tmp_path, n, n_shards, seed)
    expected = _python_table(paths, tmp_path / "python.tsv")
    got = write_aggregated_triples(paths, tmp_path / "sql.tsv")
    assert (tmp_path / "sql.tsv").read_bytes() == expected
    assert got == len(read_records(tmp_path / "python.tsv", Triple))


def test_database_sql_aggregation_records_equal_python(tmp_path: Path) -> None:
    paths = _shards(tmp_path, 5000, 5, 11)
    python = aggregate_triples(t for p in paths for t in read_records(p, Triple))
    con = connect()
    sql = list(aggregate_triples_sql(con, paths))
    assert sql == python
    assert len({tables.triple_key(t) for t in sql}) == len(sql)
    # more than one mention per group, so the merge itself is exercised
    assert sum(t.n_mentions for t in sql) > 2 * len(sql)


def test_database_sql_aggregation_no_tables(tmp_path: Path) -> None:
    assert write_aggregated_triples([], tmp_path / "t.tsv") == 0
    assert (tmp_path / "t.tsv").read_text(encoding="utf-8") == "\t".join(TRIPLE_COLUMNS) + "\n"


def test_database_sql_aggregation_skips_documents(tmp_path: Path) -> None:
    paths = _shards(tmp_path, 500, 2, 5)
    skip = {"doc1", "doc7"}
    python = aggregate_triples(t for p in paths for t in read_records(p, Triple) if t.doc_ids not in skip)
    assert list(aggregate_triples_sql(connect(), paths, skip_docs=skip)) == python
    assert not any(set(t.doc_ids.split(";")) & skip for t in python)


def test_database_sql_aggregation_names_a_bad_table(tmp_path: Path) -> None:
    bad = tmp_path / "s00" / "triples.tsv"
    bad.parent.mkdir()
    bad.write_text("regulator\tdrug\nFOO1\tfoomycin\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"s00/triples.tsv: not an exomine table"):
        write_aggregated_triples([bad], tmp_path / "t.tsv")


def _tiny_results(tmp: Path) -> dict:
    text = "Exosomal miR-9999 confers foomycin resistance via FOO1. =FOO2 is hedged."
    doc = Document("doc_a", "corpus/doc_a.txt", text, (Section("abstract", "Abstract", (Paragraph(0, text),)),),
                   {"title": "A title", "year": "2024", "doi": "10.1/x", "extra": "kept in metadata"})
    (tmp / "docs").mkdir(parents=True)
    (tmp / "docs" / "doc_a.json").write_text(json.dumps(doc.to_json()), encoding="utf-8")
    ents = [Mention("doc_a", "abstract", 0, 9, 17, "miR-9999", "MIRNA", "miRBase:MI9999999", "hsa-miR-9999", "rule"),
            Mention("doc_a", "abstract", 0, 26, 34, "foomycin", "DRUG", "DrugBank:DB99991", "Foomycin", "lexicon"),
            Mention("doc_a", "abstract", 1, 57, 62, "=FOO2", "GENE", "", "=FOO2", "lexicon")]
    rels = [Relation("doc_a", "abstract", 0, "miR-9999", "MIRNA", "miRBase:MI9999999", "confers_resistance",
                     "foomycin", "DRUG", "DrugBank:DB99991", False, False, text[:56], 9, 17, 26, 34, "finding", "r1")]
    mention = Triple("hsa-miR-9999", "MIRNA", "miRBase:MI9999999", "FOO1", "HGNC:99991", "Foomycin",
                     "DrugBank:DB99991", "resistance", "", "", 1, 1, "doc_a", text[:56], False, "doc_a:0", False, "r1")
    write_records(tmp / "entities.tsv", ents, ENTITY_COLUMNS)
    write_records(tmp / "relations.tsv", rels, RELATION_COLUMNS)
    write_records(tmp / "shards" / "s00" / "triples.tsv", [mention, mention], TRIPLE_COLUMNS)
    write_aggregated_triples([tmp / "shards" / "s00" / "triples.tsv"], tmp / "triples.tsv")
    return dict(entities=tmp / "entities.tsv", relations=tmp / "relations.tsv", triples=tmp / "triples.tsv",
                shard_triples=[tmp / "shards" / "s00" / "triples.tsv"], doc_jsons=[tmp / "docs" / "doc_a.json"])


def test_database_tables_views_and_parquet(tmp_path: Path) -> None:
    inputs = _tiny_results(tmp_path)
    ingest = tmp_path / "ingest.tsv"
    ingest.write_text("file\tdoc_id\tstatus\treason\tchars_in\tchars_kept\tsections\tsentences\n"
                      "corpus/doc_a.txt\tdoc_a\tread\t\t80\t72\t1\t2\ncorpus/x.bin\t\tskipped\tnot text\t\t\t\t\n",
                      encoding="utf-8")
    db = tmp_path / "exomine.duckdb"
    counts = build_database(db, ingest=ingest, **inputs)
    assert counts == {"documents": 1, "entities": 3, "relations": 1, "triples": 1, "triple_mentions": 2, "ingest": 2}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT title, year, json_extract_string(metadata, '$.extra'), n_chars FROM documents").fetchone() \
        == ("A title", "2024", "kept in metadata", 72)
    # the apostrophe that neutralises a formula in the TSV is not in the database
    assert con.execute("SELECT text FROM entities WHERE label = 'GENE'").fetchone()[0] == "=FOO2"
    assert con.execute("SELECT n_mentions, hedged FROM triples").fetchone() == (2, False)
    assert con.execute("SELECT count(*), min(doc_id), min(sentence_id) FROM triple_evidence").fetchone() == (2, "doc_a", 0)
    assert con.execute("SELECT target, target_id FROM regulator_targets").fetchall() == [("FOO1", "HGNC:99991")]
    assert con.execute("SELECT * FROM ingest_summary").fetchall() == [("read", 1), ("skipped", 1)]
    assert con.execute("SELECT chars_in FROM ingest WHERE status = 'skipped'").fetchone() == (None,)
    con.close()
    written = export_parquet(db, tmp_path / "parquet")
    assert [p.stem for p in written] == list(TABLES)
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "parquet" / "triples.parquet").num_rows == 1
    assert pq.read_table(tmp_path / "parquet" / "entities.parquet").column("text").to_pylist()[2] == "=FOO2"


def test_database_without_ingest_report(tmp_path: Path) -> None:
    inputs = _tiny_results(tmp_path)
    counts = build_database(tmp_path / "db.duckdb", ingest=tmp_path / "absent.tsv", **inputs)
    assert counts["ingest"] == 0
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    assert [c[0] for c in con.execute("DESCRIBE ingest").fetchall()][:3] == ["file", "doc_id", "status"]
    assert not list(tmp_path.glob(".db.duckdb*"))  # no temporary file left


def test_database_names_a_bad_document_json(tmp_path: Path) -> None:
    inputs = _tiny_results(tmp_path)
    bad = tmp_path / "docs" / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json: not an exomine document JSON"):
        build_database(tmp_path / "db.duckdb", **{**inputs, "doc_jsons": [bad]})


def test_database_leaves_out_the_mentions_the_aggregation_skipped(tmp_path: Path) -> None:
    inputs = _tiny_results(tmp_path)
    other = Triple("hsa-miR-9999", "MIRNA", "miRBase:MI9999999", "", "", "Foomycin", "DrugBank:DB99991",
                   "resistance", "", "", 1, 1, "doc_dup", "same text", False, "doc_dup:3", False, "r1")
    shard = inputs["shard_triples"][0]
    write_records(shard, read_records(shard, Triple) + [other], TRIPLE_COLUMNS)
    write_aggregated_triples([shard], inputs["triples"], skip_docs={"doc_dup"})
    build_database(tmp_path / "db.duckdb", skip_docs={"doc_dup"}, **inputs)
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    assert con.execute("SELECT n_mentions FROM triples").fetchall() == [(2,)]
    assert con.execute("SELECT DISTINCT doc_id FROM triple_mentions").fetchall() == [("doc_a",)]


def test_database_temp_directory_name_is_data(tmp_path: Path) -> None:
    folder = tmp_path / "it's a ''quoted'' folder; DROP TABLE x; --"
    con = connect(temp_directory=folder)
    try:
        assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == folder.as_posix()
    finally:
        con.close()
