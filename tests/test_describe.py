"""`nj-graph describe` and `nj_graph.publish.describe`: a resource, the links to it and its quotes."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from nj_graph.cli import main
from nj_graph.core.status import ExitStatus
from nj_graph.publish.describe import describe, resolve
from nj_graph.store.base import open_store

LOFTA = "https://w3id.org/nj-graph/id/contribution/japan-lofta-2010-2012"


@pytest.fixture(scope="module")
def store():
    return open_store("oxigraph")


def test_a_description_has_statements_links_and_quotes(store):
    found = describe(store, LOFTA)
    assert found.label.startswith("Japan's donations to LOFTA")
    assert [t.value for t in found.types] == ["https://w3id.org/nj-graph/ns#Donation"]
    assert any(s.predicate.name == "nj:donor" and s.object.value.endswith("/japan") for s in found.statements)
    assert found.incoming and all(link.subject.kind in ("iri", "blank") for link in found.incoming)
    assert [q.quote.value.rsplit("/", 1)[1] for q in found.quotes] == ["s23", "s24"]
    first = found.quotes[0]
    assert first.exact.startswith("Japan has also been contributing generously") and first.end > first.start
    assert first.source.label  # the source document, by its label


def test_the_quotes_are_those_source_of_finds(store):
    import nj_graph

    rows = nj_graph.run_query("source-of", {"resource": LOFTA}, store=store)
    assert [(str(r["quote"]), r["exact"]) for r in rows] == [(q.quote.value, q.exact) for q in describe(store, LOFTA).quotes]


@pytest.mark.parametrize("name", ["njr:japan", "https://w3id.org/nj-graph/id/japan", "<https://w3id.org/nj-graph/id/japan>"])
def test_a_curie_or_a_full_iri(name):
    assert resolve(name) == "https://w3id.org/nj-graph/id/japan"


def test_the_same_on_every_store():
    described = [describe(open_store(kind), LOFTA) for kind in ("oxigraph", "memory")]
    assert described[0].as_dict() == described[1].as_dict()


def test_the_terminal_view(capsys):
    assert main(["describe", "njr:contribution/japan-lofta-2010-2012"]) == ExitStatus.OK
    out = capsys.readouterr().out
    assert "Japan's donations to LOFTA" in out and "Source quotes" in out and "\x1b[" not in out
    assert "Donations over the three-year period" in out


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("json-ld", "json-ld")])
def test_the_triples_as_turtle_and_json_ld(capsys, fmt, parser):
    assert main(["describe", "njr:japan", "--format", fmt]) == ExitStatus.OK
    graph = Graph().parse(data=capsys.readouterr().out, format=parser)
    japan = next(s for s in graph.subjects() if str(s) == "https://w3id.org/nj-graph/id/japan")
    assert len(list(graph.predicate_objects(japan))) >= 3
    assert len(set(graph.subjects())) > 5  # the links to it and the quotes come along


def test_the_description_as_json(capsys):
    assert main(["describe", "njr:japan", "-f", "json"]) == ExitStatus.OK
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "Japan" and data["quotes"]


def test_an_unknown_resource_is_one_line(capsys):
    assert main(["describe", "njr:no-such-thing"]) == ExitStatus.BAD_INPUT
    assert capsys.readouterr().err.strip() == "nj-graph: the graph says nothing about njr:no-such-thing"
