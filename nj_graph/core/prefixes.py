"""The project's one prefix map and base IRI, and names of terms under it, without rdflib.

The command line answers queries on pyoxigraph alone, so what it needs to print a term lives here,
free of rdflib; `nj_graph.core.namespaces` builds rdflib's `Namespace` objects from this map.
"""

from __future__ import annotations

import functools
import re
import sys

from pyoxigraph import BlankNode, Literal, NamedNode

#: The single base IRI of the project. Everything the project mints lives under it.
BASE = "https://w3id.org/nj-graph/"

#: prefix -> namespace IRI, the one map used for parsing, serialising and queries.
PREFIXES: dict[str, str] = {
    "nj": BASE + "ns#",
    "njr": BASE + "id/",
    "njsh": BASE + "shapes#",
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

#: The project's own namespaces: terms used here must be declared by the ontology.
PROJECT_NAMESPACES: tuple[str, ...] = (PREFIXES["nj"], PREFIXES["njsh"])

XSD_STRING = PREFIXES["xsd"] + "string"
RDF_LANG_STRING = PREFIXES["rdf"] + "langString"

# SPARQL 1.1 / Turtle PN_LOCAL without its escapes (`\/`, `%2F`): a local name that every engine
# reads back as it was written. rdflib's SPARQL parser keeps the backslash of `njr:place\/tokyo`, so
# that name silently matches nothing there; such IRIs are printed whole instead.
_BASE_CHARS = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
               "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS_U = _BASE_CHARS + "_"
_CHARS = _CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_LOCAL_NAME_SOURCE = "(?:[{u}:0-9](?:[{c}.:]*[{c}:])?)?"


@functools.cache
def _local_name(ascii_only: bool) -> re.Pattern:
    """The PN_LOCAL pattern, compiled on first use; ASCII text gets the small ASCII-only pattern,
    which matches it exactly as the full one does and compiles at once (the full Unicode classes
    take milliseconds, paid only for a non-ASCII name)."""
    if ascii_only:
        return re.compile(_LOCAL_NAME_SOURCE.format(u="A-Za-z_", c="A-Za-z_\\-0-9"))
    return re.compile(_LOCAL_NAME_SOURCE.format(u=_CHARS_U, c=_CHARS))

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_local_name(text: str) -> bool:
    """True when `text` can follow `prefix:` in SPARQL and Turtle exactly as it is.

    >>> is_local_name("japan"), is_local_name("place/tokyo"), is_local_name("x.")
    (True, False, False)
    """
    return _local_name(text.isascii()).fullmatch(text) is not None


def iri_name(iri: str) -> str:
    """An IRI as a CURIE under the longest matching namespace, or whole as `<IRI>`.

    Either form can be pasted into a SPARQL query or a Turtle file and means the same IRI.

    >>> iri_name("https://w3id.org/nj-graph/id/japan")
    'njr:japan'
    >>> iri_name("https://w3id.org/nj-graph/id/place/tokyo")
    '<https://w3id.org/nj-graph/id/place/tokyo>'
    """
    best = max((p for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda p: len(PREFIXES[p]),
               default=None)
    if best is not None and is_local_name(iri[len(PREFIXES[best]):]):
        return f"{best}:{iri[len(PREFIXES[best]):]}"
    return f"<{iri}>"


def quote(text: str) -> str:
    """A string in double quotes with Turtle's escapes, on one line.

    >>> print(quote('say "hi"\\n'))
    "say \\"hi\\"\\n"
    """
    return '"' + "".join(_ECHAR.get(ch, ch) for ch in text) + '"'


def _literal(lexical: str, language: str | None, datatype: str | None) -> str:
    if language:
        return f"{quote(lexical)}@{language}"
    if datatype:
        return f"{quote(lexical)}^^{iri_name(datatype)}"
    return quote(lexical)


def curie(term) -> str:
    """Any RDF term, pyoxigraph's or rdflib's, in its shortest form that SPARQL reads back.

    >>> curie(NamedNode("https://w3id.org/nj-graph/id/japan"))
    'njr:japan'
    >>> curie(NamedNode("http://example.org/x"))
    '<http://example.org/x>'
    >>> curie(Literal("52000000", datatype=NamedNode(PREFIXES["xsd"] + "decimal")))
    '"52000000"^^xsd:decimal'
    """
    if isinstance(term, NamedNode):
        return iri_name(term.value)
    if isinstance(term, Literal):
        datatype = term.datatype.value
        return _literal(term.value, term.language, None if datatype in (XSD_STRING, RDF_LANG_STRING) else datatype)
    if isinstance(term, BlankNode):
        return "[]"
    # An rdflib term can only exist once rdflib has been imported; asking sys.modules keeps this
    # module free of rdflib for callers (the command line) that never use it.
    rdflib = sys.modules.get("rdflib")
    if rdflib is not None:
        if isinstance(term, rdflib.URIRef):
            return iri_name(str(term))
        if isinstance(term, rdflib.Literal):
            return _literal(str(term), term.language, str(term.datatype) if term.datatype is not None else None)
        if isinstance(term, rdflib.BNode):
            return "[]"
    return str(term)
