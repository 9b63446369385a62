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

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH
from rdflib.term import Node

from .findings import Finding, Severity
from .literals import literal_problem
from .reused_vocabularies import load_vocabularies
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
    #: Where the classes a property is used with are learnt from, for did-you-mean hints: the
    #: shipped graph, whatever base the contribution is judged against (default: `shipped`).
    usage: Graph | None = None

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
    def checked_classes(self) -> set[URIRef]:
        """The classes the project knows how to check: the ontology's own, and the reused ones a
        shape targets (time:ProperInterval, skos:ConceptScheme, the Web Annotation selectors...)."""
        own = {c for c in self.ontology.subjects(RDF.type, OWL.Class)
               if isinstance(c, URIRef) and str(c).startswith(str(NJ))}
        targeted = {c for c in self.shapes.objects(None, SH.targetClass) if isinstance(c, URIRef)}
        return own | targeted

    @cached_property
    def classes_by_property(self) -> dict[URIRef, set[URIRef]]:
        """For each property, the classes it is meant for: its rdfs:domain in the ontology and the
        classes of the shipped resources that have it; failing both, the classes whose shapes
        constrain it by name."""
        found: dict[URIRef, set[URIRef]] = {}
        for prop, domain in self.ontology.subject_objects(RDFS.domain):
            if isinstance(prop, URIRef) and isinstance(domain, URIRef):
                found.setdefault(prop, set()).add(domain)
        checked = self.checked_classes
        usage = self.shipped if self.usage is None else self.usage
        for subject, cls in usage.subject_objects(RDF.type):
            if cls in checked:
                for prop in usage.predicates(subject, None, unique=True):
                    if prop != RDF.type:
                        found.setdefault(prop, set()).add(cls)
        for shape, cls in self.shapes.subject_objects(SH.targetClass):
            for property_shape in self.shapes.objects(shape, SH.property):
                prop = self.shapes.value(property_shape, SH.path)
                if isinstance(prop, URIRef) and prop not in found:
                    found.setdefault(prop, set()).add(cls)
        return found

    def classes_fitting(self, properties: set[Node], limit: int = 3) -> list[URIRef]:
        """The classes that best fit a node's properties, best first.

        A property meant for a class fits its subclasses too (nj:host, meant for events, fits a
        visit), and a property meant for many classes (rdfs:label) tells less than one meant for a
        few (nj:visitor). Classes scoring less than half the best are left out.
        """
        scores: dict[URIRef, float] = {}
        for prop in properties:
            meant_for = self.classes_by_property.get(prop, set())
            for cls in self.checked_classes:
                if meant_for & self._superclasses(cls):
                    scores[cls] = scores.get(cls, 0.0) + 1.0 / len(meant_for)
        if not scores:
            return []
        best = max(scores.values())
        ranked = sorted((c for c in scores if scores[c] >= best / 2),
                        key=lambda c: (-scores[c], -len(self._superclasses(c)), str(c)))
        return ranked[:limit]

    def _superclasses(self, cls: URIRef) -> set[Node]:
        """The class and every class above it (the ontology's rdfs:subClassOf, transitively)."""
        return set(self.ontology.transitive_objects(cls, RDFS.subClassOf))

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



def check_types(ctx: CheckContext) -> Iterator[Finding]:
    """Every resource of the project's namespace that the contribution describes has a class the
    project checks: a node with none escapes every shape. The suggestion comes from its properties."""
    for subject in ctx.new_subjects:
        if not isinstance(subject, URIRef) or not str(subject).startswith(str(NJR)):
            continue
        types = set(ctx.merged.objects(subject, RDF.type))
        if types & ctx.checked_classes or any(str(t).startswith(PROJECT_NAMESPACES) for t in types):
            continue  # checked, or typed with an undeclared nj: class, which the vocabulary check reports
        fitting = ctx.classes_fitting(set(ctx.merged.predicates(subject, None)) - {RDF.type})
        names = [curie(c) for c in fitting]
        hint = (f"; did you mean {' or '.join(names)}? Its properties fit {'them' if len(names) > 1 else 'it'}"
                if names else "; see ontology/nj.ttl and docs/modelling.md for the classes")
        if types:
            said = (f"{curie(subject)} is typed only {', '.join(sorted(curie(t) for t in types))}, "
                    "which no shape of the project checks")
        else:
            said = f"{curie(subject)} has no rdf:type, so no shape checks it"
        yield Finding(rule="type", severity=Severity.VIOLATION, focus=subject, path=RDF.type,
                      message=f"{said}: add rdf:type with the class of the ontology it belongs to{hint}")


def check_vocabulary(ctx: CheckContext) -> Iterator[Finding]:
    """Classes and properties that their vocabulary does not define, with a did-you-mean: terms of
    the project's namespaces the ontology does not declare, and terms of the reused vocabularies
    (time:, prov:, schema:...) their published term lists do not hold."""
    declared = ctx.declared_terms
    classes = {t for t in declared if (t, RDF.type, OWL.Class) in ctx.ontology}
    # Suggest a class for a misspelt class and a property for a misspelt property.
    by_kind = {kind: {str(t).lower(): t for t in terms}
               for kind, terms in (("class", classes), ("property", declared - classes))}
    reused = load_vocabularies()
    seen: set[tuple[Node, URIRef]] = set()  # each resource is told once about each term
    for triple in ctx.contribution:
        focus, predicate, value = triple
        for position, term in zip(("subject", "predicate", "object"), triple):
            if not isinstance(term, URIRef) or term in declared or (focus, term) in seen:
                continue
            kind = "class" if position == "object" and predicate == RDF.type else "property"
            if str(term).startswith(PROJECT_NAMESPACES):
                close = difflib.get_close_matches(str(term).lower(), list(by_kind[kind]), n=1, cutoff=0.75)
                hint = f"; did you mean {curie(by_kind[kind][close[0]])}?" if close else "; see ontology/nj.ttl for the terms"
                message = f"{curie(term)} is not declared by the nj-graph ontology{hint}"
            elif position == "predicate" or kind == "class":
                message = reused.problem(term, kind)
            else:
                message = None  # a reused term as a subject or a plain value is not a use of the vocabulary
            if message is None:
                continue
            seen.add((focus, term))
            yield Finding(rule="vocabulary", severity=Severity.VIOLATION, message=message,
                          focus=focus, path=predicate, value=value)
    for subject in ctx.contribution.subjects(unique=True):
        if subject in declared:
            yield Finding(
                rule="vocabulary", severity=Severity.VIOLATION, focus=subject,
                message=(f"a contribution must not add statements about the ontology term {curie(subject)}; "
                         "propose ontology changes in ontology/nj.ttl instead"),
            )


def _fact_types(ctx: CheckContext, node: Node) -> list[URIRef]:
    """The classes that make a node a fact needing a source quote, if it is one.

    A node typed with an nj: class is a fact (unless it is a quote or a source document); so is a
    node typed only with a reused class (an OWL-Time interval, a concept scheme), unless it is a
    blank node inside another node, as a quote's selectors and an interval's instants are.
    """
    types = sorted(t for t in ctx.merged.objects(node, RDF.type) if isinstance(t, URIRef))
    if not types or any(t in _NOT_FACTS for t in types):
        return []
    own = [t for t in types if str(t).startswith(str(NJ))]
    if own:
        return own
    if isinstance(node, BNode) and (None, None, node) in ctx.merged:
        return []
    return types


def check_provenance(ctx: CheckContext) -> Iterator[Finding]:
    """Every new fact node has a source quote, and quotes of shipped sources are found at their offsets."""
    for node in ctx.new_subjects:
        fact_types = _fact_types(ctx, node)
        if not fact_types:
            continue
        sources = list(ctx.merged.objects(node, PROV.wasDerivedFrom))
        quotes = [q for q in sources if (q, RDF.type, NJ.SourceQuote) in ctx.merged]
        if not quotes:
            yield Finding(
                rule="provenance", severity=Severity.VIOLATION, focus=node, path=PROV.wasDerivedFrom,
                message=(f"{curie(node)} ({curie(fact_types[0])}) has no source quote: add prov:wasDerivedFrom "
                         "pointing to an nj:SourceQuote that gives the exact text and its offsets"),
            )
        if any(str(t).startswith(str(NJ)) for t in fact_types):
            continue  # the shapes check the values of prov:wasDerivedFrom on nj: classes
        for source in sources:
            if source not in quotes and (node, PROV.wasDerivedFrom, source) in ctx.contribution:
                yield Finding(
                    rule="provenance", severity=Severity.VIOLATION, focus=node, path=PROV.wasDerivedFrom,
                    value=source,
                    message=(f"prov:wasDerivedFrom points to {curie(source)}, which is not an nj:SourceQuote: "
                             "point it to the quote of the source text that states the fact"),
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
    for subject, predicate, value in ctx.contribution:  # every use, each with its own line
        if isinstance(value, URIRef) and str(value).startswith(str(NJR)) and value not in described:
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
GRAPH_CHECKS: tuple[Check, ...] = (check_vocabulary, check_types, check_literals, check_provenance,
                                   check_references, check_conflicts)
