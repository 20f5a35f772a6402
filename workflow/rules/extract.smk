# Extraction, one job per shard of documents (stable assignment by document id).
# Inside a shard job only new or changed documents are extracted again; the per-document
# results live in RESULTS/docs/ and RESULTS/extract/<stem>/ (exomine.filenames.doc_stem). A document
# that cannot be read or extracted is rejected (a row of the shard's ingest.tsv), never the shard.


rule compile_lexicons:
    input:
        lexicon_index_inputs(),
    output:
        RESULTS / "cache" / "lexicon_index.ref",  # names the index in the user's cache folder
    params:
        options=extract_options(),
    log:
        LOGS / "compile_lexicons" / "compile_lexicons.log",
    script:
        "../scripts/compile_lexicons.py"


rule extract_shard:
    input:
        sources=shard_sources,
        manifest=manifest_path(),
        lexicons=RESULTS / "cache" / "lexicon_index.ref",
    output:
        entities=RESULTS / "shards" / "{shard}" / "entities.tsv",
        relations=RESULTS / "shards" / "{shard}" / "relations.tsv",
        triples=RESULTS / "shards" / "{shard}" / "triples.tsv",
        sentences=RESULTS / "shards" / "{shard}" / "sentences.tsv",
        ingest=RESULTS / "shards" / "{shard}" / "ingest.tsv",
    params:
        docs=lambda wildcards: {d: str(DOCS[d]) for d in SHARDS[wildcards.shard]},
        stamps=shard_stamps,
        metadata=shard_metadata,
        options=extract_options(),
        results=str(RESULTS),
    log:
        LOGS / "extract" / "{shard}.log",
    script:
        "../scripts/extract_shard.py"
