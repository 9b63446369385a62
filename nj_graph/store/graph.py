"""Load the ontology and the data into one graph.

This module is the one seam where the store is chosen; everything else asks it for a graph.
Everything downstream speaks the rdflib `Graph` API, so another store is one more entry in
`STORES` (an oxigraph-backed `Graph(store="Oxigraph")` from oxrdflib, or rdflib's `SPARQLStore`
for a remote endpoint) without touching the callers.

Files a user names (`--data`) enter through `parse_user_file` only, so that function is the one
place to put a guarded parser for untrusted input in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from ..core.errors import UserInputError
from ..core.namespaces import bind_prefixes
from .inputs import data_files, ontology_files
from .reasoning import check_mode, closure
from .untrusted import parse_untrusted, resolve_format

def _memory_graph() -> Graph:
    return Graph()


#: Store name -> factory of an empty graph backed by that store.
STORES: dict[str, Callable[[], Graph]] = {"rdflib": _memory_graph}


def new_graph(store: str = "rdflib") -> Graph:
    """An empty graph in the chosen store, with the project's prefixes bound."""
    try:
        factory = STORES[store]
    except KeyError:
        raise UserInputError(f"unknown store {store!r} (choose from {', '.join(STORES)})") from None
    graph = factory()
    bind_prefixes(graph)
    return graph


def _check_user_file(path: Path) -> None:
    """A user's file must exist and have a format we can tell; else the user is told what went wrong."""
    resolve_format(path)
    if not path.is_file():
        raise UserInputError("no such file", file=str(path))


def parse_user_file(path: Path | str, graph: Graph) -> Graph:
    """Parse a file a user supplied into `graph`: the one door for files from outside the project.

    The file goes through `nj_graph.store.untrusted`: parsed in a separate process with a deadline and a
    memory cap, never fetching anything nor reading another file. Any problem is the user's,
    reported in one line with the file, and the line and column where the parser gives them.
    """
    for triple in parse_untrusted(Path(path)):
        graph.add(triple)
    return graph


def parse_project_file(path: Path, graph: Graph) -> Graph:
    """The project's own files are trusted: a failure here is a defect, not a user mistake."""
    return graph.parse(path, format="turtle")


def load_graph(extra: Iterable[Path | str] = (), *, reasoning: str = "none", store: str = "rdflib",
               cache_dir: Path | str | None = None, root: Path | str | None = None) -> Graph:
    """Return a graph of the ontology, the shipped data and any extra files.

    - `extra`: more RDF files (a user's, in any format `nj-graph validate` reads), through `parse_user_file`.
    - `reasoning`: "none", "rdfs" or "owl-rl"; the closure is cached (see `nj_graph.store.reasoning`).
    - `store`: where the triples live; "rdflib" (in memory) is the one store so far.
    - `cache_dir`: where closures are cached, instead of $NJ_GRAPH_CACHE_DIR or the XDG cache.
    - `root`: a project folder holding ontology/ and data/, instead of the shipped one.

    >>> g = load_graph()
    >>> len(g) > 0
    True
    """
    check_mode(reasoning)
    new_graph(store)  # an unknown store fails before any work
    extra = [Path(p) for p in extra]
    for path in extra:  # the cache key reads every input: a missing one is named first
        _check_user_file(path)
    project = [*ontology_files(root), *data_files(root)]

    def build() -> Graph:
        graph = new_graph(store)
        for path in project:
            parse_project_file(path, graph)
        for path in extra:
            parse_user_file(path, graph)
        return graph

    return closure([*project, *extra], reasoning, build=build, new_graph=lambda: new_graph(store),
                   folder=cache_dir)
