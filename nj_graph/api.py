"""The Python API: load the graph, list stored queries, run stored or ad-hoc queries.

Answers come back as Python values: a SELECT gives a list of dicts (variable name -> value, see
`nj_graph.query.results.to_python` for how terms map to values), an ASK a bool, and a CONSTRUCT
or DESCRIBE an rdflib Graph. Pass `graph=` (an rdflib Graph) or `store=` (a `--store` value, or
a store from `nj_graph.open_store`) to choose what answers; otherwise each call opens the default
store (embedded Oxigraph) with the shipped graph (and `reasoning`, `extra`, `cache_dir` as in
`load_graph`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph

from .core.namespaces import bind_prefixes
from .query import catalogue, sparql
from .query.answer import Answer
from .query.results import to_python
from .store.base import Store, open_store
from .store.rdflib_terms import to_rdflib

Rows = list[dict[str, Any]]


def _store(graph: Graph | None, store: Store | str | None, reasoning: str, extra: Iterable[Path | str],
           cache_dir: Path | str | None) -> Store:
    if graph is not None:
        from .store.memory import MemoryStore

        return MemoryStore(graph)
    if isinstance(store, Store):
        return store
    return open_store(store, reasoning=reasoning, extra=list(extra), cache_dir=cache_dir)


def _values(answer: Answer) -> Rows | bool | Graph:
    if answer.kind == "ASK":
        return bool(answer.boolean)
    if answer.is_graph:
        graph = Graph()
        bind_prefixes(graph)
        for triple in answer.triples:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph
    return [{name: to_python(term) for name, term in zip(answer.variables, row)} for row in answer.bindings]


def run_query(name: str, params: Mapping[str, object] | None = None, *, graph: Graph | None = None,
              store: Store | str | None = None, reasoning: str = "none", extra: Iterable[Path | str] = (),
              cache_dir: Path | str | None = None, queries_dir: Path | str | None = None) -> Rows | bool | Graph:
    """Run the stored query `name` with `params` (name -> text or Python value).

    >>> from nj_graph.core.shipped import SHIPPED  # in a checkout, the repository
    >>> fixtures = SHIPPED.root / "tests" / "fixtures"
    >>> run_query("contributions", {"minimum": 1000, "currency": "USD"},
    ...           extra=[fixtures / "data.ttl"], queries_dir=fixtures / "queries")
    [{'contribution': rdflib.term.URIRef('http://example.org/nj-test/large-gift'), 'amount': Decimal('52000000'), 'currency': 'USD'}]
    >>> run_query("dated", {"when": "1949"}, queries_dir=fixtures / "queries")
    False
    """
    stored = catalogue.get_query(name, queries_dir)  # its syntax checked as it is read
    bindings = stored.bind(params)
    opened = _store(graph, store, reasoning, extra, cache_dir)
    return _values(sparql.execute(opened, stored.query, bindings))


def run_sparql(query: str, *, graph: Graph | None = None, store: Store | str | None = None,
               reasoning: str = "none", extra: Iterable[Path | str] = (),
               cache_dir: Path | str | None = None) -> Rows | bool | Graph:
    """Run an ad-hoc, read-only SPARQL query; the project's prefixes (nj:, njr:, ...) are declared.

    >>> run_sparql("ASK { nj:Visit rdfs:subClassOf nj:Event }")
    True
    >>> run_sparql("SELECT ?label WHERE { nj:Visit rdfs:label ?label }")
    [{'label': 'visit'}]
    >>> tiny = Graph().parse(data="<http://example.org/a> <http://example.org/b> 42 .", format="turtle")
    >>> run_sparql("SELECT ?s ?n WHERE { ?s ?p ?n }", graph=tiny)
    [{'s': rdflib.term.URIRef('http://example.org/a'), 'n': 42}]
    """
    parsed = sparql.parse(query)
    sparql.check_syntax(parsed)
    opened = _store(graph, store, reasoning, extra, cache_dir)
    return _values(sparql.execute(opened, parsed))


def list_queries(queries_dir: Path | str | None = None) -> list[catalogue.StoredQuery]:
    """The stored queries (name, summary, description, tags, params), sorted by name.

    >>> from nj_graph.core.shipped import SHIPPED
    >>> [q.name for q in list_queries(SHIPPED.root / "tests" / "fixtures" / "queries")]
    ['about', 'classes', 'contributions', 'dated', 'hostile', 'labels']
    """
    return catalogue.list_queries(queries_dir)
