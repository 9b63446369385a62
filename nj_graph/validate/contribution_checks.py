"""The checks a contribution goes through, each a function from a context to findings.

Every check sees the same `CheckContext`: the shipped graph (ontology plus data), the contribution,
and the two merged. Each reports only what the contribution brings: findings the shipped graph has
already are subtracted by the caller, and checks that look at "new" things look at the contribution.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH
from rdflib.term import Node

from .findings import Finding, Severity
from .literals import literal_problem
from ..core.namespaces import NJ, NJR, OA, PROJECT_NAMESPACES, curie

_DECLARING_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                    RDF.Property, RDFS.Class, SH.NodeShape, SH.PropertyShape)
#: nj: classes whose instances are sources, not facts, and so need no quote of their own.
_NOT_FACTS = (NJ.SourceQuote, NJ.SourceDocument)


@dataclass
class CheckContext:
    """What every check may look at."""

    shipped: Graph
    contribution: Graph
    merged: Graph
    ontology: Graph
    shapes: Graph
    #: The shipped source copies a quote may be checked against: source node IRI -> its text.
    source_texts: dict[URIRef, str] = field(default_factory=dict)

    @cached_property
    def declared_terms(self) -> set[URIRef]:
        """Every term the ontology and the shapes declare in the project's namespaces."""
        declared: set[URIRef] = set()
        for graph in (self.ontology, self.shapes):
            for kind in _DECLARING_TYPES:
                declared.update(s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef))
        declared.add(URIRef(str(NJ).rstrip("#")))
        return {t for t in declared if str(t).startswith(PROJECT_NAMESPACES)}

    @cached_property
    def new_subjects(self) -> set[Node]:
        return set(self.contribution.subjects())

    @cached_property
    def single_valued(self) -> set[URIRef]:
        """Predicates that take one value per resource: sh:maxCount 1 in the shapes, or functional."""
        single = {p for p in self.ontology.subjects(RDF.type, OWL.FunctionalProperty) if isinstance(p, URIRef)}
        for shape in self.shapes.subjects(SH.maxCount, Literal(1)):
            path = self.shapes.value(shape, SH.path)
            if isinstance(path, URIRef):
                single.add(path)
        return single

    def label(self, node: Node) -> str | None:
        for label in self.merged.objects(node, RDFS.label):
            if isinstance(label, Literal) and label.language in (None, "en"):
                return str(label)
        return None


Check = Callable[[CheckContext], Iterator[Finding]]


def check_vocabulary(ctx: CheckContext) -> Iterator[Finding]:
    """Terms in the project's namespaces that the ontology does not declare, with a did-you-mean."""
    declared = ctx.declared_terms
    classes = {t for t in declared if (t, RDF.type, OWL.Class) in ctx.ontology}
    # Suggest a class for a misspelt class and a property for a misspelt property.
    by_kind = {kind: {str(t).lower(): t for t in terms}
               for kind, terms in (("class", classes), ("property", declared - classes))}
    seen: set[URIRef] = set()
    for triple in ctx.contribution:
        for position, term in zip(("subject", "predicate", "object"), triple):
            if not isinstance(term, URIRef) or term in declared or term in seen:
                continue
            if not str(term).startswith(PROJECT_NAMESPACES):
                continue
            seen.add(term)
            focus, predicate, value = triple
            by_name = by_kind["class" if position == "object" and predicate == RDF.type else "property"]
            close = difflib.get_close_matches(str(term).lower(), list(by_name), n=1, cutoff=0.75)
            hint = f"; did you mean {curie(by_name[close[0]])}?" if close else "; see ontology/nj.ttl for the terms"
            yield Finding(
                rule="vocabulary", severity=Severity.VIOLATION,
                message=f"{curie(term)} is not declared by the nj-graph ontology{hint}",
                focus=focus, path=predicate, value=value if position == "object" else None,
            )
    for subject in ctx.contribution.subjects(unique=True):
        if subject in declared:
            yield Finding(
                rule="vocabulary", severity=Severity.VIOLATION, focus=subject,
                message=(f"a contribution must not add statements about the ontology term {curie(subject)}; "
                         "propose ontology changes in ontology/nj.ttl instead"),
            )


def check_provenance(ctx: CheckContext) -> Iterator[Finding]:
    """Every new fact node has a source quote, and quotes of shipped sources are found at their offsets."""
    for node in ctx.new_subjects:
        types = set(ctx.merged.objects(node, RDF.type))
        fact_types = [t for t in types if str(t).startswith(str(NJ)) and t not in _NOT_FACTS]
        if not fact_types:
            continue
        quotes = [q for q in ctx.merged.objects(node, PROV.wasDerivedFrom) if (q, RDF.type, NJ.SourceQuote) in ctx.merged]
        if not quotes:
            yield Finding(
                rule="provenance", severity=Severity.VIOLATION, focus=node, path=PROV.wasDerivedFrom,
                message=(f"{curie(node)} ({curie(fact_types[0])}) has no source quote: add prov:wasDerivedFrom "
                         "pointing to an nj:SourceQuote that gives the exact text and its offsets"),
            )
    for quote in ctx.contribution.subjects(RDF.type, NJ.SourceQuote, unique=True):
        yield from _check_quote_text(ctx, quote)


def _check_quote_text(ctx: CheckContext, quote: Node) -> Iterator[Finding]:
    source = ctx.merged.value(quote, OA.hasSource)
    exact = start = end = None
    for selector in ctx.merged.objects(quote, OA.hasSelector):
        exact = ctx.merged.value(selector, OA.exact) or exact
        start = ctx.merged.value(selector, OA.start) if ctx.merged.value(selector, OA.start) is not None else start
        end = ctx.merged.value(selector, OA.end) if ctx.merged.value(selector, OA.end) is not None else end
    if source not in ctx.source_texts:
        yield Finding(
            rule="provenance", severity=Severity.INFO, focus=quote, path=OA.hasSource, value=source,
            message=(f"the quote cites {curie(source) if source is not None else 'no source'}, which is not a source "
                     "shipped with the project, so its text cannot be checked; ship the source under data/sources/ "
                     "and describe it as an nj:SourceDocument"),
        )
        return
    if exact is None or start is None or end is None:
        return  # the SHACL shapes report missing selectors
    text = ctx.source_texts[source]
    try:
        begin, stop = int(start), int(end)
    except (TypeError, ValueError):
        return
    if text[begin:stop] != str(exact):
        found = text.find(str(exact))
        where = (f"the text occurs at oa:start {found}, oa:end {found + len(str(exact))}" if found >= 0
                 else "the text does not occur in the source at all; copy it verbatim")
        yield Finding(
            rule="provenance", severity=Severity.VIOLATION, focus=quote, path=OA.exact, value=exact,
            message=f"the quoted text is not found at offsets {begin}-{stop} of {curie(source)}: {where}",
        )


def check_references(ctx: CheckContext) -> Iterator[Finding]:
    """An IRI in the resource namespace used as a value but described nowhere."""
    described = set(ctx.merged.subjects())
    reported: set[Node] = set()
    for subject, predicate, value in ctx.contribution:
        if isinstance(value, URIRef) and str(value).startswith(str(NJR)) and value not in described:
            if value in reported:
                continue
            reported.add(value)
            yield Finding(
                rule="reference", severity=Severity.VIOLATION, focus=subject, path=predicate, value=value,
                message=(f"{curie(value)} is used as a value but described nowhere in the graph; check its "
                         "spelling against the shipped resources, or describe it (type, label, source quote)"),
            )


def check_literals(ctx: CheckContext) -> Iterator[Finding]:
    """Typed literals whose lexical form is not a value of their XML Schema datatype."""
    for subject, predicate, value in ctx.contribution:
        if isinstance(value, Literal):
            problem = literal_problem(value)
            if problem is not None:
                yield Finding(rule="literal", severity=Severity.VIOLATION, focus=subject, path=predicate,
                              value=value, message=problem)


def check_conflicts(ctx: CheckContext) -> Iterator[Finding]:
    """A second value for a single-valued property of a resource the shipped graph already describes."""
    single = ctx.single_valued
    for subject, predicate, value in ctx.contribution:
        if predicate not in single or (subject, predicate, value) in ctx.shipped:
            continue
        existing = [v for v in ctx.shipped.objects(subject, predicate) if v != value]
        if existing:
            yield Finding(
                rule="conflict", severity=Severity.VIOLATION, focus=subject, path=predicate, value=value,
                message=(f"{curie(subject)} already has {curie(predicate)} {curie(existing[0])} in the shipped graph, "
                         f"which takes one value; to correct it, change the shipped file instead of adding "
                         f"{curie(value)}"),
            )


def shacl_findings(results: Graph, shapes: Graph, severity_of: Callable[[Node], Severity]) -> Iterator[Finding]:
    """Turn a pyshacl results graph into findings named after the shape that failed.

    A result that is the sh:detail of another (why a value failed an sh:node) is part of that
    result's explanation, not a finding of its own.
    """
    details = set(results.objects(None, SH.detail))
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if result in details:
            continue
        shape = results.value(result, SH.sourceShape)
        rule_shape = _named_shape(shapes, shape)
        message = results.value(result, SH.resultMessage)
        yield Finding(
            rule=f"shape/{curie(rule_shape).split(':', 1)[-1]}" if rule_shape is not None else "shape",
            severity=severity_of(results.value(result, SH.resultSeverity)),
            message=str(message) if message is not None else "the data does not meet a SHACL shape",
            focus=results.value(result, SH.focusNode),
            path=results.value(result, SH.resultPath),
            value=results.value(result, SH.value),
        )


def _named_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The named node shape a (possibly anonymous) property shape belongs to."""
    if shape is None or isinstance(shape, URIRef):
        return shape
    parent = shapes.value(None, SH.property, shape)
    return parent if parent is not None else shape


def load_check_queries(directory: Path) -> list[tuple[str, Severity, str]]:
    """The data-quality checks: (name, severity from the file name, query text), found by glob."""
    checks = []
    for path in sorted(directory.glob("*.rq")):
        stem = path.stem
        for severity in Severity:
            if stem.endswith("-" + severity.word):
                checks.append((stem, severity, path.read_text(encoding="utf-8")))
                break
        else:
            raise ValueError(f"{path}: a check's file name must end in -violation, -warning or -info")
    return checks


def problem_and_solution(query: str) -> str:
    """The `# Problem:` and `# Solution:` comment of a check, as one line."""
    lines, current = [], None
    for raw in query.splitlines():
        if not raw.startswith("#"):
            break
        text = raw.lstrip("#").strip()
        if text.startswith(("Problem:", "Solution:")):
            current = text
            lines.append(current)
        elif lines and text:
            lines[-1] = lines[-1] + " " + text
    return " ".join(lines)


# Referenced by validation.py in this order; the names are the rule ids.
GRAPH_CHECKS: tuple[Check, ...] = (check_vocabulary, check_literals, check_provenance, check_references,
                                   check_conflicts)
