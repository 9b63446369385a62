"""The one place queries are checked: prefixes predeclared, errors placed in the user's text,
anything that could fetch a URL or change data refused, values bound without touching the text.
Answers are checked on the reference store (rdflib) and the default one (pyoxigraph) alike."""

from __future__ import annotations

import pyoxigraph
import pytest
from pyoxigraph import Literal
from rdflib import Graph, URIRef
from rdflib import Literal as RdflibLiteral
from rdflib.namespace import RDF, RDFS

from nj_graph.core.errors import QuerySyntaxError, UserInputError
from nj_graph.core.namespaces import NJ, PREFIXES
from nj_graph.query import sparql
from nj_graph.query.results import to_python
from nj_graph.store.memory import MemoryStore
from nj_graph.store.oxigraph import OxigraphStore
from nj_graph.store.rdflib_terms import to_oxigraph

EX = "http://example.org/nj-test/"


def graph_of(*triples) -> Graph:
    g = Graph()
    for triple in triples:
        g.add(triple)
    return g


def in_store(kind: str, g: Graph):
    if kind == "memory":
        return MemoryStore(g)
    store = pyoxigraph.Store()
    store.extend(pyoxigraph.Quad(*(to_oxigraph(t) for t in triple)) for triple in g)
    return OxigraphStore(store)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request):
    return in_store(request.param, graph_of(
        (URIRef(EX + "a"), RDFS.label, RdflibLiteral("A", lang="en")),
        (URIRef(EX + "b"), RDFS.label, RdflibLiteral("B", lang="en")),
        (NJ.Visit, RDFS.subClassOf, NJ.Event)))


def rows(answer) -> list[dict]:
    return [{name: to_python(term) for name, term in zip(answer.variables, row)} for row in answer.bindings]


def checked(text: str, file: str | None = None) -> sparql.Query:
    query = sparql.parse(text, file=file)
    sparql.check_syntax(query)
    return query


def test_every_project_prefix_is_predeclared():
    for prefix in PREFIXES:
        checked(f"ASK {{ ?s a {prefix}:x }}")


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_users_own_prefix_declaration_wins(kind):
    query = checked("PREFIX nj: <http://example.org/other#>\nSELECT ?s WHERE { ?s a nj:Visit }")
    g = graph_of((URIRef(EX + "s"), RDF.type, URIRef("http://example.org/other#Visit")))
    assert rows(sparql.execute(in_store(kind, g), query)) == [{"s": URIRef(EX + "s")}]


@pytest.mark.parametrize(("text", "line", "column"), [
    ("SELECT ?s WHERE {\n  ?s a nj:Event\n  FILTER( }", 3, 11),  # at the brace that leaves '(' open
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
        checked(text, file="<query>")
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


def test_refusal_happens_before_evaluation(monkeypatch):
    monkeypatch.setattr(Graph, "query", lambda *a, **k: pytest.fail("a refused query reached rdflib"))
    monkeypatch.setattr(pyoxigraph.Store, "query", lambda *a, **k: pytest.fail("a refused query reached pyoxigraph"))
    with pytest.raises(QuerySyntaxError):
        sparql.parse("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_variables_are_found_everywhere():
    query = sparql.parse("""SELECT ?s (COUNT(?o) AS ?n) WHERE {
        ?s ?p ?o OPTIONAL { ?o rdfs:label ?label } FILTER(?p != ?skip) BIND(?x AS ?y)
        { SELECT ?inner WHERE { ?inner a ?kind } } VALUES ?v { 1 }
    } GROUP BY ?s""")
    assert {"s", "o", "p", "n", "label", "skip", "x", "y", "inner", "kind", "v"} <= query.shape.variables


def test_bindings_select_and_leave_the_query_unchanged(store):
    query = checked("SELECT ?s ?name WHERE { ?s rdfs:label ?name }")
    before = query.text
    answer = sparql.execute(store, query, {"name": Literal("A", language="en")})
    assert rows(answer) == [{"s": URIRef(EX + "a"), "name": "A"}]
    assert query.text == before
    assert len(sparql.execute(store, query).bindings) == 2  # the next run sees no leftover binding


def test_a_binding_reaches_filters(store):
    # ?wanted is not projected: pyoxigraph cannot substitute it, so it goes in a VALUES block
    query = checked("SELECT ?s WHERE { ?s rdfs:label ?l FILTER(STR(?l) = ?wanted) }")
    assert rows(sparql.execute(store, query, {"wanted": Literal("B")})) == [{"s": URIRef(EX + "b")}]


def test_an_ask_query_takes_bindings(store):
    query = checked("ASK { ?s rdfs:label ?l FILTER(STR(?l) = ?wanted) }")
    assert sparql.execute(store, query, {"wanted": Literal("B")}).boolean is True
    assert sparql.execute(store, query, {"wanted": Literal("C")}).boolean is False


def test_kinds_of_answer(store):
    assert sparql.execute(store, checked("ASK { nj:Visit rdfs:subClassOf nj:Event }")).boolean is True
    constructed = sparql.execute(store, checked("CONSTRUCT { ?s a nj:Labelled } WHERE { ?s rdfs:label ?l }"))
    assert constructed.kind == "CONSTRUCT" and len(constructed.triples) == 2
    described = sparql.execute(store, checked(f"DESCRIBE <{EX}a>"))
    assert described.kind == "DESCRIBE" and len(described.triples) == 1


def test_an_evaluation_error_is_the_users(monkeypatch):
    def broken(*args, **kwargs):
        raise Exception("Unknown function <http://example.org/f>")

    monkeypatch.setattr(Graph, "query", broken)
    with pytest.raises(UserInputError, match="could not be evaluated: Unknown function"):
        sparql.execute(MemoryStore(Graph()), checked("SELECT * WHERE { ?s ?p ?o }"))


def test_a_query_pyoxigraph_cannot_run_is_the_users():
    with pytest.raises(UserInputError, match="could not be evaluated: The custom function"):
        checked("SELECT ?x WHERE { BIND(<http://example.org/unknown-function>(1) AS ?x) }")
