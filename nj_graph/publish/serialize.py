"""Triples to bytes, the same bytes for the same triples: sorted, blank nodes renamed in order.

pyoxigraph writes every format but compacted JSON-LD, and writes triples in the order given, so
sorting them by their N-Triples line first makes its output deterministic (and groups each
subject's statements together in Turtle, TriG and RDF/XML). Blank nodes are renamed `b0`, `b1`,
... in the order the input first mentions them, because a parser labels them at random.

JSON-LD is written here, compacted against the project's shipped context (`ontology/context.jsonld`,
the prefix map): pyoxigraph writes only expanded JSON-LD, and rdflib's compaction is slow at a
million triples and orders its output by its own store. With a context of prefixes alone,
compaction is the mechanical rewrite below (IRIs to CURIEs, `rdf:type` to `@type`, plain strings
bare); `tests/test_export.py` parses the result back with rdflib and pyoxigraph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..core.prefixes import PREFIXES, XSD_STRING
from ..core.shipped import SHIPPED


@dataclass(frozen=True)
class Format:
    """An export format: its name on the command line, media type and file extension."""

    name: str
    media_type: str
    extension: str
    oxigraph: ox.RdfFormat | None  # None: written here (JSON-LD)
    quads: bool = False


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", "text/turtle", "ttl", ox.RdfFormat.TURTLE),
    Format("ntriples", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    Format("nquads", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, quads=True),
    Format("trig", "application/trig", "trig", ox.RdfFormat.TRIG, quads=True),
    Format("jsonld", "application/ld+json", "jsonld", None),
    Format("rdfxml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
)}
#: Other spellings accepted on the command line.
ALIASES = {"json-ld": "jsonld", "nt": "ntriples", "ttl": "turtle", "xml": "rdfxml", "rdf/xml": "rdfxml"}

#: The named graph the quad formats put the triples in: the one `nj-graph push` fills.
GRAPH = ox.NamedNode(PREFIXES["nj"].rsplit("ns#", 1)[0] + "graph/main")

_RDF_TYPE = PREFIXES["rdf"] + "type"


def format_named(name: str) -> Format:
    return FORMATS[ALIASES.get(name, name)]


def canonical_order(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The distinct triples, blank nodes renamed by first mention, sorted by N-Triples line."""
    names: dict[str, ox.BlankNode] = {}

    def renamed(term):
        if isinstance(term, ox.BlankNode):
            name = names.get(term.value)
            if name is None:
                name = names[term.value] = ox.BlankNode(f"b{len(names)}")
            return name
        return term

    distinct = {}
    for triple in triples:
        s, o = triple.subject, triple.object
        if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
            triple = ox.Triple(renamed(s), triple.predicate, renamed(o))
        distinct.setdefault(str(triple), triple)
    return [distinct[line] for line in sorted(distinct)]


def serialize(triples: Sequence[ox.Triple], fmt: str | Format, *, ordered: bool = False) -> bytes:
    """`triples` in format `fmt`; `ordered` says they are already in `canonical_order`."""
    fmt = fmt if isinstance(fmt, Format) else format_named(fmt)
    if not ordered:
        triples = canonical_order(triples)
    if fmt.oxigraph is None:
        return jsonld(triples)
    if fmt.name == "ntriples":  # sorted lines; pyoxigraph writes them one a line, in the order given
        return ox.serialize(triples, format=fmt.oxigraph)
    if fmt.quads:
        quads = [ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in triples]
        if fmt.name == "nquads":
            return ox.serialize(quads, format=fmt.oxigraph)
        return ox.serialize(quads, format=fmt.oxigraph, prefixes=PREFIXES)
    # every prefix, used or not, so the header is the same from one dump to the next
    return ox.serialize(triples, format=fmt.oxigraph, prefixes=PREFIXES)


# -- JSON-LD ------------------------------------------------------------------------------------

def context() -> dict:
    """The shipped JSON-LD context: the `@context` object of `ontology/context.jsonld`."""
    return json.loads(SHIPPED.context_file.read_text(encoding="utf-8"))["@context"]


class _Compactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        # the longest namespace first, so njr: wins over a shorter one it extends
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is None:
            found = iri
            for prefix, namespace in self.prefixes:
                # a suffix beginning `//` would read as an absolute IRI, not prefix:suffix
                if iri.startswith(namespace) and not iri[len(namespace):].startswith("//"):
                    found = f"{prefix}:{iri[len(namespace):]}"
                    break
            self.cache[iri] = found
        return found

    def node(self, term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def value(self, term) -> object:
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if term.datatype.value == XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": self.iri(term.datatype.value)}
        return {"@id": self.node(term)}


def jsonld(triples: Sequence[ox.Triple], *, context_object: dict | None = None) -> bytes:
    """Compacted JSON-LD of `triples` (in canonical order) against the shipped context.

    One node object per subject in the `@graph`, properties in sorted order, values in the order
    of the triples; every value is an array, so a reader needs no special case for one value.
    """
    ctx = context() if context_object is None else context_object
    compact = _Compactor(ctx)
    graph: list[dict] = []
    node: dict | None = None
    subject = None
    for triple in triples:
        if triple.subject != subject:
            subject = triple.subject
            node = {"@id": compact.node(subject)}
            graph.append(node)
        if triple.predicate.value == _RDF_TYPE and not isinstance(triple.object, ox.Literal):
            node.setdefault("@type", []).append(compact.node(triple.object))
        else:
            node.setdefault(compact.iri(triple.predicate.value), []).append(compact.value(triple.object))
    graph = [{key: item[key] for key in sorted(item, key=_key_order)} for item in graph]
    document = {"@context": ctx, "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _key_order(key: str) -> tuple[int, str]:
    return (0 if key.startswith("@") else 1, key)
