"""What a query returned, the same whatever store answered it.

Terms are pyoxigraph's (`NamedNode`, `BlankNode`, `Literal`): every store's answer is read into
them, so the output formats, the HTTP server and the Python API see one kind of term, and the
command line can answer without importing rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

Term = NamedNode | BlankNode | Literal

#: The four query forms, as `Answer.kind`.
KINDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass
class Answer:
    """Rows of terms (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).

    >>> Answer("ASK", boolean=True).is_graph
    False
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    bindings: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] | None = None

    @property
    def is_graph(self) -> bool:
        return self.kind in ("CONSTRUCT", "DESCRIBE")
