"""The files a graph is made of: the ontology and the shipped data, in a stable order.

Every store, the closure cache and the persistent store's staleness check take the list from
here, so they agree on what "the inputs" are. No RDF library is imported: listing files must
stay cheap on the query path.
"""

from __future__ import annotations

from pathlib import Path

#: The project root: the folder holding ontology/, data/ and queries/.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
DATA_DIR = PROJECT_ROOT / "data"
QUERIES_DIR = PROJECT_ROOT / "queries"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_FILE = ONTOLOGY_DIR / "nj.ttl"


def ontology_files(root: Path | str | None = None) -> list[Path]:
    """The ontology's Turtle files (the OWL ontology, not the shapes)."""
    return [Path(root) / "ontology" / "nj.ttl"] if root is not None else [ONTOLOGY_FILE]


def data_files(root: Path | str | None = None) -> list[Path]:
    """The shipped data's Turtle files, in a stable order."""
    folder = Path(root) / "data" if root is not None else DATA_DIR
    return sorted(folder.glob("*.ttl"))


def project_files(root: Path | str | None = None) -> list[Path]:
    """The ontology, then the data: the inputs of every graph nj-graph answers from."""
    return [*ontology_files(root), *data_files(root)]
