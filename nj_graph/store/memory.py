"""The `memory` store: rdflib's in-memory graph, the reference engine every other store is held to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import RDFS

from ..core.errors import UserInputError
from ..core.namespaces import PREFIXES
from ..query.answer import Answer, Term
from ..query.shape import QueryShape
from .base import Store, pick_label
from .graph import load_graph
from .rdflib_terms import to_oxigraph, to_rdflib


class MemoryStore(Store):
    """An rdflib `Graph` that answers like every other store.

    >>> store = MemoryStore.load()
    >>> store.query("SELECT ?label WHERE { nj:Visit rdfs:label ?label }", form="SELECT").bindings
    [(<Literal value=visit language=en>,)]
    """

    name = "memory"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def load(cls, extra: Sequence[Path] = (), *, reasoning: str = "none",
             cache_dir: Path | str | None = None) -> "MemoryStore":
        return cls(load_graph(extra, reasoning=reasoning, cache_dir=cache_dir))

    def query(self, text: str, *, form: str, bindings: Mapping[str, Term] | None = None,
              shape: "QueryShape | None" = None) -> Answer:
        init = {Variable(name): to_rdflib(term) for name, term in (bindings or {}).items()}
        try:
            result = self.graph.query(text, initNs=PREFIXES, initBindings=init)
            result.bindings  # rdflib evaluates lazily: make its errors surface here
        except Exception as error:  # rdflib's evaluation errors are bare Exceptions about the query
            raise UserInputError(f"the query could not be evaluated: {error}") from None
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars or []]
            return Answer("SELECT", variables, [tuple(to_oxigraph(t) for t in row) for row in result])
        if result.type == "ASK":
            return Answer("ASK", boolean=bool(result.askAnswer))
        triples = [ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in result.graph]
        return Answer(form, triples=triples)

    def labels(self, iris: Sequence[str]) -> dict[str, str]:
        found = {}
        for iri in iris:
            label = pick_label((str(o), o.language) for o in self.graph.objects(URIRef(iri), RDFS.label)
                               if isinstance(o, Literal))
            if label is not None:
                found[iri] = label
        return found

    def triples(self) -> Iterator[ox.Triple]:
        for triple in self.graph:
            yield ox.Triple(*(to_oxigraph(t) for t in triple))

    def __len__(self) -> int:
        return len(self.graph)
