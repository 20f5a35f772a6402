"""Tests for exomine query (exomine.outputs.query and the CLI subcommand), on an invented lexicon and database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from exomine.cli import main
from exomine.outputs.database import build_database, write_aggregated_triples
from exomine.entities.lexicon import LexiconEntry
from exomine.outputs.query import NameMatch, Resolver, TripleQuery, format_rows, mirna_pattern, run_sql
from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, TRIPLE_COLUMNS, Triple
from exomine.tables import read_records, write_records
from exomine.entities.index import LexiconIndex

ENTRIES = [
    LexiconEntry("foomycin", "DRUG", "DrugBank:DB99991", "Foomycin", "generic", "test"),
    LexiconEntry("barnomycin", "DRUG", "DrugBank:DB99991", "Foomycin", "brand", "test"),
    LexiconEntry("quxplatin", "DRUG", "DrugBank:DB99992", "Quxplatin", "generic", "test"),
    LexiconEntry("FOO1", "GENE", "HGNC:99991", "FOO1", "symbol", "test"),
    LexiconEntry("BAR2", "GENE", "HGNC:99992", "BAR2", "symbol", "test"),
    LexiconEntry("hsa-mir-9999", "MIRNA", "miRBase:MI9999999", "hsa-mir-9999", "precursor", "test"),
    LexiconEntry("hsa-mir-99990", "MIRNA", "miRBase:MI9999990", "hsa-mir-99990", "precursor", "test"),
    LexiconEntry("Foo Neoplasms", "CANCER", "MeSH:D999991", "Foo Neoplasms", "mesh_label", "test"),
    LexiconEntry("foo gland cancer", "CANCER", "MeSH:D999991", "Foo Neoplasms", "mesh_variant", "test"),
    LexiconEntry("Bar Carcinoma", "CANCER", "MeSH:D999992", "Bar Carcinoma", "mesh_label", "test"),
]


def _t(regulator, regulator_id, drug, drug_id, effect="resistance", targets="", target_ids="", cancer="",
       label="MIRNA", **where) -> Triple:
    where = {"drug_from": "sentence", "cancer_from": "sentence" if cancer else "", "section_kind": "abstract", **where}
    return Triple(regulator, label, regulator_id, targets, target_ids, drug, drug_id, effect, cancer, "", 1, 1,
                  "doc_a", f"{regulator} and {drug}.", False, "doc_a:0", belief=round(0.5 + len(regulator + drug) / 100, 4),
                  **where)


MENTIONS = [
    _t("hsa-miR-9999-5p", "miRBase:MI9999999", "Foomycin", "DrugBank:DB99991", targets="FOO1", target_ids="HGNC:99991",
       cancer="Foo Neoplasms"),
    _t("hsa-miR-9999-3p", "miRBase:MI9999999", "Quxplatin", "DrugBank:DB99992", "sensitivity", cancer="Bar Carcinoma"),
    _t("hsa-miR-9999", "miRBase:MI9999999", "Foomycin", "DrugBank:DB99991", "sensitivity",
       targets="miR-8888-3p;BAR2", target_ids="miRBase:MI8888;HGNC:99992"),
    _t("hsa-miR-99990", "miRBase:MI9999990", "Foomycin", "DrugBank:DB99991", targets="FOO-1", target_ids="HGNC:99991",
       drug_from="title"),
    _t("circFOO", "circRNA:circFOO", "Quxplatin", "DrugBank:DB99992", label="CIRCRNA", targets="hsa-miR-9999",
       target_ids="miRBase:MI9999999", cancer="Foo Neoplasms", cancer_from="document", section_kind="reference"),
    _t("lncBAR", "", "unlistedumab", "", label="LNCRNA", section_kind="body", background=True),
]


@pytest.fixture()
def results(tmp_path: Path) -> Path:
    return _build_results(tmp_path / "results")


@pytest.fixture(scope="module")
def module_results(tmp_path_factory) -> Path:
    """The same results, built once for tests that do not change them."""
    return _build_results(tmp_path_factory.mktemp("query") / "results")


def _build_results(res: Path) -> Path:
    write_records(res / "shards" / "s00" / "triples.tsv", MENTIONS, TRIPLE_COLUMNS)
    write_aggregated_triples([res / "shards" / "s00" / "triples.tsv"], res / "triples.tsv")
    write_records(res / "entities.tsv", [], ENTITY_COLUMNS)
    write_records(res / "relations.tsv", [], RELATION_COLUMNS)
    build_database(res / "exomine.duckdb", entities=res / "entities.tsv", relations=res / "relations.tsv",
                   triples=res / "triples.tsv", shard_triples=[res / "shards" / "s00" / "triples.tsv"], doc_jsons=[])
    (res / "cache").mkdir()
    (res / "cache" / "lexicon_index.bin").write_bytes(LexiconIndex(ENTRIES).to_bytes())
    return res


@pytest.fixture()
def resolver() -> Resolver:
    return Resolver(LexiconIndex(ENTRIES), cancer_entries=[e for e in ENTRIES if e.label == "CANCER"])


def _ask(results: Path, resolver: Resolver, **filters) -> list[tuple]:
    sql, params = TripleQuery(**filters).sql(resolver, ("regulator", "drug", "effect"))
    return run_sql(results / "exomine.duckdb", sql, params)[1]


@pytest.mark.parametrize("filters, expected", [
    ({"drug": "barnomycin"}, {("hsa-miR-9999-5p", "Foomycin", "resistance"), ("hsa-miR-9999", "Foomycin", "sensitivity"),
                              ("hsa-miR-99990", "Foomycin", "resistance")}),
    ({"drug": "FOOMYCIN", "effect": "sensitivity"}, {("hsa-miR-9999", "Foomycin", "sensitivity")}),
    ({"drug": "unlistedumab"}, {("lncBAR", "unlistedumab", "resistance")}),  # not in the lexicons: by name
    ({"regulator": "miR-9999"}, {("hsa-miR-9999-5p", "Foomycin", "resistance"),
                                 ("hsa-miR-9999-3p", "Quxplatin", "sensitivity"),
                                 ("hsa-miR-9999", "Foomycin", "sensitivity")}),
    ({"regulator": "microRNA-9999-3p"}, {("hsa-miR-9999-3p", "Quxplatin", "sensitivity")}),
    ({"regulator": "circ-FOO"}, {("circFOO", "Quxplatin", "resistance")}),
    ({"regulator": "LNCBAR"}, {("lncBAR", "unlistedumab", "resistance")}),
    ({"target": "FOO1"}, {("hsa-miR-9999-5p", "Foomycin", "resistance"), ("hsa-miR-99990", "Foomycin", "resistance")}),
    ({"target": "miR-8888"}, {("hsa-miR-9999", "Foomycin", "sensitivity")}),
    ({"target": "miR-8888-5p"}, set()),
    ({"target": "miR-9999"}, {("circFOO", "Quxplatin", "resistance")}),
    ({"target": "hsa-miR-9999-5p"}, set()),  # an arm asked for: a chain naming no arm does not say it
    ({"cancer": "foo"}, {("hsa-miR-9999-5p", "Foomycin", "resistance"), ("circFOO", "Quxplatin", "resistance")}),
    ({"cancer": "foo gland"}, {("hsa-miR-9999-5p", "Foomycin", "resistance"), ("circFOO", "Quxplatin", "resistance")}),
    ({"cancer": "bar"}, {("hsa-miR-9999-3p", "Quxplatin", "sensitivity")}),
    ({"cancer": "%"}, set()),  # no wildcards: '%' and '_' are characters of a name
    ({"cancer": "_"}, set()),
    ({"cancer": "f%o"}, set()),
    ({"cancer": "b_r"}, set()),
    ({"regulator_type": "circrna"}, {("circFOO", "Quxplatin", "resistance")}),
    ({"regulator": "miR-9999", "drug": "quxplatin", "cancer": "bar"}, {("hsa-miR-9999-3p", "Quxplatin", "sensitivity")}),
    # where the values were named, and what the finding rests on
    ({"origin": "sentence", "drug": "foomycin"}, {("hsa-miR-9999-5p", "Foomycin", "resistance"),
                                                  ("hsa-miR-9999", "Foomycin", "sensitivity")}),
    ({"origin": "title", "regulator_type": "circrna"}, set()),  # its cancer came from the document
    ({"origin": "document", "regulator_type": "circrna"}, {("circFOO", "Quxplatin", "resistance")}),
    ({"sections": ("reference",)}, {("circFOO", "Quxplatin", "resistance")}),
    ({"sections": ("abstract", "body"), "no_background": True, "drug": "quxplatin"},
     {("hsa-miR-9999-3p", "Quxplatin", "sensitivity")}),
    ({"no_background": True, "regulator_type": "lncrna"}, set()),
])
def test_query_names_through_lexicons(results: Path, resolver: Resolver, filters: dict, expected: set) -> None:
    assert set(_ask(results, resolver, **filters)) == expected


def test_query_mirna_pattern_keeps_numbers_apart() -> None:
    import re

    p = mirna_pattern("hsa-miR-9999")
    assert re.fullmatch(p, "mir-9999-3p") and re.fullmatch(p, "microrna-9999") and re.fullmatch(p, "hsa-mir-9999")
    assert not re.fullmatch(p, "hsa-mir-99990") and not re.fullmatch(p, "mir-9999b")
    assert not re.fullmatch(mirna_pattern("hsa-miR-9999-5p"), "hsa-mir-9999-3p")


def test_query_cli_origin_section_and_background_filters(results: Path, capsys) -> None:
    assert main(["query", "--results", str(results), "--origin", "sentence", "--section", "abstract,body",
                 "--no-background", "--format", "tsv", "--columns", "regulator,drug_from,section_kind"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out), delimiter="\t"))
    assert {r["regulator"] for r in rows} == {"hsa-miR-9999-5p", "hsa-miR-9999-3p", "hsa-miR-9999"}
    assert {(r["drug_from"], r["section_kind"]) for r in rows} == {("sentence", "abstract")}
    assert main(["query", "--results", str(results), "--section", "appendix"]) == 2
    assert "section must be among" in capsys.readouterr().err


def test_query_rejects_unknown_effect_and_column(resolver: Resolver) -> None:
    with pytest.raises(ValueError, match="effect must be one of"):
        TripleQuery(effect="cure").sql(resolver)
    with pytest.raises(ValueError, match="unknown column"):
        TripleQuery().sql(resolver, ("regulator", "nonsense"))
    assert NameMatch().sql("a", "b")[0] == "(false)"


def test_query_cli_prints_exactly_the_drug_triples(results: Path, capsys) -> None:
    assert main(["query", "--results", str(results), "--drug", "barnomycin", "--format", "tsv", "--columns", "all"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out), delimiter="\t"))
    table = read_records(results / "triples.tsv", Triple)
    expected = [t for t in table if t.drug_id == "DrugBank:DB99991"]
    assert [Triple.from_row(r) for r in rows] == expected


def test_query_cli_formats(results: Path, capsys) -> None:
    assert main(["query", "--results", str(results), "--regulator", "miR-9999", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["regulator"] for d in data} == {"hsa-miR-9999-5p", "hsa-miR-9999-3p", "hsa-miR-9999"}
    assert isinstance(data[0]["n_docs"], int) and isinstance(data[0]["belief"], float)
    assert main(["query", "--results", str(results), "--effect", "sensitivity"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["regulator", "targets", "drug", "effect", "cancer", "source_cell", "n_docs", "belief"]
    assert out[-1] == "(2 rows)"
    table = read_records(results / "triples.tsv", Triple)
    cut = sorted(t.belief for t in table)[len(table) // 2]
    assert main(["query", "--results", str(results), "--min-belief", str(cut), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0 < len(data) < len(table) and len(data) == sum(t.belief >= cut for t in table)
    assert main(["query", "--results", str(results), "--sql",
                 "SELECT drug, n_triples FROM triples_by_drug WHERE effect = 'resistance' ORDER BY drug"]) == 0
    assert capsys.readouterr().out.splitlines()[2:4] == ["Foomycin      2", "Quxplatin     1"]


def test_query_cli_explains_missing_database_and_bad_sql(tmp_path: Path, results: Path, capsys) -> None:
    assert main(["query", "--results", str(tmp_path / "nowhere"), "--drug", "foomycin"]) == 2
    assert "no results database" in capsys.readouterr().err
    assert main(["query", "--results", str(results), "--sql", "SELECT * FROM no_such_table"]) == 2
    assert "no_such_table" in capsys.readouterr().err
    assert main(["query", "--results", str(results), "--sql", "DROP TABLE triples"]) == 2  # read-only
    assert run_sql(results / "exomine.duckdb", "SELECT count(*) FROM triples")[1] == [(len(MENTIONS),)]


def test_query_format_rows_clips_only_the_table() -> None:
    rows = [("x" * 100, "tab\there", None)]
    table = format_rows(["a", "b", "c"], rows, "table", max_width=10)
    assert "xxxxxxxxx…" in table and "tab here" in table
    tsv = format_rows(["a", "b", "c"], rows, "tsv")
    assert list(csv.reader(io.StringIO(tsv), delimiter="\t"))[1] == ["x" * 100, "tab\there", ""]


def test_query_cli_says_why_a_mentioned_name_is_in_no_triple(tmp_path: Path, capsys) -> None:
    from exomine.records import Mention

    res = tmp_path / "results"
    write_records(res / "shards" / "s00" / "triples.tsv", MENTIONS, TRIPLE_COLUMNS)
    write_aggregated_triples([res / "shards" / "s00" / "triples.tsv"], res / "triples.tsv")
    bar = [Mention(f"doc_{i}", "body", 0, 0, 4, "BAR2", "GENE", "HGNC:99992", "BAR2", "lexicon:exact") for i in "abb"]
    write_records(res / "entities.tsv", bar, ENTITY_COLUMNS)
    write_records(res / "relations.tsv", [], RELATION_COLUMNS)
    build_database(res / "exomine.duckdb", entities=res / "entities.tsv", relations=res / "relations.tsv",
                   triples=res / "triples.tsv", shard_triples=[res / "shards" / "s00" / "triples.tsv"], doc_jsons=[])
    (res / "cache").mkdir()
    (res / "cache" / "lexicon_index.bin").write_bytes(LexiconIndex(ENTRIES).to_bytes())
    assert main(["query", "--results", str(res), "--regulator", "BAR2"]) == 0
    err = capsys.readouterr().err
    assert "'BAR2' is mentioned 3 times in 2 documents, in relations: none" in err
    assert main(["query", "--results", str(res), "--regulator", "FOO1"]) == 0  # never mentioned: no note
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("sql", [
    "COPY (SELECT 1) TO '{tmp}/x.csv'",
    "SELECT * FROM read_csv('/etc/hostname')",
    "SELECT * FROM read_text('{tmp}/secret.txt')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "ATTACH '{tmp}/other.duckdb' AS other",
    "SELECT * FROM 'https://example.invalid/x.csv'",
    "SET enable_external_access = true",
    "RESET lock_configuration",
    "SELECT 1; COPY (SELECT 1) TO '{tmp}/y.csv'",
    "CREATE TABLE z AS SELECT 1",
])
def test_query_sql_reads_only_the_database(module_results: Path, tmp_path: Path, capsys, sql: str) -> None:
    results = module_results
    (tmp_path / "secret.txt").write_text("FOO1-SECRET\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["query", "--results", str(results), "--sql", sql.format(tmp=tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("exomine query: --sql only reads the results database"), captured.err
    assert "Traceback" not in captured.err and "FOO1-SECRET" not in captured.out + captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, nothing attached
    # and the database still answers
    assert run_sql(results / "exomine.duckdb", "SELECT count(*) FROM triples")[1] == [(len(MENTIONS),)]


def test_query_tsv_neutralises_formula_cells(module_results: Path, capsys) -> None:
    results = module_results
    sql = "SELECT '=HYPERLINK(\"http://example.invalid\")' AS \"=x\", '-1' AS n, '@SUM(A1)' AS a, '+FOO1' AS p, 'miR-9999' AS m"
    assert main(["query", "--results", str(results), "--sql", sql, "--format", "tsv"]) == 0
    header, row = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter="\t"))
    assert header == ["'=x", "n", "a", "p", "m"]
    assert row == ["'=HYPERLINK(\"http://example.invalid\")", "-1", "'@SUM(A1)", "'+FOO1", "miR-9999"]
    # the other formats show the values as they are
    assert main(["query", "--results", str(results), "--sql", sql, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["a"] == "@SUM(A1)"
