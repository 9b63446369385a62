"""Mutation testing of the validator: copies of the shipped entities, each with one careless change.

Every entity of the shipped data (an `njr:` subject with its triples and the blank nodes it owns:
selectors, instants) is copied to a new IRI. Each kind of careless change is applied to every
copy it fits (a copy with no amount cannot have its amount negated: it is skipped, not counted).
All the copies of one kind go into one N-Triples file, one triple a line, so that one validation
run judges them all; a copy is *killed* when a violation points into its lines or at its nodes.
The unbroken copies go through the same way and must all be accepted.

    python tests/mutations.py     # the figures for every entity: kind, killed, tried
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, XSD
from rdflib.term import Node

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nj_graph.core.library_output import library_output_silenced  # noqa: E402
from nj_graph.core.namespaces import NJ, NJR, OA  # noqa: E402
from nj_graph.core.shipped import SHIPPED  # noqa: E402
from nj_graph.store import graph as graph_module  # noqa: E402
from nj_graph.validate import validation  # noqa: E402
from nj_graph.validate.findings import Severity  # noqa: E402

#: The reused vocabularies whose terms a careless contributor misspells.
REUSED = (str(TIME), str(DCTERMS), str(PROV), str(OA), str(SKOS), str(SDO), str(ORG), str(FOAF))
MUTANT_BASE = str(NJR) + "mutant/"
DATES = {XSD.date, XSD.gYear, XSD.gYearMonth}
#: Lexical forms that are not in the value space of their datatype, as a contributor might write them.
ILL_TYPED = {XSD.nonNegativeInteger: "-2466.0", XSD.integer: "twelve", XSD.decimal: "about 5 million",
             XSD.boolean: "yes", XSD.date: "sometime that spring", XSD.gYear: "the 1990s",
             XSD.gYearMonth: "April 2013"}


@dataclass
class Entity:
    """A shipped `njr:` subject, its triples and those of the blank nodes it owns."""

    iri: URIRef
    triples: list[tuple[Node, Node, Node]]


@dataclass
class Mutant:
    entity: URIRef
    iri: URIRef
    triples: list[tuple[Node, Node, Node]]
    lines: range = range(0)
    nodes: set = field(default_factory=set)


def shipped_graphs() -> tuple[Graph, Graph, Graph]:
    """The shipped data, the ontology and the shapes, parsed as the project parses them."""
    graphs = []
    for paths in (graph_module.data_files(), graph_module.ontology_files(), [SHIPPED.shapes_file]):
        graph = graph_module.new_graph()
        for path in paths:
            graph_module.parse_project_file(path, graph)
        graphs.append(graph)
    return graphs[0], graphs[1], graphs[2]


def entities(data: Graph) -> list[Entity]:
    found = []
    for subject in sorted({s for s in data.subjects() if isinstance(s, URIRef) and s.startswith(str(NJR))}):
        triples, todo, seen = [], [subject], set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for triple in sorted(data.triples((node, None, None))):
                triples.append(triple)
                if isinstance(triple[2], BNode):
                    todo.append(triple[2])
        found.append(Entity(subject, triples))
    return found


def copy(entity: Entity, name: str, data: Graph, shapes: Graph) -> Mutant:
    """The entity under a new IRI with fresh blank nodes; it also takes over one of each incoming
    link a shape requires (a concept scheme's copy needs a concept in it)."""
    iri = URIRef(MUTANT_BASE + name)
    renamed: dict[Node, Node] = {entity.iri: iri}

    def rename(term: Node) -> Node:
        if isinstance(term, BNode):
            renamed.setdefault(term, BNode())
        return renamed.get(term, term)

    triples = [(rename(s), p, rename(o)) for s, p, o in entity.triples]
    for inverse in shapes.objects(None, SH.inversePath):
        incoming = sorted(data.subjects(inverse, entity.iri))
        if incoming:
            triples.append((incoming[0], inverse, iri))
    return Mutant(entity.iri, iri, triples, nodes={iri, *(v for v in renamed.values() if isinstance(v, BNode))})


# --- the careless changes ------------------------------------------------------------------------

Mutation = Callable[["Context", Mutant, int], "list | None"]


@dataclass
class Context:
    data: Graph
    ontology: Graph
    declared: set

    def types(self, node: Node) -> set:
        return set(self.data.objects(node, RDF.type))


def _pick(items: list, index: int):
    """One of `items`, chosen by the entity's index so that different entities try different ones."""
    return sorted(items)[index % len(items)] if items else None


def _replace(triples: list, old: tuple, new: tuple | None) -> list:
    return [t for t in triples if t != old] + ([new] if new is not None else [])


def misspell(term: URIRef, index: int) -> URIRef:
    """A misspelling of a term's local name: a letter dropped, two letters swapped or the case of
    the first letter changed, in turn."""
    text = str(term)
    cut = max(text.rfind("#"), text.rfind("/")) + 1
    space, local = text[:cut], text[cut:]
    middle = len(local) // 2
    style = index % 3
    if style == 0:
        wrong = local[:middle] + local[middle + 1:]
    elif style == 1:
        wrong = local[:middle - 1] + local[middle] + local[middle - 1] + local[middle + 1:]
    else:
        wrong = local[0].swapcase() + local[1:]
    if wrong == local:
        wrong = local + local[-1]
    return URIRef(space + wrong)


def dropped_label(ctx: Context, mutant: Mutant, index: int):
    labels = [t for t in mutant.triples if t[0] == mutant.iri and t[1] == RDFS.label]
    return [t for t in mutant.triples if t not in labels] if labels else None


def dropped_source(ctx: Context, mutant: Mutant, index: int):
    sources = [t for t in mutant.triples if t[0] == mutant.iri and t[1] == PROV.wasDerivedFrom]
    return [t for t in mutant.triples if t not in sources] if sources else None


def _resource_values(mutant: Mutant) -> list:
    return [t for t in mutant.triples if t[0] in mutant.nodes and t[1] != RDF.type
            and isinstance(t[2], URIRef) and t[2].startswith(str(NJR)) and t[2] != mutant.iri]


def dangling_reference(ctx: Context, mutant: Mutant, index: int):
    triple = _pick(_resource_values(mutant), index)
    if triple is None:
        return None
    wrong = misspell(triple[2], index)
    while (wrong, None, None) in ctx.data:
        wrong = URIRef(wrong + "x")
    return _replace(mutant.triples, triple, (triple[0], triple[1], wrong))


def wrong_class_value(ctx: Context, mutant: Mutant, index: int):
    """A value swapped for a described resource of a class that fits nowhere: a source quote (or,
    where a quote is expected, a state)."""
    triple = _pick(_resource_values(mutant), index)
    if triple is None:
        return None
    wrong = NJR.japan if triple[1] == PROV.wasDerivedFrom else NJR["quote/s01"]
    if wrong == triple[2]:
        return None
    return _replace(mutant.triples, triple, (triple[0], triple[1], wrong))


def negative_amount(ctx: Context, mutant: Mutant, index: int):
    triple = next((t for t in mutant.triples if t[1] in (NJ.amount, NJ.maximumAmount)), None)
    if triple is None:
        return None
    return _replace(mutant.triples, triple, (triple[0], triple[1], Literal("-" + str(triple[2]), datatype=XSD.decimal)))


def date_as_text(ctx: Context, mutant: Mutant, index: int):
    dates = [t for t in mutant.triples if isinstance(t[2], Literal) and t[2].datatype in DATES]
    triple = _pick(dates, index)
    if triple is None:
        return None
    return _replace(mutant.triples, triple, (triple[0], triple[1], Literal(f"in {triple[2]}")))


def undeclared_property(ctx: Context, mutant: Mutant, index: int):
    """A property of the project's namespace that the ontology does not declare: a misspelt nj:
    property, or (on a node with none) a reused property's name put in the nj: namespace."""
    triples = [t for t in mutant.triples if t[0] == mutant.iri and t[1] != RDF.type]
    own = [t for t in triples if t[1].startswith(str(NJ))]
    triple = _pick(own or triples, index)
    if triple is None:
        return None
    local = str(triple[1]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    wrong = misspell(triple[1], index) if own else NJ[local]
    while wrong in ctx.declared:
        wrong = URIRef(wrong + "s")
    return _replace(mutant.triples, triple, (triple[0], wrong, triple[2]))


def dropped_type(ctx: Context, mutant: Mutant, index: int):
    types = [t for t in mutant.triples if t[0] == mutant.iri and t[1] == RDF.type]
    return [t for t in mutant.triples if t not in types] if types else None


def misspelt_reused_class(ctx: Context, mutant: Mutant, index: int):
    triple = _pick([t for t in mutant.triples if t[0] in mutant.nodes and t[1] == RDF.type
                    and str(t[2]).startswith(REUSED)], index)
    if triple is None:
        return None
    return _replace(mutant.triples, triple, (triple[0], triple[1], misspell(triple[2], index)))


def misspelt_reused_property(ctx: Context, mutant: Mutant, index: int):
    triple = _pick([t for t in mutant.triples if t[0] in mutant.nodes and str(t[1]).startswith(REUSED)], index)
    if triple is None:
        return None
    return _replace(mutant.triples, triple, (triple[0], misspell(triple[1], index), triple[2]))


def ill_typed_literal(ctx: Context, mutant: Mutant, index: int):
    triple = _pick([t for t in mutant.triples if isinstance(t[2], Literal) and t[2].datatype in ILL_TYPED], index)
    if triple is None:
        return None
    with library_output_silenced():  # rdflib logs and warns about the very literals made here on purpose
        wrong = Literal(ILL_TYPED[triple[2].datatype], datatype=triple[2].datatype, normalize=False)
    return _replace(mutant.triples, triple, (triple[0], triple[1], wrong))


def ontology_statement(ctx: Context, mutant: Mutant, index: int):
    """Schema in a contribution: an ontology header with imports, or an axiom about the project's
    own or a reused term, in turn."""
    classes = sorted(t[2] for t in mutant.triples if t[0] == mutant.iri and t[1] == RDF.type)
    properties = sorted({t[1] for t in mutant.triples if t[0] == mutant.iri and t[1] != RDF.type})
    cls = classes[index % len(classes)] if classes else NJ.Event
    prop = properties[index % len(properties)] if properties else RDFS.label
    axioms = [
        [(mutant.iri, RDF.type, OWL.Ontology), (mutant.iri, OWL.imports, URIRef(f"http://example.org/{index}.ttl"))],
        [(cls, RDFS.subClassOf, PROV.Entity)],
        [(prop, RDFS.domain, cls)],
        [(prop, RDFS.range, cls)],
        [(cls, OWL.equivalentClass, SDO.Thing)],
        [(prop, RDF.type, OWL.TransitiveProperty)],
        [(prop, RDF.type, OWL.FunctionalProperty)],
        [(prop, OWL.inverseOf, RDFS.seeAlso)],
        [(prop, RDFS.subPropertyOf, RDFS.seeAlso)],
    ]
    return mutant.triples + axioms[index % len(axioms)]


#: The careless changes, by name; the first seven the validator has long caught.
MUTATIONS: dict[str, Mutation] = {
    "dropped label": dropped_label,
    "dropped source": dropped_source,
    "dangling reference": dangling_reference,
    "wrong-class value": wrong_class_value,
    "negative amount": negative_amount,
    "date as text": date_as_text,
    "undeclared property": undeclared_property,
    "dropped type": dropped_type,
    "misspelt reused class": misspelt_reused_class,
    "misspelt reused property": misspelt_reused_property,
    "ill-typed literal": ill_typed_literal,
    "ontology statement": ontology_statement,
}


# --- running them --------------------------------------------------------------------------------

def _ntriples(term: Node, blanks: dict) -> str:
    if isinstance(term, BNode):
        return "_:" + blanks.setdefault(term, f"b{len(blanks)}")
    return term.n3()


def write_batch(mutants: list[Mutant], path: Path) -> None:
    """All mutants in one N-Triples file, each on its own run of lines (the first line is 1)."""
    lines, blanks = [], {}
    with library_output_silenced():  # rdflib warns when it writes an ill-typed literal, made on purpose
        for mutant in mutants:
            start = len(lines) + 1
            lines.extend(" ".join(_ntriples(term, blanks) for term in triple) + " ." for triple in mutant.triples)
            mutant.lines = range(start, len(lines) + 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def killed(mutants: list[Mutant], path: Path) -> tuple[set[URIRef], list]:
    """The mutants one validation run of their batch rejects, and the violations it found."""
    with library_output_silenced():
        report = validation.validate_files([path])
    violations = [f for f in report.findings if f.severity >= Severity.VIOLATION]
    dead = set()
    for mutant in mutants:
        triples = set(mutant.triples)
        for finding in violations:
            if (finding.line in mutant.lines or finding.focus in mutant.nodes
                    or (finding.focus, finding.path, finding.value) in triples
                    or (finding.focus is None and str(mutant.iri) in finding.message)
                    or (finding.focus is None and mutant.iri.n3() in finding.message)):
                dead.add(mutant.iri)
                break
    return dead, violations


@dataclass
class Figures:
    kind: str
    tried: int
    killed: int
    survivors: list[URIRef]


def spread(items: list, most: int | None) -> list:
    """At most `most` of `items`, evenly spaced (the entities are sorted by IRI, so every sort of
    entity is drawn); all of them when `most` is None."""
    if most is None or len(items) <= most:
        return items
    return [items[i * len(items) // most] for i in range(most)]


def run(folder: Path, kinds: dict[str, Mutation] | None = None, *,
        most: int | None = None) -> tuple[Figures, list[Figures]]:
    """The unbroken copies' figures (killed must be 0) and each kind's (killed must equal tried),
    trying each kind on at most `most` of the entities it fits (on all of them by default)."""
    data, ontology, shapes = shipped_graphs()
    declared = set(ontology.subjects(RDFS.isDefinedBy, URIRef(str(NJ).rstrip("#"))))
    ctx = Context(data, ontology, declared)
    everything = entities(data)
    unbroken = [copy(e, f"{i}", data, shapes) for i, e in enumerate(everything)]
    path = folder / "unbroken.nt"
    write_batch(unbroken, path)
    dead, _ = killed(unbroken, path)
    baseline = Figures("unbroken copy", len(unbroken), len(dead), sorted(m.entity for m in unbroken if m.iri in dead))
    results = []
    for number, (kind, mutation) in enumerate((kinds or MUTATIONS).items()):
        mutants = []
        for i, entity in enumerate(everything):
            mutant = copy(entity, f"{number}-{i}", data, shapes)
            changed = mutation(ctx, mutant, i)
            if changed is not None and set(changed) != set(mutant.triples):
                mutant.triples = changed
                mutants.append(mutant)
        mutants = spread(mutants, most)
        path = folder / f"kind-{number}.nt"
        write_batch(mutants, path)
        dead, _ = killed(mutants, path)
        results.append(Figures(kind, len(mutants), len(dead), sorted(m.entity for m in mutants if m.iri not in dead)))
    return baseline, results


def table(baseline: Figures, results: list[Figures]) -> str:
    rows = [f"| {'kind of change':<26} | killed | tried |", f"|{'-' * 28}|-------:|------:|"]
    for figures in results:
        rows.append(f"| {figures.kind:<26} | {figures.killed:>6} | {figures.tried:>5} |")
    rows.append(f"| {'(unbroken copies rejected)':<26} | {baseline.killed:>6} | {baseline.tried:>5} |")
    return "\n".join(rows)


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        baseline, results = run(Path(folder))
    print(table(baseline, results))
    for figures in [baseline, *results]:
        for survivor in figures.survivors[:5]:
            print(f"{figures.kind}: {survivor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
