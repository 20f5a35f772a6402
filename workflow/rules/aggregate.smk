# Corpus-level tables and graph, rebuilt from the per-document results.


rule aggregate:
    input:
        entities=expand(RESULTS / "extract" / "{doc}" / "entities.tsv", doc=sorted(DOCS)),
        relations=expand(RESULTS / "extract" / "{doc}" / "relations.tsv", doc=sorted(DOCS)),
        triples=expand(RESULTS / "extract" / "{doc}" / "triples.tsv", doc=sorted(DOCS)),
    output:
        entities=RESULTS / "entities.tsv",
        relations=RESULTS / "relations.tsv",
        triples=RESULTS / "triples.tsv",
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
