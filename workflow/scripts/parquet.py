"""Rule parquet: a Parquet copy of every table of the results database."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.outputs.database import export_parquet  # noqa: E402

log = setup(snakemake)
written = export_parquet(snakemake.input[0], Path(snakemake.output[0]).parent)
log.info("parquet: %s", ", ".join(p.name for p in written))
