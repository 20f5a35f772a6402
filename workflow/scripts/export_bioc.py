"""Rule export_bioc: one BioC collection (XML and JSON) with the predicted annotations and relations."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.outputs.exports import iter_annotated, write_bioc  # noqa: E402

log = setup(snakemake)
n = write_bioc(iter_annotated(snakemake.input[0], snakemake.params.docs), snakemake.output.xml, snakemake.output.json)
log.info("bioc: %d documents", n)
