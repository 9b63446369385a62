"""The loader: ontology + shipped data + a user's files, the store seam and the door for user files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from nj_graph.store import graph as graph_module
from nj_graph.core.errors import UserInputError
from nj_graph.store.graph import load_graph
from nj_graph.core.namespaces import NJ
from nj_graph.core.shipped import SHIPPED

FIXTURES = Path(__file__).parent / "fixtures"
EX = "http://example.org/nj-test/"


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return load_graph()


def test_the_shipped_graph_holds_the_ontology(shipped):
    assert (NJ.Visit, RDFS.subClassOf, NJ.Event) in shipped


def test_the_project_prefixes_are_bound(shipped):
    assert dict(shipped.namespaces())["njr"] == URIRef("https://w3id.org/nj-graph/id/")


def test_extra_files_are_added(shipped):
    graph = load_graph([FIXTURES / "data.ttl"])
    assert (URIRef(EX + "tokyo-visit"), RDF.type, NJ.Visit) in graph
    assert len(graph) == len(shipped) + len(Graph().parse(FIXTURES / "data.ttl"))


def test_ntriples_extra_files_are_read(tmp_path):
    extra = tmp_path / "extra.nt"
    extra.write_text(f'<{EX}a> <{RDFS.label}> "a" .\n', encoding="utf-8")
    assert (URIRef(EX + "a"), RDFS.label, Literal("a")) in load_graph([extra])


def test_a_missing_extra_file_is_named(tmp_path):
    with pytest.raises(UserInputError) as error:
        load_graph([tmp_path / "missing.ttl"])
    assert error.value.file == str(tmp_path / "missing.ttl")
    assert "no such file" in error.value.one_line()


def test_a_missing_extra_file_is_named_with_reasoning_too(tmp_path):
    with pytest.raises(UserInputError, match="no such file"):
        load_graph([tmp_path / "missing.ttl"], reasoning="rdfs", cache_dir=tmp_path / "cache")


def test_an_extra_file_of_unknown_format_is_refused(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(UserInputError, match=r"cannot tell the format from the extension '\.csv'"):
        load_graph([extra])


def test_an_extra_file_in_another_rdf_format_is_read_through_the_guarded_door(tmp_path):
    extra = tmp_path / "extra.jsonld"
    extra.write_text(json.dumps({"@id": EX + "a", EX + "b": {"@id": EX + "c"}}), encoding="utf-8")
    graph = load_graph([extra])
    assert (URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "c")) in graph


def test_an_extra_json_ld_file_with_a_remote_context_is_refused(tmp_path):
    extra = tmp_path / "extra.jsonld"
    extra.write_text(json.dumps({"@context": "http://127.0.0.1:9/ctx", "@id": EX + "a"}), encoding="utf-8")
    with pytest.raises(UserInputError, match="context"):
        load_graph([extra])


def test_a_syntax_error_in_an_extra_file_gives_its_line(tmp_path):
    extra = tmp_path / "broken.ttl"
    extra.write_text(f'@prefix ex: <{EX}> .\n\nex:a ex:b "unterminated .\n', encoding="utf-8")
    with pytest.raises(UserInputError) as error:
        load_graph([extra])
    assert (error.value.file, error.value.line) == (str(extra), 3)
    assert error.value.one_line().startswith(f"{extra}:3:")
    assert "syntax error" in error.value.one_line().lower()


def test_unknown_reasoning_and_store_are_user_errors():
    with pytest.raises(UserInputError, match="owl-rl"):
        load_graph(reasoning="owl")
    with pytest.raises(UserInputError, match="unknown store 'oxigraph'"):
        load_graph(store="oxigraph")


def test_the_store_is_chosen_in_one_place(monkeypatch):
    made = []

    class Recorded(Graph):
        pass

    def factory() -> Graph:
        made.append(Recorded())
        return made[-1]

    monkeypatch.setitem(graph_module.STORES, "recorded", factory)
    graph = load_graph(store="recorded")
    assert isinstance(graph, Recorded) and graph is made[-1]
    assert (NJ.Visit, RDFS.subClassOf, NJ.Event) in graph


def test_user_files_go_through_the_one_door(monkeypatch):
    seen = []
    real = graph_module.parse_user_file

    def spy(path, graph):
        seen.append(Path(path))
        return real(path, graph)

    monkeypatch.setattr(graph_module, "parse_user_file", spy)
    load_graph([FIXTURES / "data.ttl"])
    assert seen == [FIXTURES / "data.ttl"]


def test_root_points_the_loader_at_another_project(tmp_path):
    (tmp_path / "ontology").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(SHIPPED.ontology_file, tmp_path / "ontology" / "nj.ttl")
    shutil.copy(FIXTURES / "data.ttl", tmp_path / "data" / "only.ttl")
    graph = load_graph(root=tmp_path)
    expected = Graph().parse(SHIPPED.ontology_file) + Graph().parse(FIXTURES / "data.ttl")
    assert len(graph) == len(expected)
    assert graph_module.data_files(tmp_path) == [tmp_path / "data" / "only.ttl"]
