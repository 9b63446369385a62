"""Write N-Triples straight to a stream, counting the triples, without building a graph.

Building an rdflib graph of a million triples takes minutes and gigabytes; formatting the lines
directly takes seconds. Terms are passed already written (`iri(...)`, `text(...)`, `typed(...)`),
so the hot loop only joins strings. N-Triples is also valid Turtle, so the output can be named
`.ttl` as well as `.nt`.

>>> import io
>>> out = io.StringIO()
>>> writer = TripleWriter(out)
>>> writer.add(iri("https://example.org/a"), RDFS_LABEL, text('say "hi"'))
>>> writer.close()
>>> out.getvalue()
'<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "say \\\\"hi\\\\""@en .\\n'
>>> writer.count
1
"""

from __future__ import annotations

from typing import TextIO

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, language: str | None = "en") -> str:
    """A string literal, language-tagged (English by default) or plain (`language=None`)."""
    quoted = '"' + value.translate(_ESCAPES) + '"'
    return quoted + "@" + language if language else quoted


def typed(value: object, datatype: str) -> str:
    """A literal of an XML Schema datatype given by its local name: `typed(2013, "gYear")`."""
    return f'"{value}"^^<{XSD}{datatype}>'


class TripleWriter:
    """Buffers N-Triples lines and writes them in large chunks; `count` is the triples written.

    The writer does not look for duplicates: the caller must not state a triple twice, or the
    count would exceed what a parser reads back.
    """

    def __init__(self, stream: TextIO, *, chunk: int = 20_000) -> None:
        self.stream = stream
        self.count = 0
        self._lines: list[str] = []
        self._chunk = chunk

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self._lines.append(f"{subject} {predicate} {obj} .\n")
        self.count += 1
        if len(self._lines) >= self._chunk:
            self.flush()

    def flush(self) -> None:
        self.stream.write("".join(self._lines))
        self._lines.clear()

    def close(self) -> None:
        self.flush()
