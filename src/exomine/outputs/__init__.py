"""Outputs: the graph, the database and its queries, the HTML report and the exports."""
