"""Rule graph: relation table -> GraphML and node-link JSON."""
import sys

sys.path.insert(0, str(__import__("pathlib").Path(snakemake.scriptdir)))
from _log import setup  # noqa: E402

from exomine.outputs.graph import build_graph, write_graph  # noqa: E402
from exomine.records import Relation  # noqa: E402
from exomine.tables import read_records  # noqa: E402

log = setup(snakemake)
g = build_graph(read_records(snakemake.input.relations, Relation))
write_graph(g, snakemake.output.graphml, snakemake.output.json)
log.info("graph: %d nodes, %d edges", g.number_of_nodes(), g.number_of_edges())
