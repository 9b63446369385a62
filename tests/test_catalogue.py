"""Stored queries: headers are read strictly, names are found (or the closest suggested), answers run."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode
from rdflib import URIRef

from nj_graph.core.errors import ParameterError, QuerySyntaxError, UnknownQueryError, UserInputError
from nj_graph.core.prefixes import PREFIXES
from nj_graph.query import catalogue
from nj_graph.query.results import to_python
from nj_graph.core.shipped import SHIPPED
from nj_graph.store.base import open_store

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = FIXTURES / "queries"
EX = "http://example.org/nj-test/"


XSD = PREFIXES["xsd"]


def nj(name: str) -> NamedNode:
    return NamedNode(PREFIXES["nj"] + name)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request):
    return open_store(request.param, extra=[FIXTURES / "data.ttl"])


def rows(answer) -> list[dict]:
    return [{name: to_python(term) for name, term in zip(answer.variables, row)} for row in answer.bindings]


def write(tmp_path: Path, text: str, name: str = "broken") -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


# --- reading headers ---------------------------------------------------------------------------

def test_a_header_is_read():
    stored = catalogue.read_query(QUERIES / "labels.rq")
    assert stored.name == "labels"
    assert stored.summary == "Resources and their English labels"
    assert stored.description.startswith("Fixture resources")
    assert stored.tags == ("fixture",)
    kind = stored.params["kind"]
    assert (kind.type, kind.default, kind.required) == ("iri", nj("Visit"), False)
    assert kind.enum == (nj("Visit"), nj("Meeting"), nj("Contribution"), nj("Fund"))  # CURIEs and full IRIs
    assert stored.params["limit"].default is None


def test_yaml_scalars_become_typed_defaults():
    params = catalogue.read_query(QUERIES / "contributions.rq").params
    assert params["minimum"].default == Literal("0", datatype=NamedNode(XSD + "decimal"))
    assert to_python(params["minimum"].default) == Decimal("0")
    assert params["currency"].enum == (Literal("USD"), Literal("EUR"), Literal("JPY"))


def test_every_fixture_query_is_listed_in_name_order():
    names = [q.name for q in catalogue.list_queries(QUERIES)]
    assert names == sorted(names) and {"labels", "hostile", "about"} <= set(names)


@pytest.mark.parametrize("path", sorted((SHIPPED.queries_dir).glob("*.rq")), ids=lambda p: p.stem)
def test_every_shipped_query_has_a_valid_header(path):
    stored = catalogue.read_query(path)
    assert stored.summary and stored.name == path.stem


BROKEN = [
    # (file text, expected line, words in the message)
    ("SELECT * { ?s ?p ?o }\n", 1, "no #+ header"),
    ("#+ summary: [unclosed\nSELECT * { ?s ?p ?o }\n", 1, "not valid YAML"),
    ("#+ summary: ok\n#+   bad indent: x\nSELECT * { ?s ?p ?o }\n", 2, "not valid YAML"),
    ("#+ description: no summary\nSELECT * { ?s ?p ?o }\n", 1, "needs a one-line 'summary'"),
    ("#+ summary: ok\n#+ sumary: typo\nSELECT * { ?s ?p ?o }\n", 2, "unknown header key 'sumary'; did you mean 'summary'"),
    ("#+ summary: ok\n#+ tags: just-a-word\nSELECT * { ?s ?p ?o }\n", 2, "'tags' must be a list"),
    ("#+ summary: ok\n#+ params:\n#+   year: {type: date}\nSELECT * { ?s ?p ?o }\n", 3,
     "'year' is declared but the query never uses ?year"),
    ("#+ summary: ok\n#+ params:\n#+   s: {type: number}\nSELECT * { ?s ?p ?o }\n", 3, "'type' must be one of"),
    ("#+ summary: ok\n#+ params:\n#+   s: {type: iri, default: japan}\nSELECT * { ?s ?p ?o }\n", 3,
     "in the header: parameter 's'"),
    ("#+ summary: ok\n#+ params:\n#+   s: {type: iri, default: njr:a, enum: [njr:b]}\nSELECT * { ?s ?p ?o }\n", 3,
     "default is not one of its enum values"),
    ("#+ summary: ok\n#+ params:\n#+   s: {type: iri, default: njr:a, required: true}\nSELECT * { ?s ?p ?o }\n", 3,
     "a required parameter has no default"),
    ("#+ summary: ok\n#+ params:\n#+   s: {type: iri, defualt: njr:a}\nSELECT * { ?s ?p ?o }\n", 3,
     "unknown key 'defualt'"),
    ("#+ summary: ok\n#+ params:\n#+   s-1: {type: iri}\nSELECT * { ?s ?p ?o }\n", 3, "not a SPARQL variable name"),
    ("#+ summary: ok\n#+ params: [s]\nSELECT * { ?s ?p ?o }\n", 2, "'params' must map"),
    ("#+ summary: ok\nSELECT * { ?s ?p ?o }\n#+ tags: [late]\n", 3, "must come before the query"),
    ("#+ summary: ok\n#+ params:\n#+   n: {type: integer}\nSELECT (COUNT(?s) AS ?n) { ?s ?p ?o }\n", 3,
     "also assigns with AS ?n"),
    ("#+ summary: ok\n#+ params:\n#+   t: {type: string}\nSELECT ?t { ?s ?p ?o BIND(STR(?o) AS ?t) }\n", 3,
     "also assigns with AS ?t"),
]


@pytest.mark.parametrize(("text", "line", "says"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_a_broken_header_is_an_error_with_file_and_line(tmp_path, text, line, says):
    path = write(tmp_path, text)
    with pytest.raises(UserInputError) as error:
        catalogue.read_query(path)
    assert says in error.value.message
    assert (error.value.file, error.value.line) == (str(path), line)


def test_a_syntax_error_in_the_body_is_placed_in_the_file(tmp_path):
    path = write(tmp_path, "#+ summary: ok\n#+ tags: [x]\nSELECT ?s\nWHERE {\n  ?s ?p ?o\n  FILTER( }\n")
    with pytest.raises(QuerySyntaxError) as error:
        catalogue.read_query(path)
    assert (error.value.file, error.value.line, error.value.column) == (str(path), 6, 11)


def test_a_broken_query_breaks_the_listing(tmp_path):
    write(tmp_path, "#+ summary: fine\nASK {}\n", "fine")
    write(tmp_path, "SELECT * {}\n", "headless")
    with pytest.raises(UserInputError, match=r"no #\+ header"):
        catalogue.list_queries(tmp_path)


def test_a_stored_query_may_not_reach_out(tmp_path):
    write(tmp_path, "#+ summary: remote\nSELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n")
    with pytest.raises(QuerySyntaxError, match="SERVICE is not allowed"):
        catalogue.read_query(tmp_path / "broken.rq")


# --- finding queries -----------------------------------------------------------------------------

def test_an_unknown_name_suggests_the_closest():
    with pytest.raises(UnknownQueryError, match="no stored query named 'lables'; did you mean labels"):
        catalogue.get_query("lables", QUERIES)


def test_an_unknown_name_without_close_matches_points_to_the_listing():
    with pytest.raises(UnknownQueryError, match=r"'zzz' \(see 'nj-graph queries'\)"):
        catalogue.get_query("zzz", QUERIES)


@pytest.mark.parametrize("name", ["../fixtures/queries/labels", "/etc/passwd", "labels.rq/..", ".hidden", ""])
def test_a_name_is_never_a_path(name):
    with pytest.raises(UnknownQueryError):
        catalogue.get_query(name, QUERIES)


def test_the_shipped_folder_is_the_default():
    assert catalogue.queries_dir() == SHIPPED.queries_dir


# --- answers -----------------------------------------------------------------------------------

def test_defaults_apply(store):
    answer = catalogue.answer("labels", {}, store=store, folder=QUERIES)
    assert rows(answer) == [{"thing": URIRef(EX + "tokyo-visit"), "label": "Tokyo visit"}]


def test_an_iri_parameter_selects(store):
    answer = catalogue.answer("labels", {"kind": "nj:Meeting", "limit": "8"}, store=store, folder=QUERIES)
    assert rows(answer) == [{"thing": URIRef(EX + "brussels-meeting"), "label": "Brussels"}]


def test_decimal_and_string_parameters_filter(store):
    def found(**params):
        return [r["contribution"] for r in rows(catalogue.answer("contributions", params, store=store, folder=QUERIES))]

    assert found() == [URIRef(EX + "large-gift")]
    assert found(currency="EUR") == [URIRef(EX + "small-gift")]
    assert found(currency="EUR", minimum="1500.51") == []


def test_a_date_parameter_matches_its_own_datatype(store):
    def ask(when):
        return catalogue.answer("dated", {"when": when}, store=store, folder=QUERIES).boolean

    assert ask("2013-04") is True
    assert ask("2014-05-06") is True
    assert ask("2013") is False


def test_a_construct_query_gives_a_graph(store):
    answer = catalogue.answer("about", {"resource": EX + "tokyo-visit"}, store=store, folder=QUERIES)
    assert answer.kind == "CONSTRUCT" and len(answer.triples) == 3


def test_parameters_are_checked_before_running(store):
    with pytest.raises(ParameterError, match="needs parameter resource"):
        catalogue.answer("about", {}, store=store, folder=QUERIES)


# --- remembered reads --------------------------------------------------------------------------

def test_an_unchanged_query_is_not_read_again(tmp_path, monkeypatch):
    path = write(tmp_path, "#+ summary: first\nASK { ?s ?p ?o }\n", "remembered")
    assert catalogue.read_query(path).summary == "first"
    from nj_graph.query import lexer

    monkeypatch.setattr(lexer, "inspect", lambda *a, **k: pytest.fail("a remembered query was tokenized again"))
    again = catalogue.read_query(path)
    assert again.summary == "first" and again.query.form == "ASK"


def test_a_changed_query_is_read_afresh(tmp_path):
    path = write(tmp_path, "#+ summary: first\nASK { ?s ?p ?o }\n", "changing")
    catalogue.read_query(path)
    path.write_text("#+ summary: second, longer\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    changed = catalogue.read_query(path)
    assert (changed.summary, changed.query.form) == ("second, longer", "SELECT")


def test_a_broken_query_is_never_remembered_as_good(tmp_path):
    path = write(tmp_path, "#+ summary: fine\nASK { ?s ?p ?o }\n", "breaking")
    catalogue.read_query(path)
    path.write_text("#+ summary: fine\nASK { ?s ?p ?o \n", encoding="utf-8")
    with pytest.raises(QuerySyntaxError):
        catalogue.read_query(path)


def test_a_damaged_memory_is_ignored(tmp_path, cache_of_this_run):
    path = write(tmp_path, "#+ summary: fine\nASK { ?s ?p ?o }\n", "damaged")
    catalogue.read_query(path)
    for record in (cache_of_this_run / "queries").glob("damaged-*.json"):
        record.write_text("{ not json", encoding="utf-8")
    assert catalogue.read_query(path).summary == "fine"

