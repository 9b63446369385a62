"""The formats the server answers in, their media types, and content negotiation.

Rows (SELECT, ASK): SPARQL 1.1 Query Results JSON, XML, CSV and TSV. Graphs (CONSTRUCT,
DESCRIBE, resource pages): Turtle, N-Triples, JSON-LD and RDF/XML. The first of each list is what
a client gets when it accepts anything. Rendering is `nj_graph.query.results.render`'s, except
RDF/XML, which the command line does not offer and pyoxigraph writes.
"""

from __future__ import annotations

from dataclasses import dataclass

#: format name -> media type, in order of preference.
ROW_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "json-ld": "application/ld+json",
    "rdf-xml": "application/rdf+xml",
}
#: Other names clients send for the same formats.
ALIASES = {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml",
    "application/x-turtle": "turtle", "text/plain": "ntriples", "application/json-ld": "json-ld",
    "text/n3": "turtle",
}
#: `?format=` values and resource suffixes.
SHORT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "ttl": "turtle", "turtle": "turtle",
               "nt": "ntriples", "ntriples": "ntriples", "jsonld": "json-ld", "json-ld": "json-ld",
               "rdf": "rdf-xml", "rdf-xml": "rdf-xml", "rdfxml": "rdf-xml"}
#: Where the W3C names each format (SPARQL Service Description's sd:resultFormat).
FORMAT_IRIS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "json-ld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdf-xml": "http://www.w3.org/ns/formats/RDF_XML",
}


def media_type(fmt: str) -> str:
    media = ROW_MEDIA.get(fmt) or GRAPH_MEDIA[fmt]
    return media + "; charset=utf-8"


@dataclass(frozen=True)
class Choice:
    """What the client accepts: one media range and its weight."""

    media: str
    q: float


def parse_accept(header: str | None) -> list[Choice]:
    """The media ranges of an Accept header, best first (ties keep the client's order).

    >>> [c.media for c in parse_accept("text/csv;q=0.5, application/sparql-results+json")]
    ['application/sparql-results+json', 'text/csv']
    """
    if not header:
        return [Choice("*/*", 1.0)]
    choices = []
    for part in header.split(",")[:32]:  # a client may not make negotiation expensive
        media, *params = [piece.strip() for piece in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        if media:
            choices.append(Choice(media.lower(), q))
    return sorted((c for c in choices if c.q > 0), key=lambda c: -c.q)


def negotiate(accept: str | None, offered: dict[str, str], requested: str | None = None) -> str | None:
    """The format to answer in: `requested` (a `?format=` name) if given and offered, else the
    client's best acceptable one, else None (406).

    >>> negotiate("text/csv", ROW_MEDIA)
    'csv'
    >>> negotiate("text/html,*/*;q=0.8", GRAPH_MEDIA)
    'turtle'
    >>> negotiate("image/png", ROW_MEDIA) is None
    True
    """
    if requested:
        name = SHORT_NAMES.get(requested.lower()) or ALIASES.get(requested.lower()) or requested.lower()
        name = next((fmt for fmt, media in offered.items() if media == name), name)
        return name if name in offered else None
    by_media = {media: fmt for fmt, media in offered.items()}
    for choice in parse_accept(accept):
        if choice.media in by_media:
            return by_media[choice.media]
        if ALIASES.get(choice.media) in offered:
            return ALIASES[choice.media]
        if choice.media == "*/*":
            return next(iter(offered))
        kind = choice.media.split("/")[0]
        if choice.media.endswith("/*"):
            match = next((fmt for fmt, media in offered.items() if media.startswith(kind + "/")), None)
            if match:
                return match
    return None


def render_answer(answer, fmt: str) -> bytes:
    """An answer as bytes in `fmt` (any format named here)."""
    if fmt == "rdf-xml":
        import pyoxigraph

        from ..core.prefixes import PREFIXES

        return pyoxigraph.serialize(answer.triples or [], format=pyoxigraph.RdfFormat.RDF_XML, prefixes=PREFIXES)
    from ..query.results import render

    return render(answer, fmt).encode("utf-8")
