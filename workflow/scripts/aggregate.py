"""Rule aggregate: concatenate the shards' mention tables and deduplicate triples (duplicate documents left out)."""
import sys

sys.path.insert(0, str(__import__("pathlib").Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.ingest_report import excluded_docs, read_report  # noqa: E402
from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, TRIPLE_COLUMNS, Triple  # noqa: E402
from exomine.tables import aggregate_triples, concat_tables, read_records, write_records  # noqa: E402

log = setup(snakemake)
inp, out = snakemake.input, snakemake.output
skip = excluded_docs(read_report(inp.ingest))
n_entities = concat_tables(inp.entities, out.entities, ENTITY_COLUMNS, skip)
n_relations = concat_tables(inp.relations, out.relations, RELATION_COLUMNS, skip)
triples = aggregate_triples(t for p in inp.triples for t in read_records(p, Triple) if t.doc_ids not in skip)
write_records(out.triples, triples, TRIPLE_COLUMNS)
log.info("%d entities, %d relations, %d triples from %d shards%s", n_entities, n_relations, len(triples),
         len(inp.entities), f" ({len(skip)} duplicate documents left out)" if skip else "")
