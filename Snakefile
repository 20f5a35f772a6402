# exomine: review text -> entities, relations, regulator -> targets -> drug triples, graph.
# Wiring only: the work is done by the exomine package through workflow/scripts/.
from pathlib import Path

from snakemake.utils import min_version, validate

from exomine.validation import coerce_cli_booleans, config_problems

min_version("8.0")


# paths from the Snakefile's folder, so that the workflow runs from any working directory (exomine run)
configfile: str(Path(workflow.basedir) / "config" / "config.yaml")


CONFIG_SCHEMA = str(Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml")
coerce_cli_booleans(config, CONFIG_SCHEMA)
if config_problems(config, CONFIG_SCHEMA):  # a short message naming the key, not the whole schema
    raise ValueError("\n".join(config_problems(config, CONFIG_SCHEMA)))  # --config strict=true arrives as text
validate(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/extract.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/evaluate.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/database.smk"


rule all:
    input:
        final_outputs(),


# On a cluster these run in the main process, not as cluster jobs: each is small whatever the corpus size
# (the lexicons, one row per file, the graph's distinct nodes and edges), and every cluster job waits for
# SLURM's queue and the plugin's status checks.
localrules:
    all,
    compile_lexicons,
    ingest_report,
    strict_check,
    export_cytoscape,


onstart:
    check_cluster()
    take_run_lock()


onsuccess:
    try:
        print_ingest_summary(failed=False)
    finally:
        RUN_LOCK.release()


onerror:
    try:
        print_ingest_summary(failed=True)
    finally:
        RUN_LOCK.release()
