"""Rule strict_check (strict=true only): fail, naming the first rejected file, when the ingest report rejects any."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.reading.ingest_report import read_report, strict_failure  # noqa: E402

log = setup(snakemake)
message = strict_failure(read_report(snakemake.input[0]), snakemake.input[0])
if message:
    log.error("%s", message)
    sys.exit(1)
log.info("strict mode: no file rejected")
