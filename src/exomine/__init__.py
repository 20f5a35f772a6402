"""exomine: mine exosome-mediated cancer drug resistance findings from review text.

The package turns review articles into plain typed records (``Mention``,
``Relation``, ``Triple``) and tables of regulator -> targets -> drug triples.
Imports stay cheap: lexicons and spaCy pipelines load lazily.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
