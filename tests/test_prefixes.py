"""The prefix map, written out without rdflib, and the local names that need no escape."""

from __future__ import annotations

import pytest
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, VANN, XSD

from nj_graph.core import namespaces
from nj_graph.core.prefixes import PREFIXES, is_local_name


def test_the_map_agrees_with_rdflibs_namespaces():
    """The map was built from rdflib's constants before it had to do without rdflib."""
    standard = {"dcterms": DCTERMS, "foaf": FOAF, "org": ORG, "owl": OWL, "prov": PROV, "rdf": RDF, "rdfs": RDFS,
                "schema": SDO, "sh": SH, "skos": SKOS, "time": TIME, "vann": VANN, "xsd": XSD}
    assert {prefix: PREFIXES[prefix] for prefix in standard} == {p: str(ns) for p, ns in standard.items()}
    assert namespaces.PREFIXES is PREFIXES
    assert str(namespaces.NJ.Visit) == PREFIXES["nj"] + "Visit" and str(namespaces.NJR) == PREFIXES["njr"]


@pytest.mark.parametrize("name", ["japan", "Visit", "s16b", "2013-04-visit", "a.b", "a:b", "_x", "", "東京",
                                  "caf\u00e9"])
def test_local_names_that_need_no_escape(name):
    assert is_local_name(name)


@pytest.mark.parametrize("name", ["place/tokyo", "a.", ".a", "-a", "a b", "a#b", "x%2Fy", "a\\/b", "a?b",
                                  "a,b", "(a)"])
def test_local_names_that_would(name):
    assert not is_local_name(name)
