"""The project's namespaces as rdflib `Namespace` objects, over the one prefix map.

Every module, test and stored query takes its namespaces from here or from `prefixes`; a test
checks that the Turtle files declare the same prefixes with the same IRIs.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, VANN, XSD  # noqa: F401

# The map itself lives, free of rdflib, in `prefixes`; these names stay importable from here.
from .prefixes import BASE, PREFIXES, PROJECT_NAMESPACES, curie  # noqa: F401

#: The ontology (classes and properties).
NJ = Namespace(PREFIXES["nj"])
#: Resources described by the data (people, organisations, events, quotes...).
NJR = Namespace(PREFIXES["njr"])
#: SHACL shapes.
NJSH = Namespace(PREFIXES["njsh"])

OA = Namespace(PREFIXES["oa"])
SCHEMA = SDO  # https://schema.org/
DCAT = Namespace(PREFIXES["dcat"])
VOID = Namespace(PREFIXES["void"])


def bind_prefixes(graph) -> None:
    """Bind the project's prefix map onto an rdflib graph (replacing defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
