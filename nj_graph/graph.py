"""Load the ontology and the data into one graph.

This module is the one seam where the store is chosen; everything else asks it for a graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from .namespaces import bind_prefixes

#: The project root: the folder holding ontology/, data/ and queries/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
DATA_DIR = PROJECT_ROOT / "data"
QUERIES_DIR = PROJECT_ROOT / "queries"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_FILE = ONTOLOGY_DIR / "nj.ttl"


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (the OWL ontology, not the shapes)."""
    return [ONTOLOGY_FILE]


def data_files() -> list[Path]:
    """The shipped data's Turtle files, in a stable order."""
    return sorted(DATA_DIR.glob("*.ttl"))


def load_graph(extra: Iterable[Path | str] = ()) -> Graph:
    """Return a graph of the ontology, the shipped data and any extra (trusted) files.

    >>> g = load_graph()
    >>> len(g) > 0
    True
    """
    graph = Graph()
    bind_prefixes(graph)
    for path in [*ontology_files(), *data_files(), *map(Path, extra)]:
        graph.parse(path, format="turtle")
    return graph
