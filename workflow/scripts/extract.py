"""Rule extract: cleaned document -> entity, relation and triple mention tables."""
import json
import sys

sys.path.insert(0, str(__import__("pathlib").Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.pipeline import Options, build_extractor  # noqa: E402
from exomine.records import ENTITY_COLUMNS, RELATION_COLUMNS, SENTENCE_COLUMNS, TRIPLE_COLUMNS, Document  # noqa: E402
from exomine.tables import write_records  # noqa: E402

log = setup(snakemake)
with open(snakemake.input[0], encoding="utf-8") as fh:
    doc = Document.from_json(json.load(fh))
result = build_extractor(Options.from_config(snakemake.params.options)).process(doc)
out = snakemake.output
n = (write_records(out.entities, result.mentions, ENTITY_COLUMNS),
     write_records(out.relations, result.relations, RELATION_COLUMNS),
     write_records(out.triples, result.triples, TRIPLE_COLUMNS))
write_records(out.sentences, result.sentence_rows(), SENTENCE_COLUMNS)
log.info("%s: %d sentences, %d entities, %d relations, %d triple mentions", doc.doc_id, len(result.sentences), *n)
