"""Answer formats: each follows its standard, round-trips its terms, and the table shows labels."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from nj_graph.query import sparql
from nj_graph.core.errors import UserInputError
from nj_graph.query.results import GRAPH_FORMATS, ROW_FORMATS, Answer, curie, ntriples_term, render, to_python

NJR = "https://w3id.org/nj-graph/id/"
JAPAN = URIRef(NJR + "japan")
OTHER = URIRef("http://example.org/x")
TRICKY = Literal('a "quoted"\ttab,\nnewline | pipe \\ backslash', lang="en")
ROW_TERMS = [
    (JAPAN, Literal("Japan", lang="en"), Literal(52000000.5, datatype=XSD.decimal)),
    (OTHER, TRICKY, None),
    (BNode("b0"), Literal(7), Literal("2013-04-12", datatype=XSD.date)),
]


@pytest.fixture
def answer() -> Answer:
    return Answer("SELECT", ["thing", "text", "value"], list(ROW_TERMS))


@pytest.fixture
def labels() -> Graph:
    g = Graph()
    g.add((JAPAN, RDFS.label, Literal("Japon", lang="fr")))
    g.add((JAPAN, RDFS.label, Literal("Japan", lang="en")))
    return g


def test_csv_follows_sparql_csv(answer):
    rows = list(csv.reader(io.StringIO(render(answer, "csv"), newline="")))
    assert rows[0] == ["thing", "text", "value"]
    assert rows[1] == [str(JAPAN), "Japan", "52000000.5"]
    assert rows[2] == [str(OTHER), str(TRICKY), ""]
    assert rows[3] == ["_:b0", "7", "2013-04-12"]


def test_tsv_follows_sparql_tsv(answer):
    lines = render(answer, "tsv").split("\n")
    assert lines[0] == "?thing\t?text\t?value"
    assert lines[1] == f'<{JAPAN}>\t"Japan"@en\t52000000.5'
    assert lines[2] == f'<{OTHER}>\t"a \\"quoted\\"\\ttab,\\nnewline | pipe \\\\ backslash"@en\t'
    assert lines[3] == f'_:b0\t7\t"2013-04-12"^^<{XSD.date}>'
    assert lines[4:] == [""]


def test_tsv_terms_parse_back_as_ntriples():
    for term in (JAPAN, TRICKY, Literal("52000000", datatype=XSD.decimal), Literal("x"), Literal(True)):
        text = f"<http://s> <http://p> {ntriples_term(term)} ."
        assert next(iter(Graph().parse(data=text, format="turtle")))[2] == term


def test_json_follows_sparql_json(answer):
    document = json.loads(render(answer, "json"))
    assert document["head"] == {"vars": ["thing", "text", "value"]}
    first, second, third = document["results"]["bindings"]
    assert first["thing"] == {"type": "uri", "value": str(JAPAN)}
    assert first["text"] == {"type": "literal", "value": "Japan", "xml:lang": "en"}
    assert first["value"] == {"type": "literal", "value": "52000000.5", "datatype": str(XSD.decimal)}
    assert second["text"]["value"] == str(TRICKY) and "value" not in second  # unbound: absent
    assert third["thing"] == {"type": "bnode", "value": "b0"}


def test_xml_follows_sparql_xml(answer):
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(render(answer, "xml").encode())
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["thing", "text", "value"]
    results = root.findall("r:results/r:result", ns)
    assert results[0].find("r:binding[@name='thing']/r:uri", ns).text == str(JAPAN)
    text = results[1].find("r:binding[@name='text']/r:literal", ns)
    assert text.text == str(TRICKY) and text.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert results[1].find("r:binding[@name='value']", ns) is None
    value = results[2].find("r:binding[@name='value']/r:literal", ns)
    assert value.get("datatype") == str(XSD.date)
    assert results[2].find("r:binding[@name='thing']/r:bnode", ns).text == "b0"


def test_the_table_aligns_columns_and_puts_labels_beside_iris(answer, labels):
    lines = render(answer, "table", labels=labels).splitlines()
    assert lines[0].split() == ["thing", "text", "value"]
    assert lines[2].startswith("njr:japan (Japan)  ")  # English label preferred
    assert lines[3].startswith("<http://example.org/x>  ")
    assert lines[-1] == "(3 rows)"
    column = lines[0].index("text")
    assert all(line[column - 2:column] == "  " for line in lines[2:5])
    assert lines[2][column:].startswith("Japan") and lines[4][column:].startswith("7")
    assert "\n" not in lines[3] and "\t" not in lines[3]  # one row per line


def test_the_table_aligns_wide_characters():
    answer = Answer("SELECT", ["name", "n"], [(Literal("日本"), Literal(1)), (Literal("Japan"), Literal(2))])
    lines = render(answer, "table").splitlines()
    assert lines[2] == "日本   1" and lines[3] == "Japan  2"


def test_markdown_escapes_pipes_and_shows_curies_as_code(answer, labels):
    lines = render(answer, "markdown", labels=labels).splitlines()
    assert lines[0] == "| thing | text | value |" and lines[1] == "|---|---|---|"
    assert lines[2] == "| `njr:japan` (Japan) | Japan | 52000000.5 |"
    assert "\\| pipe" in lines[3] and lines[3].count(" | ") == 2
    assert len(lines) == 5


@pytest.mark.parametrize(("fmt", "expected"), [
    ("table", "yes\n"), ("csv", "ask\r\ntrue\r\n"), ("tsv", "?ask\ntrue\n"),
    ("markdown", "| ask |\n|---|\n| true |\n"),
])
def test_ask_answers(fmt, expected):
    assert render(Answer("ASK", boolean=True), fmt) == expected


def test_ask_in_json_and_xml():
    assert json.loads(render(Answer("ASK", boolean=False), "json")) == {"head": {}, "boolean": False}
    root = ElementTree.fromstring(render(Answer("ASK", boolean=True), "xml").encode())
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


@pytest.fixture
def constructed() -> Answer:
    g = Graph()
    g.add((JAPAN, RDFS.label, TRICKY))
    g.add((JAPAN, RDFS.seeAlso, BNode()))
    return sparql.execute(g, sparql.parse("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"), ("json-ld", "json-ld")])
def test_graph_formats_parse_back(constructed, fmt, parser):
    text = render(constructed, fmt)
    assert isomorphic(Graph().parse(data=text, format=parser), constructed.graph)


def test_turtle_uses_the_project_prefixes(constructed):
    assert "njr:japan" in render(constructed, "turtle")


def test_graph_is_the_default_for_graphs_and_table_for_rows(constructed, answer):
    assert render(constructed).startswith("@prefix")
    assert render(answer).endswith("(3 rows)\n")


@pytest.mark.parametrize("fmt", ROW_FORMATS)
def test_row_formats_do_not_fit_graphs(constructed, fmt):
    with pytest.raises(UserInputError, match="gives a graph"):
        render(constructed, fmt)


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_graph_formats_do_not_fit_rows(answer, fmt):
    with pytest.raises(UserInputError, match="gives rows"):
        render(answer, fmt)


def test_an_unknown_format_is_refused(answer):
    with pytest.raises(UserInputError, match="unknown format 'yaml'"):
        render(answer, "yaml")


def test_rows_are_python_values(answer):
    rows = answer.rows()
    assert rows[0] == {"thing": JAPAN, "text": "Japan", "value": Decimal("52000000.5")}
    assert isinstance(rows[0]["thing"], URIRef) and str(rows[0]["thing"]) == str(JAPAN)
    assert type(rows[0]["text"]) is str
    assert rows[1]["value"] is None
    assert rows[2]["value"] == datetime.date(2013, 4, 12) and rows[2]["text"] == 7


def test_python_values_of_partial_dates_stay_text():
    assert to_python(Literal("2013-04", datatype=XSD.gYearMonth)) == "2013-04"
    assert to_python(Literal(True)) is True


def test_curie_picks_the_longest_namespace():
    assert curie(URIRef("https://w3id.org/nj-graph/ns#Visit")) == "nj:Visit"
    assert curie(URIRef("https://w3id.org/nj-graph/id/place/tokyo")) == "njr:place/tokyo"
