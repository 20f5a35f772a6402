# The results database (DuckDB), its Parquet copies, and exports for other tools (brat, BioC, Cytoscape).
from exomine.outputs.database import TABLES as DATABASE_TABLES


def ingest_report(wildcards):
    """results/ingest.tsv when a rule of this workflow writes it (the database holds it as the ingest table).

    An input function, so that it sees every rule, whichever file defines the one that writes it.
    """
    path = str(RESULTS / "ingest.tsv")
    return [path] if any(path in [str(o) for o in r.output] for r in workflow.rules) else []


rule database:
    input:
        entities=RESULTS / "entities.tsv",
        relations=RESULTS / "relations.tsv",
        triples=RESULTS / "triples.tsv",
        shard_triples=shard_tables("triples"),
        ingest=ingest_report,
    output:
        RESULTS / "exomine.duckdb",
    params:
        # a function: document ids may hold braces, which Snakemake would read as wildcards
        docs=lambda wildcards: [doc_file(RESULTS / "docs", d, ".json") for d in sorted(DOCS)],
    threads: 2
    log:
        LOGS / "database" / "database.log",
    script:
        "../scripts/database.py"


rule parquet:
    input:
        RESULTS / "exomine.duckdb",
    output:
        [RESULTS / "parquet" / f"{t}.parquet" for t in DATABASE_TABLES],
    log:
        LOGS / "parquet" / "parquet.log",
    script:
        "../scripts/parquet.py"


rule export_brat:
    input:
        RESULTS / "exomine.duckdb",
    output:
        # with a .txt and an .ann per document beside it (a document can be rejected, so they are not listed)
        RESULTS / "brat" / "annotation.conf",
    params:
        docs=str(RESULTS / "docs"),
    log:
        LOGS / "exports" / "brat.log",
    script:
        "../scripts/export_brat.py"


rule export_bioc:
    input:
        RESULTS / "exomine.duckdb",
    output:
        xml=RESULTS / "bioc" / "exomine.xml",
        json=RESULTS / "bioc" / "exomine.json",
    params:
        docs=str(RESULTS / "docs"),
    log:
        LOGS / "exports" / "bioc.log",
    script:
        "../scripts/export_bioc.py"


rule export_cytoscape:
    input:
        graph=RESULTS / "graph.json",
        triples=RESULTS / "triples.tsv",
    output:
        graph=RESULTS / "cytoscape" / "graph.cyjs",
        triples=RESULTS / "cytoscape" / "triples.cyjs",
    log:
        LOGS / "exports" / "cytoscape.log",
    script:
        "../scripts/export_cytoscape.py"


rule workbook:
    input:
        RESULTS / "exomine.duckdb",
    output:
        RESULTS / "exomine.xlsx",
    log:
        LOGS / "exports" / "workbook.log",
    script:
        "../scripts/workbook.py"
