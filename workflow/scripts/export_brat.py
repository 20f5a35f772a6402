"""Rule export_brat: brat standoff (.txt/.ann per document, annotation.conf) of the predictions."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.outputs.exports import iter_annotated, write_brat  # noqa: E402

log = setup(snakemake)
counts = write_brat(iter_annotated(snakemake.input[0], snakemake.params.docs), Path(snakemake.output[0]).parent)
log.info("brat: %(documents)d documents, %(entities)d entities, %(relations)d relations, %(skipped)d skipped",
         counts)
