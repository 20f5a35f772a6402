"""Rule extract_shard: extract (or reuse) every document of one shard and write the shard's tables.

A document that cannot be read or extracted is rejected in the shard's ingest rows (the traceback of a
crash is in this job's log); the others are extracted all the same.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.extraction.batch import SHARD_INGEST_COLUMNS, TABLES, process_batch  # noqa: E402
from exomine.extraction.pipeline import Options  # noqa: E402
from exomine.tables import concat_tables, write_records  # noqa: E402

log = setup(snakemake)
options = Options.from_config(snakemake.params.options)  # the index comes from the user's cache folder
result = process_batch(snakemake.params.docs, snakemake.params.results, options, snakemake.params.metadata,
                       load=False, log_name=str(snakemake.log[0]))
counts = {name: concat_tables(result.tables[name], getattr(snakemake.output, name), TABLES[name][1])
          for name in TABLES}
write_records(snakemake.output.ingest, result.ingest, SHARD_INGEST_COLUMNS)
for failure in result.failures:
    log.warning("rejected %s", failure)
log.info("shard %s: %d documents (%d rejected), %d entities, %d triple mentions", snakemake.wildcards.shard,
         len(snakemake.params.docs), len(result.failures), counts["entities"], counts["triples"])
