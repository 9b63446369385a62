"""Everything the graph says about one resource, and the source quotes behind it.

One implementation for `nj-graph describe`, the static site's resource pages and any server that
shows a resource: `describe(store, iri)` asks the store (any `Store`: in memory, on disk or an
endpoint) one CONSTRUCT query and returns a `Description`, plain frozen dataclasses of strings and
numbers (`as_dict()` gives JSON-ready dicts). `resource_triples` gives the same triples for the
Turtle and JSON-LD views.

What is gathered about a resource R:
- its statements (R ?p ?o), each blank-node object with its own statements, one level down
  (a quote's selectors are such blank nodes);
- the links to it (?s ?p R);
- the quotes it is derived from (R prov:wasDerivedFrom ?quote, a `nj:SourceQuote`), with the
  exact words (`oa:exact` of a selector), their position (`oa:start`, `oa:end`) and the source,
  as `queries/source-of.rq` finds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import pyoxigraph as ox

from ..core.errors import UserInputError
from ..core.prefixes import PREFIXES, RDF_LANG_STRING, XSD_STRING, iri_name
from ..query import sparql

__all__ = ["Description", "Quote", "Link", "Statement", "Term", "describe", "resource_triples", "term_view"]

_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABEL = PREFIXES["rdfs"] + "label"
_DERIVED_FROM = PREFIXES["prov"] + "wasDerivedFrom"
_HAS_SOURCE = PREFIXES["oa"] + "hasSource"
_HAS_SELECTOR = PREFIXES["oa"] + "hasSelector"
_EXACT = PREFIXES["oa"] + "exact"
_START = PREFIXES["oa"] + "start"
_END = PREFIXES["oa"] + "end"

# The resource is bound as a term (?resource), never pasted into the text.
_QUERY = sparql.parse("""
CONSTRUCT {
  ?resource ?p ?o . ?o ?op ?oo .
  ?in ?ip ?resource .
  ?quote ?qp ?qo . ?qo ?sp ?so .
}
WHERE {
  { ?resource ?p ?o . OPTIONAL { FILTER(isBlank(?o)) ?o ?op ?oo } }
  UNION { ?in ?ip ?resource }
  UNION {
    ?resource prov:wasDerivedFrom ?quote .
    ?quote ?qp ?qo .
    OPTIONAL { FILTER(isBlank(?qo)) ?qo ?sp ?so }
  }
}
""", file="<describe>")


@dataclass(frozen=True)
class Term:
    """An RDF term as a page or a terminal shows it.

    `kind` is "iri", "literal" or "blank"; `value` the IRI, the literal's text or the blank node's
    label; `name` the CURIE or `<IRI>` (`nj_graph.core.prefixes.iri_name`), the literal's text, or
    `_:label`; `label` the English `rdfs:label` of an IRI, if it has one. A blank node carries its
    own `statements`.
    """

    kind: str
    value: str
    name: str
    label: str | None = None
    datatype: str | None = None
    language: str | None = None
    statements: tuple["Statement", ...] = ()

    @property
    def shown(self) -> str:
        """What a person reads: the label, else the name."""
        return self.label or self.name


@dataclass(frozen=True)
class Statement:
    predicate: Term
    object: Term


@dataclass(frozen=True)
class Link:
    """A statement that points at the resource: `subject` `predicate` the resource."""

    subject: Term
    predicate: Term


@dataclass(frozen=True)
class Quote:
    """A source quote behind the resource: the exact words and where they are in the source."""

    quote: Term
    exact: str | None
    start: int | None
    end: int | None
    source: Term | None


@dataclass(frozen=True)
class Description:
    iri: str
    name: str
    label: str | None
    types: tuple[Term, ...]
    statements: tuple[Statement, ...]
    incoming: tuple[Link, ...]
    quotes: tuple[Quote, ...]

    @property
    def shown(self) -> str:
        return self.label or self.name

    def as_dict(self) -> dict:
        """JSON-ready dicts and lists, for templates, JSON answers and tests."""
        return asdict(self)


def resolve(text: str) -> str:
    """A CURIE (`njr:japan`), `<IRI>` or full IRI as the IRI it names."""
    from ..query.params import expand_iri

    return expand_iri(text.strip(), name="IRI").value


def resource_triples(store, iri: str) -> list[ox.Triple]:
    """What `describe` reads: the resource's statements, the links to it and its quotes."""
    answer = sparql.execute(store, _QUERY, {"resource": ox.NamedNode(iri)})
    return list(answer.triples)


def describe(store, iri: str, *, triples: Sequence[ox.Triple] | None = None) -> Description:
    """What `store` says about `iri`; a UserInputError when it says nothing at all."""
    triples = resource_triples(store, iri) if triples is None else list(triples)
    if not triples:
        raise UserInputError(f"the graph says nothing about {iri_name(iri)}")
    subject = ox.NamedNode(iri)
    about: dict = {}
    for triple in triples:
        about.setdefault(triple.subject, []).append(triple)
    iris = sorted({t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
                   if isinstance(t, ox.NamedNode)})
    labels = store.labels(iris)

    def view(term, depth: int = 0) -> Term:
        return term_view(term, labels, [] if depth else about.get(term, []), view)

    own = sorted(about.get(subject, []), key=_order)
    statements = tuple(Statement(view(t.predicate), view(t.object)) for t in own)
    types = tuple(s.object for s in statements if s.predicate.value == _RDF_TYPE)
    incoming = tuple(Link(view(t.subject, 1), view(t.predicate)) for t in sorted(triples, key=_order)
                     if t.object == subject and t.subject != subject)
    quotes = tuple(sorted((_quote(view(t.object, 1), about, view) for t in own
                           if t.predicate.value == _DERIVED_FROM and not isinstance(t.object, ox.Literal)),
                          key=lambda q: (q.start is None, q.start or 0, q.quote.value)))
    return Description(iri=iri, name=iri_name(iri), label=labels.get(iri), types=types, statements=statements,
                       incoming=incoming, quotes=quotes)


def term_view(term, labels: dict[str, str], own: Sequence[ox.Triple] = (), view=None) -> Term:
    """`term` (a pyoxigraph term) as a `Term`; a blank node with the views of its `own` statements."""
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value, iri_name(term.value), labels.get(term.value))
    if isinstance(term, ox.BlankNode):
        view = view or (lambda t, depth=1: term_view(t, labels))
        nested = tuple(Statement(view(t.predicate, 1), view(t.object, 1)) for t in sorted(own, key=_order))
        return Term("blank", term.value, f"_:{term.value}", statements=nested)
    datatype = term.datatype.value
    return Term("literal", term.value, term.value, language=term.language or None,
                datatype=None if datatype in (XSD_STRING, RDF_LANG_STRING) else datatype)


def _quote(quote: Term, about: dict, view) -> Quote:
    exact = start = end = None
    source = None
    for triple in about.get(ox.NamedNode(quote.value) if quote.kind == "iri" else ox.BlankNode(quote.value), []):
        predicate = triple.predicate.value
        if predicate == _HAS_SOURCE:
            source = triple.object
        elif predicate == _HAS_SELECTOR:
            for part in about.get(triple.object, []):
                if part.predicate.value == _EXACT:
                    exact = part.object.value
                elif part.predicate.value == _START:
                    start = _integer(part.object.value)
                elif part.predicate.value == _END:
                    end = _integer(part.object.value)
    return Quote(quote, exact, start, end, None if source is None else view(source, 1))


def _integer(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _order(triple: ox.Triple) -> tuple:
    """rdf:type first, then rdfs:label, then the rest by predicate and object: a stable reading order."""
    predicate = triple.predicate.value
    rank = 0 if predicate == _RDF_TYPE else 1 if predicate == _LABEL else 2
    return (rank, predicate, str(triple.object), str(triple.subject))
