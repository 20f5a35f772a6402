# Corpus discovery and paths shared by the rules.
import os
import sys
from pathlib import Path

from exomine.filenames import doc_stem, is_snakemake_pattern
from exomine.reading.ingest_report import manifest_row, quarantine_warning, read_report, strict_failure, summary_line
from exomine.reading.inventory import list_corpus
from exomine.reading.planning import can_be_input, manifest_warning, plan_manifest
from exomine.relations.engine import load_rules
from exomine.curation import read_curation
from exomine.runlock import RunLock, RunLockError
from exomine.tables import sweep_temporary
from exomine.extraction.shards import group, shard_count, shard_stamp

STRICT = bool(config["strict"])
CORPUS = Path(config["corpus"])
RESULTS = Path(config["results"])
LOGS = Path(config["logs"])
for _key in ("results", "logs"):
    if is_snakemake_pattern(config[_key]):
        raise ValueError(f"{_key} folder {config[_key]!r}: Snakemake reads braces as wildcards and <name> as a path "
                         "variable in every output path; choose a folder name without them")
# Every entry of the corpus folder: the documents, and the skipped and rejected files (ingest report).
LISTING = list_corpus(CORPUS, ignore=(Path(config["manifest"]).parts[0], Path(config["gold"]).parts[0]))
DOCS = LISTING.documents  # doc_id -> file (one per record of a multi-record file)
MANIFEST = plan_manifest(CORPUS / config["manifest"], DOCS)  # never raises: a bad manifest is a warning
_warning = manifest_warning(MANIFEST, LOGS / "manifest" / "problems.log")  # one line, however many problems
if _warning:
    print(_warning, file=sys.stderr)
if config["relation_rules"]:
    load_rules(config["relation_rules"])  # a rules file with errors stops here, naming file, line and column
if config["curation"]:
    read_curation(config["curation"])  # likewise a curation file: file, line and reason
GOLD = CORPUS / config["gold"]
SHARDS = group(DOCS, shard_count(len(DOCS), config["shards"], config["min_docs_per_shard"]))

wildcard_constraints:
    shard="s[0-9]+",


def is_pattern(path) -> bool:
    """A name Snakemake would not take literally (braces: wildcards; <name>: path variables): never an input name."""
    return is_snakemake_pattern(path)


def shard_sources(wildcards):
    # several documents (the records of one MEDLINE, PubTator or BioC file) may share a file
    return sorted({str(DOCS[d]) for d in SHARDS[wildcards.shard] if not is_pattern(DOCS[d])})


def shard_stamps(wildcards):
    """One digest of the stamps (size, modification and change time) of the shard's files: a file changed in any
    way since the shard last ran (while that run read it, with its time set back, or named with braces, so that
    it cannot be an input) runs the shard again. Inside the job only documents whose bytes changed are extracted."""
    return shard_stamp({d: DOCS[d] for d in SHARDS[wildcards.shard]})


def manifest_path():
    path = CORPUS / config["manifest"]
    return [str(path)] if can_be_input(path) else []


def corpus_folder():
    return [] if is_pattern(CORPUS) else [str(CORPUS)]


def doc_file(folder, doc_id, suffix):
    """The path of a document's file in a results folder: named by its safe stem, never by the raw id."""
    return str(Path(folder) / f"{doc_stem(doc_id)}{suffix}")


def shard_metadata(wildcards):
    """The validated manifest rows of the shard's documents (a changed row re-runs only its shard)."""
    return {d: dict(MANIFEST.rows[d]) for d in SHARDS[wildcards.shard] if d in MANIFEST.rows}


def shard_tables(name):
    return [str(RESULTS / "shards" / s / f"{name}.tsv") for s in SHARDS]


def lexicon_index_inputs():
    from exomine.entities.lexicon import index_inputs

    return [str(p) for p in index_inputs()]


def listing_rows(wildcards):
    """Report rows for what is not read: skipped and rejected entries, a manifest with problems."""
    rows = list(LISTING.others)
    row = manifest_row(MANIFEST)
    if row is not None:
        rows.append(row)
    return [r.to_row() for r in rows]


def strict_gate():
    """With strict=true the corpus tables wait for the check that no file was rejected."""
    return [str(RESULTS / "cache" / "strict_check.ok")] if STRICT else []


def curation_input():
    """The curation file given to the run (--config curation=FILE), as an input list."""
    return [config["curation"]] if config["curation"] else []


def extract_options():
    return {k: config[k] for k in ("include_references", "sentencizer", "ner_model", "relation_rules", "exclude_norm_ids")}


def gold_docs():
    """Documents that have gold annotations (``<gold>/<stem>.ann``, the stem being the id itself for usual ids)."""
    return sorted(d for d in DOCS if can_be_input(doc_file(GOLD, d, ".ann")))


def final_outputs():
    outs = [RESULTS / name for name in ("ingest.tsv", "entities.tsv", "relations.tsv", "triples.tsv", "graph.graphml",
                                        "graph.json", "report.html")]
    # database.smk: the results database, its Parquet copies and the exports
    outs += [RESULTS / "exomine.duckdb", RESULTS / "parquet" / "triples.parquet", RESULTS / "brat" / "annotation.conf",
             RESULTS / "bioc" / "exomine.xml", RESULTS / "cytoscape" / "graph.cyjs", RESULTS / "exomine.xlsx"]
    if gold_docs():
        outs.append(RESULTS / "eval" / "summary.tsv")
    return [str(o) for o in outs]


def print_ingest_summary(failed: bool) -> None:
    """At the end of a run: the warning about rejected files, or the strict-mode error; then the summary line."""
    table = RESULTS / "ingest.tsv"
    if not table.exists():
        return
    rows = read_report(table)
    if failed:
        # only a failed strict check is about the ingest report; other failures have their own messages
        message = strict_failure(rows, table) if STRICT else None
        if message is None or (RESULTS / "cache" / "strict_check.ok").exists():
            return
        print(summary_line(rows, table), file=sys.stderr)
        print(message, file=sys.stderr)
        return
    warning = quarantine_warning(rows, table)
    if warning:
        print(warning, file=sys.stderr)
    print(summary_line(rows, table), file=sys.stderr)


# One run at a time per results (and logs) folder: taken when the jobs start, given back when they end.
RUN_LOCK = RunLock(RESULTS, LOGS)


def take_run_lock() -> None:
    """onstart (real runs only: not dry runs, --unlock, or a run with nothing to do): refuse a second run."""
    try:
        warnings = RUN_LOCK.acquire()
    except RunLockError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if warnings:  # a killed run's lock was taken over: its half-written temporary files go too
        for folder in (RESULTS, LOGS):
            sweep_temporary(folder)


def check_cluster() -> None:
    """onstart, executor slurm only: stop before the first submission when the SLURM plugin would wait forever
    (a status command that does not work) or fail unseen (an account or partition sbatch refuses)."""
    plugin = getattr(workflow, "executor_plugin", None)
    if plugin is None or plugin.name != "slurm":
        return
    from exomine.app.cluster import ClusterError, Submission, check_slurm

    jobs = [job for job in workflow.dag.needrun_jobs() if not workflow.is_local(job.rule)]
    settings = workflow.executor_settings
    try:
        check_slurm({Submission.of(job.rule.name, job.threads, job.resources) for job in jobs},
                    settings.status_command, settings.init_seconds_before_status_checks)
    except ClusterError as exc:
        print(f"error: SLURM: {exc}", file=sys.stderr)
        sys.exit(1)
