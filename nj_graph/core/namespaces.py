"""The project's one prefix map and base IRI.

Every module, test and stored query takes its namespaces from here; a test
checks that the Turtle files declare the same prefixes with the same IRIs.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, VANN, XSD

#: The single base IRI of the project. Everything the project mints lives under it.
BASE = "https://w3id.org/nj-graph/"

#: The ontology (classes and properties).
NJ = Namespace(BASE + "ns#")
#: Resources described by the data (people, organisations, events, quotes...).
NJR = Namespace(BASE + "id/")
#: SHACL shapes.
NJSH = Namespace(BASE + "shapes#")

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = SDO  # https://schema.org/
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")

#: prefix -> namespace IRI, the one map used for parsing, serialising and queries.
PREFIXES: dict[str, str] = {
    "nj": str(NJ),
    "njr": str(NJR),
    "njsh": str(NJSH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "oa": str(OA),
    "sh": str(SH),
    "vann": str(VANN),
    "dcat": str(DCAT),
    "void": str(VOID),
}

#: The project's own namespaces: terms used here must be declared by the ontology.
PROJECT_NAMESPACES: tuple[str, ...] = (str(NJ), str(NJSH))


def bind_prefixes(graph) -> None:
    """Bind the project's prefix map onto an rdflib graph (replacing defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def curie(term) -> str:
    """Any RDF term in its shortest readable form under the project prefix map.

    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import XSD
    >>> curie(URIRef("https://w3id.org/nj-graph/id/japan"))
    'njr:japan'
    >>> curie(URIRef("http://example.org/x"))
    '<http://example.org/x>'
    >>> curie(Literal("52000000", datatype=XSD.decimal))
    '"52000000"^^xsd:decimal'
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        text = str(term)
        best = max((p for p, iri in PREFIXES.items() if text.startswith(iri)),
                   key=lambda p: len(PREFIXES[p]), default=None)
        return f"{best}:{text[len(PREFIXES[best]):]}" if best is not None else f"<{text}>"
    if isinstance(term, Literal):
        lexical = Literal(str(term)).n3()  # quoted and escaped, without language or datatype
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype is not None:
            return f"{lexical}^^{curie(term.datatype)}"
        return lexical
    if isinstance(term, BNode):
        return "[]"
    return str(term)
