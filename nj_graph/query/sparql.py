"""The one place query text is checked, bound and handed to a store.

- Refusals come first and cost next to nothing: `nj_graph.query.lexer` tokenizes the query as
  SPARQL does (codepoint escapes decoded first, so `\\u0053ERVICE` is SERVICE) and refuses
  updates, SERVICE, FROM / FROM NAMED and GRAPH, which could make an engine fetch a URL or change
  data. pyoxigraph would run SERVICE unconditionally; it never sees such a query.
- Syntax is checked by pyoxigraph's parser (on an empty store: nothing is evaluated but the
  query's own constants). Only when it finds an error is rdflib's parser asked to explain it, as
  it names what it expected at the user's line and column; the happy path never imports rdflib.
- The project's prefixes are predeclared by each store (`initNs`, pyoxigraph's `prefixes`, PREFIX
  lines for a remote endpoint), never by editing the text, so positions are the user's own.
- Values reach a query only as RDF terms bound to its variables (`nj_graph.query.binding`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..core.errors import QuerySyntaxError, UserInputError
from ..core.prefixes import PREFIXES
from .answer import Answer, Term
from .shape import QueryShape

_POSITION = re.compile(r"^error at (\d+):(\d+): ")


@dataclass(frozen=True)
class Query:
    """Checked query text, with what the tokenizer learnt of it (form, variables, WHERE brace)."""

    text: str
    shape: QueryShape
    file: str | None = None

    @property
    def form(self) -> str:
        return self.shape.form

    @property
    def makes_graph(self) -> bool:
        return self.shape.form in ("CONSTRUCT", "DESCRIBE")


def parse(text: str, *, file: str | None = None) -> Query:
    """Check a read-only query's refusals and shape (cheap); syntax is left to `check_syntax`.

    >>> parse("SELECT ?s WHERE { ?s a nj:Event }").form
    'SELECT'
    >>> parse("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.QuerySyntaxError: SERVICE is not allowed: queries run over the loaded graph and may not call other endpoints
    """
    from .lexer import inspect  # here, not above: a stored query's shape is usually remembered

    return Query(text, inspect(text, file=file), file)


def check_syntax(query: Query) -> None:
    """Raise QuerySyntaxError, placed in the user's text, if the query does not parse.

    >>> check_syntax(parse("SELECT ?s WHERE {\\n  ?s a nj:Event . ?s ?p }"))
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.QuerySyntaxError: SPARQL syntax error at '?': Expected SelectQuery
    """
    import pyoxigraph

    try:
        pyoxigraph.Store().query(query.text, prefixes=PREFIXES)
    except SyntaxError as error:
        _explain(query, str(error))
    except (RuntimeError, ValueError, OSError) as error:  # parsed, but not runnable (an unknown function)
        raise UserInputError(f"the query could not be evaluated: {error}", file=query.file) from None


def _explain(query: Query, engine_message: str) -> None:
    """rdflib's account of the error if it has one; the engine's own, placed, otherwise."""
    from .rdflib_sparql import parse as rdflib_parse

    rdflib_parse(query.text, file=query.file)  # raises QuerySyntaxError when it too finds the error
    found = _POSITION.match(engine_message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    message = " ".join(engine_message[found.end():].split()) if found else engine_message
    raise QuerySyntaxError(f"SPARQL syntax error: {message[:300]}", file=query.file, line=line, column=column)


def execute(store, query: Query, bindings: Mapping[str, Term] | None = None) -> Answer:
    """Run a checked query on `store` with variables bound to terms; the text is never edited."""
    return store.query(query.text, form=query.form, bindings=dict(bindings or {}), shape=query.shape)
