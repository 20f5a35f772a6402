"""Rule database: the corpus tables, the shard triple mentions and the ingest report in results/exomine.duckdb.

Documents the ingest report lists as duplicates are left out, as the aggregate rule leaves them out.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.filenames import doc_stem  # noqa: E402
from exomine.outputs.database import build_database  # noqa: E402
from exomine.reading.ingest_report import excluded_docs, read_report  # noqa: E402

log = setup(snakemake)
inp = snakemake.input
ingest = inp.ingest[0] if inp.ingest else None
skip = excluded_docs(read_report(ingest)) if ingest else set()
mem_mb = int(getattr(snakemake.resources, "mem_mb", 0) or 0)  # DuckDB keeps to 3/4 of it and spills the rest
# a rejected document has no JSON; a duplicate is not in the corpus tables
skip_stems = {doc_stem(d) for d in skip}  # the files are named by the documents' safe stems
docs = [p for p in snakemake.params.docs if Path(p).exists() and Path(p).stem not in skip_stems]
counts = build_database(snakemake.output[0], entities=inp.entities, relations=inp.relations, triples=inp.triples,
                        shard_triples=list(inp.shard_triples), doc_jsons=docs, ingest=ingest, skip_docs=skip,
                        threads=snakemake.threads, memory_limit=f"{mem_mb * 3 // 4}MB" if mem_mb else "")
log.info("database %s: %s", snakemake.output[0], ", ".join(f"{n} {k}" for k, n in counts.items()))
