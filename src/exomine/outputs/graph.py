"""The regulator -> target -> drug graph, from relation and triple records.

Nodes are normalised entities (``id`` = norm_id, with ``label`` and
``name``); edges are typed by predicate and carry how many relation
mentions and documents support them. Negated mentions add no edge.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import networkx as nx

from exomine.records import Relation
from exomine.tables import atomic_open

__all__ = ["build_graph", "write_graph"]


def _node_id(name: str, norm_id: str) -> str:
    return norm_id or f"text:{name}"


def build_graph(relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """A directed multigraph: one edge per (subject, predicate, object)."""
    g = nx.MultiDiGraph()
    support: dict[tuple[str, str, str], dict] = {}
    for r in relations:
        if r.negated or r.assertion in ("negated", "aim", "association"):
            continue  # the graph holds what the texts state as findings (hedged ones counted apart)
        s, o = _node_id(r.subject, r.subject_id), _node_id(r.object, r.object_id)
        for node, name, label in ((s, r.subject, r.subject_label), (o, r.object, r.object_label)):
            if node not in g:
                g.add_node(node, name=name, label=label)
        key = (s, r.predicate, o)
        entry = support.setdefault(key, {"n_mentions": 0, "docs": set(), "n_hedged": 0})
        entry["n_mentions"] += 1
        entry["n_hedged"] += int(r.hedged)
        entry["docs"].add(r.doc_id)
    for (s, pred, o), e in sorted(support.items()):
        g.add_edge(s, o, key=pred, predicate=pred, n_mentions=e["n_mentions"], n_docs=len(e["docs"]),
                   n_hedged=e["n_hedged"], doc_ids=";".join(sorted(e["docs"])))
    return g


def write_graph(g: nx.MultiDiGraph, graphml: str | Path, node_link_json: str | Path) -> None:
    """Write GraphML and node-link JSON (each atomically: a killed run leaves no half-written graph)."""
    with atomic_open(graphml, "wb") as fh:
        nx.write_graphml(g, fh)
    data = nx.node_link_data(g, edges="links")
    with atomic_open(node_link_json) as fh:
        fh.write(json.dumps(data, indent=1, ensure_ascii=False))
