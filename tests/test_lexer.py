"""The SPARQL lexer: refusals that no spelling gets past, positions in the user's own text,
and a query's shape as rdflib's parser sees it."""

from __future__ import annotations

import ast
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyparsing import ParseResults
from rdflib import Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from nj_graph.core.errors import QuerySyntaxError
from nj_graph.core.namespaces import PREFIXES
from nj_graph.query import lexer
from nj_graph.query import rdflib_sparql as sparql

ROOT = Path(__file__).resolve().parent.parent
STORED = sorted([*ROOT.glob("queries/*.rq"), *ROOT.glob("tests/fixtures/queries/*.rq")])
ENDPOINT = "<http://127.0.0.1:9/sparql>"  # a port pyoxigraph refuses to call: a service is never reached

def refusal(text: str) -> str:
    with pytest.raises(QuerySyntaxError) as error:
        lexer.inspect(text)
    return error.value.message


# --- the refusals sparql.py makes, with the same messages ----------------------------------------

REFUSED = [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }",
    "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } FROM <http://example.org/x> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
    "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR DEFAULT",
    "DROP ALL",
    "CREATE GRAPH <http://example.org/g>",
    "COPY DEFAULT TO <http://example.org/g>",
    "MOVE DEFAULT TO <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/> INSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE {\n  ?s a nj:Event ;\n     foo:bar ?x }",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refusals_say_what_sparql_parse_says(text):
    with pytest.raises(QuerySyntaxError) as expected:
        sparql.parse(text)
    assert refusal(text) == expected.value.message


@pytest.mark.parametrize(("text", "says"), [
    # escapes are expanded before anything else (SPARQL 1.1 §19.2)
    ("SELECT * WHERE { \\u0053ERVICE <http://example.org/s> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("SELECT * FR\\u004FM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM and FROM NAMED"),
    ("SELECT * WHERE { \\U00000047RAPH ?g { ?s ?p ?o } }", "GRAPH is not supported"),
    ("\\u0049NSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", "updates"),
    ("SELECT * WHERE { SERVICE\\u0020<http://example.org/s> { ?s ?p ?o } }", "SERVICE is not allowed"),
    # case, white space and comments
    ("SELECT * WHERE { sErViCe <http://example.org/s> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("select * from named <http://example.org/g> where { ?s ?p ?o }", "FROM and FROM NAMED"),
    ("SELECT * WHERE { SERVICE # the endpoint:\n <http://example.org/s> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("SELECT * # no FROM here?\nFROM\t<http://example.org/g> WHERE { ?s ?p ?o }", "FROM and FROM NAMED"),
    ("SELECT * WHERE{GRAPH?g{?s?p?o}}", "GRAPH is not supported"),
    ("SELECT * WHERE { ?s ?p ?o } #\n; DROP ALL", None),  # not an update: the engine reports the syntax
    ("# a comment first\n  drop all", "updates"),
    # a string that ends where it seems not to
    ('SELECT * WHERE { ?s ?p "a\\\\" SERVICE <http://example.org/s> { } }', "SERVICE is not allowed"),
    ('SELECT * WHERE { ?s ?p """a""" SERVICE <http://example.org/s> { } }', "SERVICE is not allowed"),
    ("SELECT * WHERE { ?s ?p 'it''s' SERVICE <http://example.org/s> { } }", "SERVICE is not allowed"),
])
def test_no_spelling_gets_a_refused_construct_past(text, says):
    if says is None:
        lexer.inspect(text)
    else:
        assert says in refusal(text)


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/s> { }" }',
    "SELECT * WHERE { ?s ?p 'GRAPH ?g { }' }",
    'SELECT * WHERE { ?s ?p """FROM <http://example.org/g>\n"SERVICE" ""GRAPH"" """ }',
    "SELECT * WHERE { ?s ?p '''it's\nSERVICE ?x { }''' }",
    "SELECT * WHERE { ?s ?p <http://example.org/SERVICE> ; <http://example.org/from#GRAPH> ?o }",
    "SELECT * WHERE { ?s ?p ?o # SERVICE <http://example.org/s> { }\n}",
    "SELECT ?service ?graph ?from WHERE { ?service ?graph ?from }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ex:GRAPH ; ex:from ?o }",
    "PREFIX SERVICE: <http://example.org/> SELECT * WHERE { SERVICE:x ?p ?o }",
    "PREFIX from: <http://example.org/> PREFIX graph: <http://example.org/g#> "
    "SELECT * WHERE { ?s from:x graph:y }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o = <http://example.org/GRAPH>) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?s<?o) }",
    "SELECT * WHERE { ?s rdfs:label ?l FILTER(STR(?l)<\"SERVICE\") }",
])
def test_the_same_words_elsewhere_are_fine(text):
    lexer.inspect(text)
    sparql.parse(text)  # and rdflib agrees they are plain queries


@pytest.mark.parametrize("text", [
    # pyoxigraph 0.5 matches keywords without a word boundary: each of these calls the endpoint
    f"PREFIX ex: <http://127.0.0.1:9/> SELECT * WHERE {{ SERVICEex:x {{ }} }}",
    f"PREFIX : <http://127.0.0.1:9/> SELECT * WHERE {{ SERVICE:x {{ }} }}",
    f"PREFIX : <http://127.0.0.1:9/> SELECT * WHERE {{ service:x {{ }} }}",
    f"SELECT * WHERE {{ BIND(1 AS ?x) SERVICE{ENDPOINT}{{ }} }}",
    # '<' after an operand in an expression is "less than", though `<2)SERVICE?e#>` looks like an IRI
    f"SELECT * WHERE {{ BIND(1 AS ?x) BIND({ENDPOINT} AS ?e) FILTER(?x<2)SERVICE?e#>\n{{ }} }}",
])
def test_what_pyoxigraph_reads_as_service_is_refused(text):
    # the engine parsed a SERVICE: it tried to call the endpoint, or to find out which one
    with pytest.raises((OSError, RuntimeError), match="port 9|service name"):
        list(pyoxigraph.Store().query(text))
    assert "SERVICE is not allowed" in refusal(text)


@pytest.mark.parametrize(("text", "says"), [
    ("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ?p trueSERVICE ex:x { } }", "SERVICE"),
    ("PREFIX ex: <http://example.org/> SELECT * WHERE { SERVICESILENT ex:x { } }", "SERVICE"),
    ("PREFIX ex: <http://example.org/> SELECT * WHERE { GRAPHex:g { } }", "GRAPH"),
    ("PREFIX ex: <http://example.org/> SELECT * FROMex:g WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROMNAMED<http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
])
def test_glued_keywords_are_refused(text, says):
    assert refusal(text).startswith(says)


def test_a_query_with_escapes_is_also_read_as_written():
    # Expanded, \\u005C is a backslash that escapes the closing quote, so the SERVICE sits in a
    # string that ends in the comment; pyoxigraph expands \\u only inside the string and reads the
    # SERVICE as code. Either reading showing a SERVICE is enough to refuse.
    text = f'SELECT * WHERE {{ BIND("a\\u005C" AS ?x) SERVICE {ENDPOINT} {{ }} # "\n) }}'
    assert [t.text for t in lexer.tokens(text) if t.kind != "STRING_LITERAL2"] == [
        "SELECT", "*", "WHERE", "{", "BIND", "(", ")", "}"]
    assert "SERVICE is not allowed" in refusal(text)


# --- errors placed in the user's text ------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "column"), [
    ("SELECT ?s WHERE {\n\t\t?s ?p ?o SERVICE ?x { } }", 2, 12),                   # a tab is one column
    ("SELECT ?s WHERE {\n  ?s rdfs:label \"\\u00e9\\U0001F600\" . SERVICE ?x { } }", 2, 38),
    ("SELECT ?s WHERE {\n\t\\u0053ERVICE ?x { } }", 2, 2),                          # the escape's start
    ("ASK {\n  ?s ?p \"\\UFFFFFFFF\" }", 2, 10),
    ("ASK {\n  ?s ?p \"\\uD800\" }", 2, 10),                                        # a surrogate
    ("SELECT ?s WHERE {\n  ?s a nj:Event ;\n     foo:bar ?x }", 3, 6),
    ("\n\n\nSELEC ?s WHERE { ?s ?p ?o }", 4, 1),
    ("SELECT * WHERE {\n  ?s ?p 'no end }", 2, 9),
    ("SELECT * WHERE {\n  ?s ?p <http://example.org/a b> }", 2, 9),
    ("SELECT * WHERE {\n  { ?s ?p ?o }\n", 1, 16),
    ("SELECT * WHERE { ?s ?p ?o }\n}", 2, 1),
    ("SELECT * WHERE { ?s ?p (1 2 }", 1, 29),
])
def test_an_error_is_placed_in_the_users_text(text, line, column):
    with pytest.raises(QuerySyntaxError) as error:
        lexer.inspect(text, file="q.rq")
    assert (error.value.line, error.value.column) == (line, column)
    assert error.value.one_line().startswith(f"q.rq:{line}:{column}: ")
    assert "\n" not in error.value.one_line()


def test_unescape_maps_every_offset_back():
    text = "ASK { ?s ?p '\\u00e9\\U0001F600x' }"
    expanded, origin = lexer.unescape(text)
    assert expanded == "ASK { ?s ?p '\u00e9\U0001F600x' }"
    assert [text[origin[i]] for i in range(len(expanded))] == [
        "\\" if c in "\u00e9\U0001F600" else c for c in expanded]
    assert origin[len(expanded)] == len(text)
    assert lexer.unescape("ASK {}") == ("ASK {}", range(7))


def test_tokens_point_at_their_source():
    text = "PREFIX ex: <http://example.org/>\nSELECT\t?x WHERE {\n  ?x ex:p \\u0022\\u00e9\" }"
    found = list(lexer.tokens(text))
    string = next(t for t in found if t.kind == "STRING_LITERAL2")
    assert (string.text, string.line, string.column) == ('"\u00e9"', 3, 11)
    assert text[string.offset:string.end] == '\\u0022\\u00e9"'
    for token in found:
        source = text[token.offset:token.end]
        assert lexer.unescape(source)[0] == token.text
        assert token.column == token.offset - text.rfind("\n", 0, token.offset)


@pytest.mark.parametrize(("text", "kinds"), [
    ("<http://example.org/a#b> ex: ex:a.b ex:a\\.b _:b0 ?x $y @en-GB", [
        "IRIREF", "PNAME_NS", "PNAME_LN", "PNAME_LN", "BLANK_NODE_LABEL", "VAR1", "VAR2", "LANGTAG"]),
    ("1 1.5 .5 1e3 1.E-3 ( ) [\n] ( ) [ ]", [
        "INTEGER", "DECIMAL", "DECIMAL", "DOUBLE", "DOUBLE", "NIL", "ANON", "NIL", "ANON"]),
    ("'a' \"b\" '\'\'c\n''d\'\'\' \"\"\"e\"\"f\n\"\"\"", [
        "STRING_LITERAL1", "STRING_LITERAL2", "STRING_LITERAL_LONG1", "STRING_LITERAL_LONG2"]),
    ("SERVICE:x from:y a A # <not an IRI>", ["PNAME_LN", "PNAME_LN", "KEYWORD", "KEYWORD", "COMMENT"]),
    ("^^ && || != >= ! = > * / | ^ ? + - , ; .", ["PUNCT"] * 18),
])
def test_terminals(text, kinds):
    assert [t.kind for t in lexer.tokens(text)] == kinds


def test_names_outside_ascii_follow_the_grammar():
    text = "PREFIX \u00e9t\u00e9: <http://example.org/>\nSELECT ?caf\u00e9 { ?caf\u00e9 \u00e9t\u00e9:na\u00efve\u00b7x _:\u00fc }"
    assert [(t.kind, t.text) for t in lexer.tokens(text)][1:] == [
        ("PNAME_NS", "\u00e9t\u00e9:"), ("IRIREF", "<http://example.org/>"), ("KEYWORD", "SELECT"),
        ("VAR1", "?caf\u00e9"), ("PUNCT", "{"), ("VAR1", "?caf\u00e9"), ("PNAME_LN", "\u00e9t\u00e9:na\u00efve\u00b7x"),
        ("BLANK_NODE_LABEL", "_:\u00fc"), ("PUNCT", "}")]
    with pytest.raises(QuerySyntaxError, match="unexpected character"):  # U+00D7 is in no name
        lexer.inspect("SELECT ?a\u00d7b { }")


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.name)
def test_the_ascii_patterns_read_ascii_text_as_the_full_ones_do(path):
    text = path.read_text(encoding="utf-8")
    assert text.isascii()
    fast, full = lexer._patterns(text)[0], lexer._unicode_patterns()[0]
    assert [(m.lastgroup, m.span()) for m in fast.finditer(text)] == [
        (m.lastgroup, m.span()) for m in full.finditer(text)]


def test_less_than_and_iris_by_position():
    def kinds(text):
        return [(t.kind, t.text) for t in lexer.tokens(text) if t.text in ("<", "<=") or t.kind == "IRIREF"]

    assert kinds("ASK { FILTER(?a<?b&&?c>?d) }") == [("PUNCT", "<")]
    assert kinds("ASK { FILTER(?a<=<http://x>) }") == [("PUNCT", "<="), ("IRIREF", "<http://x>")]
    assert kinds("ASK { ?s ?p (<http://a> <http://b>) }") == [("IRIREF", "<http://a>"), ("IRIREF", "<http://b>")]
    assert kinds("SELECT ?x (?a<?b AS ?c) { }") == [("PUNCT", "<")]
    assert kinds("ASK { { SELECT ?x (?a<?b AS ?c) { } } }") == [("PUNCT", "<")]
    assert kinds("ASK { VALUES (?a ?b) { (<http://a> <http://b>) } }") == [
        ("IRIREF", "<http://a>"), ("IRIREF", "<http://b>")]
    assert kinds("ASK { FILTER ex:f(?a<?b) }") == [("PUNCT", "<")]


# --- the shape -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "form", "projected", "where"), [
    ("SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p ?o } GROUP BY ?a", "SELECT", ("a", "n"), "{ ?a ?p ?o }"),
    ("SELECT DISTINCT * { ?s ?p ?o } VALUES ?s { <http://example.org/s> }", "SELECT", None, "{ ?s ?p ?o }"),
    ("ASK { }", "ASK", None, "{ }"),
    ("ask where{?s ?p ?o}", "ASK", None, "{?s ?p ?o}"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", None, "{ ?s ?p ?o }"),
    ("CONSTRUCT { ?s a ?o } WHERE { ?s ?p ?o }", "CONSTRUCT", None, "{ ?s ?p ?o }"),
    ("CONSTRUCT { ?s a ?o } { ?o ?p ?s }", "CONSTRUCT", None, "{ ?o ?p ?s }"),
    ("DESCRIBE <http://example.org/s>", "DESCRIBE", None, None),
    ("DESCRIBE ?s WHERE { ?s ?p ?o }", "DESCRIBE", None, "{ ?s ?p ?o }"),
    ("\\u0053ELECT ?s \\u007B ?s ?p ?o }", "SELECT", ("s",), "\\u007B ?s ?p ?o }"),
])
def test_form_projection_and_where_group(text, form, projected, where):
    shape = lexer.inspect(text)
    assert (shape.form, shape.projected) == (form, projected)
    if where is None:
        assert shape.where_open is None
    else:
        assert text[shape.where_open:].startswith(where)
        assert text.find(where) == shape.where_open  # the first such group: not a template before it


def test_a_values_block_inserted_at_the_where_group_reaches_the_pattern():
    text = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    at = lexer.inspect(text).where_open
    bound = text[:at + 1] + " VALUES ?o { 1 }" + text[at + 1:]
    assert "o" in sparql.variables(sparql.parse(bound))
    assert lexer.inspect(bound).variables == {"s", "p", "o"}


def test_declared_prefixes_variables_and_assignments():
    shape = lexer.inspect("PREFIX ex: <http://example.org/>\nBASE <http://example.org/b/>\n"
                          "PREFIX : <http://example.org/d#>\n"
                          "SELECT ?s WHERE { ?s ex:p $o BIND(STR(?o) AS ?text) FILTER(?text != :x) }")
    assert shape.prefixes == {"ex": "http://example.org/", "": "http://example.org/d#"}
    assert shape.variables == {"s", "o", "text"} and shape.assigned == {"text"}


def _parse_tree_variables(tree) -> set[str]:
    def walk(node):
        yield node
        if isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, (list, tuple, ParseResults)):
            for value in node:
                yield from walk(value)

    return {str(node) for node in walk(tree) if isinstance(node, Variable)}


def _sampled(query) -> set[str]:
    """Variables rdflib's algebra re-binds to their own SAMPLE in an aggregate query: not the user's AS."""
    samples = {node.res: node.vars for node in sparql._walk(query.algebra)
               if isinstance(node, CompValue) and node.name == "Aggregate_Sample"}
    return {str(node.var) for node in sparql._walk(query.algebra)
            if isinstance(node, CompValue) and node.name == "Extend" and isinstance(node.expr, Variable)
            and samples.get(node.expr) == node.var}


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.name)
def test_every_stored_query_has_the_shape_rdflib_sees(path):
    text = path.read_text(encoding="utf-8")
    shape = lexer.inspect(text, file=str(path))
    tree = parseQuery(text)
    written = _parse_tree_variables(tree)  # before translateQuery, which rewrites the tree
    query = translateQuery(tree, initNs=PREFIXES)  # as sparql.parse does, which test_stored_queries runs
    assert shape.form == query.algebra.name.removesuffix("Query").upper()
    # every variable written (rdflib's algebra can drop some: a FILTER NOT EXISTS nested in one
    # inside a sub-select disappears from it, so its parse tree is the reference)
    assert shape.variables == written
    assert sparql.variables(query) <= shape.variables
    assert shape.assigned == sparql.assigned(query) - _sampled(query)
    assert text[shape.where_open] == "{"


def test_the_lexer_does_not_import_rdflib():
    tree = ast.parse((ROOT / "nj_graph/query/lexer.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert imported == {"__future__", "re", "collections.abc", "typing",
                        "core.errors", "core.prefixes", "shape", "functools", "string"}


# --- generated queries: the lexer refuses exactly what rdflib's parser-based check refuses --------

SKELETONS = [
    "SELECT ?s WHERE {_}{L}{_}?s{_}?p{_}?o{_}.{_}PATTERN{_}}",
    "{K:ASK}{_}{L}{_}?s{_}?p{_}?o{_}{K:FILTER}{_}{K:EXISTS}{_}{L}{_}PATTERN{_}}{_}}",
    "{K:SELECT}{_}*{_}{K:WHERE}{_}{L}{_}{L}{_}{K:SELECT}{_}?s{_}{K:WHERE}{_}{L}{_}PATTERN{_}}{_}}{_}}",
    "{K:SELECT}{_}?s{_}DATASET{_}{K:WHERE}{_}{L}{_}?s{_}?p{_}?o{_}}",
    "{K:CONSTRUCT}{_}{L}{_}?s{_}?p{_}?o{_}}{_}DATASET{_}{K:WHERE}{_}{L}{_}?s{_}?p{_}?o{_}}",
]
PATTERNS = [  # (fragment, refused?)
    ("{K:SERVICE}{_}<http://example.org/sparql>{_}{L}{_}?s{_}?p{_}?o{_}}", True),
    ("{K:SERVICE}{_}{K:SILENT}{_}?endpoint{_}{L}{_}?s{_}?p{_}?o{_}}", True),
    ("{K:OPTIONAL}{_}{L}{_}{K:SERVICE}{_}rdfs:x{_}{L}{_}?s{_}?q{_}?o{_}}{_}}", True),
    ("{K:GRAPH}{_}<http://example.org/g>{_}{L}{_}?s{_}?p{_}?o{_}}", True),
    ("{K:GRAPH}{_}?g{_}{L}{_}?s{_}?p{_}?o{_}}", True),
    ('?s{_}rdfs:label{_}"SERVICE <http://example.org/s> { ?s ?p ?o }"', False),
    ("?s{_}rdfs:label{_}'GRAPH ?g { }'", False),
    ('?s{_}rdfs:comment{_}"""FROM <http://example.org/g>\n"SERVICE" ""GRAPH"" """', False),
    ("?s{_}<http://example.org/SERVICE>{_}<http://example.org/from#GRAPH>", False),
    ("?service{_}?graph{_}?from", False),
    ("?s{_}rdfs:label{_}?o{_}{K:FILTER}{_}({_}?o{_}<{_}?s{_})", False),
    ("?s{_}?p{_}?o{_}# SERVICE <http://example.org/s> { }\n", False),
]
DATASETS = [("{K:FROM}{_}<http://example.org/g>", True), ("{K:FROM}{_}{K:NAMED}{_}<http://example.org/g>", True),
            ("", False)]
UPDATES = [
    "{K:LOAD}{_}<http://example.org/data.ttl>",
    "{K:INSERT}{_}{K:DATA}{_}{L}{_}<http://example.org/a>{_}<http://example.org/b>{_}1{_}}",
    "{K:DELETE}{_}{K:WHERE}{_}{L}{_}?s{_}?p{_}?o{_}}",
    "{K:CLEAR}{_}{K:DEFAULT}",
    "{K:DROP}{_}{K:ALL}",
    "{K:WITH}{_}<http://example.org/g>{_}{K:DELETE}{_}{L}{_}?s{_}?p{_}?o{_}}{_}{K:WHERE}{_}{L}{_}?s{_}?p{_}?o{_}}",
]
SPACES = [" ", "\t", "\n", "  ", " # SERVICE <http://example.org/s> { }\n", "#FROM\n", "\r\n"]


@st.composite
def generated_queries(draw) -> str:
    if draw(st.integers(0, 4)) == 0:
        template = draw(st.sampled_from(UPDATES))
    else:
        template = draw(st.sampled_from(SKELETONS))
        pattern, _ = draw(st.sampled_from(PATTERNS))
        dataset, _ = draw(st.sampled_from(DATASETS))
        template = template.replace("PATTERN", pattern).replace("DATASET", dataset)
    text, rest = "", template
    while rest:  # {K:WORD} in any case, {_} any white space or comment, {L} a brace
        if rest.startswith("{K:"):
            word, rest = rest[3:].split("}", 1)
            text += "".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in word)
        elif rest.startswith("{_}"):
            text, rest = text + draw(st.sampled_from(SPACES)), rest[3:]
        elif rest.startswith("{L}"):
            text, rest = text + "{", rest[3:]
        else:
            text, rest = text + rest[0], rest[1:]
    # Any character may be written as a codepoint escape: expanded, the query is the same. Not the
    # quotes: pyoxigraph, which reads escapes where they stand, would split such a query otherwise,
    # and the lexer refuses what either reading shows (test_a_query_with_escapes_is_also_read_as_written).
    rate = draw(st.sampled_from([0, 0, 1, 4]))  # none, some, about one in four, half
    escaped = draw(st.lists(st.integers(0, 7).map(lambda n: n < rate), min_size=len(text), max_size=len(text)))
    return "".join((f"\\u{ord(c):04X}" if draw(st.booleans()) else f"\\U{ord(c):08X}")
                   if escape and c not in "\"'" else c for c, escape in zip(text, escaped))


def _rdflib_sees_remote(text: str) -> bool:
    """Does rdflib's algebra hold a SERVICE, a GRAPH or a dataset? EXISTS patterns stay untranslated
    in it (GraphGraphPattern rather than Graph), which sparql.parse's own check does not look for."""
    algebra = translateQuery(parseQuery(text), initNs=PREFIXES).algebra
    return bool(algebra.get("datasetClause")) or any(
        isinstance(node, CompValue) and node.name in ("ServiceGraphPattern", "Graph", "GraphGraphPattern")
        for node in sparql._walk(algebra))


def _message(text: str) -> str:
    with pytest.raises(QuerySyntaxError) as error:
        sparql.parse(text)
    return error.value.message


def test_graph_inside_exists_is_refused():
    text = "ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    assert _rdflib_sees_remote(text)
    assert refusal(text) == _message("ASK { GRAPH ?g { } }")


@settings(max_examples=100, deadline=None)
@given(generated_queries())
def test_generated_queries_are_refused_exactly_when_rdflib_refuses(text):
    try:
        sparql.parse(text)
        expected = None
    except QuerySyntaxError as error:
        expected = error.message
        assert not expected.startswith("SPARQL syntax error"), "the generator made a query rdflib cannot read"
    if expected is None and _rdflib_sees_remote(text):  # a GRAPH in an EXISTS: see the test above
        expected = _message("ASK { GRAPH ?g { } }")
    try:
        lexer.inspect(text)
        found = None
    except QuerySyntaxError as error:
        found = error.message
    assert found == expected
