# exomine: review text -> entities, relations, regulator -> targets -> drug triples, graph.
# Wiring only: the work is done by the exomine package through workflow/scripts/.
from snakemake.utils import min_version, validate

from exomine.validation import coerce_cli_booleans

min_version("8.0")


configfile: "config/config.yaml"


coerce_cli_booleans(config, "workflow/schemas/config.schema.yaml")  # --config strict=true arrives as text
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


onstart:
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
