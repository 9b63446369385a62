"""The one place queries are parsed: prefixes predeclared, errors placed in the user's text,
anything that could fetch a URL or change data refused, values bound without touching the text."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from nj_graph.query import sparql
from nj_graph.core.errors import QuerySyntaxError, UserInputError
from nj_graph.core.namespaces import NJ, PREFIXES

EX = "http://example.org/nj-test/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.add((URIRef(EX + "a"), RDFS.label, Literal("A", lang="en")))
    g.add((URIRef(EX + "b"), RDFS.label, Literal("B", lang="en")))
    g.add((NJ.Visit, RDFS.subClassOf, NJ.Event))
    return g


def test_every_project_prefix_is_predeclared():
    for prefix in PREFIXES:
        sparql.parse(f"ASK {{ ?s a {prefix}:x }}")


def test_a_users_own_prefix_declaration_wins():
    query = sparql.parse("PREFIX nj: <http://example.org/other#>\nSELECT ?s WHERE { ?s a nj:Visit }")
    answer = sparql.execute(Graph().add((URIRef(EX + "s"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                         URIRef("http://example.org/other#Visit"))), query)
    assert answer.rows() == [{"s": URIRef(EX + "s")}]


@pytest.mark.parametrize(("text", "line", "column"), [
    ("SELECT ?s WHERE {\n  ?s a nj:Event\n  FILTER( }", 3, 3),
    ("SELECT ?s WHERE { ?s a nj:Event . ?s ?p }", 1, 35),
    ("\n\n\nSELEC ?s WHERE { ?s ?p ?o }", 4, 1),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT ten", 1, 30),
    # the parser sees tabs expanded and \\u escapes decoded; the position is still the user's
    ("SELECT ?s WHERE {\n\t\t?s ?p }", 2, 3),
    ('SELECT ?s WHERE { ?s rdfs:label "\\u00e9\\U0001F600" . ?s ?p }', 1, 54),
    ("ASK {\n  ?s ?p \"\\UFFFFFFFF\" }", 2, 10),
])
def test_a_syntax_error_is_placed_in_the_users_text(text, line, column):
    with pytest.raises(QuerySyntaxError) as error:
        sparql.parse(text, file="<query>")
    assert (error.value.line, error.value.column) == (line, column)
    assert error.value.one_line().startswith(f"<query>:{line}:{column}: SPARQL syntax error")
    assert "\n" not in error.value.one_line()


def test_an_unknown_prefix_is_placed_and_the_known_ones_listed():
    with pytest.raises(QuerySyntaxError) as error:
        sparql.parse("SELECT ?s WHERE {\n  ?s a nj:Event ;\n     foo:bar ?x }")
    assert (error.value.line, error.value.column) == (3, 6)
    assert "unknown prefix foo:" in error.value.message and "njr:" in error.value.message


@pytest.mark.parametrize(("text", "says"), [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?r } } }",
     "SERVICE is not allowed"),
    ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }", "SERVICE is not allowed"),
    ("ASK { FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }", "SERVICE is not allowed"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM and FROM NAMED are not allowed"),
    ("SELECT * FROM NAMED <http://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM and FROM NAMED"),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://example.org/x> WHERE { ?s ?p ?o }", "FROM and FROM NAMED"),
    ("SELECT * WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }", "GRAPH is not supported"),
    ("LOAD <http://example.org/data.ttl>", "updates (INSERT, DELETE, LOAD, CLEAR, ...) are not allowed"),
    ("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", "updates"),
    ("DELETE WHERE { ?s ?p ?o }", "updates"),
    ("CLEAR DEFAULT", "updates"),
    ("DROP ALL", "updates"),
])
def test_anything_that_could_fetch_or_change_is_refused(text, says):
    with pytest.raises(QuerySyntaxError) as error:
        sparql.parse(text)
    assert says in error.value.message


def test_refusal_happens_before_evaluation(graph, monkeypatch):
    monkeypatch.setattr(Graph, "query", lambda *a, **k: pytest.fail("a refused query reached the engine"))
    with pytest.raises(QuerySyntaxError):
        sparql.parse("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_variables_are_found_everywhere():
    query = sparql.parse("""SELECT ?s (COUNT(?o) AS ?n) WHERE {
        ?s ?p ?o OPTIONAL { ?o rdfs:label ?label } FILTER(?p != ?skip) BIND(?x AS ?y)
        { SELECT ?inner WHERE { ?inner a ?kind } } VALUES ?v { 1 }
    } GROUP BY ?s""")
    assert {"s", "o", "p", "n", "label", "skip", "x", "y", "inner", "kind", "v"} <= sparql.variables(query)


def test_bindings_select_and_leave_the_query_unchanged(graph):
    query = sparql.parse("SELECT ?s WHERE { ?s rdfs:label ?name }")
    before = repr(query.algebra)
    answer = sparql.execute(graph, query, {"name": Literal("A", lang="en")})
    assert answer.rows() == [{"s": URIRef(EX + "a")}]
    assert repr(query.algebra) == before
    assert len(sparql.execute(graph, query).rows()) == 2  # the next run sees no leftover binding


def test_a_binding_reaches_filters(graph):
    query = sparql.parse("SELECT ?s WHERE { ?s rdfs:label ?l FILTER(STR(?l) = ?wanted) }")
    assert sparql.execute(graph, query, {"wanted": Literal("B")}).rows() == [{"s": URIRef(EX + "b")}]


def test_kinds_of_answer(graph):
    assert sparql.execute(graph, sparql.parse("ASK { nj:Visit rdfs:subClassOf nj:Event }")).boolean is True
    constructed = sparql.execute(graph, sparql.parse("CONSTRUCT { ?s a nj:Labelled } WHERE { ?s rdfs:label ?l }"))
    assert constructed.kind == "CONSTRUCT" and len(constructed.graph) == 2
    described = sparql.execute(graph, sparql.parse(f"DESCRIBE <{EX}a>"))
    assert described.kind == "DESCRIBE" and len(described.graph) == 1


def test_an_evaluation_error_is_the_users(graph, monkeypatch):
    def broken(*args, **kwargs):
        raise Exception("Unknown function <http://example.org/f>")

    monkeypatch.setattr(Graph, "query", broken)
    with pytest.raises(UserInputError, match="could not be evaluated: Unknown function"):
        sparql.execute(graph, sparql.parse("SELECT * WHERE { ?s ?p ?o }"))
