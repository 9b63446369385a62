"""The files a graph is made of: the ontology and the shipped data, in a stable order.

Every store, the closure cache and the persistent store's staleness check take the list from
here, so they agree on what "the inputs" are; where the files are is `nj_graph.core.shipped`'s
business. No RDF library is imported: listing files must stay cheap on the query path.
"""

from __future__ import annotations

from pathlib import Path

from ..core.shipped import layout


def ontology_files(root: Path | str | None = None) -> list[Path]:
    """The ontology's Turtle files (the OWL ontology, not the shapes)."""
    return [layout(root).ontology_file]


def data_files(root: Path | str | None = None) -> list[Path]:
    """The data's Turtle files, in a stable order."""
    return layout(root).data_files()


def project_files(root: Path | str | None = None) -> list[Path]:
    """The ontology, then the data: the inputs of every graph nj-graph answers from."""
    return [*ontology_files(root), *data_files(root)]
