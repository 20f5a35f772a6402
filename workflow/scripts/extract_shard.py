"""Rule extract_shard: extract (or reuse) every document of one shard and write the shard's tables."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.batch import TABLES, BatchError, run_batch  # noqa: E402
from exomine.corpus import read_manifest  # noqa: E402
from exomine.ingest import InputError  # noqa: E402
from exomine.pipeline import Options  # noqa: E402
from exomine.tables import concat_tables  # noqa: E402

log = setup(snakemake)
options = Options.from_config({**snakemake.params.options, "lexicon_cache": snakemake.input.lexicons})
try:
    manifest = read_manifest(snakemake.input.manifest[0]) if snakemake.input.manifest else {}
    tables = run_batch(snakemake.params.docs, snakemake.params.results, options, manifest, load=False)
except (BatchError, InputError) as exc:
    log.error("%s", exc)
    sys.exit(1)
counts = {name: concat_tables(tables[name], getattr(snakemake.output, name), TABLES[name][1]) for name in TABLES}
log.info("shard %s: %d documents, %d entities, %d triple mentions", snakemake.wildcards.shard,
         len(snakemake.params.docs), counts["entities"], counts["triples"])
