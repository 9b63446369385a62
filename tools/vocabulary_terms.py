"""Term lists of the vocabularies the ontology reuses, generated from their published files.

    .venv/bin/python -m tools.vocabulary_terms SOURCE_FILE PREFIX --source WHERE [--published URL]

reads SOURCE_FILE (a vocabulary as its publisher ships it: Turtle, RDF/XML, N-Triples, N-Quads,
JSON-LD), keeps every IRI in the PREFIX namespace that the file describes, and writes
ontology/vocabularies/PREFIX.txt: a header naming where the file came from, then one line per
term and kind. It reads a local file only and never fetches a URL, so a list always names a file
that someone can look at; ontology/vocabularies/README.md says where each file came from.

The namespace is the project's (nj_graph.core.namespaces.PREFIXES) unless --namespace says otherwise.
Title and version are read from the vocabulary's owl:Ontology description where it has one;
--title and --version override them. On a refresh, --published may be left out: it is kept from
the list being replaced.

Why plain text and not Turtle: a validator reads these lists on every run, and a line per term
loads in a few milliseconds without an RDF parser (schema.org alone has some 3,000 terms); the
lines diff well when a vocabulary is refreshed; and a `.txt` file is never swept up by code that
loads `*.ttl`, which would mix statements about other vocabularies into the graph.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DC, DCTERMS, OWL, RDF, RDFS, SDO
from rdflib.util import guess_format

from nj_graph.validate.reused_vocabularies import HEADER_KEYS, KINDS, header_lines, parse_term_list

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LISTS_DIR = PROJECT_ROOT / "ontology" / "vocabularies"

#: The kinds a term can have, in the order a list prints them.

# The metaclasses of RDFS and OWL, and the kind of term each one types. A type the vocabulary
# defines itself is traced up its rdfs:subClassOf chain to one of these (schema:DataType, for
# example, is a subclass of rdfs:Class).
METACLASS_KINDS: Mapping[URIRef, str] = {
    RDFS.Class: "class",
    OWL.Class: "class",
    OWL.DeprecatedClass: "class",
    RDFS.Datatype: "datatype",
    RDF.Property: "property",
    **{getattr(OWL, name): "property" for name in (
        "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "OntologyProperty",
        "FunctionalProperty", "InverseFunctionalProperty", "TransitiveProperty",
        "SymmetricProperty", "AsymmetricProperty", "ReflexiveProperty", "IrreflexiveProperty",
        "DeprecatedProperty")},
}

# Where an ontology description keeps its name and version, in order of preference.
TITLE_PROPERTIES = (DCTERMS.title, DC.title, RDFS.label, SDO.name)
VERSION_PROPERTIES = (OWL.versionInfo, SDO.schemaVersion, DCTERMS.modified, DCTERMS.issued,
                      DCTERMS.date, DC.date, OWL.versionIRI)

# Formats whose statements sit in named graphs; a vocabulary is read as all of them together.
QUAD_FORMATS = ("nquads", "trig", "trix")

@dataclass
class TermList:
    """One vocabulary's terms: its header (where it came from) and local name -> kinds."""

    header: dict[str, str]
    terms: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        return self.header["namespace"]

    def names(self, kind: str) -> list[str]:
        return sorted(name for name, kinds in self.terms.items() if kind in kinds)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.names(kind)) for kind in KINDS if self.names(kind)}


class SourceError(ValueError):
    """The source file cannot be read, or the arguments do not say enough to write a list."""


# ---------------------------------------------------------------------------
# Reading a published vocabulary
# ---------------------------------------------------------------------------

def read_vocabulary(path: Path, rdf_format: str | None = None) -> Graph:
    """The triples of a vocabulary file, all graphs of a quad file taken together."""
    rdf_format = rdf_format or guess_format(str(path)) or ("xml" if path.suffix == ".owl" else None)
    if rdf_format is None:
        raise SourceError(f"{path}: cannot tell the RDF format from the name; give --format")
    # Parsers raise their own kinds of error (BadSyntax, SAXParseException, JSONDecodeError...);
    # to the command line they all mean the same thing: this file is not what it was said to be.
    try:
        if rdf_format not in QUAD_FORMATS:
            return Graph().parse(path, format=rdf_format)
        dataset = Dataset()
        with warnings.catch_warnings():  # rdflib 7 trips over its own deprecation inside Dataset.parse
            warnings.filterwarnings("ignore", "Dataset.default_context is deprecated", DeprecationWarning)
            dataset.parse(path, format=rdf_format)
    except OSError:
        raise
    except Exception as error:
        raise SourceError(f"{path}: not readable as {rdf_format}: {error}") from error
    graph = Graph()
    for subject, predicate, obj, _graph_name in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    return graph


def kinds_of_type(graph: Graph, rdf_type: URIRef) -> set[str]:
    """The kinds a member of rdf_type has: followed up rdfs:subClassOf to the RDFS/OWL metaclasses."""
    kinds: set[str] = set()
    seen: set[URIRef] = set()
    todo = [rdf_type]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in METACLASS_KINDS:
            kinds.add(METACLASS_KINDS[node])
            continue  # a datatype is also a class, but the narrower kind is the one worth telling
        todo.extend(o for o in graph.objects(node, RDFS.subClassOf) if isinstance(o, URIRef))
    return kinds


def extract_terms(graph: Graph, namespace: str) -> dict[str, frozenset[str]]:
    """Every IRI in namespace that the vocabulary describes, with its kinds.

    A term is a subject of the file (an IRI only mentioned as an object is not defined there).
    Its kind follows from its rdf:type; a term with types but none of class, property or
    datatype is an individual (sh:Violation, time:Monday, schema:True). A subject with no type
    at all is a property if it has a domain, range or superproperty, a class if it has a
    superclass, and otherwise an individual. The namespace IRI itself names the vocabulary
    and is not a term.
    """
    terms: dict[str, frozenset[str]] = {}
    type_kinds: dict[URIRef, set[str]] = {}
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)}
    for subject in subjects:
        local = str(subject)[len(namespace):]
        if not local:
            continue
        kinds: set[str] = set()
        for rdf_type in graph.objects(subject, RDF.type):
            if isinstance(rdf_type, URIRef):
                if rdf_type not in type_kinds:
                    type_kinds[rdf_type] = kinds_of_type(graph, rdf_type)
                kinds |= type_kinds[rdf_type]
        if not kinds:
            kinds = {_kind_from_shape(graph, subject)}
        terms[local] = frozenset(kinds)
    return terms


# Statements that only a property or only a class can be the subject of, for terms the file
# describes without a type (PROV and DCAT name inverse properties with owl:inverseOf alone).
PROPERTY_HINTS = (RDFS.domain, RDFS.range, RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty,
                  OWL.propertyChainAxiom)
CLASS_HINTS = (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith)


def _kind_from_shape(graph: Graph, subject: URIRef) -> str:
    if any(graph.value(subject, p) is not None for p in PROPERTY_HINTS):
        return "property"
    if any(graph.value(subject, p) is not None for p in CLASS_HINTS):
        return "class"
    return "individual"


def _ontology_value(graph: Graph, namespace: str, properties: Iterable[URIRef], *, latest: bool) -> str | None:
    """The first of properties that the vocabulary's own description has: English first, or the latest."""
    # The namespace IRI (with or without its '#' or '/') speaks for the vocabulary, typed
    # owl:Ontology or not (DCMI's is not); another owl:Ontology in the file comes next.
    own = [URIRef(namespace), URIRef(namespace.rstrip("#/"))]
    ontologies = own + sorted(s for s in graph.subjects(RDF.type, OWL.Ontology)
                              if isinstance(s, URIRef) and s not in own)
    for prop in properties:
        for ontology in ontologies:
            values = [v for v in graph.objects(ontology, prop)]
            if not values:
                continue
            if latest:  # ORG lists every date it was modified; the last one dates the file
                value = max(values, key=str)
            else:
                value = min(values, key=lambda v: (getattr(v, "language", None) not in ("en", None), str(v)))
            return " ".join(str(value).split())
    return None


def describe(graph: Graph, namespace: str) -> dict[str, str]:
    """Title and version as the vocabulary states them, where it does."""
    found = {}
    for key, properties in (("title", TITLE_PROPERTIES), ("version", VERSION_PROPERTIES)):
        value = _ontology_value(graph, namespace, properties, latest=key == "version")
        if value:
            found[key] = value
    return found


# ---------------------------------------------------------------------------
# The list file
# ---------------------------------------------------------------------------

def render(term_list: TermList) -> str:
    """The list as text: deterministic, so a refresh shows as a readable diff."""
    header = dict(term_list.header)
    header["counts"] = _counts_text(term_list)
    prefix = header["prefix"]
    lines = [f"# Terms of the {prefix}: vocabulary, generated by tools/vocabulary_terms.py from the"
             " source below. Do not edit; regenerate.",
             *(f"# {key}: {header[key]}" for key in HEADER_KEYS if header.get(key)),
             "#",
             "# kind<TAB>local name, sorted by kind then name; a term with two kinds has two lines.",
             ]
    for kind in KINDS:
        lines.extend(f"{kind}\t{name}" for name in term_list.names(kind))
    return "\n".join(lines) + "\n"


def _counts_text(term_list: TermList) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in term_list.counts().items())


def parse_list(text: str, *, origin: str = "<list>") -> TermList:
    """A list as render() wrote it, read by the validator's own reader; ValueError on a bad line."""
    return TermList(*parse_term_list(text, origin=origin))


def read_list(path: Path) -> TermList:
    return parse_list(path.read_text(encoding="utf-8"), origin=str(path))


def read_lists(folder: Path = LISTS_DIR) -> dict[str, TermList]:
    """prefix -> list, for every list in folder."""
    lists = {}
    for path in sorted(folder.glob("*.txt")):
        term_list = read_list(path)
        lists[term_list.header["prefix"]] = term_list
    return lists


def build_list(source_file: Path, prefix: str, *, namespace: str, source: str, published: str,
               title: str | None = None, version: str | None = None,
               rdf_format: str | None = None) -> TermList:
    """The list of one vocabulary from its published file."""
    graph = read_vocabulary(source_file, rdf_format)
    terms = extract_terms(graph, namespace)
    if not terms:
        raise SourceError(f"{source_file}: no term in {namespace}; is it the right file and namespace?")
    stated = describe(graph, namespace)
    header = {
        "prefix": prefix,
        "namespace": namespace,
        "title": title or stated.get("title", ""),
        "version": version or stated.get("version", ""),
        "published": published,
        "source": source,
        "sha256": hashlib.sha256(source_file.read_bytes()).hexdigest(),
    }
    return TermList(header, terms)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.vocabulary_terms", description=__doc__.split("\n\n")[0])
    parser.add_argument("source_file", type=Path, help="the vocabulary's published file, on disk")
    parser.add_argument("prefix", help="the vocabulary's prefix, e.g. org")
    parser.add_argument("--source", required=True,
                        help="where the file came from: OWNER/REPO@COMMIT:PATH, or 'npm PACKAGE@VERSION:PATH'")
    parser.add_argument("--published", help="the URL the publisher serves the file at (kept on a refresh)")
    parser.add_argument("--namespace", help="namespace IRI (default: the project's prefix map)")
    parser.add_argument("--title", help="title (default: the file's own)")
    parser.add_argument("--version", help="version or date (default: the file's own)")
    parser.add_argument("--format", dest="rdf_format", help="rdflib format name (default: from the name)")
    parser.add_argument("--output", type=Path, help="list to write (default: ontology/vocabularies/PREFIX.txt)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    output = args.output or LISTS_DIR / f"{args.prefix}.txt"
    previous = header_lines(output.read_text(encoding="utf-8")) if output.exists() else {}
    namespace = args.namespace or _project_namespace(args.prefix) or previous.get("namespace")
    published = args.published or previous.get("published")
    try:
        if not namespace:
            raise SourceError(f"{args.prefix!r} is not in the project's prefix map; give --namespace")
        if not published:
            raise SourceError("give --published: the URL the vocabulary is published at")
        term_list = build_list(args.source_file, args.prefix, namespace=namespace, source=args.source,
                               published=published, title=args.title, version=args.version,
                               rdf_format=args.rdf_format)
    except (SourceError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(term_list), encoding="utf-8")
    print(f"{output}: {_counts_text(term_list)}")
    return 0


def _project_namespace(prefix: str) -> str | None:
    from nj_graph.core.namespaces import PREFIXES

    return PREFIXES.get(prefix)


if __name__ == "__main__":
    sys.exit(main())
