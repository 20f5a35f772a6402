"""Rule compile_lexicons: build the lexicon index once; shard jobs load it in a fraction of a second."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.extraction.pipeline import Options, compile_index  # noqa: E402

log = setup(snakemake)
path = compile_index(Options.from_config(snakemake.params.options), snakemake.output[0])
log.info("compiled lexicon index: %s (%.1f MB)", path, path.stat().st_size / 1e6)
