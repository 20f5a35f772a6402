# The ingest report: what became of every file of the corpus folder (read, rejected, skipped,
# duplicate), from the shard jobs' rows and the corpus listing; with strict=true, the check that
# nothing was rejected.


rule ingest_report:
    input:
        shards=shard_tables("ingest"),
        # the folder (its entries: a file added or removed) and the manifest, for what the shards do not see
        corpus=corpus_folder(),
        manifest=manifest_path(),
    output:
        RESULTS / "ingest.tsv",
    params:
        others=listing_rows,
        listed=lambda wildcards: sorted(MANIFEST.rows),
    log:
        LOGS / "ingest_report" / "ingest_report.log",
    script:
        "../scripts/ingest_report.py"


rule strict_check:
    input:
        RESULTS / "ingest.tsv",
    output:
        touch(RESULTS / "cache" / "strict_check.ok"),
    log:
        LOGS / "strict_check" / "strict_check.log",
    script:
        "../scripts/strict_check.py"
