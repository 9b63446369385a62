"""Each SPARQL text pyshacl runs is parsed once per validation, not once per use.

pyshacl hands rdflib the text of a SPARQL-based constraint for every shape and focus batch it
checks, and rdflib parses it anew each time with its pyparsing grammar (about 0.1 s a parse): on
a 10,000-triple contribution that was 640 parses, six tenths of the whole validation. rdflib
evaluates a prepared query as often as asked without changing it (that is what `prepareQuery`
is for), so while `parsed_once()` is in force, query text is parsed and translated once per
(text, base, namespaces) and the prepared query reused.

>>> from rdflib import Graph
>>> with parsed_once():
...     bool(Graph().query("ASK {}")) and bool(Graph().query("ASK {}"))
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache


@lru_cache(maxsize=512)
def _prepared(text: str, base: str | None, namespaces: tuple):
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces) if namespaces else None)


@contextmanager
def parsed_once() -> Iterator[None]:
    """Within the block, rdflib's SPARQL processor reuses the prepared form of a query text it has seen."""
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.evaluate import evalQuery

    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's names)
        if isinstance(strOrQuery, str):
            try:
                key = tuple(sorted((str(k), v) for k, v in (initNs or {}).items()))
                hash(key)
            except TypeError:  # namespaces that cannot be a key: prepare as rdflib would
                return original(self, strOrQuery, initBindings, initNs, base, DEBUG)
            strOrQuery = _prepared(strOrQuery, base, key)
        return evalQuery(self.graph, strOrQuery, initBindings, base)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original
