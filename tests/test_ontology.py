"""The ontology (ontology/nj.ttl): a full header, a documented term for every name, one prefix map,
one version, and a graph that stays consistent under OWL 2 RL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN

import nj_graph
from nj_graph.validate.consistency import closure_inconsistencies, owl_rl_closure
from nj_graph.store.graph import load_graph
from nj_graph.core.namespaces import NJ, NJR, PREFIXES
from nj_graph.core.shipped import SHIPPED

ONTOLOGY_IRI = URIRef(str(NJ).rstrip("#"))
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property, RDFS.Class)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(SHIPPED.ontology_file, format="turtle")


def _english(graph: Graph, node, prop) -> list[Literal]:
    return [v for v in graph.objects(node, prop) if isinstance(v, Literal) and v.language == "en"]


def _terms(ontology: Graph) -> list[URIRef]:
    return sorted({s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t)
                   if isinstance(s, URIRef) and s.startswith(str(NJ))})


# ---------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------

def test_one_ontology_named_after_the_namespace(ontology):
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]


@pytest.mark.parametrize("prop", [DCTERMS.title, DCTERMS.description])
def test_header_has_english_title_and_description(ontology, prop):
    assert len(_english(ontology, ONTOLOGY_IRI, prop)) == 1, f"the ontology header needs one {prop}@en"


def test_header_has_a_licence_and_a_version_iri(ontology):
    licence = ontology.value(ONTOLOGY_IRI, DCTERMS.license)
    assert isinstance(licence, URIRef) and str(licence).startswith(("http://", "https://"))
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert version_iri == URIRef(f"{ONTOLOGY_IRI}/{nj_graph.__version__}")


def test_header_names_the_preferred_prefix_and_namespace(ontology):
    assert ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("nj")
    uri = ontology.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)
    assert uri is not None and str(uri) == str(NJ) == PREFIXES["nj"]


def test_version_info_is_the_package_version(ontology):
    assert [str(v) for v in ontology.objects(ONTOLOGY_IRI, OWL.versionInfo)] == [nj_graph.__version__]


# ---------------------------------------------------------------------------
# Terms
# ---------------------------------------------------------------------------

def test_the_ontology_has_classes_and_properties(ontology):
    terms = _terms(ontology)
    assert any((t, RDF.type, OWL.Class) in ontology for t in terms)
    assert any((t, RDF.type, OWL.ObjectProperty) in ontology for t in terms)
    assert any((t, RDF.type, OWL.DatatypeProperty) in ontology for t in terms)


def test_every_term_has_an_english_label_a_definition_and_is_defined_by_the_ontology(ontology):
    problems = []
    for term in _terms(ontology):
        name = term.n3(ontology.namespace_manager)
        if len(_english(ontology, term, RDFS.label)) != 1:
            problems.append(f"{name}: needs exactly one rdfs:label@en")
        if len(_english(ontology, term, SKOS.definition)) != 1:
            problems.append(f"{name}: needs exactly one skos:definition@en")
        if list(ontology.objects(term, RDFS.isDefinedBy)) != [ONTOLOGY_IRI]:
            problems.append(f"{name}: needs rdfs:isDefinedBy <{ONTOLOGY_IRI}>")
    assert not problems, "\n".join(problems)


def test_every_nj_name_the_ontology_uses_is_declared(ontology):
    declared = set(_terms(ontology))
    used = {node for triple in ontology for node in triple
            if isinstance(node, URIRef) and node.startswith(str(NJ))}
    assert used - declared == set()


def test_no_resources_in_the_ontology(ontology):
    """Resources (njr:) belong in data/, the ontology holds only vocabulary."""
    assert not [n for t in ontology for n in t if isinstance(n, URIRef) and n.startswith(str(NJR))]


def test_a_pledge_is_not_a_contribution(ontology):
    """Regression: with nj:Pledge under nj:Contribution, RDFS made every pledge money given."""
    assert NJ.Contribution not in set(ontology.transitive_objects(NJ.Pledge, RDFS.subClassOf))
    assert NJ.Support in set(ontology.transitive_objects(NJ.Pledge, RDFS.subClassOf))
    assert NJ.Support in set(ontology.transitive_objects(NJ.Contribution, RDFS.subClassOf))
    for prop in (NJ.donor, NJ.recipient):  # a domain of nj:Contribution would make a pledge one again
        assert list(ontology.objects(prop, RDFS.domain)) == [NJ.Support], prop


def test_a_ceiling_is_not_an_amount(ontology):
    """Reasoning must never turn "almost US$600 million" into a sum of US$600 million."""
    assert NJ.amount not in set(ontology.transitive_objects(NJ.maximumAmount, RDFS.subPropertyOf))


# ---------------------------------------------------------------------------
# One prefix map
# ---------------------------------------------------------------------------

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
TURTLE_FILES = sorted([*SHIPPED.ontology_dir.rglob("*.ttl"), *SHIPPED.data_dir.rglob("*.ttl")])


def declared_prefixes(text: str) -> list[tuple[str, str]]:
    """The prefixes a Turtle text declares, as written (rdflib would merge two names of one IRI).

    >>> declared_prefixes('@prefix nj: <https://w3id.org/nj-graph/ns#> .\\nPREFIX x: <urn:x#>')
    [('nj', 'https://w3id.org/nj-graph/ns#'), ('x', 'urn:x#')]
    """
    return [(prefix or "", iri) for prefix, iri in _PREFIX.findall(text)]


def test_there_are_turtle_files():
    assert SHIPPED.ontology_file in TURTLE_FILES
    assert any(path.is_relative_to(SHIPPED.data_dir) for path in TURTLE_FILES)


@pytest.mark.parametrize("path", TURTLE_FILES, ids=SHIPPED.relative)
def test_prefixes_agree_with_the_prefix_map(path: Path):
    by_iri = {iri: prefix for prefix, iri in PREFIXES.items()}
    problems = []
    for prefix, iri in declared_prefixes(path.read_text(encoding="utf-8")):
        if prefix in PREFIXES and PREFIXES[prefix] != iri:
            problems.append(f"{prefix}: is <{iri}> here but <{PREFIXES[prefix]}> in nj_graph.core.namespaces.PREFIXES")
        elif prefix not in PREFIXES and iri in by_iri:
            problems.append(f"<{iri}> is {prefix}: here but {by_iri[iri]}: in nj_graph.core.namespaces.PREFIXES")
        elif prefix not in PREFIXES:
            problems.append(f"{prefix}: <{iri}> is not in nj_graph.core.namespaces.PREFIXES; add it there first")
    assert not problems, "\n".join(problems)


def test_the_prefix_check_sees_a_disagreement():
    wrong = "@prefix nj: <https://w3id.org/nj-graph/ns/> .\n@prefix sdo: <https://schema.org/> ."
    declared = dict(declared_prefixes(wrong))
    assert declared["nj"] != PREFIXES["nj"]
    assert "sdo" not in PREFIXES and declared["sdo"] == PREFIXES["schema"]


# ---------------------------------------------------------------------------
# Consistency under OWL 2 RL
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def closure() -> Graph:
    """The OWL RL closure of the ontology and the shipped data, computed once for this module."""
    return owl_rl_closure(load_graph())


def test_the_closure_draws_conclusions(closure):
    """A sanity check that the closure was computed: Japan is an organisation because it is a state."""
    assert (NJR.japan, RDF.type, NJ.State) in closure
    assert (NJR.japan, RDF.type, NJ.Organisation) in closure
    assert (NJR.japan, RDF.type, OWL.Thing) in closure


def test_nothing_is_a_member_of_owl_nothing(closure):
    assert list(closure.subjects(RDF.type, OWL.Nothing)) == []


def test_the_ontology_and_the_shipped_data_are_consistent(closure):
    assert closure_inconsistencies(closure) == []


INCONSISTENT = {
    "typed in two disjoint classes": ("njr:x a nj:Person , nj:Organisation .", "nj:Organisation and nj:Person"),
    "made a post by a range, and a state": ("njr:t nj:post njr:x . njr:x a nj:State .",
                                            "nj:Organisation and nj:Post"),
    "made support by a domain, and an event": ("njr:x a nj:Visit ; nj:donor njr:japan .",
                                               "nj:Event and nj:Support"),
    "in two disjoint sibling classes": ("njr:x a nj:Visit , nj:Address .", "nj:Address and nj:Visit"),
    "money and a pledge at once": ("njr:x a nj:Donation , nj:Pledge .", "nj:Contribution and nj:Pledge"),
    "given and promised at once": ("njr:x a nj:Contribution , nj:Pledge .", "nj:Contribution and nj:Pledge"),
    "an inference and a fact": ("njr:x a nj:Inference , nj:Event .", "nj:Event and nj:Inference"),
    "a member of owl:Nothing": ("njr:x a owl:Nothing .", "njr:x is a member of owl:Nothing"),
    "across owl:disjointWith": ("njr:A a owl:Class ; owl:disjointWith njr:B . njr:x a njr:A , njr:B .",
                                "njr:A and njr:B"),
}


@pytest.mark.parametrize("statements, expected", list(INCONSISTENT.values()), ids=list(INCONSISTENT))
def test_an_inconsistent_graph_is_caught(ontology, statements, expected):
    """The same check as above, on the ontology plus a contradiction."""
    graph = Graph()
    graph += ontology
    graph.parse(data=f"""@prefix nj: <{NJ}> . @prefix njr: <{NJR}> .
                         @prefix owl: <http://www.w3.org/2002/07/owl#> . {statements}""", format="turtle")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    problems = closure_inconsistencies(owl_rl_closure(graph))
    assert any(expected in problem for problem in problems), problems
