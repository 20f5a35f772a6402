"""The embedded database: results tables in DuckDB, the triple aggregation as SQL, Parquet copies.

``results/exomine.duckdb`` holds the corpus tables (``documents``,
``entities``, ``relations``, ``triples``, ``triple_mentions``, ``ingest``)
and views for common questions (:data:`VIEWS`). The corpus-level
aggregation of triple mentions (:func:`aggregate_triples_sql`) runs in
DuckDB over the shard tables, so it streams and spills to disk instead of
holding every mention in memory; it gives the same table as
:func:`exomine.tables.aggregate_triples`, row for row and byte for byte
once written.

TSV cells are read back as :func:`exomine.tables.read_records` reads them:
empty cells are empty strings and a leading apostrophe that neutralises a
spreadsheet formula (``'=x``) is removed (:data:`RESTORE_SQL`).

>>> import duckdb
>>> con = duckdb.connect()
>>> install_macros(con)
>>> con.execute("SELECT restore_cell('''=1+2'), restore_cell('''x'), restore_cell('-1')").fetchone()
('=1+2', "'x", '-1')
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Collection, Iterable, Iterator, Sequence

from exomine.records import ENTITY_COLUMNS, INGEST_COLUMNS, ORIGINS, RELATION_COLUMNS, SECTION_KINDS, TRIPLE_COLUMNS, \
    Mention, Relation, Triple
from exomine.tables import INDIRECT_RULE, SECTION_RANKS

__all__ = ["DOCUMENT_COLUMNS", "VIEWS", "connect", "install_macros", "read_tsv_sql",
           "aggregate_triples_sql", "write_aggregated_triples", "build_database", "export_parquet", "TABLES"]

# results/ingest.tsv (the ingest report, exomine.reading.ingest_report); counts are empty where they do not apply.
_INGEST_TYPES = {"chars_in": "BIGINT", "chars_kept": "BIGINT", "sections": "BIGINT", "sentences": "BIGINT"}
# Metadata keys that get their own column in ``documents``; every key is kept in ``metadata`` (JSON).
DOCUMENT_COLUMNS = ("doc_id", "file", "title", "journal", "year", "doi", "pmid", "pmcid", "source_path", "n_chars",
                    "n_sections", "n_paragraphs", "sections", "metadata")
# Tables written to the database and, as Parquet, to results/parquet/.
TABLES = ("documents", "entities", "relations", "triples", "triple_mentions", "ingest")

_SQL_TYPES = {"int": "BIGINT", "bool": "BOOLEAN", "float": "DOUBLE"}
# exomine.tables.evidence_rank: the mention's section rank (by its section_kind), directness.
_SECTION_RANK_SQL = ("CASE section_kind " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in SECTION_RANKS.items()) +
                     " ELSE 0 END")
_INDIRECT_SQL = f"CASE WHEN contains(rule, '{INDIRECT_RULE}') THEN 1 ELSE 0 END"

# A leading apostrophe before a formula character is the writer's neutralisation (exomine.tables): remove one.
RESTORE_SQL = ("CASE WHEN NOT starts_with(v, '''') THEN v "  # the common case, without a regex
               "WHEN regexp_matches(v, '^''+[=+@-]') THEN substr(v, 2) ELSE v END")


def connect(path: str | Path = ":memory:", memory_limit: str = "", temp_directory: str | Path = "", threads: int = 0):
    """A DuckDB connection with exomine's SQL macros; ``temp_directory`` is where it spills."""
    import duckdb

    con = duckdb.connect(str(path))
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if temp_directory:
        con.execute(f"SET temp_directory = {_literal(Path(temp_directory).as_posix())}")  # a folder name is data
    con.execute("SET preserve_insertion_order = true")
    install_macros(con)
    return con


def _py_lower(value: str) -> str:
    return value.lower()


def install_macros(con) -> None:
    """SQL helpers: ``restore_cell(v)``, ``py_lower(v)`` (Python's ``str.lower``) and ``key_of(id, name)``."""
    con.execute(f"CREATE OR REPLACE MACRO restore_cell(v) AS {RESTORE_SQL}")
    try:
        con.create_function("_exomine_lower", _py_lower, ["VARCHAR"], "VARCHAR", side_effects=False)
    except Exception:  # already registered on this connection
        pass
    # DuckDB's lower() is Python's on ASCII; other text goes through Python (final sigma, dotted capital I).
    con.execute("CREATE OR REPLACE MACRO py_lower(v) AS "
                "CASE WHEN regexp_matches(v, '[^\\x00-\\x7F]') THEN _exomine_lower(v) ELSE lower(v) END")
    # exomine.tables.triple_key: the normalised id, else the lower-cased name.
    con.execute("CREATE OR REPLACE MACRO key_of(i, n) AS CASE WHEN i <> '' THEN i ELSE py_lower(n) END")
    # exomine.tables.aggregate_triples' ranks: ORIGINS strictest first, SECTION_KINDS best first (NULL: none)
    con.execute(f"CREATE OR REPLACE MACRO origin_rank(v) AS list_position({_sql_list(ORIGINS)}, v)")
    con.execute(f"CREATE OR REPLACE MACRO origin_name(r) AS coalesce({_sql_list(ORIGINS)}[r], '')")
    con.execute(f"CREATE OR REPLACE MACRO kind_rank(v) AS list_position({_sql_list(SECTION_KINDS)}, v)")
    con.execute(f"CREATE OR REPLACE MACRO kind_name(r) AS coalesce({_sql_list(SECTION_KINDS)}[r], '')")


def _sql_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_literal(v) for v in values) + "]"


def _check_headers(paths: Sequence[str | Path], columns: Sequence[str]) -> None:
    want = "\t".join(columns)
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            first = fh.readline().rstrip("\r\n")
        if first != want:
            missing = [c for c in columns if c not in first.split("\t")]
            detail = f"missing {', '.join(missing)}" if missing else "columns in another order or extra columns"
            raise ValueError(f"{path}: not an exomine table of these columns ({detail})")


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def read_tsv_sql(paths: Sequence[str | Path], columns: Sequence[str], types: dict[str, str] | None = None) -> str:
    """A SELECT over TSVs written by :func:`exomine.tables.write_records`, cells as the Python reader gives them.

    Text columns are restored (see :data:`RESTORE_SQL`) and never NULL;
    columns named in ``types`` are cast (an empty cell is NULL there).
    """
    types = types or {}
    files = "[" + ", ".join(_literal(Path(p).as_posix()) for p in paths) + "]"
    spec = "{" + ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in columns) + "}"
    cols = []
    for c in columns:
        v = f'restore_cell(coalesce("{c}", \'\'))'
        t = types.get(c)
        if t == "BOOLEAN":
            cols.append(f'(lower({v}) IN (\'true\', \'1\')) AS "{c}"')
        elif t:
            cols.append(f'CAST(NULLIF({v}, \'\') AS {t}) AS "{c}"')
        else:
            cols.append(f'{v} AS "{c}"')
    return (f"SELECT {', '.join(cols)} FROM read_csv({files}, columns = {spec}, delim = '\\t', quote = '\"', "
            f"escape = '\"', header = true, auto_detect = false, max_line_size = 16777216, "
            f"null_padding = false, strict_mode = true)")


def _types_of(cls) -> dict[str, str]:
    return {f.name: _SQL_TYPES[f.type] for f in fields(cls) if f.type in _SQL_TYPES}


def _load_table(con, name: str, paths: Sequence[str | Path], columns: Sequence[str], types: dict[str, str],
                ordinal: str = "") -> None:
    """Create table ``name`` from TSVs (with a 1-based ``ordinal`` column in file order when named)."""
    typed = ", ".join(f'"{c}" {types.get(c, "VARCHAR")}' for c in columns)
    con.execute(f"CREATE OR REPLACE TABLE {name} ({(ordinal + ' BIGINT, ') if ordinal else ''}{typed})")
    if not paths:
        return
    _check_headers(paths, columns)
    select = read_tsv_sql(paths, columns, types)
    if ordinal:
        # rowid follows insertion order (preserve_insertion_order): it numbers the rows as the files list them,
        # and a scan of the staged table gives them back in that order.
        con.execute(f"CREATE OR REPLACE TABLE _staged AS {select}")
        con.execute(f"INSERT INTO {name} SELECT rowid + 1, * FROM _staged")
        con.execute("DROP TABLE _staged")
    else:
        con.execute(f"INSERT INTO {name} {select}")


def _mentions_table(con, paths: Sequence[str | Path], skip_docs: Collection[str] = (), name: str = "_mentions"):
    """Table ``name``: the shard triple mentions in file order (``ord``), each with its group (``gid``).

    A group is the aggregation key (exomine.tables.triple_key); its ``gid``
    is the ``ord`` of its first mention, so that the merge below works on
    integers. ``<name>_groups`` holds one row per group: first mention,
    mention count, hedged, belief (the fold of :func:`exomine.tables.combine_beliefs`
    over the mentions in file order), drug origin, section kind, background,
    and the mention whose names and evidence the triple takes (``best``:
    Python's ``max`` on :func:`exomine.tables.evidence_rank`, then the first).
    """
    _load_table(con, name + "_raw", paths, TRIPLE_COLUMNS, _types_of(Triple), ordinal="ord")
    if skip_docs:
        con.execute("CREATE OR REPLACE TEMP TABLE _skip (doc_id VARCHAR)")
        con.executemany("INSERT INTO _skip VALUES (?)", [(d,) for d in sorted(skip_docs)])
        con.execute(f"DELETE FROM {name}_raw WHERE doc_ids IN (SELECT doc_id FROM _skip)")
    con.execute(f"""
        CREATE OR REPLACE TABLE {name}_groups AS
        SELECT min(ord) AS gid, sum(n_mentions) AS n_mentions, bool_and(hedged) AS hedged,
               list_reduce(list(belief ORDER BY ord), lambda a, x: 1 - (1 - a) * (1 - x)) AS belief,
               arg_min(ord, struct_pack(s := s_rank, d := indirect, b := -belief, t := -n_targets,
                                        e := length(evidence), o := ord)) AS best,
               origin_name(min(origin_rank(drug_from))) AS drug_from,
               kind_name(min(kind_rank(section_kind))) AS section_kind, bool_and(background) AS background
        FROM (SELECT ord, n_mentions, hedged, evidence, belief, drug_from, section_kind, background,
                     key_of(regulator_id, regulator) AS k_reg,
                     key_of(drug_id, drug) AS k_drug, effect, {_SECTION_RANK_SQL} AS s_rank,
                     {_INDIRECT_SQL} AS indirect,
                     CASE WHEN targets = '' THEN 0 ELSE len(string_split(targets, ';')) END AS n_targets
              FROM {name}_raw)
        GROUP BY k_reg, k_drug, effect""")
    con.execute(f"""
        CREATE OR REPLACE TABLE {name} AS
        SELECT m.ord, g.gid, m.* EXCLUDE (ord)
        FROM {name}_raw m
        JOIN (SELECT g.gid, key_of(r.regulator_id, r.regulator) AS k_reg, key_of(r.drug_id, r.drug) AS k_drug,
                     r.effect
              FROM {name}_groups g JOIN {name}_raw r ON r.ord = g.gid) g
          ON key_of(m.regulator_id, m.regulator) = g.k_reg AND key_of(m.drug_id, m.drug) = g.k_drug
             AND m.effect = g.effect""")
    con.execute(f"DROP TABLE {name}_raw")


def _ordered_union_sql(column: str, src: str = "_mentions") -> str:
    """Per group: the ';'-joined parts of ``column`` in order of first appearance (exomine.tables._ordered_union).

    Positions are ``ord * 2**20 + part``: mention order, then place in the cell.
    """
    return f"""
        SELECT gid, string_agg(part, ';' ORDER BY first_seen) AS joined, count(*) AS n
        FROM (SELECT gid, part, min(ord * 1048576 + p) AS first_seen
              FROM (SELECT gid, ord, unnest(string_split({column}, ';')) AS part,
                           unnest(generate_series(1, len(string_split({column}, ';')))) AS p
                    FROM {src})
              WHERE part <> ''
              GROUP BY gid, part)
        GROUP BY gid"""


def _most_common_sql(column: str, src: str = "_mentions") -> str:
    """Per group: the most frequent non-empty value, ties to the one seen first (Counter.most_common)."""
    return f"""
        SELECT gid, arg_max(v, struct_pack(n := n, o := -o)) AS value
        FROM (SELECT gid, {column} AS v, count(*) AS n, min(ord) AS o
              FROM {src} WHERE {column} <> '' GROUP BY gid, {column})
        GROUP BY gid"""


# The merge, one table per part (each step gets the whole memory budget, so a step that exceeds it spills
# alone instead of sharing it with every other hash table of one big query).
AGGREGATE_STEPS: tuple[tuple[str, str], ...] = (
    # one row per (mention, chain position): names and ids paired as zip() pairs them (to the shorter list)
    ("_agg_pairs", """
        SELECT gid, ord, p, names[p] AS name, coalesce(ids[p], '') AS tid
        FROM (SELECT gid, ord, names, ids, unnest(generate_series(1, least(len(names), len(ids)))) AS p
              FROM (SELECT gid, ord, string_split(targets, ';') AS names, string_split(target_ids, ';') AS ids
                    FROM _mentions WHERE targets <> ''))"""),
    # one target per id (or lower-cased name), its first surface, in order of first appearance
    ("_agg_chain", """
        SELECT gid, string_agg(name, ';' ORDER BY first_seen) AS targets,
               string_agg(tid, ';' ORDER BY first_seen) AS target_ids
        FROM (SELECT gid, key_of(tid, name) AS tkey, arg_min(name, ord * 1048576 + p) AS name,
                     arg_min(tid, ord * 1048576 + p) AS tid, min(ord * 1048576 + p) AS first_seen
              FROM _agg_pairs GROUP BY gid, tkey)
        GROUP BY gid"""),
    ("_agg_docs", _ordered_union_sql("doc_ids")),
    ("_agg_provenance", _ordered_union_sql("provenance")),
    ("_agg_rules", _ordered_union_sql("rule")),
    ("_agg_cancer", _most_common_sql("cancer")),
    ("_agg_cell", _most_common_sql("source_cell")),
    # the strictest origin among the mentions that carry the value kept
    ("_agg_cancer_from", """
        SELECT m.gid, origin_name(min(origin_rank(m.cancer_from))) AS value
        FROM _mentions m JOIN _agg_cancer c ON c.gid = m.gid AND m.cancer = c.value GROUP BY m.gid"""),
    ("_agg_cell_from", """
        SELECT m.gid, origin_name(min(origin_rank(m.source_cell_from))) AS value
        FROM _mentions m JOIN _agg_cell c ON c.gid = m.gid AND m.source_cell = c.value GROUP BY m.gid"""),
)

# Every part of a group's row but the best mention's names and evidence, joined one part at a time (a
# query that joins them all holds six hash tables at once).
AGGREGATE_STEPS += (
    ("_agg_g1", """SELECT g.gid, g.best, g.n_mentions, g.hedged, g.belief, g.drug_from, g.section_kind,
                          g.background, coalesce(c.targets, '') AS targets,
                          coalesce(c.target_ids, '') AS target_ids
                   FROM _mentions_groups g LEFT JOIN _agg_chain c ON c.gid = g.gid"""),
    ("_agg_g2", """SELECT g.*, coalesce(d.n, 0) AS n_docs, coalesce(d.joined, '') AS doc_ids
                   FROM _agg_g1 g LEFT JOIN _agg_docs d ON d.gid = g.gid"""),
    ("_agg_g3", """SELECT g.*, coalesce(p.joined, '') AS provenance
                   FROM _agg_g2 g LEFT JOIN _agg_provenance p ON p.gid = g.gid"""),
    ("_agg_g4", """SELECT g.*, coalesce(r.joined, '') AS rule FROM _agg_g3 g LEFT JOIN _agg_rules r ON r.gid = g.gid"""),
    ("_agg_g5", """SELECT g.*, coalesce(c.value, '') AS cancer FROM _agg_g4 g LEFT JOIN _agg_cancer c ON c.gid = g.gid"""),
    ("_agg_g6", """SELECT g.*, coalesce(c.value, '') AS source_cell FROM _agg_g5 g LEFT JOIN _agg_cell c ON c.gid = g.gid"""),
    ("_agg_g7", """SELECT g.*, coalesce(c.value, '') AS cancer_from
                   FROM _agg_g6 g LEFT JOIN _agg_cancer_from c ON c.gid = g.gid"""),
    ("_agg_groups", """SELECT g.*, coalesce(c.value, '') AS source_cell_from
                       FROM _agg_g7 g LEFT JOIN _agg_cell_from c ON c.gid = g.gid"""),
)


# The triples in exomine.tables.aggregate_triples' order: most mentions first, then names, then first seen.
AGGREGATE_SQL = """
SELECT b.regulator, b.regulator_label, b.regulator_id, g.targets, g.target_ids, b.drug, b.drug_id, b.effect,
       g.cancer, g.source_cell, g.n_mentions, g.n_docs, g.doc_ids, b.evidence, g.hedged, g.provenance,
       b.drug_is_class, g.rule, g.drug_from, g.cancer_from, g.source_cell_from, g.section_kind, g.background,
       g.belief
FROM _agg_groups g JOIN _mentions b ON b.ord = g.best
ORDER BY g.n_mentions DESC, b.regulator, b.drug, b.effect, g.gid
"""


def aggregate_triples_sql(con, paths: Sequence[str | Path], skip_docs: Collection[str] = (),
                          batch: int = 10000) -> Iterator[Triple]:
    """Aggregate the triple mentions of shard tables in DuckDB; yields :class:`Triple` records in table order.

    The same merge as :func:`exomine.tables.aggregate_triples` (same groups,
    chain, counts, evidence, order), computed by SQL so that the mentions
    stay in the database (on disk when it spills) rather than in Python.

    Parameters
    ----------
    con
        A connection from :func:`connect`.
    paths
        Shard ``triples.tsv`` tables, in the order the Python aggregation would read them.
    skip_docs
        Documents whose mentions are left out (duplicates in the ingest report).
    """
    _mentions_table(con, paths, skip_docs)
    con.execute("SET preserve_insertion_order = false")  # from here on every order is explicit (less memory)
    for table, sql in AGGREGATE_STEPS:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {sql}")
    # The sorted triples as a table (rowid = rank), read a page at a time: a query result is held in memory
    # whole by the client, a table is not.
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"CREATE OR REPLACE TABLE _agg_out AS {AGGREGATE_SQL}")
    names = [d[0] for d in con.execute("SELECT * FROM _agg_out LIMIT 0").description]
    start = 0
    while True:
        rows = con.execute("SELECT * FROM _agg_out WHERE rowid >= ? AND rowid < ? ORDER BY rowid",
                           [start, start + batch]).fetchall()
        if not rows:
            break
        start += batch
        for row in rows:
            fields = dict(zip(names, row))
            fields["belief"] = round(fields["belief"], 4)  # as exomine.tables.aggregate_triples rounds the same fold
            yield Triple(**fields)
    for table in ("_mentions", "_mentions_groups", "_agg_out", *(t for t, _ in AGGREGATE_STEPS)):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def write_aggregated_triples(paths: Sequence[str | Path], out: str | Path, skip_docs: Collection[str] = (),
                             temp_directory: str | Path = "", memory_limit: str = "", threads: int = 0) -> int:
    """Aggregate shard triple tables with :func:`aggregate_triples_sql` and write ``out``; returns the row count.

    DuckDB spills to a temporary folder in ``temp_directory`` (default: the
    system's) when the mentions exceed ``memory_limit`` (default: DuckDB's,
    80% of the memory).
    """
    from exomine.tables import write_records

    with tempfile.TemporaryDirectory(dir=temp_directory or None, prefix="exomine-duckdb-") as tmp:
        # an on-disk scratch database: the mentions live in its buffer-managed blocks, not in Python or RAM
        con = connect(Path(tmp) / "aggregate.duckdb", memory_limit=memory_limit, temp_directory=tmp, threads=threads)
        try:
            return write_records(out, aggregate_triples_sql(con, paths, skip_docs), TRIPLE_COLUMNS)
        finally:
            con.close()


# -- the results database -----------------------------------------------------------------------------------------

VIEWS: dict[str, str] = {
    # One row per drug and effect: how many triples, regulators and documents.
    "triples_by_drug": """
        SELECT drug, drug_id, effect, count(*) AS n_triples, count(DISTINCT regulator_id) AS n_regulators,
               sum(n_mentions) AS n_mentions,
               len(list_filter(list_distinct(flatten(list(string_split(doc_ids, ';')))), lambda d: d <> '')) AS n_docs,
               string_agg(regulator, '; ' ORDER BY triple_id) AS regulators
        FROM triples GROUP BY drug, drug_id, effect ORDER BY n_triples DESC, drug, effect""",
    # One row per regulator: its drugs and effects.
    "triples_by_regulator": """
        SELECT regulator, regulator_label, regulator_id, count(*) AS n_triples, sum(n_mentions) AS n_mentions,
               string_agg(drug || ' (' || effect || ')', '; ' ORDER BY triple_id) AS drugs
        FROM triples GROUP BY regulator, regulator_label, regulator_id
        ORDER BY n_triples DESC, regulator""",
    # One row per target of a triple's chain, in chain order (position 1 acts first).
    "regulator_targets": """
        SELECT triple_id, regulator, regulator_label, regulator_id, position, target, target_id, drug, drug_id,
               effect, cancer
        FROM (SELECT *, string_split(targets, ';')[position] AS target,
                     coalesce(string_split(target_ids, ';')[position], '') AS target_id
              FROM (SELECT *, unnest(generate_series(1, len(string_split(targets, ';')))) AS position
                    FROM triples WHERE targets <> ''))
        ORDER BY triple_id, position""",
    # The evidence of every triple: each supporting mention with its document, section and sentence.
    "triple_evidence": """
        SELECT t.triple_id, t.regulator, t.drug, t.effect, m.doc_id, d.title, m.sentence_id, m.evidence, m.rule,
               m.hedged, m.cancer, m.source_cell, m.targets, m.drug_from, m.cancer_from, m.source_cell_from,
               m.section_kind, m.background, m.belief
        FROM triples t JOIN triple_mentions m USING (triple_id) LEFT JOIN documents d USING (doc_id)
        ORDER BY t.triple_id, m.mention_id""",
    # Entities by normalised concept.
    "entity_concepts": """
        SELECT label, norm_id, any_value(norm_name) AS norm_name, count(*) AS n_mentions,
               count(DISTINCT doc_id) AS n_docs
        FROM entities GROUP BY label, norm_id ORDER BY n_mentions DESC, label, norm_id""",
    # Per document: what was found in it.
    "document_summary": """
        SELECT d.doc_id, d.title, d.year, d.n_chars,
               (SELECT count(*) FROM entities e WHERE e.doc_id = d.doc_id) AS n_entities,
               (SELECT count(*) FROM relations r WHERE r.doc_id = d.doc_id) AS n_relations,
               (SELECT count(DISTINCT triple_id) FROM triple_mentions m WHERE m.doc_id = d.doc_id) AS n_triples
        FROM documents d ORDER BY d.doc_id""",
    # The ingest report by status.
    "ingest_summary": "SELECT status, count(*) AS n_files FROM ingest GROUP BY status ORDER BY n_files DESC, status",
}


def _documents(con, doc_jsons: Iterable[str | Path]) -> int:
    typed = {"n_chars": "BIGINT", "n_sections": "BIGINT", "n_paragraphs": "BIGINT", "sections": "VARCHAR[]",
             "metadata": "JSON"}
    con.execute("CREATE OR REPLACE TABLE documents (" +
                ", ".join(f"{c} {typed.get(c, 'VARCHAR')}" for c in DOCUMENT_COLUMNS) + ")")
    rows = []
    for path in doc_jsons:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            meta = {str(k): "" if v is None else str(v) for k, v in data.get("metadata", {}).items()}
            sections = data["sections"]
            row = (data["doc_id"], meta.get("file", ""), *(meta.get(k, "") for k in DOCUMENT_COLUMNS[2:8]),
                   data.get("source_path", ""), len(data["text"]), len(sections),
                   sum(len(s["paragraphs"]) for s in sections), [s["name"] for s in sections],
                   json.dumps(meta, ensure_ascii=False, sort_keys=True))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not an exomine document JSON ({exc.__class__.__name__}: {exc})") from exc
        rows.append(row)
    if rows:
        con.executemany(f"INSERT INTO documents VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})", rows)
    return len(rows)


def build_database(out: str | Path, *, entities: str | Path, relations: str | Path, triples: str | Path,
                   shard_triples: Sequence[str | Path], doc_jsons: Iterable[str | Path],
                   ingest: str | Path | None = None, temp_directory: str | Path = "", threads: int = 0,
                   memory_limit: str = "", skip_docs: Collection[str] = ()) -> dict[str, int]:
    """Write the results database ``out`` (replacing it only when complete); returns rows per table.

    ``triple_mentions`` are the shard triple mentions, each linked to its
    corpus triple (``triple_id``: its 1-based row in ``triples.tsv``) by the
    aggregation key, with ``doc_id`` and ``sentence_id`` from its provenance;
    ``skip_docs`` are left out as the aggregation left them out.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    for stale in (tmp, Path(str(tmp) + ".wal")):
        if stale.exists():
            stale.unlink()
    spill = tempfile.TemporaryDirectory(dir=temp_directory or out.parent, prefix="exomine-duckdb-")
    con = connect(tmp, temp_directory=spill.name, threads=threads, memory_limit=memory_limit)
    try:
        counts = {"documents": _documents(con, doc_jsons)}
        _load_table(con, "entities", [entities], ENTITY_COLUMNS, _types_of(Mention))
        _load_table(con, "relations", [relations], RELATION_COLUMNS, _types_of(Relation))
        _load_table(con, "triples", [triples], TRIPLE_COLUMNS, _types_of(Triple), ordinal="triple_id")
        _mentions_table(con, list(shard_triples), skip_docs, name="_m")
        con.execute("""
            CREATE OR REPLACE TABLE triple_mentions AS
            SELECT m.ord AS mention_id, t.triple_id, split_part(m.doc_ids, ';', 1) AS doc_id,
                   TRY_CAST(string_split(split_part(m.provenance, ';', 1), ':')[-1] AS BIGINT) AS sentence_id,
                   m.* EXCLUDE (ord, gid)
            FROM _m m
            JOIN (SELECT triple_id, key_of(regulator_id, regulator) AS k_reg, key_of(drug_id, drug) AS k_drug, effect
                  FROM triples) t
              ON key_of(m.regulator_id, m.regulator) = t.k_reg AND key_of(m.drug_id, m.drug) = t.k_drug
                 AND m.effect = t.effect
            ORDER BY m.ord""")
        con.execute("DROP TABLE _m")
        con.execute("DROP TABLE _m_groups")
        present = [ingest] if ingest and Path(ingest).exists() else []
        _load_table(con, "ingest", present, INGEST_COLUMNS, _INGEST_TYPES)
        for name, sql in VIEWS.items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
        for name in TABLES[1:]:
            counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        con.execute("CHECKPOINT")
    finally:
        con.close()
        spill.cleanup()
    os.replace(tmp, out)
    return counts


def export_parquet(database: str | Path, out_dir: str | Path, tables: Sequence[str] = TABLES) -> list[Path]:
    """Parquet copies of the database tables (``<out_dir>/<table>.parquet``), for pandas, R and Arrow."""
    import duckdb

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect(str(database), read_only=True)
    try:
        for name in tables:
            path = out_dir / f"{name}.parquet"
            tmp = out_dir / f".{name}.parquet.tmp"
            con.execute(f"COPY (SELECT * FROM {name}) TO {_literal(tmp.as_posix())} (FORMAT parquet)")
            os.replace(tmp, path)
            written.append(path)
    finally:
        con.close()
    return written
