"""The base a contribution is judged against when it comes from a store (`validate --store`).

A persistent store or an endpoint may hold far more than the shipped graph: every partner, decades
of events. Copying all of it into rdflib for pyshacl would cost minutes and gigabytes, so the
validator asks the store, in plain SPARQL 1.1 batches, for what its checks can see of the
resources a contribution mentions:

- every statement about a resource the contribution mentions (as subject or object), with the
  types of their values and the statements about blank-node values one level down (a quote's
  selectors);
- statements pointing at a resource the contribution describes, through the properties the shapes
  and checks follow backwards (`INCOMING`): a quote needs a fact citing it, a concept scheme a
  concept in it, a whole the parts whose amounts it bounds;
- the resources that share a label with one the contribution gives (the duplicate-label check),
  with their types.

Resources pulled in only as values are described partly; the checks on them report the same on
the base alone as on the base with the contribution, so the baseline the validator subtracts
(what the base reports without the contribution) takes them out again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from ..core.namespaces import NJ
from ..store.base import Store
from ..store.rdflib_terms import to_rdflib

#: The properties a shape or check follows from value to subject; tests hold the shapes to it.
INCOMING: tuple[URIRef, ...] = (PROV.wasDerivedFrom, SKOS.inScheme, NJ.partOf)

#: Resources (or labels) per query: VALUES blocks of this size stay well inside any endpoint's limits.
BATCH = 400


def store_base(store: Store, contribution: Graph) -> Graph:
    """The store's statements that the checks on `contribution` can see, as an rdflib graph."""
    base = Graph()
    mentioned = _mentioned(contribution)
    described = sorted({s for s in contribution.subjects() if isinstance(s, URIRef) and _is_iri(s)})
    for batch in _batches(mentioned):
        _add(base, store, _OUTGOING.format(nodes=_values(batch)))
    predicates = " ".join(f"<{p}>" for p in INCOMING)
    for batch in _batches(described):
        _add(base, store, _BACKWARDS.format(predicates=predicates, nodes=_values(batch)))
    labels = sorted({str(label).lower() for label in contribution.objects(None, RDFS.label)
                     if isinstance(label, Literal)})
    for batch in _batches(labels):
        _add(base, store, _SAME_LABEL.format(keys=", ".join(_string(key) for key in batch)))
    return base


def _mentioned(contribution: Graph) -> list[URIRef]:
    """The IRIs the contribution names as subject or value; classes (values of rdf:type) are the
    shipped ontology's business, not the store's."""
    nodes = set()
    for subject, predicate, value in contribution:
        if isinstance(subject, URIRef):
            nodes.add(subject)
        if isinstance(value, URIRef) and predicate != RDF.type:
            nodes.add(value)
    return sorted(node for node in nodes if _is_iri(node))


def _is_iri(node: URIRef) -> bool:
    try:
        ox.NamedNode(str(node))
    except ValueError:
        return False  # not an IRI a store could hold
    return True


_OUTGOING = """
CONSTRUCT {{ ?node ?property ?value . ?value a ?type . ?value ?inner ?innerValue }}
WHERE {{
  VALUES ?node {{ {nodes} }}
  ?node ?property ?value .
  OPTIONAL {{ ?value a ?type }}
  OPTIONAL {{ ?value ?inner ?innerValue FILTER (isBlank(?value)) }}
}}"""

_BACKWARDS = """
CONSTRUCT {{ ?fact ?property ?node }}
WHERE {{
  VALUES ?property {{ {predicates} }}
  VALUES ?node {{ {nodes} }}
  ?fact ?property ?node .
}}"""

_SAME_LABEL = """
CONSTRUCT {{ ?other <http://www.w3.org/2000/01/rdf-schema#label> ?label . ?other a ?type }}
WHERE {{
  ?other <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  FILTER (LCASE(STR(?label)) IN ({keys}))
  OPTIONAL {{ ?other a ?type }}
}}"""


def _add(base: Graph, store: Store, query: str) -> None:
    # Blank nodes are renamed per answer by some engines; each answer's are kept apart from the
    # contribution's by their own labels, which rdflib keeps as given.
    for triple in store.query(query, form="CONSTRUCT").triples or ():
        base.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))


def _values(nodes: Iterable[URIRef]) -> str:
    """IRIs written by pyoxigraph, which refuses what is not an IRI: text from a contribution never
    reaches a query unescaped."""
    return " ".join(str(ox.NamedNode(str(node))) for node in nodes)


def _string(text: str) -> str:
    return str(ox.Literal(text))


def _batches(items: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


__all__ = ["store_base", "INCOMING"]
