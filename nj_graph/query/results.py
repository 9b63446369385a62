"""Query answers in the output formats of the command line, and as Python values.

SELECT and ASK answers: `table` (for people, see `nj_graph.query.table`), `csv`, `tsv` (SPARQL 1.1
Query Results CSV and TSV), `json` (SPARQL 1.1 Query Results JSON), `xml` (SPARQL Query Results XML)
and `markdown`. CONSTRUCT and DESCRIBE answers: `turtle`, `ntriples` and `json-ld`.

Answers are `nj_graph.query.answer.Answer`s of pyoxigraph terms, so nothing here imports rdflib
at module level: the command line renders without it. Only `json-ld` (for compaction) and
`to_python` (for Python callers) import it, when called.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode

from ..core.errors import UserInputError
from ..core.prefixes import PREFIXES, RDF_LANG_STRING, XSD_STRING, quote
from .answer import Answer, Term

__all__ = ["Answer", "FORMATS", "GRAPH_FORMATS", "ROW_FORMATS", "Labels", "ntriples_term", "render",
           "terminal_options", "to_python"]

#: Formats for SELECT and ASK answers; the first is the default.
ROW_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml", "markdown")
#: Formats for CONSTRUCT and DESCRIBE answers; the first is the default.
GRAPH_FORMATS: tuple[str, ...] = ("turtle", "ntriples", "json-ld")
FORMATS: tuple[str, ...] = ROW_FORMATS + GRAPH_FORMATS

#: The store's label lookup: IRIs -> their English rdfs:label, for those that have one.
Labels = Callable[[list[str]], Mapping[str, str]]

_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XSD = PREFIXES["xsd"]


def render(answer: Answer, fmt: str | None = None, *, labels: Labels | None = None, width: int | None = None,
           styled: bool = False) -> str:
    """The answer as text in format `fmt` (default: table for rows, turtle for graphs).

    `labels`, `width` and `styled` concern the table (and `labels` the markdown) only: see
    `nj_graph.query.table.table`. `terminal_options(stream)` gives the last two for a stream.

    >>> rows = [(Literal(n, datatype=NamedNode(_XSD + "integer")),) for n in ("1", "22")]
    >>> print(render(Answer("SELECT", ["n"], rows)), end="")
    n
    --
    1
    22
    (2 rows)
    """
    fmt = fmt or (GRAPH_FORMATS[0] if answer.is_graph else ROW_FORMATS[0])
    if fmt not in FORMATS:
        raise UserInputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if answer.is_graph:
        if fmt not in GRAPH_FORMATS:
            raise UserInputError(f"a {answer.kind} query gives a graph: use {', '.join(GRAPH_FORMATS)}, not {fmt}")
        return _graph(answer.triples or [], fmt)
    if fmt not in ROW_FORMATS:
        raise UserInputError(f"a {answer.kind} query gives rows: use {', '.join(ROW_FORMATS)}, not {fmt}")
    if fmt in ("table", "markdown"):
        from . import table  # rich is imported by the table alone, when one is drawn

        if fmt == "table":
            return table.table(answer, labels=labels, width=width, styled=styled)
        return table.markdown(answer, labels=labels)
    return _RENDERERS[fmt](answer)


def terminal_options(stream: Any) -> dict[str, Any]:
    """`render` options for writing to `stream`: its width and styling when it is a terminal, else none.

    The width is `$COLUMNS` when set, otherwise the terminal's own. Anything else (a pipe, a file)
    gets the plain table, unwrapped, so that nothing is cut and `grep` and `cut` see one row a line.
    """
    import os

    try:
        if not stream.isatty():
            return {}
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and int(columns) > 0 else None
        width = width or os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return {}
    return {"width": width, "styled": True}


def to_python(term: Term | None) -> Any:
    """A term as a Python value, for Python callers (imports rdflib).

    A literal becomes what rdflib's `Literal.toPython()` gives (int, Decimal, float, bool,
    datetime.date, datetime.datetime, ...), except that text, language-tagged text and values
    rdflib has no type for (xsd:gYear, xsd:gYearMonth, ...) stay text, as `str`. An IRI becomes an
    rdflib `URIRef` (told apart from text: rdflib makes `URIRef("x") != "x"`), a blank node a `BNode`,
    and None (an unbound variable) stays None.

    >>> to_python(Literal("52000000", datatype=NamedNode(_XSD + "decimal")))
    Decimal('52000000')
    >>> to_python(Literal("2013", datatype=NamedNode(_XSD + "gYear")))
    '2013'
    >>> to_python(Literal("Japan", language="en"))
    'Japan'
    """
    from rdflib import Literal as RdflibLiteral

    from ..store.rdflib_terms import to_rdflib

    node = to_rdflib(term)
    if not isinstance(node, RdflibLiteral):
        return node  # an IRI, a blank node, or None for an unbound variable
    value = node.toPython()
    return str(value) if isinstance(value, RdflibLiteral) else value


# ---------------------------------------------------------------------------------------------
# Row formats, per the SPARQL 1.1 Query Results specifications
# ---------------------------------------------------------------------------------------------

_TRUE = Literal("true", datatype=NamedNode(_XSD + "boolean"))
_FALSE = Literal("false", datatype=NamedNode(_XSD + "boolean"))


def ask_rows(answer: Answer) -> tuple[list[str], list[tuple[Term | None, ...]]]:
    """Columns and rows, an ASK answer being one column `ask` with one boolean."""
    if answer.kind == "ASK":
        return ["ask"], [(_TRUE if answer.boolean else _FALSE,)]
    return answer.variables, answer.bindings


def _datatype(term: Literal) -> str | None:
    """The datatype worth writing: none for simple and language-tagged literals."""
    datatype = term.datatype.value
    return None if datatype in (XSD_STRING, RDF_LANG_STRING) else datatype


def _plain(term: Term | None) -> str:
    """SPARQL CSV: the IRI, the lexical form, or _:label; nothing for unbound."""
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def _csv(answer: Answer) -> str:
    names, rows = ask_rows(answer)
    import csv

    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: CRLF line ends, quotes where needed
    writer.writerow(names)
    writer.writerows([_plain(term) for term in row] for row in rows)
    return out.getvalue()


#: Datatypes whose Turtle short form (a bare number or boolean) keeps the lexical form exactly.
_BARE = {_XSD + "integer": r"[+-]?[0-9]+", _XSD + "decimal": r"[+-]?[0-9]*\.[0-9]+", _XSD + "boolean": r"true|false"}


def ntriples_term(term: Term | None) -> str:
    """A term in N-Triples syntax (numbers and booleans in Turtle's short form when exact).

    >>> ntriples_term(Literal('say "hi"\\n', language="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    >>> ntriples_term(Literal("5", datatype=NamedNode(_XSD + "integer")))
    '5'
    """
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, Literal):
        return str(term)  # a quoted triple: pyoxigraph writes its N-Triples form
    datatype = term.datatype.value
    if datatype in _BARE and re.fullmatch(_BARE[datatype], term.value):
        return term.value
    if term.language:
        direction = getattr(term, "direction", None)  # RDF 1.2 base direction
        return f"{quote(term.value)}@{term.language}" + (f"--{direction}" if direction else "")
    if datatype != XSD_STRING:
        return f"{quote(term.value)}^^<{datatype}>"
    return quote(term.value)


def _tsv(answer: Answer) -> str:
    names, rows = ask_rows(answer)
    lines = ["\t".join("?" + name for name in names)]
    lines += ["\t".join(ntriples_term(term) for term in row) for row in rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif _datatype(term):
        value["datatype"] = term.datatype.value
    return value


def _json(answer: Answer) -> str:
    if answer.kind == "ASK":
        document: dict[str, Any] = {"head": {}, "boolean": bool(answer.boolean)}
    else:
        document = {
            "head": {"vars": answer.variables},
            "results": {"bindings": [
                {name: _json_term(term) for name, term in zip(answer.variables, row) if term is not None}
                for row in answer.bindings
            ]},
        }
    import json

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _xml(answer: Answer) -> str:
    from xml.etree import ElementTree

    ElementTree.register_namespace("", _RESULTS_NS)

    def tag(name: str) -> str:
        return f"{{{_RESULTS_NS}}}{name}"

    root = ElementTree.Element(tag("sparql"))
    head = ElementTree.SubElement(root, tag("head"))
    if answer.kind == "ASK":
        ElementTree.SubElement(root, tag("boolean")).text = "true" if answer.boolean else "false"
    else:
        for name in answer.variables:
            ElementTree.SubElement(head, tag("variable"), name=name)
        results = ElementTree.SubElement(root, tag("results"))
        for row in answer.bindings:
            result = ElementTree.SubElement(results, tag("result"))
            for name, term in zip(answer.variables, row):
                if term is None:
                    continue
                binding = ElementTree.SubElement(result, tag("binding"), name=name)
                if isinstance(term, NamedNode):
                    ElementTree.SubElement(binding, tag("uri")).text = term.value
                elif isinstance(term, BlankNode):
                    ElementTree.SubElement(binding, tag("bnode")).text = term.value
                else:
                    literal = ElementTree.SubElement(binding, tag("literal"))
                    literal.text = term.value
                    if term.language:
                        literal.set(_XML_LANG, term.language)
                    elif _datatype(term):
                        literal.set("datatype", term.datatype.value)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


_RENDERERS: dict[str, Callable[[Answer], str]] = {"csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}


# ---------------------------------------------------------------------------------------------
# Graph formats
# ---------------------------------------------------------------------------------------------

def _graph(triples: list[pyoxigraph.Triple], fmt: str) -> str:
    if fmt == "turtle":
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES).decode()
    ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
    if fmt == "ntriples":
        return "".join(sorted(ntriples.splitlines(keepends=True)))
    # pyoxigraph writes JSON-LD expanded; rdflib compacts it against the project's prefixes.
    from rdflib import Graph

    graph = Graph().parse(data=ntriples, format="nt")
    return graph.serialize(format="json-ld", context=dict(PREFIXES), indent=2) + "\n"
