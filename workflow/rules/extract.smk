# Per-document rules: only a new or changed document is processed again.


rule ingest:
    input:
        source=doc_source,
        manifest=manifest_path(),
    output:
        json=RESULTS / "docs" / "{doc}.json",
        text=RESULTS / "docs" / "{doc}.txt",
    log:
        LOGS / "ingest" / "{doc}.log",
    script:
        "../scripts/ingest.py"


rule extract:
    input:
        RESULTS / "docs" / "{doc}.json",
    output:
        entities=RESULTS / "extract" / "{doc}" / "entities.tsv",
        relations=RESULTS / "extract" / "{doc}" / "relations.tsv",
        triples=RESULTS / "extract" / "{doc}" / "triples.tsv",
        sentences=RESULTS / "extract" / "{doc}" / "sentences.tsv",
    params:
        options={k: config[k] for k in ("include_references", "sentencizer", "ner_model", "relation_rules", "exclude_norm_ids")},
    log:
        LOGS / "extract" / "{doc}.log",
    script:
        "../scripts/extract.py"
