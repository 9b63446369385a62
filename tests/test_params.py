"""Typed parameter values: each type's accepted and refused forms, enums, unknown and missing names."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from nj_graph.core.errors import ParameterError
from nj_graph.query.params import Param, bind, expand_iri, to_term
from nj_graph.store.rdflib_terms import to_oxigraph, to_rdflib

# Terms are pyoxigraph's; the expectations below are written as rdflib terms, for reading, and
# compared through the one converter.

NJR = "https://w3id.org/nj-graph/id/"


@pytest.mark.parametrize(("type_", "text", "term"), [
    ("iri", "njr:japan", URIRef(NJR + "japan")),
    ("iri", "njr:event/2013-04-visit", URIRef(NJR + "event/2013-04-visit")),
    ("iri", "http://example.org/a#b", URIRef("http://example.org/a#b")),
    ("iri", "https://w3id.org/nj-graph/id/nato", URIRef(NJR + "nato")),
    ("iri", "<https://w3id.org/nj-graph/id/place/tokyo>", URIRef(NJR + "place/tokyo")),  # as the table prints it
    ("string", "Japan", Literal("Japan")),
    ("string", "", Literal("")),
    ("date", "2013-04-12", Literal("2013-04-12", datatype=XSD.date)),
    ("date", "2013-04", Literal("2013-04", datatype=XSD.gYearMonth)),
    ("date", "2013", Literal("2013", datatype=XSD.gYear)),
    ("integer", "-12", Literal(-12)),
    ("integer", "+7", Literal(7)),
    ("decimal", "52000000", Literal(Decimal("52000000"), datatype=XSD.decimal)),
    ("decimal", "1500.50", Literal(Decimal("1500.50"), datatype=XSD.decimal)),
    ("decimal", ".5", Literal(Decimal("0.5"), datatype=XSD.decimal)),
    ("boolean", "true", Literal(True)),
    ("boolean", "FALSE", Literal(False)),
    ("boolean", "1", Literal(True)),
])
def test_accepted_text(type_, text, term):
    got = to_rdflib(to_term(type_, text, name="p"))
    assert got == term and type(got) is type(term)


@pytest.mark.parametrize(("type_", "text", "says"), [
    ("iri", "japan", "neither an http(s) IRI nor a CURIE"),
    ("iri", "foo:japan", "unknown prefix 'foo:'"),
    ("iri", "ftp://example.org/a", "not an absolute http(s) IRI"),
    ("iri", "file:///etc/passwd", "not an absolute http(s) IRI"),
    ("iri", "http://", "not an absolute http(s) IRI"),
    ("iri", "", "may not be empty"),
    ("iri", "njr:ja pan", "contains ' '"),
    ("iri", "njr:japan\n", "contains '\\n'"),
    ("iri", "http://example.org/a>", "contains '>'"),
    ("iri", "<http://example.org/a>>", "contains '>'"),
    ("iri", "<njr:japan>", "contains '<'"),
    ("iri", "njr:a{b}", "contains '{'"),
    ("iri", "njr:a|b", "contains '|'"),
    ("iri", "njr:a^b", "contains '^'"),
    ("iri", "njr:a`b", "contains '`'"),
    ("iri", "njr:a\\b", "contains '\\\\'"),
    ("date", "2013-13", "not a date"),
    ("date", "2013-02-30", "not a date"),
    ("date", "13", "not a date"),
    ("date", "April 2013", "not a date"),
    ("date", "2013-04-05T00:00:00", "not a date"),
    ("integer", "1.5", "not an integer"),
    ("integer", "1e3", "not an integer"),
    ("integer", "", "not an integer"),
    ("integer", "9" * 5000, "not an integer"),
    ("decimal", "1e3", "not a decimal"),
    ("decimal", "NaN", "not a decimal"),
    ("decimal", "1,5", "not a decimal"),
    ("boolean", "yes", "not a boolean"),
])
def test_refused_text_names_the_parameter(type_, text, says):
    with pytest.raises(ParameterError) as error:
        to_term(type_, text, name="when")
    assert error.value.message.startswith("parameter 'when': ")
    assert says in error.value.message


@pytest.mark.parametrize(("type_", "value", "term"), [
    ("integer", 3, Literal(3)),
    ("decimal", Decimal("2.50"), Literal(Decimal("2.50"), datatype=XSD.decimal)),
    ("decimal", 4, Literal(Decimal("4"), datatype=XSD.decimal)),
    ("boolean", True, Literal(True)),
    ("date", datetime.date(2013, 4, 12), Literal("2013-04-12", datatype=XSD.date)),
    ("iri", URIRef(NJR + "japan"), URIRef(NJR + "japan")),
    ("string", Literal("Japan", lang="en"), Literal("Japan", lang="en")),
    ("date", Literal("2013", datatype=XSD.gYear), Literal("2013", datatype=XSD.gYear)),
])
def test_python_values_of_the_right_kind_are_taken(type_, value, term):
    assert to_rdflib(to_term(type_, value, name="p")) == term


@pytest.mark.parametrize(("type_", "value"), [
    ("integer", True),  # a bool is an int to Python, not to a query
    ("integer", 1.5),
    ("date", datetime.datetime(2013, 4, 12, 10, 0)),
    ("iri", Literal("njr:japan")),
    ("string", URIRef(NJR + "japan")),
    ("iri", URIRef("urn:x:y")),
    ("date", Literal("2013", datatype=XSD.date)),
    ("integer", Literal("x", datatype=XSD.integer)),
])
def test_python_values_of_the_wrong_kind_are_refused(type_, value):
    with pytest.raises(ParameterError, match="parameter 'p'"):
        to_term(type_, value, name="p")


PARAMS = {
    "kind": Param("kind", "iri", default=to_oxigraph(URIRef(NJR + "visit")),
                  enum=(to_oxigraph(URIRef(NJR + "visit")), to_oxigraph(URIRef(NJR + "meeting")))),
    "year": Param("year", "date", required=True),
    "note": Param("note", "string"),
}


def test_defaults_fill_in_and_optional_parameters_stay_unbound():
    assert {k: to_rdflib(v) for k, v in bind(PARAMS, {"year": "2013"}, query="q").items()} == {
        "kind": URIRef(NJR + "visit"), "year": Literal("2013", datatype=XSD.gYear)}


def test_an_enum_admits_only_its_values():
    assert to_rdflib(bind(PARAMS, {"year": "2013", "kind": "njr:meeting"}, query="q")["kind"]) == URIRef(NJR + "meeting")
    with pytest.raises(ParameterError, match="parameter 'kind': njr:summit is not one of njr:visit, njr:meeting"):
        bind(PARAMS, {"year": "2013", "kind": "njr:summit"}, query="q")


def test_missing_required_parameters_are_named():
    with pytest.raises(ParameterError, match=r"query 'q' needs parameter year \(date\)"):
        bind(PARAMS, {}, query="q")


def test_unknown_parameters_are_refused_with_a_suggestion():
    with pytest.raises(ParameterError, match="no parameter 'kinds'; did you mean 'kind'"):
        bind(PARAMS, {"year": "2013", "kinds": "x"}, query="q")


def test_expand_iri_uses_the_one_prefix_map():
    from nj_graph.core.namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        assert to_rdflib(expand_iri(f"{prefix}:x")) == URIRef(namespace + "x")
