"""Answer a query from start to finish (syntax, store, run, render) as one call a worker can make.

The command line runs this in a child process held to a deadline and a memory cap
(`nj_graph.core.guard`), so a query that would run for hours, or a pathological stored query
parameter, is stopped with a clear message instead of running unbounded. The child is forked
after the command's imports, so it starts at once; it opens the store itself, so a store is
never shared between processes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from . import sparql
from .answer import Term
from .results import render

#: Default limits for answering a query from the command line.
DEFAULT_TIMEOUT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 4096


def answer_text(query: sparql.Query, *, bindings: Mapping[str, Term] | None = None, fmt: str | None = None,
                store: str | None = None, extra: Sequence[Path] = (), reasoning: str = "none",
                cache_dir: Path | None = None, timeout: float | None = None,
                display: Mapping[str, object] | None = None) -> str:
    """Check the syntax, open the store, run the query with its bound values, render it in `fmt`.

    `display` is `nj_graph.query.results.terminal_options` of where the answer will go (the worker's
    own standard output is not the user's terminal).

    >>> answer_text(sparql.parse("ASK { njr:japan a nj:State }"), fmt="csv").split()
    ['ask', 'true']
    """
    from ..store.base import open_store

    sparql.check_syntax(query)  # before the store is filled: a typo costs no load
    opened = open_store(store, reasoning=reasoning, extra=extra, cache_dir=cache_dir, timeout=timeout)
    try:
        return render(sparql.execute(opened, query, bindings), fmt, labels=opened.labels, **(display or {}))
    finally:
        opened.close()
