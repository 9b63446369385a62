"""The Python API: load the graph, list stored queries, run stored or ad-hoc queries.

Answers come back as Python values: a SELECT gives a list of dicts (variable name -> value, see
`nj_graph.query.results` for how terms map to values), an ASK a bool, and a CONSTRUCT or DESCRIBE an
rdflib Graph. Pass `graph=` to run many queries over one loaded graph; otherwise each call loads
the shipped graph (with `reasoning`, `extra` and `cache_dir` as in `load_graph`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph

from .query import catalogue, sparql
from .store.graph import load_graph
from .query.results import Answer

Rows = list[dict[str, Any]]


def _graph(graph: Graph | None, reasoning: str, extra: Iterable[Path | str],
           cache_dir: Path | str | None) -> Graph:
    return graph if graph is not None else load_graph(extra, reasoning=reasoning, cache_dir=cache_dir)


def _values(answer: Answer) -> Rows | bool | Graph:
    if answer.kind == "ASK":
        return bool(answer.boolean)
    if answer.is_graph:
        return answer.graph
    return answer.rows()


def run_query(name: str, params: Mapping[str, object] | None = None, *, graph: Graph | None = None,
              reasoning: str = "none", extra: Iterable[Path | str] = (), cache_dir: Path | str | None = None,
              queries_dir: Path | str | None = None) -> Rows | bool | Graph:
    """Run the stored query `name` with `params` (name -> text or Python value).

    >>> from nj_graph.core.shipped import SHIPPED  # in a checkout, the repository
    >>> fixtures = SHIPPED.root / "tests" / "fixtures"
    >>> run_query("contributions", {"minimum": 1000, "currency": "USD"},
    ...           extra=[fixtures / "data.ttl"], queries_dir=fixtures / "queries")
    [{'contribution': rdflib.term.URIRef('http://example.org/nj-test/large-gift'), 'amount': Decimal('52000000'), 'currency': 'USD'}]
    >>> run_query("dated", {"when": "1949"}, queries_dir=fixtures / "queries")
    False
    """
    graph = _graph(graph, reasoning, extra, cache_dir)
    return _values(catalogue.answer(name, params, graph=graph, folder=queries_dir))


def run_sparql(query: str, *, graph: Graph | None = None, reasoning: str = "none",
               extra: Iterable[Path | str] = (), cache_dir: Path | str | None = None) -> Rows | bool | Graph:
    """Run an ad-hoc, read-only SPARQL query; the project's prefixes (nj:, njr:, ...) are declared.

    >>> run_sparql("ASK { nj:Visit rdfs:subClassOf nj:Event }")
    True
    >>> run_sparql("SELECT ?label WHERE { nj:Visit rdfs:label ?label }")
    [{'label': 'visit'}]
    >>> tiny = Graph().parse(data="<http://example.org/a> <http://example.org/b> 42 .", format="turtle")
    >>> run_sparql("SELECT ?s ?n WHERE { ?s ?p ?n }", graph=tiny)
    [{'s': rdflib.term.URIRef('http://example.org/a'), 'n': 42}]
    """
    graph = _graph(graph, reasoning, extra, cache_dir)
    return _values(sparql.execute(graph, sparql.parse(query)))


def list_queries(queries_dir: Path | str | None = None) -> list[catalogue.StoredQuery]:
    """The stored queries (name, summary, description, tags, params), sorted by name.

    >>> from nj_graph.core.shipped import SHIPPED
    >>> [q.name for q in list_queries(SHIPPED.root / "tests" / "fixtures" / "queries")]
    ['about', 'classes', 'contributions', 'dated', 'hostile', 'labels']
    """
    return catalogue.list_queries(queries_dir)
