"""Terms across the rdflib / pyoxigraph border, both ways, losing nothing (datatype, language, blank node).

>>> from rdflib import Literal as L, URIRef
>>> to_oxigraph(L("52000000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
<Literal value=52000000 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#decimal>>
>>> to_rdflib(to_oxigraph(L("Japan", lang="en"))) == L("Japan", lang="en")
True
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_oxigraph(node: Node | None):
    """An rdflib term as a pyoxigraph term (None stays None)."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None and str(node.datatype) != _XSD_STRING:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")
