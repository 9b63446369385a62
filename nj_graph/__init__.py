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

from .api import list_queries, run_query, run_sparql  # noqa: E402  (after __version__, which they read)
from .query.catalogue import StoredQuery  # noqa: E402
from .core.errors import (NjGraphError, ParameterError, QuerySyntaxError, UnknownQueryError,  # noqa: E402
                     UntrustedInputError, UserInputError)
from .store.graph import load_graph  # noqa: E402
from .query.params import Param  # noqa: E402
from .core.status import ExitStatus  # noqa: E402

__all__ = [
    "__version__",
    "load_graph",
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
