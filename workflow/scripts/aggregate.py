"""Rule aggregate: concatenate the shards' mention tables and deduplicate triples (duplicate documents left out).

The triples are merged by SQL in DuckDB (exomine.outputs.database), which streams and spills to disk; the table is
byte for byte the one exomine.tables.aggregate_triples writes (tests/outputs/test_database.py).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.outputs.database import write_aggregated_triples  # noqa: E402
from exomine.reading.ingest_report import excluded_docs, read_report  # noqa: E402
from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS  # noqa: E402
from exomine.tables import concat_tables  # noqa: E402
from exomine.curation import drop_wrong_from_tables  # noqa: E402

log = setup(snakemake)
inp, out = snakemake.input, snakemake.output
skip = excluded_docs(read_report(inp.ingest))
n_entities = concat_tables(inp.entities, out.entities, ENTITY_COLUMNS, skip)
n_relations = concat_tables(inp.relations, out.relations, RELATION_COLUMNS, skip)
# DuckDB keeps to three quarters of the job's memory (resources.mem_mb) and spills the rest to disk.
mem_mb = int(getattr(snakemake.resources, "mem_mb", 0) or 0)
scratch = Path(out.triples).parent / "cache"  # beside the results, not in a small /tmp
scratch.mkdir(parents=True, exist_ok=True)
n_triples = write_aggregated_triples(list(inp.triples), out.triples, skip_docs=skip, threads=snakemake.threads,
                                     memory_limit=f"{mem_mb * 3 // 4}MB" if mem_mb else "", temp_directory=scratch)
log.info("%d entities, %d relations, %d triples from %d shards%s", n_entities, n_relations, n_triples,
         len(inp.entities), f" ({len(skip)} duplicate documents left out)" if skip else "")
if inp.curation and snakemake.params.drop_wrong:  # a curator's marks: what was marked wrong is left out
    dropped = drop_wrong_from_tables(inp.curation[0], out.triples, out.relations)
    log.info("curation %s: %d triples and %d relations marked wrong left out", inp.curation[0], *dropped)
