"""The project's one prefix map and base IRI.

Every module, test and stored query takes its namespaces from here; a test
checks that the Turtle files declare the same prefixes with the same IRIs.
"""

from __future__ import annotations

#: The single base IRI of the project. Everything the project mints lives under it.
BASE = "https://w3id.org/nj-graph/"

#: prefix -> namespace IRI, the one map used for parsing, serialising and queries.
PREFIXES: dict[str, str] = {
    "nj": BASE + "ns#",  # the ontology (classes and properties)
    "njr": BASE + "id/",  # resources described by the data (people, organisations, events, quotes...)
    "njsh": BASE + "shapes#",  # SHACL shapes
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
}

#: rdflib `Namespace` objects for Python code that builds rdflib terms, made on first use
#: (PEP 562) so that importing the prefix map does not import rdflib.
_NAMESPACES = {"NJ": "nj", "NJR": "njr", "NJSH": "njsh", "OA": "oa", "SCHEMA": "schema", "DCAT": "dcat",
               "VOID": "void"}


def __getattr__(name: str):
    if name in _NAMESPACES:
        from rdflib import Namespace

        value = Namespace(PREFIXES[_NAMESPACES[name]])
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The project's own namespaces: terms used here must be declared by the ontology.
PROJECT_NAMESPACES: tuple[str, ...] = (PREFIXES["nj"], PREFIXES["njsh"])


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
