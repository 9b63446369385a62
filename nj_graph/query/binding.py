"""Parameters reach a query as RDF terms, never as pasted text: two ways an engine can take them.

- Its own substitution (pyoxigraph's `substitutions`, SEP-0007), where the engine offers it for
  the query: pyoxigraph 0.5 substitutes only variables a SELECT projects.
- A `VALUES` block inserted right after the `{` that opens the query's outermost WHERE group,
  with each value written by pyoxigraph in N-Triples syntax, so quotes, backslashes and newlines
  in a value are escaped by the term's own serialiser and cannot end the literal early. This is
  how a remote endpoint, which has no way to take bindings, gets them.

>>> from pyoxigraph import Literal
>>> with_values("SELECT ?s WHERE { ?s ?p ?name }", 16, {"name": Literal('x" } ?o')})
'SELECT ?s WHERE { VALUES (?name) { ("x\\\\" } ?o") } ?s ?p ?name }'
"""

from __future__ import annotations

from collections.abc import Mapping

from .answer import Term


def values_block(bindings: Mapping[str, Term]) -> str:
    """`VALUES (?a ?b) { (term term) }` for the bindings, terms in N-Triples syntax."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def with_values(text: str, where_open: int, bindings: Mapping[str, Term]) -> str:
    """`text` with a VALUES block of `bindings` just inside the `{` at offset `where_open`."""
    if not bindings:
        return text
    if text[where_open] != "{":
        raise ValueError(f"offset {where_open} of the query is not the opening brace of its WHERE group")
    return f"{text[:where_open + 1]} {values_block(bindings)}{text[where_open + 1:]}"
