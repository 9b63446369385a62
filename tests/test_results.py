"""Answer formats: each follows its standard, round-trips its terms, and the table is for people.

Answers are `nj_graph.query.answer.Answer`s of pyoxigraph terms, as every store gives them.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rich.cells import cell_len

from nj_graph.core.errors import UserInputError
from nj_graph.core.prefixes import PREFIXES, curie
from nj_graph.query.answer import Answer
from nj_graph.query.results import (GRAPH_FORMATS, ROW_FORMATS, ntriples_term, render, terminal_options,
                                    to_python)

ROOT = Path(__file__).resolve().parent.parent
NJR = PREFIXES["njr"]
XSD = PREFIXES["xsd"]
RDFS_LABEL = NamedNode(PREFIXES["rdfs"] + "label")
JAPAN = NamedNode(NJR + "japan")
TOKYO = NamedNode(NJR + "place/tokyo")
OTHER = NamedNode("http://example.org/x")
TRICKY = Literal('a "quoted"\ttab,\nnewline | pipe \\ backslash', language="en")


def typed(lexical: str, datatype: str) -> Literal:
    return Literal(lexical, datatype=NamedNode(XSD + datatype))


ROW_TERMS = [
    (JAPAN, Literal("Japan", language="en"), typed("52000000.5", "decimal")),
    (OTHER, TRICKY, None),
    (BlankNode("b0"), typed("7", "integer"), typed("2013-04-12", "date")),
]


@pytest.fixture
def answer() -> Answer:
    return Answer("SELECT", ["thing", "text", "value"], list(ROW_TERMS))


class Labels:
    """A store's label lookup that remembers how it was called."""

    def __init__(self, found: dict[str, str]) -> None:
        self.found = found
        self.calls: list[list[str]] = []

    def __call__(self, iris: list[str]) -> dict[str, str]:
        self.calls.append(list(iris))
        return {iri: self.found[iri] for iri in iris if iri in self.found}


@pytest.fixture
def labels() -> Labels:
    return Labels({JAPAN.value: "Japan (the State)"})


# --- the SPARQL 1.1 results formats -----------------------------------------------------------

def test_csv_follows_sparql_csv(answer):
    text = render(answer, "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["thing", "text", "value"]
    assert rows[1] == [JAPAN.value, "Japan", "52000000.5"]
    assert rows[2] == [OTHER.value, TRICKY.value, ""]
    assert rows[3] == ["_:b0", "7", "2013-04-12"]
    assert text.startswith("thing,text,value\r\n")  # RFC 4180 line ends


def test_tsv_follows_sparql_tsv(answer):
    lines = render(answer, "tsv").split("\n")
    assert lines[0] == "?thing\t?text\t?value"
    assert lines[1] == f'<{JAPAN.value}>\t"Japan"@en\t52000000.5'
    assert lines[2] == f'<{OTHER.value}>\t"a \\"quoted\\"\\ttab,\\nnewline | pipe \\\\ backslash"@en\t'
    assert lines[3] == f'_:b0\t7\t"2013-04-12"^^<{XSD}date>'
    assert lines[4:] == [""]


@pytest.mark.parametrize("term", [JAPAN, TRICKY, typed("52000000", "decimal"), typed("-.5", "decimal"),
                                  typed("1.0e3", "double"), Literal("x"), typed("true", "boolean"),
                                  typed("007", "integer"), typed("2013-04", "gYearMonth")])
def test_tsv_terms_parse_back_as_turtle(term):
    text = f"<http://s> <http://p> {ntriples_term(term)} ."
    [triple] = pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE)
    assert triple.object == term


def test_tsv_writes_the_golden_files_byte_for_byte():
    """Every golden file, read as terms and written again, is the same bytes: the format has not moved."""
    golden = sorted((ROOT / "tests" / "golden").glob("*.tsv"))
    assert golden
    for path in golden:
        text = path.read_text(encoding="utf-8")
        header, *lines = text.rstrip("\n").split("\n")
        rows = [tuple(_tsv_cell(cell) for cell in line.split("\t")) for line in lines]
        rewritten = render(Answer("SELECT", [name[1:] for name in header.split("\t")], rows), "tsv")
        assert rewritten == text, path.name


def _tsv_cell(cell: str):
    if cell == "":
        return None
    [triple] = pyoxigraph.parse(f"<http://s> <http://p> {cell} .", format=pyoxigraph.RdfFormat.TURTLE)
    return triple.object


def test_json_follows_sparql_json(answer):
    document = json.loads(render(answer, "json"))
    assert document["head"] == {"vars": ["thing", "text", "value"]}
    first, second, third = document["results"]["bindings"]
    assert first["thing"] == {"type": "uri", "value": JAPAN.value}
    assert first["text"] == {"type": "literal", "value": "Japan", "xml:lang": "en"}
    assert first["value"] == {"type": "literal", "value": "52000000.5", "datatype": XSD + "decimal"}
    assert second["text"]["value"] == TRICKY.value and "value" not in second  # unbound: absent
    assert third["thing"] == {"type": "bnode", "value": "b0"}
    assert json.loads(render(Answer("SELECT", ["s"], [(Literal("x"),)]), "json"))["results"]["bindings"] == \
        [{"s": {"type": "literal", "value": "x"}}]  # a simple literal has no datatype


def test_xml_follows_sparql_xml(answer):
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(render(answer, "xml").encode())
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["thing", "text", "value"]
    results = root.findall("r:results/r:result", ns)
    assert results[0].find("r:binding[@name='thing']/r:uri", ns).text == JAPAN.value
    text = results[1].find("r:binding[@name='text']/r:literal", ns)
    assert text.text == TRICKY.value and text.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert text.get("datatype") is None
    assert results[1].find("r:binding[@name='value']", ns) is None
    value = results[2].find("r:binding[@name='value']/r:literal", ns)
    assert value.get("datatype") == XSD + "date"
    assert results[2].find("r:binding[@name='thing']/r:bnode", ns).text == "b0"


@pytest.mark.parametrize(("fmt", "expected"), [
    ("table", "yes\n"), ("csv", "ask\r\ntrue\r\n"), ("tsv", "?ask\ntrue\n"),
    ("markdown", "| ask |\n|---|\n| true |\n"),
])
def test_ask_answers(fmt, expected):
    assert render(Answer("ASK", boolean=True), fmt) == expected


def test_a_false_ask_answer():
    assert render(Answer("ASK", boolean=False), "table") == "no\n"
    assert render(Answer("ASK", boolean=False), "tsv") == "?ask\nfalse\n"


def test_ask_in_json_and_xml():
    assert json.loads(render(Answer("ASK", boolean=False), "json")) == {"head": {}, "boolean": False}
    root = ElementTree.fromstring(render(Answer("ASK", boolean=True), "xml").encode())
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


# --- the table and Markdown -------------------------------------------------------------------

def test_the_table_aligns_columns_and_shows_labels_for_iris(answer, labels):
    lines = render(answer, "table", labels=labels).splitlines()
    assert lines[0].split() == ["thing", "text", "value"]
    tricky = " ".join(TRICKY.value.split())  # on one line
    assert lines[1].split() == ["-" * len("<http://example.org/x>"), "-" * len(tricky), "-" * 10]  # a rule a column
    assert lines[2].startswith("Japan (the State)       Japan  ")  # the label stands for the IRI
    assert lines[3].startswith("<http://example.org/x>  ")  # no label: the IRI's name
    assert lines[4].startswith("_:b0  ")
    assert lines[-1] == "(3 rows)"
    column = lines[0].index("text")
    assert all(line[column - 2:column] == "  " for line in lines[2:5])
    assert lines[2][column:].startswith("Japan") and lines[4][column:].startswith("7")
    assert lines[3][column:].rstrip() == tricky  # one row per line


def test_the_table_shows_names_without_labels(answer):
    lines = render(answer, "table").splitlines()
    assert lines[2].startswith("njr:japan  ")


def test_labels_are_asked_once_for_every_iri(labels):
    rows = [(JAPAN, OTHER), (OTHER, JAPAN), (Literal("x"), None)]
    answer = Answer("SELECT", ["a", "b"], rows)
    render(answer, "table", labels=labels)
    render(answer, "markdown", labels=labels)
    assert labels.calls == [[JAPAN.value, OTHER.value]] * 2
    render(Answer("SELECT", ["a"], [(Literal("x"),)]), "table", labels=labels)
    assert len(labels.calls) == 2  # no IRI, no lookup


def test_the_table_counts_rows():
    assert render(Answer("SELECT", ["a"], [(Literal("x"),)]), "table").endswith("\n(1 row)\n")
    assert render(Answer("SELECT", ["a"], []), "table") == "a\n-\n(0 rows)\n"


def test_the_table_aligns_wide_characters():
    one, two = typed("1", "integer"), typed("2", "integer")
    answer = Answer("SELECT", ["name", "n"], [(Literal("日本"), one), (Literal("Japan"), two)])
    lines = render(answer, "table").splitlines()
    assert lines[2] == "日本   1" and lines[3] == "Japan  2"


def test_markdown_escapes_and_links_labels_to_their_iris(answer, labels):
    lines = render(answer, "markdown", labels=labels).splitlines()
    assert lines[0] == "| thing | text | value |" and lines[1] == "|---|---|---|"
    assert lines[2] == f"| [Japan (the State)](<{JAPAN.value}>) | Japan | 52000000.5 |"
    assert lines[3].startswith("| `<http://example.org/x>` | ")
    assert "\\| pipe \\\\ backslash" in lines[3] and lines[3].count(" | ") == 2
    assert lines[4].startswith("| \\_:b0 | 7 |")
    assert len(lines) == 5
    assert render(answer, "markdown").splitlines()[2].startswith("| `njr:japan` | ")


def _timeline() -> tuple[Answer, Labels]:
    """The answer of the timeline query and the labels of its IRIs, from the shipped graph."""
    store = shipped_store()
    solutions = store.query((ROOT / "queries" / "timeline.rq").read_text(encoding="utf-8"))
    names = [v.value for v in solutions.variables]
    answer = Answer("SELECT", names, [tuple(solution[name] for name in names) for solution in solutions])
    found = {}
    for s, _, o, _ in store.quads_for_pattern(None, RDFS_LABEL, None):
        if isinstance(s, NamedNode) and isinstance(o, Literal) and o.language == "en":
            found[s.value] = o.value
    return answer, Labels(found)


def test_the_timeline_is_too_wide_for_a_terminal_unfitted():
    """Why the table is fitted: `nj-graph query timeline` printed rows over 400 characters wide."""
    answer, labels = _timeline()
    assert max(cell_len(line) for line in render(answer, "table", labels=labels).splitlines()) > 200


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("styled", [False, True])
def test_the_table_fits_the_width_it_is_given(width, styled):
    answer, labels = _timeline()
    text = render(answer, "table", labels=labels, width=width, styled=styled)
    lines = _visible(text).splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert lines[-1] == f"({len(answer.bindings)} rows)"
    assert ("\x1b[" in text) is styled


def test_a_fitted_table_loses_nothing():
    words = " ".join(f"word{i}" for i in range(60))
    iri = NamedNode("http://example.org/" + "long-name-" * 12)
    answer = Answer("SELECT", ["text", "thing"], [(Literal(words), iri)])
    lines = render(answer, "table", width=40).splitlines()
    assert max(len(line) for line in lines) <= 40
    assert re.fullmatch(r"-+  -+", lines[1])  # dashes under the cells only, two spaces apart
    gap = lines[1].index("  ")
    left = " ".join(line[:gap].strip() for line in lines[2:-1])
    right = "".join(line[gap:].strip() for line in lines[2:-1])
    assert left == words and right == f"<{iri.value}>"


def test_the_piped_table_is_plain_and_unwrapped():
    answer, labels = _timeline()
    text = render(answer, "table", labels=labels)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f\u2500-\u259f]", text)  # no codes, no box drawing
    lines = text.splitlines()
    assert len(lines) == len(answer.bindings) + 3  # header, rule, one line a row, count
    assert all(line == line.rstrip() for line in lines)
    longest = max((cell for row in answer.bindings for cell in row if isinstance(cell, Literal)),
                  key=lambda term: len(term.value))
    assert any(" ".join(longest.value.split()) in line for line in lines)  # whole, never cut


def _visible(text: str) -> str:
    """Text without terminal escape sequences (colours, and the OSC 8 links rich writes)."""
    return re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", text)


def test_terminal_options_fit_a_terminal_and_leave_the_rest_plain(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "77")
    assert terminal_options(Terminal()) == {"width": 77, "styled": True}
    assert terminal_options(io.StringIO()) == {}


# --- names that paste back into a query -------------------------------------------------------

def test_curie_picks_the_longest_namespace_and_a_name_sparql_reads():
    assert curie(NamedNode(PREFIXES["nj"] + "Visit")) == "nj:Visit"
    assert curie(TOKYO) == f"<{TOKYO.value}>"  # `njr:place/tokyo` is no SPARQL, `njr:place\/tokyo` trips rdflib
    assert curie(NamedNode(NJR + "a.b")) == "njr:a.b" and curie(NamedNode(NJR + "a.")) == f"<{NJR}a.>"
    assert curie(NamedNode(NJR + "x%2Fy")) == f"<{NJR}x%2Fy>"


def test_curie_takes_rdflib_terms_too():
    from rdflib import BNode as RdflibBNode
    from rdflib import Literal as RdflibLiteral
    from rdflib import URIRef
    from rdflib.namespace import XSD as RDFLIB_XSD

    assert curie(URIRef(JAPAN.value)) == "njr:japan" and curie(URIRef(TOKYO.value)) == f"<{TOKYO.value}>"
    assert curie(RdflibLiteral("5", datatype=RDFLIB_XSD.decimal)) == '"5"^^xsd:decimal'
    assert curie(RdflibLiteral("a\nb", lang="en")) == '"a\\nb"@en'
    assert curie(RdflibBNode()) == "[]"
    assert curie(typed("5", "decimal")) == '"5"^^xsd:decimal' and curie(Literal("x")) == '"x"'


_store = None


def shipped_store() -> pyoxigraph.Store:
    global _store
    if _store is None:
        from nj_graph.store.graph import data_files, ontology_files

        _store = pyoxigraph.Store()
        for path in [*ontology_files(), *data_files()]:
            _store.bulk_extend(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    return _store


def _every_iri(store: pyoxigraph.Store) -> list[NamedNode]:
    terms = {term for quad in store for term in (quad.subject, quad.predicate, quad.object)}
    return sorted((term for term in terms if isinstance(term, NamedNode)), key=lambda term: term.value)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_every_printed_name_pastes_back_into_a_query(fmt):
    """A name the table prints, pasted into a query, finds the resource (in pyoxigraph and rdflib)."""
    store = shipped_store()
    iris = _every_iri(store)
    text = render(Answer("SELECT", ["name"], [(iri,) for iri in iris]), fmt)
    if fmt == "table":
        printed = text.splitlines()[2:-1]
    else:
        printed = [line.removeprefix("| `").removesuffix("` |") for line in text.splitlines()[2:]]
    assert len(printed) == len(iris) > 300
    assert any(name.startswith("njr:") for name in printed) and any(name.startswith("<") for name in printed)
    prologue = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())
    for name in printed:
        query = f"{prologue}ASK {{ {{ {name} ?p ?o }} UNION {{ ?s ?p {name} }} UNION {{ ?s {name} ?o }} }}"
        assert store.query(query), f"{name} finds nothing"
    # rdflib, the other store behind the same command line, reads the names the same way.
    from rdflib import Graph, URIRef

    found = Graph().query(f"{prologue}SELECT ?x WHERE {{ VALUES ?x {{ {' '.join(printed)} }} }}")
    assert [row[0] for row in found] == [URIRef(iri.value) for iri in iris]


# --- graphs -----------------------------------------------------------------------------------

@pytest.fixture
def constructed() -> Answer:
    return Answer("CONSTRUCT", triples=[
        Triple(JAPAN, RDFS_LABEL, TRICKY),
        Triple(TOKYO, RDFS_LABEL, Literal("Tokyo", language="en")),
        Triple(JAPAN, NamedNode(PREFIXES["rdfs"] + "seeAlso"), BlankNode("b0")),
        Triple(JAPAN, NamedNode("http://example.org/n"), typed("5", "integer")),
    ])


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"), ("json-ld", "json-ld")])
def test_graph_formats_parse_back(constructed, fmt, parser):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    expected = Graph().parse(data=render(constructed, "ntriples"), format="nt")
    assert len(expected) == 4
    assert isomorphic(Graph().parse(data=render(constructed, fmt), format=parser), expected)


def test_ntriples_lines_are_sorted(constructed):
    lines = render(constructed, "ntriples").splitlines()
    assert lines == sorted(lines) and len(lines) == 4


def test_turtle_and_json_ld_use_the_project_prefixes(constructed):
    assert "njr:japan" in render(constructed, "turtle")
    document = json.loads(render(constructed, "json-ld"))
    assert document["@context"]["njr"] == NJR
    assert "njr:japan" in json.dumps(document)


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


# --- Python values ----------------------------------------------------------------------------

@pytest.mark.parametrize(("term", "expected"), [
    (typed("52000000.5", "decimal"), Decimal("52000000.5")),
    (typed("7", "integer"), 7),
    (typed("2.5e0", "double"), 2.5),
    (typed("true", "boolean"), True),
    (typed("2013-04-12", "date"), datetime.date(2013, 4, 12)),
    (typed("2013-04-12T10:00:00", "dateTime"), datetime.datetime(2013, 4, 12, 10)),
    (Literal("Japan"), "Japan"),
    (Literal("Japan", language="en"), "Japan"),
    (typed("2013", "gYear"), "2013"),
    (typed("2013-04", "gYearMonth"), "2013-04"),
    (None, None),
])
def test_python_values(term, expected):
    value = to_python(term)
    assert value == expected and type(value) is type(expected)


def test_python_values_are_rdflibs():
    """Exactly what rdflib's own terms gave before: `Literal.toPython()`, text where it has no type."""
    from rdflib import BNode as RdflibBNode
    from rdflib import Literal as RdflibLiteral
    from rdflib import URIRef

    for term in [*(t for row in ROW_TERMS for t in row if isinstance(t, Literal)), typed("x", "integer"),
                 typed("P1Y", "duration"), typed("12:00:00", "time"), typed("--04", "gMonth")]:
        if term.language:
            old = RdflibLiteral(term.value, lang=term.language)
        else:
            datatype = term.datatype.value
            old = RdflibLiteral(term.value, datatype=None if datatype == XSD + "string" else URIRef(datatype))
        value = old.toPython()
        assert to_python(term) == (str(value) if isinstance(value, RdflibLiteral) else value)
    assert to_python(JAPAN) == URIRef(JAPAN.value) and isinstance(to_python(JAPAN), URIRef)
    assert to_python(JAPAN) != JAPAN.value  # an IRI is told apart from text
    assert to_python(BlankNode("b0")) == RdflibBNode("b0")


# --- what the command line pays for -----------------------------------------------------------

def test_rendering_needs_neither_rdflib_nor_rich_until_a_table_is_drawn():
    """The package's own `__init__` is bypassed, so only these modules' imports count."""
    script = f"""
import sys, types
package = types.ModuleType("nj_graph")
package.__path__ = [{str(ROOT / "nj_graph")!r}]
sys.modules["nj_graph"] = package
from pyoxigraph import Literal
from nj_graph.query.answer import Answer
from nj_graph.query.results import render
answer = Answer("SELECT", ["a"], [(Literal("x"),)])
render(answer, "tsv"), render(answer, "json"), render(answer, "csv"), render(answer, "xml")
assert "rich" not in sys.modules, "rich"
render(answer, "table"), render(answer, "markdown"), render(answer, "table", width=40)
assert "rdflib" not in sys.modules, "rdflib"
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
