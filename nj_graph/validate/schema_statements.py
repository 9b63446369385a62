"""Schema in a contribution: ontology headers, imports and axioms, which a contribution may not carry.

A contribution adds facts. Statements about classes and properties (`rdfs:subClassOf`,
`rdfs:domain`, `owl:TransitiveProperty`, `owl:inverseOf`, ...) would change what every shipped fact
means, and `owl:imports` would pull in a whole other ontology; ontology changes are made to
ontology/nj.ttl and reviewed in a pull request. Schema statements are also what makes OWL RL
reasoning expensive (a long `rdfs:subClassOf` chain has a closure quadratic in its length), so they
are taken out of a contribution before any check or the reasoner sees it, and reported.

>>> from rdflib import Graph
>>> graph = Graph().parse(format="turtle", data='''
...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     @prefix nj: <https://w3id.org/nj-graph/ns#> .
...     @prefix njr: <https://w3id.org/nj-graph/id/> .
...     <https://example.org/o> a owl:Ontology ; owl:imports <https://example.org/other> .
...     nj:Visit rdfs:subClassOf [ a owl:Restriction ; owl:onProperty nj:visitor ; owl:someValuesFrom nj:Person ] .
...     njr:japan rdfs:label "Japan"@en .''')
>>> found = schema_statements(graph)
>>> sorted(p.n3(graph.namespace_manager) for _s, p, _o in found.statements)
['owl:imports', 'rdf:type', 'rdfs:subClassOf']
>>> len(found.data)  # the label, and nothing of the restriction
1
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ..core.namespaces import curie

#: Predicates whose statements are about classes and properties, or about an ontology document.
SCHEMA_PREDICATES = frozenset({
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf, OWL.disjointWith, OWL.propertyDisjointWith,
    OWL.disjointUnionOf, OWL.complementOf, OWL.unionOf, OWL.intersectionOf, OWL.oneOf,
    OWL.onProperty, OWL.onProperties, OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.hasSelf,
    OWL.cardinality, OWL.minCardinality, OWL.maxCardinality, OWL.qualifiedCardinality,
    OWL.minQualifiedCardinality, OWL.maxQualifiedCardinality, OWL.onClass, OWL.onDataRange,
    OWL.propertyChainAxiom, OWL.hasKey, OWL.onDatatype, OWL.withRestrictions, OWL.datatypeComplementOf,
    OWL.imports, OWL.versionIRI, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
})
#: Classes whose members are classes, properties, axioms or ontologies: typing a node with one is schema.
SCHEMA_TYPES = frozenset({
    OWL.Ontology, OWL.Class, RDFS.Class, RDFS.Datatype, OWL.Restriction, RDF.Property,
    OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.OntologyProperty,
    OWL.TransitiveProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.SymmetricProperty,
    OWL.AsymmetricProperty, OWL.ReflexiveProperty, OWL.IrreflexiveProperty,
    OWL.AllDisjointClasses, OWL.AllDisjointProperties, OWL.DeprecatedClass, OWL.DeprecatedProperty,
})
WHERE_ONTOLOGY_CHANGES_GO = ("a contribution carries data only, so it was left out of every check; propose "
                             "ontology changes in ontology/nj.ttl through a pull request (see CONTRIBUTING.md)")


def is_schema_statement(triple: tuple[Node, Node, Node]) -> bool:
    _subject, predicate, value = triple
    return predicate in SCHEMA_PREDICATES or (predicate == RDF.type and value in SCHEMA_TYPES)


@dataclass
class SchemaStatements:
    """A contribution split in two: its schema statements, and the data left to check."""

    statements: list[tuple[Node, Node, Node]]
    data: Graph

    def messages(self) -> Iterator[tuple[tuple[Node, Node, Node], str]]:
        """Each schema statement with what to tell the contributor about it."""
        for subject, predicate, value in self.statements:
            if predicate == OWL.imports:
                said = f"owl:imports {curie(value)} is never followed"
            elif predicate == RDF.type and value == OWL.Ontology:
                said = f"{curie(subject)} is declared an owl:Ontology"
            elif predicate == RDF.type:
                said = f"{curie(subject)} a {curie(value)} is a schema statement"
            else:
                said = f"{curie(subject)} {curie(predicate)} {curie(value)} is a schema statement"
            yield (subject, predicate, value), f"{said}: {WHERE_ONTOLOGY_CHANGES_GO}"


def schema_statements(contribution: Graph) -> SchemaStatements:
    """The contribution's schema statements, and its data without them or the blank nodes they own
    (a restriction, the RDF list of a union)."""
    found = [triple for triple in contribution if is_schema_statement(triple)]
    if not found:
        return SchemaStatements([], contribution)
    described: set[Node] = set()  # blank nodes that are part of a schema statement
    todo = [node for s, _p, o in found for node in (s, o) if isinstance(node, BNode)]
    while todo:
        node = todo.pop()
        if node not in described:
            described.add(node)
            todo.extend(o for o in contribution.objects(node, None) if isinstance(o, BNode))
    # A blank node inside another statement (a restriction's owl:onProperty) is reported with it.
    inner = {o for s, _p, o in found if isinstance(o, BNode)}
    inner |= {o for node in described for o in contribution.objects(node, None) if isinstance(o, BNode)}
    left_out = set(found)
    data = Graph(namespace_manager=contribution.namespace_manager)
    for triple in contribution:
        if triple not in left_out and triple[0] not in described:
            data.add(triple)
    return SchemaStatements(sorted(t for t in found if t[0] not in inner), data)


__all__ = ["SCHEMA_PREDICATES", "SCHEMA_TYPES", "SchemaStatements", "is_schema_statement", "schema_statements"]
