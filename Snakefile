# exomine: review text -> entities, relations, regulator -> targets -> drug triples, graph.
# Wiring only: the work is done by the exomine package through workflow/scripts/.
from pathlib import Path

from snakemake.utils import min_version, validate

from exomine.validation import coerce_cli_booleans

min_version("8.0")


# paths from the Snakefile's folder, so that the workflow runs from any working directory (exomine run)
configfile: str(Path(workflow.basedir) / "config" / "config.yaml")


coerce_cli_booleans(config, str(Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"))  # --config strict=true arrives as text
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


onsuccess:
    print_ingest_summary(failed=False)


onerror:
    print_ingest_summary(failed=True)
