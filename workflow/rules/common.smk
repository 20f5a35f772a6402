# Corpus discovery and paths shared by the rules.
from pathlib import Path

from exomine.corpus import discover

CORPUS = Path(config["corpus"])
RESULTS = Path(config["results"])
LOGS = Path(config["logs"])
DOCS = discover(CORPUS)
GOLD = CORPUS / config["gold"]

wildcard_constraints:
    doc="[^/]+",


def doc_source(wildcards):
    return str(DOCS[wildcards.doc])


def gold_docs():
    """Documents that have gold annotations."""
    return sorted(d for d in DOCS if (GOLD / f"{d}.ann").exists())


def final_outputs():
    outs = [RESULTS / name for name in ("entities.tsv", "relations.tsv", "triples.tsv", "graph.graphml", "graph.json")]
    if gold_docs():
        outs.append(RESULTS / "eval" / "summary.tsv")
    return [str(o) for o in outs]


def manifest_path():
    path = CORPUS / config["manifest"]
    return [str(path)] if path.exists() else []
