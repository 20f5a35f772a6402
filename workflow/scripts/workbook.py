"""Rule workbook: results/exomine.duckdb -> results/exomine.xlsx (triples, their evidence, the documents)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.outputs.workbook import write_workbook  # noqa: E402

log = setup(snakemake)
counts = write_workbook(snakemake.input[0], snakemake.output[0])
log.info("workbook %s: %s", snakemake.output[0], ", ".join(f"{n} {sheet} rows" for sheet, n in counts.items()))
