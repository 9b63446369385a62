"""nj-graph: a knowledge graph of NATO's cooperation with Japan, with SPARQL access."""

__version__ = "0.1.0"

__all__ = ["__version__"]
