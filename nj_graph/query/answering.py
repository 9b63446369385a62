"""Answer a query from start to finish (load, run, render) as one picklable call.

The command line runs this in a child process held to a deadline and a memory cap
(`nj_graph.core.guard`), so an ad-hoc query that would run for hours, or a pathological stored query
parameter, is stopped with a clear message instead of running unbounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib.term import Node

from . import sparql
from ..store.graph import load_graph
from .results import render

#: Default limits for answering a query from the command line.
DEFAULT_TIMEOUT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 4096


def answer_text(query_text: str, *, file: str | None = None, bindings: Mapping[str, Node] | None = None,
                fmt: str | None = None, extra: Sequence[Path] = (), reasoning: str = "none",
                cache_dir: Path | None = None) -> str:
    """Load the graph, run the query with its bound values, and render the answer in `fmt`.

    >>> answer_text("ASK { njr:japan a nj:State }", fmt="csv").split()
    ['ask', 'true']
    """
    parsed = sparql.parse(query_text, file=file)
    graph = load_graph(extra, reasoning=reasoning, cache_dir=cache_dir)
    return render(sparql.execute(graph, parsed, bindings), fmt, labels=graph)
