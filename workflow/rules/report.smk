# The HTML report: one self-contained file that shows the results in a browser.


def report_eval_inputs():
    return [str(RESULTS / "eval" / f"{name}.tsv") for name in ("summary", "errors")] if gold_docs() else []


rule html_report:
    input:
        entities=RESULTS / "entities.tsv",
        relations=RESULTS / "relations.tsv",
        triples=RESULTS / "triples.tsv",
        sentences=shard_tables("sentences"),
        mentions=shard_tables("triples"),  # each triple's mentions: its evidence list
        evaluation=report_eval_inputs(),
        curation=curation_input(),
    output:
        report(RESULTS / "report.html", caption="../report/html_report.rst", category="Report"),
    params:
        results=str(RESULTS),
        # written by the extraction jobs beside their tables (a document that was not read has none)
        # (a function: file names are data, and braces in a document id must not read as wildcards)
        documents=lambda wildcards: [doc_file(RESULTS / "docs", d, ".json") for d in DOCS],
        # read when present: which files were read, rejected or skipped
        ingest=str(RESULTS / "ingest.tsv"),
    log:
        LOGS / "html_report" / "html_report.log",
    script:
        "../scripts/html_report.py"
