"""Provenance: every fact node points to the exact passage of the source that states it.

A source quote (`nj:SourceQuote`) names its source document (`oa:hasSource`) and carries two Web
Annotation selectors: a `oa:TextQuoteSelector` with the verbatim text (`oa:exact`, optionally
`oa:prefix`/`oa:suffix`) and a `oa:TextPositionSelector` with `oa:start` (inclusive) and `oa:end`
(exclusive), counted in Unicode code points of the shipped UTF-8 copy (`nj:localCopy`, a path under
the project root, whose SHA-256 is `nj:sha256`). See docs/modelling.md, "Every fact node is sourced".

Offsets are computed, never typed by hand: write the quote with its exact text and any offsets
(0 will do), then let the command put the right ones in:

    python -m nj_graph.validate.provenance fill-offsets data/quotes.ttl   # rewrite the file with offsets
    python -m nj_graph.validate.provenance fill-offsets --check data/quotes.ttl   # exit 1 if it would change
    python -m nj_graph.validate.provenance check   # every quote of the shipped graph at its offsets

`fill-offsets` rewrites the file in one canonical layout (its leading comment block is kept; the
quotes are sorted by statement id) and refuses a file that holds anything but quotes. A quote
whose text occurs more than once must be lengthened until it is unique, or disambiguated with
`oa:prefix`/`oa:suffix`.

>>> text = "NATO and Japan; Japan and NATO"
>>> locate("Japan and", text)
(16, 25)
>>> locate("NATO", text, occurrence=1)
(26, 30)
>>> locate("NATO", text)
Traceback (most recent call last):
...
nj_graph.validate.provenance.QuoteError: the quote 'NATO' occurs 2 times in the text; lengthen it, or give an occurrence, prefix or suffix
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from ..core.namespaces import NJ, NJR, OA, curie
from ..core.shipped import SHIPPED, layout

__all__ = ["QuoteError", "read_source", "sha256_of", "locate", "quote_text", "check_quotes",
           "unsourced_fact_nodes", "fill_offsets", "main"]

#: Classes whose members are provenance, not facts: they need no quote of their own.
NOT_FACTS = frozenset({NJ.SourceQuote, NJ.SourceDocument})


class QuoteError(ValueError):
    """A quote that cannot be placed in its source: absent, ambiguous or malformed."""


def read_source(path: Path | str) -> str:
    """The text of a source copy, decoded as UTF-8 with its line ends untouched."""
    return Path(path).read_bytes().decode("utf-8")


def sha256_of(path: Path | str) -> str:
    """The lowercase hexadecimal SHA-256 digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def locate(exact: str, text: str, occurrence: int | None = None, *, prefix: str | None = None,
           suffix: str | None = None) -> tuple[int, int]:
    """The code-point offsets `(start, end)` of `exact` in `text`, `end` exclusive.

    The quote must occur exactly once among the places where `prefix` ends just before it and
    `suffix` starts just after it (when given); otherwise `occurrence` (0-based, among those
    places) chooses one. An absent or ambiguous quote raises `QuoteError`.
    """
    if not exact:
        raise QuoteError("the quote is empty")
    starts = []
    at = text.find(exact)
    while at != -1:
        if (prefix is None or text[:at].endswith(prefix)) and \
                (suffix is None or text.startswith(suffix, at + len(exact))):
            starts.append(at)
        at = text.find(exact, at + 1)
    if not starts:
        raise QuoteError(f"the quote {_short(exact)} is not in the text")
    if occurrence is not None:
        if not 0 <= occurrence < len(starts):
            raise QuoteError(f"the quote {_short(exact)} occurs {len(starts)} times; "
                             f"there is no occurrence {occurrence}")
        start = starts[occurrence]
    elif len(starts) > 1:
        raise QuoteError(f"the quote {_short(exact)} occurs {len(starts)} times in the text; "
                         f"lengthen it, or give an occurrence, prefix or suffix")
    else:
        start = starts[0]
    return start, start + len(exact)


def _short(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


# -- reading quotes out of a graph ----------------------------------------------------------------

def _selectors(graph: Graph, quote: URIRef, kind: URIRef) -> list:
    return [s for s in graph.objects(quote, OA.hasSelector) if (s, RDF.type, kind) in graph]


def _one(graph: Graph, subject, predicate) -> Literal | URIRef | BNode | None:
    values = list(graph.objects(subject, predicate))
    return values[0] if len(values) == 1 else None


def _string(value) -> str | None:
    return str(value) if isinstance(value, Literal) else None


def quote_text(graph: Graph, quote: URIRef) -> tuple[str, str | None, str | None]:
    """`(exact, prefix, suffix)` of a quote's one text quote selector; `QuoteError` if malformed."""
    selectors = _selectors(graph, quote, OA.TextQuoteSelector)
    if len(selectors) != 1:
        raise QuoteError(f"{curie(quote)} has {len(selectors)} text quote selectors, not one")
    exact = _string(_one(graph, selectors[0], OA.exact))
    if not exact:
        raise QuoteError(f"{curie(quote)} has no single non-empty oa:exact")
    return exact, _string(_one(graph, selectors[0], OA.prefix)), _string(_one(graph, selectors[0], OA.suffix))


def _offsets(graph: Graph, quote: URIRef) -> tuple[int, int]:
    selectors = _selectors(graph, quote, OA.TextPositionSelector)
    if len(selectors) != 1:
        raise QuoteError(f"{curie(quote)} has {len(selectors)} text position selectors, not one")
    bounds = []
    for predicate in (OA.start, OA.end):
        value = _one(graph, selectors[0], predicate)
        if not isinstance(value, Literal) or value.datatype != XSD.nonNegativeInteger \
                or not isinstance(value.toPython(), int) or value.toPython() < 0:
            raise QuoteError(f"{curie(quote)}: {curie(predicate)} must be one xsd:nonNegativeInteger")
        bounds.append(value.toPython())
    return bounds[0], bounds[1]


def _local_copy(graph: Graph, source, root: Path) -> Path:
    """The checked path of a source document's local copy: inside `root`, an existing file."""
    value = _string(_one(graph, source, NJ.localCopy))
    if value is None:
        raise QuoteError(f"{curie(source)} has no single nj:localCopy")
    if Path(value).is_absolute():
        raise QuoteError(f"{curie(source)}: nj:localCopy {value!r} must be relative to the project root")
    path = (root / value).resolve()
    if not path.is_relative_to(root.resolve()):
        raise QuoteError(f"{curie(source)}: nj:localCopy {value!r} leads outside the project root")
    if not path.is_file():
        raise QuoteError(f"{curie(source)}: nj:localCopy {value!r} is not a file")
    return path


def _sources(graph: Graph, root: Path) -> tuple[dict, list[str]]:
    """Each source document's text (when its copy is usable), and the problems with its copy."""
    texts: dict = {}
    problems: list[str] = []
    for source in sorted(set(graph.subjects(RDF.type, NJ.SourceDocument)), key=str):
        try:
            path = _local_copy(graph, source, root)
        except QuoteError as error:
            problems.append(str(error))
            continue
        digest = _string(_one(graph, source, NJ.sha256))
        actual = sha256_of(path)
        if digest != actual:
            problems.append(f"{curie(source)}: nj:sha256 is {digest!r} but the local copy's digest is {actual}")
        try:
            texts[source] = read_source(path)
        except UnicodeDecodeError as error:
            problems.append(f"{curie(source)}: the local copy is not UTF-8 ({error.reason})")
    return texts, problems


def check_quotes(graph: Graph, root: Path | str | None = None) -> list[str]:
    """Every problem with the quotes of `graph` and their sources, in words; empty when all is well.

    Checked: each source document's local copy lies under `root` (the project root by default),
    exists, is UTF-8 and has the stated SHA-256; each quote has one source document, one text
    quote selector and one text position selector, and its exact text (with its prefix and suffix,
    if given) stands at its offsets.
    """
    root = layout(root).root
    texts, problems = _sources(graph, root)
    for quote in sorted(set(graph.subjects(RDF.type, NJ.SourceQuote)), key=str):
        name = curie(quote)
        sources = list(graph.objects(quote, OA.hasSource))
        if len(sources) != 1 or (sources[0], RDF.type, NJ.SourceDocument) not in graph:
            problems.append(f"{name} needs exactly one oa:hasSource, an nj:SourceDocument")
            continue
        try:
            exact, prefix, suffix = quote_text(graph, quote)
            start, end = _offsets(graph, quote)
        except QuoteError as error:
            problems.append(str(error))
            continue
        text = texts.get(sources[0])
        if text is None:
            continue  # the source's own problem is reported once, above
        if text[start:end] != exact:
            try:
                where = f"; it stands at {locate(exact, text, prefix=prefix, suffix=suffix)}"
            except QuoteError as error:
                where = f"; {error}"
            problems.append(f"{name}: the text at [{start}, {end}) is {_short(text[start:end])}, "
                            f"not {_short(exact)}{where}")
        elif prefix is not None and not text[:start].endswith(prefix):
            problems.append(f"{name}: oa:prefix {_short(prefix)} does not precede the quote")
        elif suffix is not None and not text.startswith(suffix, end):
            problems.append(f"{name}: oa:suffix {_short(suffix)} does not follow the quote")
    return problems


def unsourced_fact_nodes(graph: Graph) -> list[URIRef | BNode]:
    """Nodes typed with an nj: class (other than quotes and source documents) without a quote.

    A node is sourced when it has `prov:wasDerivedFrom` an `nj:SourceQuote`.
    """
    facts = {s for s, cls in graph.subject_objects(RDF.type)
             if isinstance(cls, URIRef) and cls.startswith(str(NJ)) and cls not in NOT_FACTS}
    facts -= {s for cls in NOT_FACTS for s in graph.subjects(RDF.type, cls)}
    return sorted((node for node in facts
                   if not any((q, RDF.type, NJ.SourceQuote) in graph
                              for q in graph.objects(node, PROV.wasDerivedFrom))), key=str)


# -- writing quotes with their offsets ----------------------------------------------------------

_QUOTE_TERMS = {RDF.type, OA.hasSource, OA.hasSelector, OA.exact, OA.prefix, OA.suffix, OA.start, OA.end}


def _turtle_string(value: str) -> str:
    """A Turtle string literal; invisible characters (no-break spaces, controls) as \\u escapes."""
    out = []
    for char in value:
        if char in '\\"':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char != " " and unicodedata.category(char) in {"Zs", "Zl", "Zp", "Cc", "Cf"}:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _turtle_iri(term: URIRef) -> str:
    """`njr:` names with the slashes escaped as Turtle requires; other IRIs in full."""
    text = str(term)
    local = text[len(str(NJR)):]
    if text.startswith(str(NJR)) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_/-]*[A-Za-z0-9]", local):
        return "njr:" + local.replace("/", "\\/")
    return f"<{text}>"


def _statement_key(quote: URIRef) -> tuple:
    """Sort quotes by statement id: s2 < s10 < s10a < s10b."""
    name = str(quote).rsplit("/", 1)[-1]
    match = re.fullmatch(r"([a-z]*)(\d+)(.*)", name)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else (name, 0, "")


def _quote_block(graph: Graph, quote: URIRef, source: URIRef, start: int, end: int) -> str:
    exact, prefix, suffix = quote_text(graph, quote)
    text_selector = f"[ a oa:TextQuoteSelector ; oa:exact {_turtle_string(exact)}"
    if prefix is not None:
        text_selector += f" ; oa:prefix {_turtle_string(prefix)}"
    if suffix is not None:
        text_selector += f" ; oa:suffix {_turtle_string(suffix)}"
    return (f"{_turtle_iri(quote)} a nj:SourceQuote ;\n"
            f"    oa:hasSource {_turtle_iri(source)} ;\n"
            f"    oa:hasSelector {text_selector} ] ,\n"
            f"        [ a oa:TextPositionSelector ; oa:start \"{start}\"^^xsd:nonNegativeInteger ;"
            f" oa:end \"{end}\"^^xsd:nonNegativeInteger ] .\n")


def _check_only_quotes(graph: Graph, path: Path) -> list[URIRef]:
    quotes = sorted(set(graph.subjects(RDF.type, NJ.SourceQuote)), key=_statement_key)
    selectors = {s for q in quotes for s in graph.objects(q, OA.hasSelector)}
    for subject, predicate, obj in graph:
        if (subject not in quotes and subject not in selectors) or predicate not in _QUOTE_TERMS:
            raise QuoteError(f"{path}: holds {curie(subject)} {curie(predicate)} {curie(obj)}, which is not "
                             f"part of a source quote; fill-offsets rewrites files of quotes only")
        if predicate == RDF.type and obj not in {NJ.SourceQuote, OA.TextQuoteSelector, OA.TextPositionSelector}:
            raise QuoteError(f"{path}: {curie(subject)} has type {curie(obj)}; a quotes file holds quotes only")
    return quotes


def fill_offsets(path: Path | str, *, context: Iterable[Path | str] | None = None,
                 root: Path | str | None = None) -> str:
    """The text of the quotes file `path` rewritten with computed offsets, in canonical layout.

    `context` are the Turtle files describing the source documents (by default the shipped data);
    `root` is the folder their `nj:localCopy` paths are relative to. Raises `QuoteError` when a
    quote is absent from its source, ambiguous, or the file holds anything but quotes.
    """
    path = Path(path)
    root = layout(root).root
    original = path.read_text(encoding="utf-8")
    quotes_graph = Graph().parse(data=original, format="turtle")
    quotes = _check_only_quotes(quotes_graph, path)
    described = Graph()
    for file in (context if context is not None else SHIPPED.data_files()):
        if Path(file).resolve() != path.resolve():
            described.parse(file, format="turtle")
    texts: dict = {}
    blocks = []
    for quote in quotes:
        sources = list(quotes_graph.objects(quote, OA.hasSource))
        if len(sources) != 1:
            raise QuoteError(f"{curie(quote)} needs exactly one oa:hasSource")
        source = sources[0]
        if source not in texts:
            texts[source] = read_source(_local_copy(described, source, root))
        exact, prefix, suffix = quote_text(quotes_graph, quote)
        try:
            start, end = locate(exact, texts[source], prefix=prefix, suffix=suffix)
        except QuoteError as error:
            raise QuoteError(f"{curie(quote)}: {error}") from None
        blocks.append(_quote_block(quotes_graph, quote, source, start, end))
    header = []
    for line in original.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    prefixes = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in
                       (("nj", str(NJ)), ("njr", str(NJR)), ("oa", str(OA)), ("xsd", str(XSD))))
    parts = ["\n".join(header) + "\n\n" if header else "", prefixes, "\n", "\n".join(blocks)]
    return "".join(parts)


# -- command line ---------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    """`python -m nj_graph.validate.provenance fill-offsets [--check] FILE...` or `... check`."""
    parser = argparse.ArgumentParser(prog="python -m nj_graph.validate.provenance",
                                     description="Compute and check the offsets of source quotes.")
    commands = parser.add_subparsers(dest="command", required=True)
    fill = commands.add_parser("fill-offsets", help="rewrite quotes files with computed offsets")
    fill.add_argument("files", nargs="+", type=Path)
    fill.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    commands.add_parser("check", help="check every quote of the shipped graph and that every fact has one")
    args = parser.parse_args(argv)

    if args.command == "check":
        from ..store.graph import load_graph

        graph = load_graph()
        problems = check_quotes(graph) + [f"{curie(node)} has no prov:wasDerivedFrom to an nj:SourceQuote"
                                          for node in unsourced_fact_nodes(graph)]
        for problem in problems:
            print(problem)
        return 1 if problems else 0

    status = 0
    for file in args.files:
        try:
            text = fill_offsets(file)
        except (QuoteError, OSError, SyntaxError) as error:
            print(f"{file}: {' '.join(str(error).split())}", file=sys.stderr)
            return 2
        if text == file.read_text(encoding="utf-8"):
            continue
        if args.check:
            print(f"{file}: offsets or layout would change", file=sys.stderr)
            status = 1
        else:
            file.write_text(text, encoding="utf-8")
            print(f"{file}: offsets written")
    return status


if __name__ == "__main__":
    sys.exit(main())


def cite(exact: str, *, quote: str = "njr:quote/new", source: URIRef | None = None,
         occurrence: int | None = None, root: Path | str | None = None) -> str:
    """A ready-to-paste Turtle source quote for `exact` in a shipped source, offsets computed.

    `source` defaults to the only shipped source document; `quote` names the new quote resource.

    >>> print(cite("visited Tokyo in April 2005", quote="njr:quote/s42"), end="")
    njr:quote\\/s42 a nj:SourceQuote ;
        oa:hasSource njr:source\\/nato-japan-cooperation ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "visited Tokyo in April 2005" ] ,
            [ a oa:TextPositionSelector ; oa:start "4916"^^xsd:nonNegativeInteger ; oa:end "4943"^^xsd:nonNegativeInteger ] .
    """
    project = layout(root)
    root = project.root
    shipped = Graph()
    for path in project.data_files():
        shipped.parse(path, format="turtle")
    sources = sorted(shipped.subjects(RDF.type, NJ.SourceDocument))
    if source is None:
        if len(sources) != 1:
            raise QuoteError(f"the project ships {len(sources)} sources; name one with --source")
        source = sources[0]
    elif source not in sources:
        raise QuoteError(f"{curie(source)} is not a source shipped with the project")
    text = read_source(_local_copy(shipped, source, root))
    start, end = locate(exact, text, occurrence)
    name = URIRef(str(NJR) + quote[len("njr:"):]) if quote.startswith("njr:") else URIRef(quote)
    return (f"{_turtle_iri(name)} a nj:SourceQuote ;\n"
            f"    oa:hasSource {_turtle_iri(source)} ;\n"
            f"    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {_turtle_string(exact)} ] ,\n"
            f"        [ a oa:TextPositionSelector ; oa:start \"{start}\"^^xsd:nonNegativeInteger ;"
            f" oa:end \"{end}\"^^xsd:nonNegativeInteger ] .\n")
