"""nj-graph: a knowledge graph of NATO's cooperation with Japan, with SPARQL access.

The public API:

- `load_graph(extra=(), *, reasoning="none", store="rdflib", cache_dir=None)` -> rdflib Graph
- `list_queries(queries_dir=None)` -> list of StoredQuery (name, summary, description, tags, params)
- `run_query(name, params=None, *, graph=None, reasoning="none", ...)` -> rows, bool or Graph
- `run_sparql(query, *, graph=None, reasoning="none", ...)` -> rows, bool or Graph
- the errors (all NjGraphError, with `one_line()` and `exit_status`) and ExitStatus

>>> import nj_graph
>>> rows = nj_graph.run_sparql("SELECT (COUNT(?class) AS ?n) WHERE { ?class a owl:Class }")
>>> rows[0]["n"] > 10
True
"""

__version__ = "0.1.0"

# The public names are imported on first use (PEP 562), so that the command line, which
# imports this package, does not pay for rdflib when it answers from pyoxigraph.
_EXPORTS = {
    "load_graph": ".store.graph",
    "open_store": ".store.base",
    "list_queries": ".api",
    "run_query": ".api",
    "run_sparql": ".api",
    "StoredQuery": ".query.catalogue",
    "Param": ".query.params",
    "ExitStatus": ".core.status",
    "NjGraphError": ".core.errors",
    "UserInputError": ".core.errors",
    "UnknownQueryError": ".core.errors",
    "ParameterError": ".core.errors",
    "QuerySyntaxError": ".core.errors",
    "UntrustedInputError": ".core.errors",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(_EXPORTS[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "__version__",
    "load_graph",
    "open_store",
    "list_queries",
    "run_query",
    "run_sparql",
    "StoredQuery",
    "Param",
    "ExitStatus",
    "NjGraphError",
    "UserInputError",
    "UnknownQueryError",
    "ParameterError",
    "QuerySyntaxError",
    "UntrustedInputError",
]
