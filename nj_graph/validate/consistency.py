"""Consistency of a graph under OWL 2 RL: what makes it contradictory, in words.

The OWL RL closure (owlrl) of the ontology plus the data must not put anything in
`owl:Nothing` nor in two classes the ontology declares disjoint (`owl:disjointWith` or
`owl:AllDisjointClasses`). owlrl records the contradictions it meets while chaining as triples in
the closure (`[] a err:ErrorMessage ; err:error "..."`), but only for the rules it fires, so the
disjointness and `owl:Nothing` checks are also made explicitly on the closed graph.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
...     @prefix owl: <http://www.w3.org/2002/07/owl#> .
...     @prefix ex: <http://example.org/> .
...     ex:A a owl:Class ; owl:disjointWith ex:B . ex:B a owl:Class .
...     ex:x a ex:A , ex:B .''', format="turtle")
>>> inconsistencies(g)
['ex:x is a member of ex:A and ex:B, which are declared disjoint']
"""

from __future__ import annotations

from itertools import combinations

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from ..core.namespaces import bind_prefixes

__all__ = ["owl_rl_closure", "fast_owl_rl_closure", "closure_inconsistencies", "inconsistencies", "ENGINES"]

#: The OWL 2 RL engines: owlrl, the reference (pure Python), and reasonable (compiled, many times
#: faster; `bench/bench_validate.py` measures both). Both are checked to agree in the tests.
ENGINES = ("owlrl", "reasonable")

# owlrl's own messages for the contradictions checked explicitly below; they are left out so that
# one contradiction is reported once, in the project's words.
_EXPLICITLY_CHECKED = ("Disjoint classes ", "defined of type 'Nothing'")


def owl_rl_closure(graph: Graph) -> Graph:
    """Return the OWL 2 RL closure of a copy of `graph` (the graph itself is left as it is)."""
    closed = Graph()
    bind_prefixes(closed)
    for prefix, namespace in graph.namespaces():
        closed.bind(prefix, namespace, override=False)
    closed += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


def fast_owl_rl_closure(graph: Graph) -> Graph:
    """The OWL 2 RL closure of `graph` by the `reasonable` reasoner, as a new graph.

    reasonable keeps no record of contradictions, which is why `closure_inconsistencies` checks
    owl:Nothing and disjointness explicitly on whatever closure it is given.
    """
    import reasonable  # imported here: only the fast path needs it

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    closed = Graph()
    bind_prefixes(closed)
    for prefix, namespace in graph.namespaces():
        closed.bind(prefix, namespace, override=False)
    for triple in reasoner.reason():
        closed.add(triple)
    return closed


def _name(graph: Graph, node: Node) -> str:
    return node.n3(graph.namespace_manager)


def _members(closed: Graph, node: Node) -> list[Node]:
    members: list[Node] = []
    for head in closed.objects(node, OWL.members):
        members.extend(Collection(closed, head))
    return members


def closure_inconsistencies(closed: Graph) -> list[str]:
    """The contradictions in a graph that is already closed under OWL 2 RL, sorted.

    Use this when the closure is at hand (it is slow to compute); otherwise `inconsistencies`.
    """
    problems: set[str] = set()
    for individual in closed.subjects(RDF.type, OWL.Nothing):
        problems.add(f"{_name(closed, individual)} is a member of owl:Nothing")

    disjoint_pairs: set[tuple[Node, Node]] = set()
    for first, second in closed.subject_objects(OWL.disjointWith):
        disjoint_pairs.add((first, second))
    for axiom in closed.subjects(RDF.type, OWL.AllDisjointClasses):
        disjoint_pairs.update(combinations(_members(closed, axiom), 2))
    for first, second in disjoint_pairs:
        if first == second:
            continue
        for individual in closed.subjects(RDF.type, first):
            if (individual, RDF.type, second) in closed:
                names = sorted([_name(closed, first), _name(closed, second)])
                problems.add(f"{_name(closed, individual)} is a member of {names[0]} and {names[1]}, "
                             "which are declared disjoint")

    for message in closed.objects(None, ERRNS.error):
        text = str(message)
        if not any(marker in text for marker in _EXPLICITLY_CHECKED):
            problems.add(f"OWL RL: {text}")
    return sorted(problems)


def inconsistencies(graph: Graph, *, engine: str = "owlrl") -> list[str]:
    """The contradictions in the OWL 2 RL closure of `graph` (computed on a copy); empty if none.

    `engine` is "owlrl" (the reference) or "reasonable" (fast).
    """
    if engine == "reasonable":
        return closure_inconsistencies(fast_owl_rl_closure(graph))
    if engine == "owlrl":
        return closure_inconsistencies(owl_rl_closure(graph))
    raise ValueError(f"unknown OWL RL engine {engine!r}; choose from {', '.join(ENGINES)}")
