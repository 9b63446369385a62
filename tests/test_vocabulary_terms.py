"""The term lists of reused vocabularies (ontology/vocabularies/) and their generator (tools/vocabulary_terms.py).

The lists let the validator tell a misspelt schema:, prov:, time:... term from a real one. These
tests check that every list parses, names where it came from, is exactly what the generator
writes, and defines every reused term the project's own files use.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from nj_graph.core.shipped import SHIPPED
from nj_graph.core.namespaces import NJR, PREFIXES, PROJECT_NAMESPACES
from tools import vocabulary_terms
from tools.vocabulary_terms import LISTS_DIR, TermList, build_list, parse_list, read_lists, render

FIXTURES = Path(__file__).parent / "fixtures" / "vocabulary"
REUSED_PREFIXES = sorted(p for p, iri in PREFIXES.items() if iri not in (*PROJECT_NAMESPACES, str(NJR)))
PROJECT_FILES = [SHIPPED.ontology_file, SHIPPED.shapes_file, *SHIPPED.data_files()]


@pytest.fixture(scope="module")
def lists() -> dict[str, TermList]:
    return read_lists()


def undefined_terms(graph: Graph, lists: dict[str, TermList]) -> list[str]:
    """Reused-vocabulary IRIs in graph (any position, and literal datatypes) that no list defines."""
    namespaces = {term_list.namespace: term_list for term_list in lists.values()}
    iris = {str(node) for triple in graph for node in triple if isinstance(node, URIRef)}
    iris |= {str(node.datatype) for triple in graph for node in triple
             if isinstance(node, Literal) and node.datatype is not None}
    problems = []
    for iri in sorted(iris):
        namespace = max((ns for ns in namespaces if iri.startswith(ns)), key=len, default=None)
        if namespace is None:
            continue
        local, term_list = iri[len(namespace):], namespaces[namespace]
        if local and local not in term_list.terms:  # the bare namespace names the vocabulary
            close = difflib.get_close_matches(local, list(term_list.terms), n=1, cutoff=0.75)
            hint = f" (did you mean {term_list.header['prefix']}:{close[0]}?)" if close else ""
            problems.append(f"{term_list.header['prefix']}:{local}{hint}")
    return sorted(problems)


# ---------------------------------------------------------------------------
# The shipped lists
# ---------------------------------------------------------------------------

def test_every_reused_prefix_has_a_list(lists):
    assert sorted(lists) == REUSED_PREFIXES


def test_each_list_is_named_after_its_prefix_and_uses_the_project_namespace(lists):
    for path in sorted(LISTS_DIR.glob("*.txt")):
        term_list = vocabulary_terms.read_list(path)
        assert path.stem == term_list.header["prefix"]
        assert term_list.namespace == PREFIXES[path.stem], path


@pytest.mark.parametrize("prefix", REUSED_PREFIXES)
def test_each_list_names_its_source(lists, prefix):
    header = lists[prefix].header
    assert re.fullmatch(r"\S+@\S+:\S+", header["source"].removeprefix("npm ")), header["source"]
    assert re.fullmatch(r"https?://\S+", header["published"]), header
    assert re.fullmatch(r"[0-9a-f]{64}", header["sha256"]), header
    assert header.get("title") and header.get("version"), header


def test_the_readme_names_every_source_and_published_file(lists):
    readme = (LISTS_DIR / "README.md").read_text(encoding="utf-8")
    for prefix, term_list in lists.items():
        assert f"`{prefix}.txt`" in readme, prefix
        assert term_list.header["published"] in readme, prefix
        repository_or_package = re.match(r"(?:npm )?(@?[^@]+)@", term_list.header["source"]).group(1)
        assert repository_or_package in readme, (prefix, repository_or_package)


@pytest.mark.parametrize("prefix", REUSED_PREFIXES)
def test_each_list_is_in_the_form_the_generator_writes(lists, prefix):
    # A hand edit (a term added, a line out of order, counts not updated) shows here.
    path = LISTS_DIR / f"{prefix}.txt"
    assert render(lists[prefix]) == path.read_text(encoding="utf-8")


def test_schema_org_list_is_whole():
    # schema.org is the big one: its release has some 3,000 terms, and every one is listed.
    counts = read_lists()["schema"].counts()
    assert counts["class"] > 900 and counts["property"] > 1500 and counts["individual"] > 500


@pytest.mark.parametrize("path", PROJECT_FILES, ids=SHIPPED.relative)
def test_every_reused_term_in_the_project_files_is_defined(lists, path):
    graph = Graph().parse(path, format="turtle")
    assert undefined_terms(graph, lists) == []


def test_a_misspelt_reused_term_is_caught_with_a_suggestion(lists):
    graph = Graph().parse(format="turtle", data="""
        @prefix schema: <https://schema.org/> .  @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <http://example.org/e> a schema:Evnet ; prov:wasDerivedFrom <http://www.w3.org/ns/prov#> ;
            schema:startDate "2007"^^xsd:gyear .
    """)
    assert undefined_terms(graph, lists) == [
        "schema:Evnet (did you mean schema:Event?)",
        "xsd:gyear (did you mean xsd:gYear?)",
    ]


def test_kinds_are_read_from_the_vocabulary(lists):
    assert lists["schema"].terms["Event"] == {"class"}
    assert lists["schema"].terms["location"] == {"property"}
    assert lists["schema"].terms["True"] == {"individual"}
    assert lists["xsd"].terms["gYear"] == {"datatype"}
    assert lists["rdf"].terms["nil"] == {"individual"}
    assert lists["time"].terms["Monday"] == {"individual"}
    assert lists["prov"].terms["wasDerivedFrom"] == {"property"}


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------

def _tiny_list() -> TermList:
    return build_list(FIXTURES / "tiny.ttl", "ex", namespace="http://example.org/tiny#",
                      source="tests/fixtures/vocabulary/tiny.ttl", published="http://example.org/tiny")


def test_regenerating_the_fixture_gives_the_expected_list():
    assert render(_tiny_list()) == (FIXTURES / "tiny.txt").read_text(encoding="utf-8")


def test_the_command_writes_the_list_and_keeps_the_published_url_on_a_refresh(tmp_path, capsys):
    output = tmp_path / "ex.txt"
    common = [str(FIXTURES / "tiny.ttl"), "ex", "--namespace", "http://example.org/tiny#",
              "--source", "tests/fixtures/vocabulary/tiny.ttl", "--output", str(output)]
    assert vocabulary_terms.main([*common, "--published", "http://example.org/tiny"]) == 0
    assert output.read_text(encoding="utf-8") == (FIXTURES / "tiny.txt").read_text(encoding="utf-8")
    assert vocabulary_terms.main(common) == 0  # no --published: the list being replaced has it
    assert vocabulary_terms.read_list(output).header["published"] == "http://example.org/tiny"
    assert "class 6, property 4, datatype 1, individual 1" in capsys.readouterr().out


def test_the_command_refuses_a_file_without_terms_in_the_namespace(tmp_path, capsys):
    output = tmp_path / "ex.txt"
    status = vocabulary_terms.main([str(FIXTURES / "tiny.ttl"), "ex", "--namespace", "http://example.org/nothing#",
                                    "--source", "x@y:z", "--published", "http://example.org/",
                                    "--output", str(output)])
    assert status == 2
    assert "no term in http://example.org/nothing#" in capsys.readouterr().err
    assert not output.exists()


@pytest.mark.parametrize("bad_line", ["class Thing", "colour\tred", "class\t", "class\ttwo words"])
def test_a_malformed_line_does_not_parse(bad_line):
    header = "# prefix: ex\n# namespace: http://example.org/tiny#\n# source: x@y:z\n"
    with pytest.raises(ValueError, match="expected 'kind<TAB>name'"):
        parse_list(header + bad_line + "\n")


def test_a_list_without_its_source_does_not_parse():
    with pytest.raises(ValueError, match="header lacks source"):
        parse_list("# prefix: ex\n# namespace: http://example.org/tiny#\nclass\tThing\n")


def test_the_command_reports_a_file_that_does_not_parse(tmp_path, capsys):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/tiny#> .\nex:a ex:b .\n", encoding="utf-8")
    status = vocabulary_terms.main([str(broken), "ex", "--namespace", "http://example.org/tiny#",
                                    "--source", "x@y:z", "--published", "http://example.org/",
                                    "--output", str(tmp_path / "ex.txt")])
    assert status == 2
    assert "not readable as turtle" in capsys.readouterr().err
