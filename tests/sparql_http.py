"""The few SPARQL 1.1 Protocol and Graph Store Protocol requests the triplestore tests make.

Answers come back through rdflib's own SPARQL JSON results parser, as the `Answer` that
nj_graph's engine gives, so rows from a server and from rdflib compare term by term.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import httpx
from rdflib.query import Result
from rdflib.term import Node

from nj_graph.query.results import Answer
from triplestores import Triplestore

NTRIPLES = "application/n-triples"
TURTLE = "text/turtle"
TIMEOUT = 120.0


def _graph_params(graph: str | None) -> dict[str, str]:
    """GSP names a graph with ?graph=IRI, the default graph with a bare ?default."""
    return {"graph": graph} if graph is not None else {"default": ""}


def put_graph(store: Triplestore, data: bytes, *, graph: str | None, content_type: str = NTRIPLES) -> httpx.Response:
    """Replace `graph` (None: the default graph) with `data`."""
    return httpx.put(store.graph_store_url, params=_graph_params(graph), content=data,
                     headers={"Content-Type": content_type}, auth=store.auth(), timeout=TIMEOUT)


def post_graph(store: Triplestore, data: bytes, *, graph: str | None, content_type: str = NTRIPLES) -> httpx.Response:
    """Add `data` to `graph` (None: the default graph)."""
    return httpx.post(store.graph_store_url, params=_graph_params(graph), content=data,
                      headers={"Content-Type": content_type}, auth=store.auth(), timeout=TIMEOUT)


def delete_graph(store: Triplestore, *, graph: str) -> httpx.Response:
    return httpx.delete(store.graph_store_url, params=_graph_params(graph), auth=store.auth(), timeout=TIMEOUT)


def query(store: Triplestore, text: str, *, default_graph: str | None = None) -> Answer:
    """Run a SELECT or ASK query by POST (form-encoded, as the Protocol allows for long queries)."""
    form = {"query": text}
    if default_graph is not None:
        form["default-graph-uri"] = default_graph
    response = httpx.post(store.query_url, data=form, timeout=TIMEOUT,
                          headers={"Accept": "application/sparql-results+json"})
    if response.status_code != 200:
        raise QueryFailed(f"{store.name} answered {response.status_code}: {response.text[:2000]}")
    result = Result.parse(io.BytesIO(response.content), format="json")
    if result.type == "ASK":
        return Answer("ASK", boolean=bool(result.askAnswer))
    # rows of rdflib terms, as tests/test_stored_queries.py compares them
    return Answer("SELECT", [str(v) for v in result.vars or []], [tuple(row) for row in result])


def count_triples(store: Triplestore, *, default_graph: str | None = None) -> int:
    answer = query(store, "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }", default_graph=default_graph)
    return int(answer.bindings[0][0])


class QueryFailed(RuntimeError):
    """The server refused or failed the query; the message holds its answer."""


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_bindings(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with its parameters bound by a VALUES block opening the outermost WHERE group:
    the Protocol has no way to pass bindings, and a VALUES row is a term, never pasted text.

    Comment lines are dropped first (a `#+` header may say "WHERE {"); the first WHERE of what
    remains belongs to the outer query, since subqueries come after it.
    """
    if not bindings:
        return text
    code = "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines())
    where = _WHERE.search(code)
    if where is None:
        raise ValueError("the query has no WHERE group to bind its parameters in")
    names = sorted(bindings)
    # a term in N-Triples syntax: rdflib's n3(), or pyoxigraph's str()
    row = " ".join(bindings[name].n3() if hasattr(bindings[name], "n3") else str(bindings[name]) for name in names)
    values = f"\n  VALUES ({' '.join('?' + name for name in names)}) {{ ({row}) }}\n"
    return code[:where.end()] + values + code[where.end():]
