"""Rule database: the corpus tables, the shard triple mentions and the ingest report in results/exomine.duckdb."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.database import build_database  # noqa: E402

log = setup(snakemake)
inp = snakemake.input
docs = [p for p in snakemake.params.docs if Path(p).exists()]  # a rejected document has no JSON
counts = build_database(snakemake.output[0], entities=inp.entities, relations=inp.relations, triples=inp.triples,
                        shard_triples=list(inp.shard_triples), doc_jsons=docs,
                        ingest=inp.ingest[0] if inp.ingest else None, threads=snakemake.threads)
log.info("database %s: %s", snakemake.output[0], ", ".join(f"{n} {k}" for k, n in counts.items()))
