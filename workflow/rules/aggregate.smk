# Corpus-level tables and graph, rebuilt from the shard tables (themselves per-document results),
# without the documents the ingest report lists as duplicates.


rule aggregate:
    input:
        ingest=RESULTS / "ingest.tsv",
        gate=strict_gate(),
        entities=shard_tables("entities"),
        relations=shard_tables("relations"),
        triples=shard_tables("triples"),
        curation=curation_input(),
    output:
        entities=RESULTS / "entities.tsv",
        relations=RESULTS / "relations.tsv",
        triples=report(RESULTS / "triples.tsv", caption="../report/triples.rst", category="Findings"),
    params:
        drop_wrong=config["curation_drop_wrong"],
    threads: 2
    log:
        LOGS / "aggregate" / "aggregate.log",
    script:
        "../scripts/aggregate.py"


rule graph:
    input:
        relations=RESULTS / "relations.tsv",
    output:
        graphml=RESULTS / "graph.graphml",
        json=RESULTS / "graph.json",
    log:
        LOGS / "graph" / "graph.log",
    script:
        "../scripts/graph.py"
