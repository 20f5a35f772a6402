"""Tests for the regulator -> target -> drug graph (exomine.outputs.graph)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from exomine.outputs.graph import build_graph, write_graph
from exomine.records import Relation


def _rel(subject: str, subject_id: str, predicate: str, obj: str, object_id: str, doc: str = "d1", *,
         subject_label: str = "MIRNA", object_label: str = "GENE", negated: bool = False,
         hedged: bool = False) -> Relation:
    return Relation(doc, "abstract", 0, subject, subject_label, subject_id, predicate, obj, object_label, object_id,
                    negated, hedged, f"{subject} {predicate} {obj}.")


RELATIONS = [
    _rel("hsa-miR-21", "miRBase:MI0000077", "targets", "PTEN", "HGNC:9588", "d1"),
    _rel("hsa-miR-21", "miRBase:MI0000077", "targets", "PTEN", "HGNC:9588", "d1", hedged=True),
    _rel("hsa-miR-21", "miRBase:MI0000077", "targets", "PTEN", "HGNC:9588", "d2"),
    _rel("hsa-miR-21", "miRBase:MI0000077", "confers_resistance", "Cisplatin", "DrugBank:DB00515", "d2",
         object_label="DRUG"),
    _rel("circFOO1", "circRNA:circFOO1", "sponges", "hsa-miR-21", "miRBase:MI0000077", "d3",
         subject_label="CIRCRNA", object_label="MIRNA"),
    _rel("hsa-miR-21", "miRBase:MI0000077", "targets", "KRAS", "HGNC:6407", "d3", negated=True),
    _rel("hsa-miR-21", "miRBase:MI0000077", "targets", "Foo protein", "", "d3"),
]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(RELATIONS)


def test_graph_nodes_are_typed_normalised_entities(graph) -> None:
    assert graph.nodes["miRBase:MI0000077"] == {"name": "hsa-miR-21", "label": "MIRNA"}
    assert graph.nodes["HGNC:9588"] == {"name": "PTEN", "label": "GENE"}
    assert graph.nodes["DrugBank:DB00515"]["label"] == "DRUG"
    assert graph.nodes["circRNA:circFOO1"]["label"] == "CIRCRNA"


def test_graph_entity_without_id_gets_text_node(graph) -> None:
    assert graph.nodes["text:Foo protein"] == {"name": "Foo protein", "label": "GENE"}


def test_graph_edges_count_mentions_and_documents(graph) -> None:
    edge = graph.get_edge_data("miRBase:MI0000077", "HGNC:9588", key="targets")
    assert edge["predicate"] == "targets"
    assert edge["n_mentions"] == 3
    assert edge["n_docs"] == 2
    assert edge["n_hedged"] == 1
    assert edge["doc_ids"] == "d1;d2"
    assert graph.number_of_edges("miRBase:MI0000077", "HGNC:9588") == 1  # merged, not one per mention


def test_graph_edges_are_typed_by_predicate(graph) -> None:
    assert graph.has_edge("miRBase:MI0000077", "DrugBank:DB00515", key="confers_resistance")
    assert graph.has_edge("circRNA:circFOO1", "miRBase:MI0000077", key="sponges")
    assert not graph.has_edge("miRBase:MI0000077", "circRNA:circFOO1")  # directed


def test_graph_two_predicates_between_same_nodes_are_two_edges() -> None:
    g = build_graph([
        _rel("KRAS", "HGNC:6407", "activates", "BCL2", "HGNC:990", subject_label="GENE"),
        _rel("KRAS", "HGNC:6407", "upregulates", "BCL2", "HGNC:990", subject_label="GENE"),
    ])
    assert set(g["HGNC:6407"]["HGNC:990"]) == {"activates", "upregulates"}


def test_graph_negated_relations_add_no_edge(graph) -> None:
    assert not graph.has_edge("miRBase:MI0000077", "HGNC:6407")
    assert "HGNC:6407" not in graph  # and no node of its own


def test_graph_empty() -> None:
    g = build_graph([])
    assert g.number_of_nodes() == g.number_of_edges() == 0


def test_graph_written_and_readable(tmp_path: Path, graph) -> None:
    graphml, js = tmp_path / "graph.graphml", tmp_path / "graph.json"
    write_graph(graph, graphml, js)
    back = nx.read_graphml(graphml, force_multigraph=True)
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["HGNC:9588"]["label"] == "GENE"
    edges = {(u, v, d["predicate"]): d for u, v, d in back.edges(data=True)}
    assert int(edges[("miRBase:MI0000077", "HGNC:9588", "targets")]["n_mentions"]) == 3

    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["directed"] is True and data["multigraph"] is True
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    assert len(data["links"]) == graph.number_of_edges()
    link = next(e for e in data["links"] if e["source"] == "circRNA:circFOO1")
    assert (link["target"], link["predicate"], link["n_docs"]) == ("miRBase:MI0000077", "sponges", 1)
    again = nx.node_link_graph(data, edges="links")
    assert again.number_of_edges() == graph.number_of_edges()


def test_graph_json_keeps_non_ascii(tmp_path: Path) -> None:
    g = build_graph([_rel("hsa-miR-21", "miRBase:MI0000077", "inhibits", "Wnt/β-catenin", "hsa04310",
                          object_label="PATHWAY")])
    write_graph(g, tmp_path / "g.graphml", tmp_path / "g.json")
    assert "Wnt/β-catenin" in (tmp_path / "g.json").read_text(encoding="utf-8")
    assert nx.read_graphml(tmp_path / "g.graphml").nodes["hsa04310"]["name"] == "Wnt/β-catenin"
