"""The fast OWL 2 RL engine the validator uses (reasonable) finds what owlrl, the reference, finds."""

from __future__ import annotations

import pytest
from rdflib import Graph

from nj_graph.validate.consistency import ENGINES, inconsistencies
from nj_graph.store.graph import load_graph
from nj_graph.core.namespaces import NJ

INCONSISTENT = {
    "asserted in two disjoint classes": "njr:x a nj:Person , nj:Organisation .",
    "made a post by a range, and an organisation": "njr:t nj:post njr:x . njr:x a nj:State .",
    "made an event by a subclass, and a document": "njr:x a nj:Visit , nj:Declaration .",
}


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return load_graph()


def test_both_engines_find_the_shipped_graph_consistent(shipped):
    for engine in ENGINES:
        assert inconsistencies(shipped, engine=engine) == [], engine


@pytest.mark.parametrize("statement", list(INCONSISTENT.values()), ids=list(INCONSISTENT))
def test_both_engines_find_the_same_contradictions(shipped, statement):
    graph = Graph()
    graph += shipped
    graph.parse(data=f"@prefix nj: <{NJ}> . @prefix njr: <https://w3id.org/nj-graph/id/> . {statement}",
                format="turtle")
    found = {engine: inconsistencies(graph, engine=engine) for engine in ENGINES}
    assert found["owlrl"], "the reference engine must see the contradiction"
    assert found["reasonable"] == found["owlrl"]


def test_an_unknown_engine_is_refused(shipped):
    with pytest.raises(ValueError, match="unknown OWL RL engine"):
        inconsistencies(shipped, engine="hermit")
