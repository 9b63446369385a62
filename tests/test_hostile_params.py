"""Hostile parameter values cannot change a stored query.

A value reaches a query only as one RDF term bound to one variable: rdflib's initBindings,
pyoxigraph's substitution, or a VALUES block whose terms pyoxigraph writes in N-Triples syntax
(how a remote endpoint gets them). Each route is tried here. A hostile value bound as a string is
a single literal: it matches a label that is exactly that text and nothing else, and the stored
query's text is the same before and after. As an IRI it is refused outright (it contains
characters no IRI may contain).

The fixture query is tests/fixtures/queries/hostile.rq:
    SELECT ?thing ?name WHERE { ?thing rdfs:label ?name } ORDER BY ?thing ?name
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.sparql import prepareQuery

from nj_graph.cli import main
from nj_graph.query import catalogue, sparql
from nj_graph.query.binding import with_values
from nj_graph.query.rdflib_sparql import _walk
from nj_graph.query.results import to_python
from nj_graph.store.memory import MemoryStore
from nj_graph.store.oxigraph import OxigraphStore
from nj_graph.store.rdflib_terms import to_oxigraph
from nj_graph.core.errors import ParameterError
from nj_graph.core.status import ExitStatus

QUERIES = Path(__file__).parent / "fixtures" / "queries"
EX = "http://example.org/nj-test/"

HOSTILE = [
    '"',
    "'",
    '">',
    "> } ",
    "}",
    "\n",
    "a\nb\r\nc",
    "\\u0022",  # the six characters backslash-u-0-0-2-2: rdflib expands this to " before parsing text
    '\\u0022 } UNION { ?thing ?p ?name } #',
    'line one\nline two \\"',  # multi-line, ending in backslash-quote: Literal.n3() mis-escapes it
    '" } ; DROP ALL ; SELECT * { "',
    '"""',
    "'''",
    "<http://x> } UNION { ?s ?p ?o",
    '") } UNION { ?thing ?p ?name } #',
    "?thing",
    "# comment",
    "\x00",
]

# Labels in the graph: one innocuous, one equal to each hostile value (so a match is possible).
INNOCUOUS = "Tokyo visit"


def labelled(*values: str) -> Graph:
    g = Graph()
    g.add((URIRef(EX + "innocuous"), RDFS.label, Literal(INNOCUOUS)))
    for n, value in enumerate(values):
        g.add((URIRef(f"{EX}hostile-{n}"), RDFS.label, Literal(value)))
    return g


def oxigraph(graph: Graph) -> OxigraphStore:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.extend(pyoxigraph.Quad(*(to_oxigraph(t) for t in triple)) for triple in graph)
    return OxigraphStore(store)


class ValuesBlock(OxigraphStore):
    """Oxigraph given the bindings as a VALUES block in the text, as a remote endpoint gets them."""

    def query(self, text, *, form, bindings=None, shape=None):
        return super().query(with_values(text, shape.where_open, bindings or {}), form=form, shape=shape)


ROUTES = {
    "rdflib initBindings": MemoryStore,
    "pyoxigraph substitution": oxigraph,
    "VALUES block": lambda graph: ValuesBlock(oxigraph(graph).store),
}


@pytest.fixture(scope="module", params=list(ROUTES))
def store(request):
    return ROUTES[request.param](labelled(*HOSTILE))


@pytest.fixture(scope="module", params=list(ROUTES))
def innocuous_store(request):
    return ROUTES[request.param](labelled())


@pytest.fixture(scope="module")
def stored():
    return catalogue.get_query("hostile", QUERIES)


def run(store, stored, **params):
    answer = sparql.execute(store, stored.query, stored.bind(params))
    return [{name: to_python(term) for name, term in zip(answer.variables, row)} for row in answer.bindings]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_a_hostile_string_is_one_literal_matching_only_itself(store, stored, value):
    before = stored.query.text
    rows = run(store, stored, name=value)
    n = HOSTILE.index(value)
    assert rows == [{"thing": URIRef(f"{EX}hostile-{n}"), "name": value}]
    assert stored.query.text == before


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_a_hostile_string_gives_no_more_rows_than_an_innocuous_one(innocuous_store, stored, value):
    hostile_rows = run(innocuous_store, stored, name=value)
    innocuous_rows = run(innocuous_store, stored, name="no such label")
    assert hostile_rows == innocuous_rows == []


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_a_hostile_iri_is_refused(stored, value):
    with pytest.raises(ParameterError) as error:
        stored.bind({"thing": value})
    assert error.value.message.startswith("parameter 'thing': ")


@pytest.mark.parametrize("value", ["njr:x>", "http://example.org/a> } UNION { ?s ?p ?o",
                                   "http://example.org/a\n", "njr:a\\u003E"], ids=repr)
def test_iri_lookalikes_are_refused(stored, value):
    with pytest.raises(ParameterError):
        stored.bind({"thing": value})


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_the_command_line_refuses_or_binds_without_a_traceback(value, capsys, tmp_path):
    data = tmp_path / "hostile.ttl"
    data.write_text(f'<{EX}h> <{RDFS.label}> "{INNOCUOUS}" .\n', encoding="utf-8")
    status = main(["query", "hostile", "--queries-dir", str(QUERIES), "--data", str(data),
                   "--param", f"name={value}", "-f", "tsv"])
    out, err = capsys.readouterr()
    assert status == ExitStatus.OK and err == ""
    assert out == "?thing\t?name\n"  # a header and no rows: the value matched no label
    status = main(["query", "hostile", "--queries-dir", str(QUERIES), "--param", f"thing={value}"])
    out, err = capsys.readouterr()
    assert status == ExitStatus.BAD_INPUT and out == ""
    assert len(err.strip().splitlines()) == 1 and "parameter 'thing'" in err and "Traceback" not in err


def test_pasting_literal_n3_is_not_safe():
    """Why values are bound and never pasted: rdflib's `Literal.n3()` is no escaper for SPARQL.

    For a multi-line value ending in backslash-quote, rdflib 7 writes a triple-quoted string that
    closes one quote early, leaving a stray quote that swallows the rest of the query. (If a later
    rdflib fixes this, the test may go: the rule to bind values stays.)
    """
    value = 'line one\nline two \\"'
    pasted = 'SELECT ?thing WHERE { ?thing rdfs:label %s }' % Literal(value).n3()
    try:
        query = prepareQuery(pasted, initNs={"rdfs": str(RDFS)})
    except ParseException:
        return  # the pasted query does not even parse
    literals = [n for n in _walk(query.algebra) if isinstance(n, Literal)]
    assert literals != [Literal(value)], "pasting gave the intended query after all"
