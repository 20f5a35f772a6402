"""Rule ingest_report: the shard jobs' ingest rows and the corpus listing -> results/ingest.tsv."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.reading.ingest_report import build_report, summary_line, write_report  # noqa: E402
from exomine.records import IngestRow, ShardIngestRow  # noqa: E402
from exomine.tables import read_records  # noqa: E402

log = setup(snakemake)
others = [IngestRow.from_row(row) for row in snakemake.params.others]
documents = [row for path in snakemake.input.shards for row in read_records(path, ShardIngestRow)]
rows = build_report(others, documents, set(snakemake.params.listed))
write_report(snakemake.output[0], rows)
for row in rows:
    if row.status != "read" or row.reason:
        log.info("%s %s: %s", row.status, row.file, row.reason)
log.info("%s", summary_line(rows, snakemake.output[0]))
