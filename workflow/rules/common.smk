# Corpus discovery and paths shared by the rules.
from pathlib import Path

from exomine.corpus import discover
from exomine.shards import group, shard_count

CORPUS = Path(config["corpus"])
RESULTS = Path(config["results"])
LOGS = Path(config["logs"])
DOCS = discover(CORPUS)  # doc_id -> file (one per record of a multi-record file)
GOLD = CORPUS / config["gold"]
SHARDS = group(DOCS, shard_count(len(DOCS), config["shards"], config["min_docs_per_shard"]))

wildcard_constraints:
    shard="s[0-9]+",


def shard_sources(wildcards):
    # several documents (the records of one MEDLINE, PubTator or BioC file) may share a file
    return sorted({str(DOCS[d]) for d in SHARDS[wildcards.shard]})


def shard_tables(name):
    return [str(RESULTS / "shards" / s / f"{name}.tsv") for s in SHARDS]


def lexicon_index_inputs():
    from exomine.lexicon import index_inputs

    return [str(p) for p in index_inputs()]


def extract_options():
    return {k: config[k] for k in ("include_references", "sentencizer", "ner_model", "relation_rules", "exclude_norm_ids")}


def gold_docs():
    """Documents that have gold annotations."""
    return sorted(d for d in DOCS if (GOLD / f"{d}.ann").exists())


def final_outputs():
    outs = [RESULTS / name for name in ("entities.tsv", "relations.tsv", "triples.tsv", "graph.graphml", "graph.json",
                                        "report.html")]
    if gold_docs():
        outs.append(RESULTS / "eval" / "summary.tsv")
    return [str(o) for o in outs]


def manifest_path():
    path = CORPUS / config["manifest"]
    return [str(path)] if path.exists() else []
