"""Rule compile_lexicons: make sure the compiled lexicon index is in the user's cache folder (built once per
installed exomine and lexicon set, shared by every results folder), and name it in the results folder."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.extraction.pipeline import Options, compiled_index  # noqa: E402

log = setup(snakemake)
path = compiled_index(Options.from_config(snakemake.params.options))
Path(snakemake.output[0]).write_text(f"{path}\n", encoding="utf-8")
log.info("compiled lexicon index: %s (%.1f MB)", path, path.stat().st_size / 1e6)
