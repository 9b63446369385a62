"""Validate contributions (RDF files) against the shipped ontology, shapes, checks and data.

`validate_files` is the whole job: parse each file through the guarded door, merge it with the
shipped graph, run every check, and keep only the findings the contribution brings.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from ..store import graph as graph_module
from .consistency import inconsistencies
from .contribution_checks import GRAPH_CHECKS, CheckContext, load_check_queries, problem_and_solution, shacl_findings
from ..core.errors import UntrustedInputError, UserInputError
from .prepared_sparql import parsed_once
from .findings import Finding, Report, Severity
from .schema_statements import SchemaStatements, schema_statements
from ..core.guard import alongside, run_guarded
from ..core.namespaces import NJ
from ..core.shipped import SHIPPED
from ..store.base import StoreSpec
from ..store.untrusted import Limits, parse_untrusted_with_lines

_SEVERITIES = {SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


def _severity_of(node) -> Severity:
    return _SEVERITIES.get(node, Severity.VIOLATION)


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return _parse_trusted(graph_module.ontology_files())


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return _parse_trusted([SHIPPED.shapes_file])


@lru_cache(maxsize=4)
def _shipped_data(excluding: frozenset[Path] = frozenset()) -> Graph:
    """The shipped data, less any file being validated (a contribution already placed in data/ is
    judged as new, not compared with itself)."""
    return _parse_trusted(p for p in graph_module.data_files() if p.resolve() not in excluding)


def _parse_trusted(paths: Iterable[Path]) -> Graph:
    """The project's own files: trusted, parsed by the loader's own function."""
    graph = graph_module.new_graph()
    for path in paths:
        graph_module.parse_project_file(path, graph)
    return graph


def _merge(*graphs: Graph) -> Graph:
    merged = graph_module.new_graph()
    for graph in graphs:
        merged += graph
    return merged


@lru_cache(maxsize=1)
def _source_texts() -> dict[URIRef, str]:
    """Texts of the source documents shipped with the project (and only those: a contribution's
    nj:localCopy is never read, so a contribution cannot make the validator open a file).

    They are read from the descriptions in every shipped data file, including files being
    validated: `nj-graph validate data/*.ttl` judges each file against the rest, but the source
    document data/source.ttl describes is shipped all the same.
    """
    shipped = _shipped_data()
    texts = {}
    sources_dir = SHIPPED.sources_dir.resolve()
    for source in shipped.subjects(RDF.type, NJ.SourceDocument):
        local = shipped.value(source, NJ.localCopy)
        if local is None:
            continue
        path = (SHIPPED.root / str(local)).resolve()
        if path.is_relative_to(sources_dir) and path.is_file():
            texts[source] = path.read_text(encoding="utf-8")
    return texts


def _shacl(data: Graph, shapes: Sequence[str] | None = None) -> list[Finding]:
    """SHACL findings for `data` with the ontology mixed in (as pyshacl's ont_graph would be), by
    every shape or, given `shapes`, by those targeting shapes only.

    The ontology is mixed into a fresh copy here and pyshacl validates that copy in place: the same
    result as passing ont_graph, without pyshacl cloning the whole data graph a second time.
    """
    target = _merge(_ontology(), data)
    with parsed_once():
        _conforms, results, _text = pyshacl.validate(
            target, shacl_graph=_shapes(), inference="none", advanced=True, inplace=True,
            allow_infos=True, allow_warnings=True, do_owl_imports=False,
            use_shapes=list(shapes) if shapes is not None else None,
        )
    return list(shacl_findings(results, _shapes(), _severity_of))


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@lru_cache(maxsize=1)
def _shape_halves() -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The shapes that have targets, in two halves that together judge as all of them do; None if
    a targeting shape has no IRI to name it by (pyshacl picks shapes by IRI)."""
    shapes = _shapes()
    targeting = {shape for target in _TARGETS for shape in shapes.subjects(target, None)}
    targeting |= {shape for shape in shapes.subjects(RDF.type, SH.NodeShape) if (shape, RDF.type, RDFS.Class) in shapes}
    if not targeting or any(not isinstance(shape, URIRef) for shape in targeting):
        return None
    ordered = sorted(map(str, targeting))
    return tuple(ordered[0::2]), tuple(ordered[1::2])


#: From this many triples on, the checks run in two processes (see `_checks`).
PARALLEL_FROM = 20_000


def _checks(data: Graph, with_ontology: Graph, *, consistency: bool = True) -> list[Finding]:
    """SHACL on `data`, the SPARQL checks and (if asked) OWL RL consistency on `with_ontology`.

    On a large graph, half the shapes and the reasoner run in a forked child while this process
    takes the other half and the SPARQL checks: pyshacl and rdflib are pure Python, one core each,
    and they are most of a large contribution's validation. Not where threads run (a fork would
    copy their locks) or where there is one core.
    """
    halves = _shape_halves()
    if (len(with_ontology) < PARALLEL_FROM or halves is None or (os.cpu_count() or 1) < 2
            or threading.active_count() > 1 or not hasattr(os, "fork")):
        return [*_shacl(data), *_sparql_checks(with_ontology), *(_consistency(with_ontology) if consistency else [])]
    first, second = halves

    def their_part() -> list[Finding]:
        return [*_shacl(data, first), *(_consistency(with_ontology) if consistency else [])]

    other = alongside(their_part, what="validation")
    try:
        mine = [*_shacl(data, second), *_sparql_checks(with_ontology)]
        return [*other.result(), *mine]
    finally:
        other.close()


def _sparql_checks(data: Graph) -> list[Finding]:
    findings = []
    for name, severity, query in load_check_queries(SHIPPED.checks_dir):
        advice = problem_and_solution(query)
        for row in data.query(query):
            entity, prop, value = row[0], row[1], row[2]
            findings.append(Finding(rule=f"check/{name}", severity=severity, message=advice,
                                    focus=entity, path=prop, value=value))
    return findings


#: The validator uses the fast OWL RL engine; tests check it agrees with owlrl, the reference.
CONSISTENCY_ENGINE = "reasonable"


def _consistency(data: Graph) -> list[Finding]:
    return [Finding(rule="consistency", severity=Severity.VIOLATION,
                    message=f"the merged graph is inconsistent under OWL 2 RL: {problem}")
            for problem in inconsistencies(data, engine=CONSISTENCY_ENGINE)]


def _base_findings(data: Graph) -> frozenset:
    """Keys of what a base graph already reports, so a contribution is not blamed for it."""
    return frozenset(f.key() for f in _checks(data, _merge(_ontology(), data)))


@lru_cache(maxsize=4)
def _shipped_findings(excluding: frozenset[Path] = frozenset()) -> frozenset:
    return _base_findings(_shipped_data(excluding))


def _order(origin: tuple) -> tuple:
    return (origin[0], origin[1] if origin[1] is not None else float("inf"))


def _place(findings: Iterable[Finding], origins: dict) -> list[Finding]:
    files = sorted({file for file, _line in origins.values()})
    """Attach the file and line of the offending triple (or of the resource's first triple)."""
    first_by_subject: dict = {}
    for (subject, _p, _o), origin in origins.items():
        if subject not in first_by_subject or _order(origin) < _order(first_by_subject[subject]):
            first_by_subject[subject] = origin
    placed = []
    for finding in findings:
        origin = origins.get((finding.focus, finding.path, finding.value)) or first_by_subject.get(finding.focus)
        if origin is None and finding.focus is None and len(files) == 1:
            origin = (files[0], None)  # about the merged graph as a whole, and only one file made it
        if origin is not None and finding.file is None:
            finding = Finding(**{**finding.__dict__, "file": origin[0], "line": origin[1]})
        placed.append(finding)
    return placed


def validate_files(paths: Sequence[Path | str], *, format: str | None = None,
                   limits: Limits | None = None, store: str | None = None) -> Report:
    """Validate contributions, or the shipped graph itself when `paths` is empty.

    The contributions are judged against the shipped graph, or, when `store` names a persistent
    store (`oxigraph:PATH`) or an endpoint, against what that store holds (`judges_by_store`).

    >>> report = validate_files([])
    >>> report.conforms()
    True
    """
    limits = limits or Limits()
    report = Report(files=[str(p) for p in paths])
    if not paths:
        if judges_by_store(store):
            raise UserInputError(f"give the FILES to judge against {store}; with no FILES, "
                                 "'nj-graph validate' checks the shipped graph")
        return _validate_shipped(report)
    contribution = Graph()
    origins: dict = {}  # triple -> (file, line), for the report
    for path in paths:
        try:
            graph, lines = parse_untrusted_with_lines(Path(path), format=format, limits=limits)
        except UntrustedInputError as error:
            report.unusable = True
            # A parse error with a position is a syntax error; anything else (missing, too large, unsafe)
            # is refused input.
            rule = "syntax" if error.line is not None else "input"
            report.findings.append(Finding(rule=rule, severity=Severity.VIOLATION, message=error.message,
                                           file=error.file or str(path), line=error.line, column=error.column))
            continue
        contribution += graph
        for triple in graph:
            origins.setdefault(triple, (str(path), lines.get(triple)))
    if report.unusable:
        return report
    # Several files are judged together: one may describe what another refers to.
    if judges_by_store(store):
        findings, merged = _validate_against_store(contribution, store, limits)
    else:
        excluding = frozenset(Path(p).resolve() for p in paths)
        findings, merged = _validate_contribution(contribution, _shipped_data(excluding),
                                                  lambda: _shipped_findings(excluding))
    report.extend(_place(findings, origins))
    _add_labels(report, merged)
    return report


def _add_labels(report: Report, graph: Graph) -> None:
    for finding in report.findings:
        if finding.focus is not None and finding.focus not in report.labels:
            label = graph.value(finding.focus, RDFS.label)
            if label is not None:
                report.labels[finding.focus] = str(label)


def validate_guarded(paths: Sequence[Path | str], *, format: str | None = None,
                     limits: Limits | None = None, store: str | None = None) -> Report:
    """`validate_files` in a child process held to the limits' deadline and memory cap.

    The parse of each file is already guarded; this bounds the checks too (SHACL, OWL RL, SPARQL),
    whose cost grows with what a contribution holds. On a terminal a spinner shows it is working.
    """
    from functools import partial

    from ..core.progress import progress

    limits = limits or Limits()
    shown = ", ".join(map(str, paths)) if paths else "the shipped graph"
    return run_guarded(validate_files, list(map(str, paths)), format=format, limits=limits, store=store,
                       deadline_seconds=limits.deadline_seconds, memory_bytes=limits.max_memory_bytes,
                       what="validation", waiting=partial(progress, f"validating {shown}"))


def _validate_shipped(report: Report) -> Report:
    data = _shipped_data()
    with_ontology = _merge(_ontology(), data)
    report.files = [SHIPPED.relative(p) for p in graph_module.data_files()]
    report.extend(_checks(data, with_ontology))
    _add_labels(report, with_ontology)
    return report


def _schema_findings(schema: SchemaStatements) -> list[Finding]:
    return [Finding(rule="schema", severity=Severity.VIOLATION, message=message,
                    focus=subject, path=predicate, value=value)
            for (subject, predicate, value), message in schema.messages()]


def judges_by_store(store: str | None) -> bool:
    """Whether `store` holds a graph of its own to judge by (`StoreSpec.filled_elsewhere`). The
    in-memory stores hold the shipped graph, which the validator reads from the files."""
    return store is not None and StoreSpec.parse(store).filled_elsewhere


def _validate_against_store(contribution: Graph, store: str, limits: Limits) -> tuple[list[Finding], Graph]:
    from ..store.base import open_store
    from .store_base import store_base

    opened = open_store(store, timeout=limits.deadline_seconds)
    try:
        base = store_base(opened, contribution)  # ontology statements in it fetch only ontology terms
    finally:
        opened.close()
    return _validate_contribution(contribution, base, lambda: _base_findings(base),
                                  usage=_merge(_ontology(), _shipped_data()))


def _validate_contribution(contribution: Graph, shipped_data: Graph, baseline: Callable[[], frozenset],
                           usage: Graph | None = None) -> tuple[list[Finding], Graph]:
    """Findings `contribution` brings to the base graph `shipped_data`; `baseline` gives the keys
    of what the base reports on its own, computed only when there is something to tell apart;
    `usage` is where hints learn which classes use a property (default: the base)."""
    # Schema statements are refused first: every other check, and above all the reasoner (whose cost
    # they drive), sees the contribution's data only.
    schema = schema_statements(contribution)
    contribution = schema.data
    shipped = _merge(_ontology(), shipped_data)
    merged = _merge(shipped, contribution)
    ctx = CheckContext(shipped=shipped, contribution=contribution, merged=merged, ontology=_ontology(),
                       shapes=_shapes(), source_texts=_source_texts(), usage=usage)
    found: list[Finding] = _schema_findings(schema)
    for check in GRAPH_CHECKS:
        found.extend(check(ctx))
    # OWL RL reasoning only for a contribution that is data through and through.
    found.extend(_checks(_merge(shipped_data, contribution), merged, consistency=not schema.statements))
    if not found:  # nothing to tell apart from what the shipped graph reports: skip that work
        return [], merged
    already = baseline()
    return [f for f in found if f.key() not in already], merged


__all__ = ["validate_files", "validate_guarded", "Report", "Finding", "Severity"]
