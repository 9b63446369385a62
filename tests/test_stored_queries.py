"""Every stored query in queries/ against its golden results and against a second engine.

Golden results live in tests/golden/<name>.tsv: the answer of the query with its default
parameters, run by rdflib (the `memory` store, the reference) over ontology/nj.ttl and data/*.ttl
without reasoning, written in the SPARQL 1.1 Query Results TSV format by `nj_graph.query.results`
(the same writer as `--format tsv`). Every other store is held to the same rows: `oxigraph` (in
memory, the default) and `oxigraph:PATH` (filled by `nj-graph load`) here, a real Oxigraph server
and Virtuoso in tests/test_remote_store.py.

Regenerate them after a deliberate change to a query or to the data, then read the diff:

    .venv/bin/python -m tests.test_stored_queries --regenerate      (all queries)
    .venv/bin/python -m tests.test_stored_queries --regenerate NAME  (some queries)
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_stored_queries.py

What is checked, for each query:
- its `#+` header is read by `nj_graph.query.catalogue` (the one header parser): a summary, and every
  declared parameter used in the body and never the target of a BIND (a parameter arrives bound);
- it declares every prefix it uses, so it runs unchanged on any SPARQL 1.1 engine;
- with its defaults it returns at least one row, and the rows equal the golden file;
- the pyoxigraph stores, given the same Turtle files and the defaults (as `substitutions`, or a
  VALUES block where pyoxigraph cannot substitute), return the same rows as rdflib (numbers
  compared by value, blank nodes only by position);
- a parameter bound before evaluation acts as a restriction: the rows equal the unbound query's
  rows that have that value (where the parameter's variable is a column);
- some non-default parameter values (PARAM_CASES) give rows, and the same rows in both engines.

Rows are compared in order when the query has ORDER BY, otherwise as multisets. GROUP_CONCAT has
no defined order in SPARQL 1.1, so a column made by GROUP_CONCAT is compared as the sorted list of
its parts.

What the two engines need of a stored query, learnt here:
- pyoxigraph substitutes only variables of the SELECT clause, so every parameter is a column;
- with a substitution pyoxigraph still evaluates BOUND(?param) as false, so an optional parameter
  is tested as COALESCE(comparison, true) rather than !BOUND(?param) || comparison;
- an aggregate over no values gives "" in rdflib and no value in pyoxigraph, and rdflib fails on
  GROUP_CONCAT(DISTINCT ?unbound): concatenate COALESCE(STR(?x), "") instead;
- ORDER BY keys are made total (ending in an IRI), so that both engines give one order.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

import nj_graph
from nj_graph.query import catalogue, sparql
from nj_graph.query.rdflib_sparql import parse as rdflib_parse
from nj_graph.query.results import Answer, render
from nj_graph.store.base import Store
from nj_graph.store.memory import MemoryStore
from nj_graph.store.oxigraph import OxigraphStore, load_persistent
from nj_graph.store.rdflib_terms import to_rdflib

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
MINIMUM_QUERIES = 15

#: Non-default parameter values worth checking in both engines: (query, {param: value}).
PARAM_CASES: list[tuple[str, dict[str, str]]] = [
    ("timeline", {"from": "2007", "to": "2011-05"}),
    ("timeline", {"from": "2013-04"}),
    ("timeline", {"to": "1999"}),
    ("events-by-participant", {"agent": "njr:anders-fogh-rasmussen"}),
    ("events-by-participant", {"agent": "njr:nato"}),
    ("projects-by-country", {"country": "njr:tajikistan"}),
    ("projects-by-country", {"country": "njr:azerbaijan"}),
    ("source-of", {"resource": "njr:japan"}),
    ("contributions-by-fund", {"donor": "njr:japan"}),
    ("declaration-contents", {"declaration": "njr:document/joint-political-declaration-2013"}),
    ("inferences", {"resource": "njr:contribution/japan-lofta-2010-2012"}),
]

_NUMERIC = {XSD.integer, XSD.decimal, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
            XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedInt,
            XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}
_FLOATING = {XSD.double, XSD.float}
_AS_NAME = re.compile(r"\s*AS\s+\?(\w+)", re.IGNORECASE)
_SEPARATOR = re.compile(r'SEPARATOR\s*=\s*"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


# --- reading the queries ------------------------------------------------------------------------

def stored_queries() -> list[catalogue.StoredQuery]:
    return catalogue.list_queries(QUERIES_DIR)


QUERIES = {q.name: q for q in stored_queries()} if QUERIES_DIR.is_dir() else {}
NAMES = sorted(QUERIES)


def code(text: str) -> str:
    """The query without its comment lines (the header and the notes)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _nodes(node):
    """Every node of an rdflib query algebra (CompValue is a dict of its parts)."""
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple)) else ()
    for child in children:
        yield from _nodes(child)


def algebra(stored: catalogue.StoredQuery):
    return rdflib_parse(stored.text, file=str(stored.path)).algebra


def ordered(stored: catalogue.StoredQuery) -> bool:
    """True when the query sorts its rows (its algebra has an OrderBy)."""
    return any(getattr(node, "name", None) == "OrderBy" for node in _nodes(algebra(stored)))


def concatenated(stored: catalogue.StoredQuery) -> dict[str, str]:
    """Column name -> separator, for the columns the query builds with GROUP_CONCAT."""
    text, found = stored.text, {}
    for match in re.finditer(r"GROUP_CONCAT\s*\(", text, re.IGNORECASE):
        depth, index, quote = 1, match.end(), None
        while depth and index < len(text):  # find the closing parenthesis, skipping strings
            char = text[index]
            if quote:
                quote = None if char == quote and text[index - 1] != "\\" else quote
            elif char in "\"'":
                quote = char
            elif char in "()":
                depth += 1 if char == "(" else -1
            index += 1
        separator = _SEPARATOR.search(text[match.end():index - 1])
        name = _AS_NAME.match(text, index)
        if name:
            found[name.group(1)] = separator.group(1) if separator else " "
    return found


# --- the stores ----------------------------------------------------------------------------------

_stores: dict[str, Store] = {}


def store(kind: str) -> Store:
    """One store of each kind for the whole module (the persistent one in a temporary folder)."""
    if kind not in _stores:
        if kind == "memory":
            _stores[kind] = MemoryStore.load()
        elif kind == "oxigraph":
            _stores[kind] = OxigraphStore.in_memory()
        elif kind == "oxigraph:PATH":
            import atexit
            import shutil
            import tempfile

            scratch = tempfile.mkdtemp(prefix="nj-graph-store-")
            atexit.register(shutil.rmtree, scratch, True)  # the store outlives any one test
            folder = Path(scratch) / "store"
            load_persistent(folder)
            _stores[kind] = OxigraphStore.open(folder)
        else:
            raise ValueError(kind)
    return _stores[kind]


#: The stores held to rdflib's answers here (remote ones are in tests/test_remote_store.py).
OTHER_STORES = ["oxigraph", "oxigraph:PATH"]


def rdflib_graph() -> Graph:
    """The reference store's rdflib graph of the shipped ontology and data."""
    return store("memory").graph


def as_rdflib(answer: Answer) -> Answer:
    """An answer with rdflib terms, which the comparisons below are written for."""
    return Answer(answer.kind, answer.variables, [tuple(to_rdflib(t) for t in row) for row in answer.bindings])


def run_on(kind: str, stored: catalogue.StoredQuery, bindings: dict) -> Answer:
    return as_rdflib(sparql.execute(store(kind), stored.query, bindings))


def run_rdflib(stored: catalogue.StoredQuery, bindings: dict) -> Answer:
    return run_on("memory", stored, bindings)


def run_oxigraph(stored: catalogue.StoredQuery, bindings: dict) -> Answer:
    return run_on("oxigraph", stored, bindings)


# --- comparing answers --------------------------------------------------------------------------

def normal(term, separator: str | None = None):
    """A comparable form of a term: numbers by value, blank nodes all alike."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    text = str(term)
    if term.datatype in _NUMERIC:
        try:
            return ("number", Decimal(text))
        except InvalidOperation:
            pass
    if term.datatype in _FLOATING:
        try:
            return ("number", Decimal(repr(float(text))))
        except ValueError:
            pass
    if term.datatype == XSD.boolean:
        return ("boolean", text in ("true", "1"))
    if separator is not None and not term.language:
        text = separator.join(sorted(text.split(separator))) if text else text
    return ("literal", text, term.language, str(term.datatype or XSD.string) if not term.language else None)


def normal_rows(stored: catalogue.StoredQuery, answer: Answer) -> list[tuple]:
    separators = concatenated(stored)
    return [tuple(normal(term, separators.get(name)) for name, term in zip(answer.variables, row))
            for row in answer.bindings]


def same_rows(stored: catalogue.StoredQuery, left: Answer, right: Answer) -> tuple[bool, str]:
    if left.variables != right.variables:
        return False, f"columns differ: {left.variables} != {right.variables}"
    a, b = normal_rows(stored, left), normal_rows(stored, right)
    if ordered(stored):
        if a == b:
            return True, ""
        for index, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return False, f"row {index + 1} differs:\n  {x}\n  {y}"
        return False, f"{len(a)} rows != {len(b)} rows"
    ca, cb = Counter(a), Counter(b)
    if ca == cb:
        return True, ""
    return False, f"only left: {list((ca - cb).elements())[:5]}\nonly right: {list((cb - ca).elements())[:5]}"


# --- golden files -------------------------------------------------------------------------------

_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_TERM = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^>]*)>)?$', re.DOTALL)


def _unescape(text: str) -> str:
    def one(match: re.Match) -> str:
        escape = match.group(1)
        if escape[0] in "uU":
            return chr(int(escape[1:], 16))
        return _ECHAR[escape]

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, text)


def parse_term(text: str):
    """One TSV cell (SPARQL 1.1 TSV: N-Triples terms, bare numbers and booleans) as an rdflib term."""
    if text == "":
        return None
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    if text in ("true", "false"):
        return Literal(text, datatype=XSD.boolean)
    if re.fullmatch(r"[+-]?[0-9]+", text):
        return Literal(text, datatype=XSD.integer)
    if re.fullmatch(r"[+-]?[0-9]*\.[0-9]+", text):
        return Literal(text, datatype=XSD.decimal)
    if re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+", text):
        return Literal(text, datatype=XSD.double)
    match = _TERM.match(text)
    if not match:
        raise ValueError(f"not a TSV term: {text!r}")
    value, language, datatype = match.groups()
    value = _unescape(value)
    if language:
        return Literal(value, lang=language)
    return Literal(value, datatype=URIRef(datatype) if datatype and datatype != str(XSD.string) else None)


def read_golden(path: Path) -> Answer:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    if not all(name.startswith("?") for name in header):
        raise ValueError(f"{path}: the first line must name the columns as ?var")
    names = [name[1:] for name in header]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(names):
            raise ValueError(f"{path}:{number}: {len(cells)} cells for {len(names)} columns")
        rows.append(tuple(parse_term(cell) for cell in cells))
    return Answer("SELECT", names, rows)


def golden_path(name: str) -> Path:
    return GOLDEN_DIR / f"{name}.tsv"


def write_golden(stored: catalogue.StoredQuery) -> Path:
    path = golden_path(stored.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(sparql.execute(store("memory"), stored.query, stored.bind()), "tsv"), encoding="utf-8")
    return path


# --- the tests ----------------------------------------------------------------------------------

def test_there_are_enough_stored_queries():
    assert len(NAMES) >= MINIMUM_QUERIES, f"only {len(NAMES)} stored queries: {NAMES}"


def test_the_timeline_query_exists():
    assert "timeline" in NAMES  # the README's first command runs it


@pytest.mark.parametrize("name", NAMES)
def test_header(name):
    stored = QUERIES[name]
    assert stored.path.read_text(encoding="utf-8").startswith("#+ summary:"), "the file opens with its summary"
    assert stored.summary and "\n" not in stored.summary
    assert stored.description, "say what each column means in the description"
    assert stored.tags
    used = stored.query.shape.variables
    body = code(stored.text)
    for param in stored.params:
        assert param in used
        # A parameter arrives bound; binding it again in the query is an error in SPARQL.
        assert not re.search(rf"\bAS\s+\?{param}\b", body, re.IGNORECASE), f"?{param} is re-bound"
        # pyoxigraph 0.5 keeps BOUND(?x) false for a substituted ?x: test an unset parameter with
        # COALESCE(comparison, true) instead, which both engines agree on.
        assert not re.search(rf"BOUND\s*\(\s*\?{param}\s*\)", body, re.IGNORECASE), \
            f"BOUND(?{param}) differs between engines"
        assert stored.params[param].description, f"describe the parameter {param!r}"


@pytest.mark.parametrize("name", NAMES)
def test_parameters_are_columns(name):
    """pyoxigraph substitutes only variables of the SELECT clause, so every parameter is a column."""
    stored = QUERIES[name]
    projected = [str(v) for v in algebra(stored).get("PV", [])]
    assert set(stored.params) <= set(projected), f"project ?{', ?'.join(set(stored.params) - set(projected))}"


@pytest.mark.parametrize("name", NAMES)
def test_prefixes_are_declared_in_the_file(name):
    """Plain SPARQL 1.1: no reliance on the project's predeclared prefixes (checked by pyoxigraph too)."""
    text = QUERIES[name].text
    body = code(text)
    body = re.sub(r'"(?:[^"\\\n]|\\.)*"|<[^<>\s"]*>', "", body)  # strings and IRIs hold no prefixed names
    body = re.sub(r"#.*", "", body)  # nor do comments at the end of a line
    declared = set(re.findall(r"PREFIX\s+([A-Za-z][\w.-]*)?:", text, re.IGNORECASE))
    used = set(re.findall(r"(?<![\w?$:./-])([A-Za-z][\w.-]*)?:[A-Za-z_0-9]", body))
    assert used <= declared, f"undeclared prefixes: {sorted(used - declared)}"


@pytest.mark.parametrize("name", NAMES)
def test_default_answer_is_not_empty(name):
    answer = run_rdflib(QUERIES[name], QUERIES[name].bind())
    assert answer.bindings, "the query returns no rows with its defaults"


@pytest.mark.parametrize("name", NAMES)
def test_golden_results(name):
    stored = QUERIES[name]
    if os.environ.get("UPDATE_GOLDEN"):
        write_golden(stored)
    path = golden_path(name)
    assert path.is_file(), f"no golden file {path.relative_to(ROOT)}; see this file's docstring to create it"
    ok, why = same_rows(stored, run_rdflib(stored, stored.bind()), read_golden(path))
    assert ok, f"{name} no longer gives {path.relative_to(ROOT)}:\n{why}"


def test_every_golden_file_has_its_query():
    orphans = sorted(p.stem for p in GOLDEN_DIR.glob("*.tsv") if p.stem not in QUERIES)
    assert not orphans


@pytest.mark.parametrize("kind", OTHER_STORES)
@pytest.mark.parametrize("name", NAMES)
def test_every_store_agrees(name, kind):
    stored = QUERIES[name]
    bindings = stored.bind()
    ok, why = same_rows(stored, run_rdflib(stored, bindings), run_on(kind, stored, bindings))
    assert ok, f"rdflib and {kind} disagree on {name}:\n{why}"


def _restriction_cases() -> list[tuple[str, str]]:
    return [(name, param) for name in NAMES for param, spec in QUERIES[name].params.items()
            if spec.default is not None]


@pytest.mark.parametrize("name,param", _restriction_cases())
def test_a_bound_parameter_restricts(name, param):
    """Bound before evaluation, a parameter keeps exactly the rows the unbound query has for it."""
    stored = QUERIES[name]
    bindings = stored.bind()
    bound = run_rdflib(stored, bindings)
    if param not in bound.variables:
        pytest.skip(f"?{param} is not a column of {name}")
    unbound_bindings = {k: v for k, v in bindings.items() if k != param}
    column = bound.variables.index(param)
    value = to_rdflib(bindings[param])
    if not any(row[column] is not None for row in run_rdflib(stored, unbound_bindings).bindings):
        pytest.skip(f"?{param} only repeats the parameter (empty when not given): nothing to restrict")
    for kind in ("memory", *OTHER_STORES):
        unbound = run_on(kind, stored, unbound_bindings)
        kept = Answer("SELECT", unbound.variables, [row for row in unbound.bindings if row[column] == value])
        assert Counter(normal_rows(stored, bound)) == Counter(normal_rows(stored, kept)), kind


@pytest.mark.parametrize("name,values", PARAM_CASES, ids=[f"{n}-{'-'.join(v.values())}" for n, v in PARAM_CASES])
def test_parameter_cases(name, values):
    stored = QUERIES[name]
    bindings = stored.bind(values)
    left = run_rdflib(stored, bindings)
    assert left.bindings, f"{name} with {values} returns no rows"
    for kind in OTHER_STORES:
        ok, why = same_rows(stored, left, run_on(kind, stored, bindings))
        assert ok, f"rdflib and {kind} disagree on {name} with {values}:\n{why}"


def test_golden_tsv_round_trips():
    """The golden reader reads back what the TSV writer writes, escapes included."""
    answer = Answer("SELECT", ["a", "b", "c", "d"], [
        (URIRef("https://w3id.org/nj-graph/id/japan"), Literal('say "hi"\tnow\n', lang="en"),
         Literal("52000000", datatype=XSD.decimal), None),
        (Literal(5), Literal(True), Literal("2013-04", datatype=XSD.gYearMonth), Literal("x\\y")),
    ])
    from nj_graph.store.rdflib_terms import to_oxigraph

    path_text = render(Answer("SELECT", answer.variables,
                              [tuple(to_oxigraph(t) for t in row) for row in answer.bindings]), "tsv")
    assert "\t" in path_text.splitlines()[1]
    lines = path_text.rstrip("\n").split("\n")
    parsed = [tuple(parse_term(cell) for cell in line.split("\t")) for line in lines[1:]]
    assert [tuple(normal(t) for t in row) for row in parsed] == \
        [tuple(normal(t) for t in row) for row in answer.bindings]


# --- answers that must not depend on reasoning ----------------------------------------------------

REASONING = ("none", "rdfs", "owl-rl")
PLEDGE = "https://w3id.org/nj-graph/id/contribution/japan-afghanistan-development-pledge"


@pytest.fixture(scope="module")
def closed_graphs(tmp_path_factory) -> dict[str, Graph]:
    """The shipped graph under each reasoning mode, closures cached in a folder of this run."""
    cache = tmp_path_factory.mktemp("closures")
    return {mode: nj_graph.load_graph(reasoning=mode, cache_dir=cache) for mode in REASONING}


def _rows(name: str, graph: Graph, params: dict | None = None) -> list[dict]:
    return nj_graph.run_query(name, params, graph=graph, queries_dir=QUERIES_DIR)


@pytest.mark.parametrize("mode", REASONING)
def test_a_pledge_is_not_a_contribution_under_any_reasoning(closed_graphs, mode):
    """Regression: nj:Pledge was a subclass of nj:Contribution, so under RDFS the US$5 billion
    promise became money given to any query that asked for contributions."""
    graph = closed_graphs[mode]
    assert nj_graph.run_sparql(f"ASK {{ <{PLEDGE}> a/rdfs:subClassOf* nj:Support }}", graph=graph)
    assert not nj_graph.run_sparql(f"ASK {{ <{PLEDGE}> a/rdfs:subClassOf* nj:Contribution }}", graph=graph)
    given = nj_graph.run_sparql("SELECT (SUM(?amount) AS ?sum) WHERE { ?c nj:amount ?amount . "
                                "FILTER EXISTS { ?c a/rdfs:subClassOf* nj:Contribution } }",
                                graph=graph)
    assert given[0]["sum"] == Decimal("92000000")


@pytest.mark.parametrize("mode", REASONING)
def test_contribution_totals_leave_the_pledge_out_and_say_what_they_cannot_count(closed_graphs, mode):
    [japan] = _rows("contribution-totals", closed_graphs[mode])
    assert japan["currency"] == "USD"
    # 52 + 20 + 20 million exactly, and the LOFTA donations at most 600 million
    assert japan["total"] == Decimal("692000000") and japan["exactTotal"] == Decimal("92000000")
    assert japan["upperBound"] is True and japan["approximate"] is False
    assert japan["counted"] == 4
    assert japan["withoutAmount"] == 11  # "valuable contributions", "support", ...: no sum given
    assert "pledge" not in japan["contributions"]


@pytest.mark.parametrize("mode", REASONING)
def test_the_pledge_is_pledged_not_given(closed_graphs, mode):
    rows = [row for row in _rows("pledges-and-contributions", closed_graphs[mode]) if str(row["contribution"]) == PLEDGE]
    assert [row["stance"] for row in rows] == ["pledged"]
    [listed] = [row for row in _rows("contributions-by-fund", closed_graphs[mode]) if str(row["contribution"]) == PLEDGE]
    assert listed["kind"] == "pledge" and listed["amount"] == Decimal("5000000000") and listed["upperBound"] is False


@pytest.mark.parametrize("name", ["contribution-totals", "contributions-by-fund", "pledges-and-contributions",
                                  "funds-and-beneficiaries", "events-by-participant"])
@pytest.mark.parametrize("mode", ["rdfs", "owl-rl"])
def test_reasoning_does_not_change_the_answer(closed_graphs, name, mode):
    stored = QUERIES[name]
    plain = as_rdflib(sparql.execute(MemoryStore(closed_graphs["none"]), stored.query, stored.bind()))
    closed = as_rdflib(sparql.execute(MemoryStore(closed_graphs[mode]), stored.query, stored.bind()))
    ok, why = same_rows(stored, plain, closed)
    assert ok, f"{name} answers differently under --reasoning {mode}:\n{why}"


@pytest.mark.parametrize("agent, event, via", [
    # tied to Japan only by the post the person holds
    ("njr:japan", "2007-01-shinzo-abe-address-to-the-north-atlantic-council", "through Shinzo Abe, Prime Minister of Japan"),
    ("njr:japan", "2011-05-takeaki-matsumoto-visit-to-nato-headquarters",
     "through Takeaki Matsumoto, Foreign Minister of Japan"),
    ("njr:nato", "2013-04-secretary-general-visit-to-japan", "through Anders Fogh Rasmussen, NATO Secretary General"),
    # named by the source only by a post in NATO
    ("njr:nato", "2005-04-secretary-general-visit-to-tokyo", "through the post NATO Secretary General"),
    # still found through a part or member, and directly
    ("njr:japan", "gulf-of-aden-counter-piracy-assistance", "through Maritime Self Defence Force of Japan"),
    ("njr:anders-fogh-rasmussen", "2013-04-talks-with-shinzo-abe", "directly"),
])
def test_events_by_participant_follows_posts(closed_graphs, agent, event, via):
    rows = _rows("events-by-participant", closed_graphs["none"], {"agent": agent})
    found = {(str(row["event"]).rsplit("/", 1)[-1], row["via"]) for row in rows}
    assert (event, via) in found, sorted(found)


def test_a_post_ties_its_holder_to_its_organisation_only():
    """Shinzo Abe holds a post in Japan, not in NATO: his address is not one of NATO's events."""
    rows = _rows("events-by-participant", nj_graph.load_graph(), {"agent": "njr:nato"})
    assert not [row for row in rows if str(row["event"]).endswith("shinzo-abe-address-to-the-north-atlantic-council")]


# --- regenerating -------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    if not argv or argv[0] != "--regenerate":
        print(__doc__)
        return 2
    names = argv[1:] or NAMES
    for name in names:
        if name not in QUERIES:
            print(f"no stored query named {name!r}", file=sys.stderr)
            return 2
        path = write_golden(QUERIES[name])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
