"""SPARQL through rdflib's parser: the reference for the checks, and the source of the best syntax messages.

`nj_graph.query.sparql` checks queries with its own tokenizer and runs them on any store; this
module is what it falls back on to explain a syntax error (pyparsing names what it expected, at
the user's line and column), and what the tests hold the tokenizer's refusals to.

- The project's prefixes are declared through rdflib's `initNs`, never by prepending PREFIX lines
  to the text, so a syntax error's line and column are those of the user's own text.
- Queries are read-only and local: updates, SERVICE, FROM / FROM NAMED and GRAPH are refused
  before anything runs, as they could make the engine fetch a URL or change data.
- Values reach a query only as RDF terms bound to its variables (`initBindings`: the variable is
  bound before evaluation, like pyoxigraph's `substitutions`). The text is never edited. Pasting a
  value instead, even one escaped with rdflib's `Literal.n3()`, is not safe: `n3()` writes a
  multi-line value ending in a backslash and a quote so that the string closes early (see
  tests/test_hostile_params.py), and rdflib expands `\\u0022` escapes to `"` before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparsing import ParseException
from rdflib import Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes_re, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from ..core.errors import QuerySyntaxError
from ..core.namespaces import PREFIXES

_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix : (\S+)")


def parse(text: str, *, file: str | None = None) -> Query:
    """Parse and check a read-only SPARQL query; prefixes of the project map are predeclared.

    Errors are QuerySyntaxError with the line and column in `text` (and `file` if given).

    >>> parse("SELECT ?s WHERE { ?s a nj:Event }").algebra.name
    'SelectQuery'
    >>> parse("SELECT ?s WHERE {\\n  ?s a nj:Event\\n  FILTER( }")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.QuerySyntaxError: SPARQL syntax error at 'FILTER': Expected SelectQuery
    """
    try:
        tree = parseQuery(text)
    except ParseException as error:
        if _is_update(text):
            raise QuerySyntaxError("updates (INSERT, DELETE, LOAD, CLEAR, ...) are not allowed: "
                                   "nj-graph only reads the graph", file=file) from None
        found = getattr(error, "found", "") or "end of query"
        line, column = _user_position(text, error.loc)
        raise QuerySyntaxError(f"SPARQL syntax error at {found}: {error.msg}", file=file,
                               line=line, column=column) from None
    except ValueError as error:  # rdflib: an escape such as \UFFFFFFFF is no code point
        line, column = _escape_position(text)
        raise QuerySyntaxError(f"SPARQL syntax error: {error}", file=file, line=line, column=column) from None
    try:
        query = translateQuery(tree, initNs=PREFIXES)
    except Exception as error:  # rdflib raises bare Exceptions for semantic errors
        raise _translation_error(error, text, file) from None
    _refuse_remote(query, file)
    return query


def _user_position(text: str, loc: int) -> tuple[int, int]:
    """Line and column in the user's `text` of offset `loc` in the text the parser saw.

    rdflib expands \\u and \\U escapes before parsing, and pyparsing then expands tabs to
    8 columns, so the parser's own line and column can be off; both steps are undone here.
    """
    origin: list[int] = []  # for each character of the unescaped text: its offset in `text`
    start = 0
    for match in expandUnicodeEscapes_re.finditer(text):
        origin.extend(range(start, match.start()))
        origin.append(match.start())
        start = match.end()
    origin.extend(range(start, len(text)))
    unescaped = expandUnicodeEscapes_re.sub(lambda m: chr(int(m.group(1), 16)), text)
    seen: list[int] = []  # for each character of the tab-expanded text: its offset in `text`
    column = 0
    for char, offset in zip(unescaped, origin):
        width = 8 - column % 8 if char == "\t" else 1
        seen.extend([offset] * width)
        column = 0 if char in "\n\r" else column + width
    index = seen[loc] if loc < len(seen) else len(text)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _escape_position(text: str) -> tuple[int | None, int | None]:
    for match in expandUnicodeEscapes_re.finditer(text):
        if int(match.group(1), 16) > 0x10FFFF:
            index = match.start()
            return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
    return None, None


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _translation_error(error: Exception, text: str, file: str | None) -> QuerySyntaxError:
    match = _UNKNOWN_PREFIX.search(str(error))
    if not match:
        return QuerySyntaxError(f"SPARQL error: {error}", file=file)
    prefix = match.group(1)
    line = column = None
    for number, content in enumerate(text.splitlines(), start=1):
        found = re.search(rf"(?<![\w:]){re.escape(prefix)}:", content)
        if found:
            line, column = number, found.start() + 1
            break
    known = ", ".join(p + ":" for p in PREFIXES)
    return QuerySyntaxError(f"unknown prefix {prefix}: declare it with PREFIX or use one of {known}",
                            file=file, line=line, column=column)


def _walk(node: object) -> Iterator[object]:
    yield node
    if isinstance(node, dict):  # CompValue (the node's parts) or a VALUES row (variable -> term)
        for key, value in node.items():
            yield from _walk(key)
            yield from _walk(value)
    elif isinstance(node, (list, tuple, set, frozenset)):
        for value in node:
            yield from _walk(value)


def _refuse_remote(query: Query, file: str | None) -> None:
    if query.algebra.get("datasetClause"):
        raise QuerySyntaxError("FROM and FROM NAMED are not allowed: the query runs over the loaded graph "
                               "and may not fetch other graphs", file=file)
    for node in _walk(query.algebra):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise QuerySyntaxError("SERVICE is not allowed: queries run over the loaded graph and may not "
                                   "call other endpoints", file=file)
        if isinstance(node, CompValue) and node.name == "Graph":
            raise QuerySyntaxError("GRAPH is not supported: the loaded graph has no named graphs", file=file)


def variables(query: Query) -> set[str]:
    """Names of the variables a query mentions anywhere (patterns, filters, projections).

    >>> sorted(variables(parse("SELECT ?s WHERE { ?s a ?kind FILTER(?kind != ?skip) }")))
    ['kind', 's', 'skip']
    """
    return {str(n) for n in _walk(query.algebra) if isinstance(n, Variable) and not str(n).startswith("__")}


def assigned(query: Query) -> set[str]:
    """Names of the variables a query assigns with `AS` (in BIND or in a SELECT expression).

    >>> sorted(assigned(parse("SELECT (COUNT(?s) AS ?n) WHERE { ?s ?p ?o BIND(STR(?o) AS ?text) }")))
    ['n', 'text']
    """
    return {str(node.var) for node in _walk(query.algebra)
            if isinstance(node, CompValue) and node.name == "Extend" and not str(node.var).startswith("__")}
