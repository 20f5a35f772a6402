"""Rule aggregate: concatenate per-document mentions and deduplicate triples."""
import sys

sys.path.insert(0, str(__import__("pathlib").Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, TRIPLE_COLUMNS, Mention, Relation, Triple  # noqa: E402
from exomine.tables import aggregate_triples, read_records, write_records  # noqa: E402

log = setup(snakemake)
inp, out = snakemake.input, snakemake.output
mentions = [m for p in inp.entities for m in read_records(p, Mention)]
relations = [r for p in inp.relations for r in read_records(p, Relation)]
triples = aggregate_triples(t for p in inp.triples for t in read_records(p, Triple))
write_records(out.entities, mentions, ENTITY_COLUMNS)
write_records(out.relations, relations, RELATION_COLUMNS)
write_records(out.triples, triples, TRIPLE_COLUMNS)
log.info("%d entities, %d relations, %d triples from %d documents", len(mentions), len(relations), len(triples),
         len(inp.entities))
