# Scores against gold annotations, for the documents that have them.


rule evaluate:
    input:
        gold=[doc_file(GOLD, d, ".ann") for d in gold_docs()],
        sentences=shard_tables("sentences"),
        entities=RESULTS / "entities.tsv",
        relations=RESULTS / "relations.tsv",
        triples=shard_tables("triples"),  # one row per mention: each document is scored on its own triples
    output:
        summary=RESULTS / "eval" / "summary.tsv",
        entities=RESULTS / "eval" / "entities.tsv",
        relations=RESULTS / "eval" / "relations.tsv",
        triples=RESULTS / "eval" / "triples.tsv",
        errors=RESULTS / "eval" / "errors.tsv",
        report=report(RESULTS / "eval" / "report.md", caption="../report/evaluation.rst", category="Evaluation"),
    params:
        texts=[doc_file(RESULTS / "docs", d, ".txt") for d in gold_docs()],
        doc_ids=lambda wildcards: gold_docs(),
    log:
        LOGS / "evaluate" / "evaluate.log",
    script:
        "../scripts/evaluate.py"
