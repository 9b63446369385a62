"""Query answers, as Python values and in the output formats of the command line.

SELECT and ASK answers: `table` (aligned, for a terminal, labels beside IRIs), `csv`, `tsv`
(SPARQL 1.1 Query Results CSV and TSV), `json` (SPARQL 1.1 Query Results JSON), `xml` (SPARQL
Query Results XML) and `markdown`. CONSTRUCT and DESCRIBE answers: `turtle`, `ntriples` and
`json-ld`.

As Python values (`Answer.rows()`): one dict per row, variable name -> value, where a literal
becomes `Literal.toPython()` (int, Decimal, bool, datetime.date, ...; text, language-tagged text and
xsd:gYear / gYearMonth stay text, as `str`), an IRI stays an rdflib `URIRef` (so it is told apart
from text: it is a `str` subclass, but rdflib makes `URIRef("x") != "x"`, so compare `str(value)` or
against a URIRef), a blank node a `BNode`, and an unbound variable None.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.query import Result
from rdflib.term import Node

from ..core.errors import UserInputError
from ..core.namespaces import PREFIXES, bind_prefixes, curie

#: Formats for SELECT and ASK answers; the first is the default.
ROW_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml", "markdown")
#: Formats for CONSTRUCT and DESCRIBE answers; the first is the default.
GRAPH_FORMATS: tuple[str, ...] = ("turtle", "ntriples", "json-ld")
FORMATS: tuple[str, ...] = ROW_FORMATS + GRAPH_FORMATS

_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class Answer:
    """What a query returned: rows of terms (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    bindings: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    @classmethod
    def from_result(cls, result: Result) -> "Answer":
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars or []]
            return cls("SELECT", variables, [tuple(row) for row in result])
        if result.type == "ASK":
            return cls("ASK", boolean=bool(result.askAnswer))
        graph = Graph()
        bind_prefixes(graph)
        graph += result.graph
        return cls(result.type, graph=graph)

    @property
    def is_graph(self) -> bool:
        return self.graph is not None

    def rows(self) -> list[dict[str, Any]]:
        """SELECT rows as dicts of Python values (see the module docstring for the mapping)."""
        return [{name: to_python(term) for name, term in zip(self.variables, row)} for row in self.bindings]


def to_python(term: Node | None) -> Any:
    """A term as a Python value: literals via toPython(), IRIs and blank nodes as they are.

    >>> to_python(Literal("52000000", datatype=XSD.decimal))
    Decimal('52000000')
    >>> to_python(Literal("2013", datatype=XSD.gYear))
    '2013'
    >>> to_python(Literal("Japan", lang="en"))
    'Japan'
    """
    if isinstance(term, Literal):
        value = term.toPython()
        return str(value) if isinstance(value, Literal) else value
    return term


def render(answer: Answer, fmt: str | None = None, *, labels: Graph | None = None) -> str:
    """The answer as text in format `fmt` (default: table for rows, turtle for graphs).

    `labels` is the graph the table and markdown formats look rdfs:label up in.

    >>> print(render(Answer("SELECT", ["n"], [(Literal(1),), (Literal(22),)])), end="")
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
        return _graph(answer.graph, fmt)
    if fmt not in ROW_FORMATS:
        raise UserInputError(f"a {answer.kind} query gives rows: use {', '.join(ROW_FORMATS)}, not {fmt}")
    return _RENDERERS[fmt](answer, _Labeller(labels))


# ---------------------------------------------------------------------------------------------
# Row formats
# ---------------------------------------------------------------------------------------------

class _Labeller:
    """rdfs:label of an IRI (English preferred, then untagged), looked up once per IRI."""

    def __init__(self, graph: Graph | None) -> None:
        self.graph = graph
        self.seen: dict[Node, str | None] = {}

    def __call__(self, term: Node) -> str | None:
        if self.graph is None or not isinstance(term, URIRef):
            return None
        if term not in self.seen:
            found = [o for o in self.graph.objects(term, RDFS.label) if isinstance(o, Literal)]
            ranked = sorted(found, key=lambda o: ({"en": 0, None: 1}.get(o.language, 2), str(o)))
            self.seen[term] = str(ranked[0]) if ranked else None
        return self.seen[term]


def _ask_rows(answer: Answer) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    if answer.kind == "ASK":
        return ["ask"], [(Literal(bool(answer.boolean)),)]
    return answer.variables, answer.bindings


def _display(term: Node | None, label: Callable[[Node], str | None]) -> str:
    """A cell for people: CURIE and label for IRIs, the lexical form of literals, one line."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        name = label(term)
        text = curie(term) + (f" ({name})" if name else "")
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = str(term)
    return " ".join(text.split())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(answer: Answer, label: _Labeller) -> str:
    if answer.kind == "ASK":
        return ("yes" if answer.boolean else "no") + "\n"
    names, rows = answer.variables, answer.bindings
    cells = [[_display(term, label) for term in row] for row in rows]
    widths = [max([_width(name)] + [_width(row[i]) for row in cells]) for i, name in enumerate(names)]
    lines = ["  ".join(_pad(name, w) for name, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _markdown(answer: Answer, label: _Labeller) -> str:
    names, rows = _ask_rows(answer)

    def cell(term: Node | None) -> str:
        text = _display(term, label)
        if isinstance(term, URIRef):  # the CURIE as code, so `_` and `*` in it stay literal
            short = curie(term)
            text = f"`{short}`" + text[len(short):]
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(names) + " |", "|" + "|".join("---" for _ in names) + "|"]
    lines += ["| " + " | ".join(cell(term) for term in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _plain(term: Node | None) -> str:
    """SPARQL CSV: the IRI, the lexical form, or _:label; nothing for unbound."""
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _csv(answer: Answer, _label: _Labeller) -> str:
    names, rows = _ask_rows(answer)
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: CRLF line ends, quotes where needed
    writer.writerow(names)
    writer.writerows([_plain(term) for term in row] for row in rows)
    return out.getvalue()


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Datatypes whose Turtle short form (a bare number or boolean) keeps the lexical form exactly.
_BARE = {XSD.integer: r"[+-]?[0-9]+", XSD.decimal: r"[+-]?[0-9]*\.[0-9]+", XSD.boolean: r"true|false"}


def ntriples_term(term: Node | None) -> str:
    """A term in N-Triples syntax (numbers and booleans in Turtle's short form when exact).

    >>> ntriples_term(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    >>> ntriples_term(Literal(5))
    '5'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    if term.datatype in _BARE and re.fullmatch(_BARE[term.datatype], text):
        return text
    quoted = '"' + "".join(_ECHAR.get(ch, ch) for ch in text) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _tsv(answer: Answer, _label: _Labeller) -> str:
    names, rows = _ask_rows(answer)
    lines = ["\t".join("?" + name for name in names)]
    lines += ["\t".join(ntriples_term(term) for term in row) for row in rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        value["datatype"] = str(term.datatype)
    return value


def _json(answer: Answer, _label: _Labeller) -> str:
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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _xml(answer: Answer, _label: _Labeller) -> str:
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
                if isinstance(term, URIRef):
                    ElementTree.SubElement(binding, tag("uri")).text = str(term)
                elif isinstance(term, BNode):
                    ElementTree.SubElement(binding, tag("bnode")).text = str(term)
                else:
                    literal = ElementTree.SubElement(binding, tag("literal"))
                    literal.text = str(term)
                    if term.language:
                        literal.set(_XML_LANG, term.language)
                    elif term.datatype and term.datatype != XSD.string:
                        literal.set("datatype", str(term.datatype))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


_RENDERERS: dict[str, Callable[[Answer, _Labeller], str]] = {
    "table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml, "markdown": _markdown,
}


# ---------------------------------------------------------------------------------------------
# Graph formats
# ---------------------------------------------------------------------------------------------

def _graph(graph: Graph, fmt: str) -> str:
    if fmt == "turtle":
        return graph.serialize(format="turtle")
    if fmt == "ntriples":
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
    context = {prefix: iri for prefix, iri in PREFIXES.items()}
    return graph.serialize(format="json-ld", context=context, indent=2) + "\n"

