"""Typed parameters of stored queries: turn a user's value into one checked RDF term.

A value becomes an RDF term here and reaches the query only as a binding (`nj_graph.query.sparql`);
it is never pasted into query text. The checks are strict on purpose: an IRI must be an absolute
http(s) IRI or a CURIE with a known prefix and contain none of the characters SPARQL forbids in
IRIs (space, controls, ``<>"{}|^`\\``), a date must be an xsd:date, gYearMonth or gYear, numbers
must be numbers, and an enumeration admits only its values.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from pyoxigraph import Literal, NamedNode

from .answer import Term as Node

from ..core.errors import ParameterError
from ..core.suggest import close_matches
from ..core.prefixes import PREFIXES

#: The parameter types a stored query may declare.
TYPES: tuple[str, ...] = ("iri", "string", "date", "integer", "decimal", "boolean")

#: What SPARQL's IRIREF production excludes: controls, space and <>"{}|^`\ .
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*)?:(.+)$", re.DOTALL)
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_YEAR_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_YEAR = re.compile(r"^[0-9]{4}$")
_BOOLEAN = {"true": True, "false": False, "1": True, "0": False}

_XSD = "http://www.w3.org/2001/XMLSchema#"


class XSD:
    """The XML Schema datatypes parameters are typed with."""

    string = NamedNode(_XSD + "string")
    date = NamedNode(_XSD + "date")
    gYearMonth = NamedNode(_XSD + "gYearMonth")
    gYear = NamedNode(_XSD + "gYear")
    integer = NamedNode(_XSD + "integer")
    decimal = NamedNode(_XSD + "decimal")
    boolean = NamedNode(_XSD + "boolean")


@dataclass(frozen=True)
class Param:
    """One declared parameter: it binds the SPARQL variable of the same name."""

    name: str
    type: str = "string"
    default: Node | None = None
    description: str = ""
    enum: tuple[Node, ...] = ()
    required: bool = False


def expand_iri(text: str, *, name: str = "iri") -> NamedNode:
    """An absolute http(s) IRI, bare or in `<...>`, or a CURIE over the project prefix map, as a NamedNode.

    Both the forms the command line prints names in (`nj_graph.core.prefixes.curie`) are read back.

    >>> expand_iri("njr:japan")
    <NamedNode value=https://w3id.org/nj-graph/id/japan>
    >>> expand_iri("https://example.org/a")
    <NamedNode value=https://example.org/a>
    >>> expand_iri("<https://w3id.org/nj-graph/id/place/tokyo>")
    <NamedNode value=https://w3id.org/nj-graph/id/place/tokyo>
    >>> expand_iri('<http://x> } UNION { ?s ?p ?o', name="thing")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.ParameterError: parameter 'thing': not an IRI: '<http://x> } UNION { ?s ?p ?o' contains '<' (IRIs may not contain spaces, controls or <>"{}|^`\\)
    """
    if text.startswith("<") and text.endswith(">") and "://" in text:
        text = text[1:-1]  # the inside is checked like any IRI: one more `<` or `>` is refused
    found = _IRI_FORBIDDEN.search(text)
    if found:
        raise ParameterError(f"parameter {name!r}: not an IRI: {text!r} contains {found.group()!r} "
                             '(IRIs may not contain spaces, controls or <>"{}|^`\\)')
    if not text:
        raise ParameterError(f"parameter {name!r}: an IRI may not be empty")
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ParameterError(f"parameter {name!r}: {text!r} is not an absolute http(s) IRI")
        return NamedNode(text)
    match = _CURIE.match(text)
    if not match:
        raise ParameterError(f"parameter {name!r}: {text!r} is neither an http(s) IRI nor a CURIE like njr:japan")
    prefix, local = match.group(1) or "", match.group(2)
    if prefix not in PREFIXES:
        raise ParameterError(f"parameter {name!r}: unknown prefix {prefix + ':'!r} in {text!r} "
                             f"(known: {', '.join(p + ':' for p in PREFIXES)})")
    return NamedNode(PREFIXES[prefix] + local)


def _date(text: str, name: str) -> Literal:
    try:
        if _DATE.match(text):
            datetime.date.fromisoformat(text)
            return Literal(text, datatype=XSD.date)
        match = _YEAR_MONTH.match(text)
        if match and 1 <= int(match.group(2)) <= 12:
            return Literal(text, datatype=XSD.gYearMonth)
        if _YEAR.match(text):
            return Literal(text, datatype=XSD.gYear)
    except ValueError:
        pass
    raise ParameterError(f"parameter {name!r}: {text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


def _from_text(type_: str, text: str, name: str) -> Node:
    if type_ == "iri":
        return expand_iri(text, name=name)
    if type_ == "string":
        return Literal(text)
    if type_ == "date":
        return _date(text, name)
    if type_ == "integer" and _INTEGER.match(text):
        try:
            return Literal(str(int(text)), datatype=XSD.integer)
        except ValueError:  # more digits than Python converts
            pass
    if type_ == "decimal" and _DECIMAL.match(text):
        try:
            return Literal(_decimal_lexical(Decimal(text)), datatype=XSD.decimal)
        except InvalidOperation:
            pass
    if type_ == "boolean" and text.lower() in _BOOLEAN:
        return Literal("true" if _BOOLEAN[text.lower()] else "false", datatype=XSD.boolean)
    if type_ not in TYPES:
        raise ParameterError(f"parameter {name!r}: unknown type {type_!r} (choose from {', '.join(TYPES)})")
    article = "an" if type_[0] in "aeiou" else "a"
    raise ParameterError(f"parameter {name!r}: {text!r} is not {article} {type_}")


def _decimal_lexical(value: Decimal) -> str:
    """A decimal's lexical form without an exponent (xsd:decimal has none)."""
    text = format(value, "f")
    return text


def _from_rdflib(value: object) -> object:
    """An rdflib term a Python caller passed, as a pyoxigraph term; anything else as it is."""
    if type(value).__module__.startswith("rdflib."):
        from ..store.rdflib_terms import to_oxigraph

        return to_oxigraph(value)
    return value


def to_term(type_: str, value: object, *, name: str) -> Node:
    """Check `value` against `type_` and return it as an RDF term.

    Text (what the command line gives) is parsed; Python values of the matching kind are taken
    as they are (int, Decimal, float, bool, datetime.date, and terms of pyoxigraph or rdflib).

    >>> to_term("date", "2013-04", name="month")
    <Literal value=2013-04 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYearMonth>>
    >>> to_term("integer", "12 OR 1=1", name="limit")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.ParameterError: parameter 'limit': '12 OR 1=1' is not an integer
    """
    value = _from_rdflib(value)
    if isinstance(value, str):
        return _from_text(type_, value, name)
    if type_ == "iri" and isinstance(value, NamedNode):
        return expand_iri(value.value, name=name)
    if isinstance(value, Literal):
        return _checked_literal(type_, value, name)
    if type_ == "boolean" and isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, bool):
        pass  # bool is an int subclass; True is not a number here
    elif type_ == "integer" and isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    elif type_ == "decimal" and isinstance(value, (int, float, Decimal)):
        return Literal(_decimal_lexical(Decimal(str(value))), datatype=XSD.decimal)
    elif type_ == "date" and isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return Literal(value.isoformat(), datatype=XSD.date)
    raise ParameterError(f"parameter {name!r}: {value!r} ({type(value).__name__}) is not a valid {type_}")


_LITERAL_TYPES = {
    "string": (XSD.string, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")),
    "date": (XSD.date, XSD.gYearMonth, XSD.gYear),
    "integer": (XSD.integer,),
    "decimal": (XSD.decimal,),
    "boolean": (XSD.boolean,),
}


def _checked_literal(type_: str, value: Literal, name: str) -> Literal:
    """A Literal passed from Python: its datatype must fit, and its lexical form must check out."""
    if value.datatype not in _LITERAL_TYPES.get(type_, ()):
        raise ParameterError(f"parameter {name!r}: {value} is not a {type_} literal")
    if type_ == "string":
        return value  # may carry a language tag, which a string parameter accepts
    checked = _from_text(type_, value.value, name)
    if type_ == "date" and checked.datatype != value.datatype:
        raise ParameterError(f"parameter {name!r}: {value.value!r} is not a valid {value.datatype.value}")
    return checked


def bind(params: Mapping[str, Param], values: Mapping[str, object], *, query: str) -> dict[str, Node]:
    """Checked terms for every parameter that has a value or a default; `query` names errors.

    Unknown names are refused with the closest declared name; missing required ones are named.
    A parameter with neither value nor default (and not required) is left unbound.

    >>> p = {"year": Param("year", "date", required=True)}
    >>> bind(p, {"year": "2013"}, query="timeline")
    {'year': <Literal value=2013 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#gYear>>}
    >>> bind(p, {"yaer": "2013"}, query="timeline")
    Traceback (most recent call last):
    ...
    nj_graph.core.errors.ParameterError: query 'timeline' has no parameter 'yaer'; did you mean 'year'? (it takes: year)
    """
    for key in values:
        if key not in params:
            close = close_matches(key, params, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            takes = ", ".join(params) or "no parameters"
            raise ParameterError(f"query {query!r} has no parameter {key!r}{hint} (it takes: {takes})")
    bound: dict[str, Node] = {}
    missing = []
    for name, param in params.items():
        value = values.get(name)
        if value is not None:
            term = to_term(param.type, value, name=name)
            if param.enum and term not in param.enum:
                raise ParameterError(f"parameter {name!r}: {_show(term)} is not one of "
                                     f"{', '.join(_show(e) for e in param.enum)}")
            bound[name] = term
        elif param.default is not None:
            bound[name] = param.default
        elif param.required:
            missing.append(f"{name} ({param.type})")
    if missing:
        raise ParameterError(f"query {query!r} needs parameter{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(missing)}")
    return bound


def _show(term: Node) -> str:
    from ..core.prefixes import curie

    return curie(term) if isinstance(term, NamedNode) else term.value
