"""Rule html_report: the results folder -> results/report.html (one self-contained file)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.outputs.htmlreport import write_report  # noqa: E402

log = setup(snakemake)
inp, params = snakemake.input, snakemake.params
missing = [p for p in params.documents if not Path(p).exists()]
if missing:
    log.warning("%d documents have no structured file and are not in the report: %s", len(missing),
                ", ".join(Path(p).stem for p in missing[:20]))
counts = write_report(params.results, snakemake.output[0], triples=inp.triples, relations=inp.relations,
                      entities=inp.entities, sentences=inp.sentences, mentions=inp.mentions, documents=params.documents,
                      curation=inp.curation[0] if inp.curation else None,
                      ingest=params.ingest, evaluation=Path(inp.evaluation[0]).parent if inp.evaluation else None,
                      with_evaluation=bool(inp.evaluation))
log.info("report: %(triples)d triples, %(statements)d statements that are no triples, %(documents)d documents, "
         "%(nodes)d network nodes, %(edges)d edges", counts)
