"""Parameters reach a query as RDF terms, never as pasted text: two ways an engine can take them.

- Its own substitution (rdflib's `initBindings`, pyoxigraph's `substitutions` after SEP-0007),
  where the engine offers it: pyoxigraph 0.5 substitutes only variables a SELECT projects.
- A `VALUES` block put right after the `{` that opens the query's outermost WHERE group, each
  value written by pyoxigraph in N-Triples syntax, so quotes, backslashes and line breaks in a
  value are escaped by the term's own serialiser and cannot end the literal early. This is how
  pyoxigraph takes the other parameters, and how a remote endpoint, which has no way to take
  bindings, gets them all.

>>> from pyoxigraph import Literal
>>> with_values("SELECT ?s WHERE { ?s ?p ?name }", 16, {"name": Literal('x" } ?o')})
'SELECT ?s WHERE { VALUES (?name) { ("x\\\\" } ?o") }  ?s ?p ?name }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from ..core.errors import UserInputError
from .answer import Term

_VARIABLE = re.compile(r"^\w+$")


def values_block(bindings: Mapping[str, Term]) -> str:
    """A one-row VALUES block binding each variable to its term, in N-Triples syntax.

    >>> values_block({"x": ox.Literal('say "hi"\\\\\\n', language="en"), "y": ox.NamedNode("urn:a")})
    'VALUES (?x ?y) { ("say \\\\"hi\\\\"\\\\\\\\\\\\n"@en <urn:a>) }'
    """
    names = sorted(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise UserInputError(f"{name!r} is not a variable name that can be bound")
    cells = " ".join(_value(name, bindings[name]) for name in names)
    return f"VALUES ({' '.join('?' + name for name in names)}) {{ ({cells}) }}"


def _value(name: str, term: Term) -> str:
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)  # N-Triples: every quote, backslash and line break escaped
    if isinstance(term, ox.BlankNode):
        raise UserInputError(f"?{name} cannot be bound to a blank node in a VALUES block")
    raise TypeError(f"?{name} is bound to {term!r}, which is not a pyoxigraph IRI or literal")


def with_values(text: str, opening: int, bindings: Mapping[str, Term]) -> str:
    """`text` with a VALUES block of `bindings` just inside the group opening at `opening`.

    The block goes on the same line, so the user's line numbers stay. A group holding a
    sub-select can hold nothing else, so the sub-select is wrapped in a group of its own beside
    the values.
    """
    if not bindings:
        return text
    if text[opening] != "{":
        raise ValueError(f"offset {opening} of the query is not the opening brace of a group")
    from .lexer import tokens

    values = values_block(bindings)
    inside = [t for t in tokens(text) if t.offset > opening and t.kind != "COMMENT"]
    if inside and inside[0].kind == "KEYWORD" and inside[0].text.upper() == "SELECT":
        depth = 1
        for token in inside:
            if token.kind == "PUNCT" and token.text in "{}":
                depth += 1 if token.text == "{" else -1
                if depth == 0:
                    return (f"{text[:opening + 1]} {values} {{{text[opening + 1:token.offset]}}} "
                            f"{text[token.offset:]}")
    return f"{text[:opening + 1]} {values} {text[opening + 1:]}"
