"""Rule database: the corpus tables, the shard triple mentions and the ingest report in results/exomine.duckdb."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.database import build_database  # noqa: E402

log = setup(snakemake)
inp = snakemake.input
mem_mb = int(getattr(snakemake.resources, "mem_mb", 0) or 0)  # DuckDB keeps to 3/4 of it and spills the rest
docs = [p for p in snakemake.params.docs if Path(p).exists()]  # a rejected document has no JSON
counts = build_database(snakemake.output[0], entities=inp.entities, relations=inp.relations, triples=inp.triples,
                        shard_triples=list(inp.shard_triples), doc_jsons=docs,
                        ingest=inp.ingest[0] if inp.ingest else None, threads=snakemake.threads,
                        memory_limit=f"{mem_mb * 3 // 4}MB" if mem_mb else "")
log.info("database %s: %s", snakemake.output[0], ", ".join(f"{n} {k}" for k, n in counts.items()))
