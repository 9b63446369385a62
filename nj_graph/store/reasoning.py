"""Closures under RDFS (owlrl) or OWL 2 RL (reasonable), computed once and cached on disk.

The RDFS closure is owlrl's. The OWL 2 RL closure is reasonable's: a compiled reasoner, about
fifteen times faster than owlrl on the shipped graph and the only one of the two that closes a
million triples in under a minute. owlrl, the pure-Python reference, is what it is held to:
tests/test_reasoning.py checks that both derive the same facts about the project's resources
(reasonable adds `rdf:type owl:Thing` to individuals, owlrl the reflexive `owl:sameAs` of each
resource; neither says anything about the data).

A closure only changes when an input does, so it is paid once: the closed graph is written as
N-Triples to the cache folder, under the key of `nj_graph.store.closure_cache` (which holds the
key, the folder and the modes, and imports no RDF library, so that a query answered from a
cached closure never imports a reasoner).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import owlrl
from rdflib import Graph, Literal

from ..core.atomic import write_atomically
from .closure_cache import CACHE_ENV, KEEP, MODES, cache_dir, cache_file, cache_key, check_mode, prune

__all__ = ["SEMANTICS", "expand", "closure", "CACHE_ENV", "KEEP", "MODES", "cache_dir", "cache_file",
           "cache_key", "check_mode"]

log = logging.getLogger(__name__)

#: Reasoning mode (the `--reasoning` choice) -> owlrl semantics; "none" adds nothing.
SEMANTICS: dict[str, type | None] = {
    "none": None,
    "rdfs": owlrl.RDFS_Semantics,
    "owl-rl": owlrl.OWLRL_Semantics,
}


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def plain(term):
    """reasonable writes every plain literal as `"x"^^xsd:string`: the same literal in RDF 1.1, spelt as the inputs spell it."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == _XSD_STRING:
        return Literal(str(term))
    return term


def owl_rl_triples(reasoner) -> list[tuple]:
    """What a loaded `reasonable.PyReasoner` derives, inputs included, as RDF (no literal subjects)."""
    return [(s, p, plain(o)) for s, p, o in reasoner.reason() if not isinstance(s, Literal)]


def expand(graph: Graph, mode: str) -> Graph:
    """Add the closure of `graph` under `mode` to `graph` itself, and return it.

    owlrl's RDFS rules also derive generalised triples with a literal as subject
    (`"Japan"@en a rdfs:Resource`). Those are not RDF, cannot be written as N-Triples, and would
    make a fresh closure differ from a cached one, so they are dropped.

    >>> from rdflib import Namespace, RDF, RDFS
    >>> ex = Namespace("http://example.org/")
    >>> g = Graph()
    >>> _ = g.add((ex.Visit, RDFS.subClassOf, ex.Event)).add((ex.v1, RDF.type, ex.Visit))
    >>> (ex.v1, RDF.type, ex.Event) in expand(g, "rdfs")
    True
    """
    semantics = SEMANTICS[check_mode(mode)]
    if semantics is None:
        return graph
    if mode == "owl-rl":
        import reasonable

        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        for triple in owl_rl_triples(reasoner):
            graph.add(triple)
        return graph
    owlrl.DeductiveClosure(semantics).expand(graph)
    for triple in [t for t in graph if isinstance(t[0], Literal)]:
        graph.remove(triple)
    return graph


def closure(inputs: Sequence[Path], mode: str, *, build: Callable[[], Graph],
            new_graph: Callable[[], Graph], folder: Path | str | None = None) -> Graph:
    """The graph of `inputs` closed under `mode`: read from the cache, or built and cached.

    `build()` parses the inputs into a fresh graph; `new_graph()` makes the empty graph a cached
    closure is read into (both come from `nj_graph.store.graph`, which owns parsing and the store).
    A cache is written only after every input parsed, so it never stands for a broken input.
    """
    if SEMANTICS[check_mode(mode)] is None:
        return build()
    target = cache_file(inputs, mode, folder)
    if target.is_file():
        graph = new_graph()
        try:
            graph.parse(target, format="nt")
        except Exception as error:  # a damaged cache is rebuilt, not trusted
            log.warning("ignoring unreadable reasoning cache %s (%s); rebuilding it", target, error)
        else:
            os.utime(target)  # mark as recently used for pruning
            return graph
    graph = expand(build(), mode)
    try:
        write_atomically(target, graph.serialize(format="nt", encoding="utf-8"))
        prune(target.parent)
    except OSError as error:  # a read-only home must not stop a query
        log.warning("could not cache the %s closure in %s (%s)", mode, target.parent, error)
    return graph
