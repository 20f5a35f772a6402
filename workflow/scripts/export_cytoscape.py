"""Rule export_cytoscape: the relation graph and the triple network as Cytoscape JSON (.cyjs)."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

import networkx as nx  # noqa: E402

from exomine.outputs.exports import triple_network, write_cyjs  # noqa: E402
from exomine.records import Triple  # noqa: E402
from exomine.tables import read_records  # noqa: E402

log = setup(snakemake)
graph = nx.node_link_graph(json.loads(Path(snakemake.input.graph).read_text(encoding="utf-8")), edges="links")
write_cyjs(graph, snakemake.output.graph, "exomine relations")
triples = triple_network(read_records(snakemake.input.triples, Triple))
write_cyjs(triples, snakemake.output.triples, "exomine triples")
log.info("cytoscape: graph %d nodes, %d edges; triples %d nodes, %d edges", graph.number_of_nodes(),
         graph.number_of_edges(), triples.number_of_nodes(), triples.number_of_edges())
