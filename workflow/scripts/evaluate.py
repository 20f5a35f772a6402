"""Rule evaluate: score the results against the corpus' gold annotations."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.evaluation.brat import read_ann  # noqa: E402
from exomine.evaluation.evaluate import Predictions, evaluate  # noqa: E402
from exomine.records import Mention, Relation, SentenceRow, Triple  # noqa: E402
from exomine.evaluation.report import summary_rows, write_eval  # noqa: E402
from exomine.tables import read_records  # noqa: E402

log = setup(snakemake)
inp = snakemake.input
gold = []
for ann, text, doc_id in zip(inp.gold, snakemake.params.texts, snakemake.params.doc_ids):
    if not Path(text).exists():
        log.warning("%s: not scored, its document was not read (see the ingest report)", ann)
        continue
    gold_text = Path(ann).with_suffix(".txt")
    if gold_text.exists() and gold_text.read_text(encoding="utf-8") != Path(text).read_text(encoding="utf-8"):
        log.error("%s was annotated over a different cleaned text than %s: offsets would be wrong; "
                  "re-annotate or restore the ingestion that produced it", gold_text, text)
        sys.exit(1)
    gold.append(read_ann(ann, text, doc_id))  # the file is named by the id's safe stem
# Triples from the shard tables (one row per mention): each document is scored on its own triples.
pred = Predictions(read_records(inp.entities, Mention), read_records(inp.relations, Relation),
                   [s for p in inp.sentences for s in read_records(p, SentenceRow)],
                   [t for p in inp.triples for t in read_records(p, Triple)])
result = evaluate(gold, pred)
write_eval(result, Path(snakemake.output.summary).parent, "exomine evaluation on the bundled gold")
for s in summary_rows(result):
    if s.label != "macro":
        log.info("%s %s %s P=%.3f R=%.3f F1=%.3f", s.level, s.scheme, s.label, s.precision, s.recall, s.f1)
