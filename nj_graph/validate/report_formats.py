"""A validation report for people (text grouped by resource) and for machines (JSON, SHACL Turtle)."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from .findings import Finding, Report, Severity
from ..core.namespaces import NJSH, bind_prefixes, curie

Labeller = Callable[[object], "str | None"]

_SHACL_SEVERITY = {Severity.VIOLATION: SH.Violation, Severity.WARNING: SH.Warning, Severity.INFO: SH.Info}
#: Rules that are not SHACL shapes are named in the report graph under this IRI, one per rule.
RULE_BASE = str(NJSH) + "rule/"


def render_text(report: Report, fail_on: Severity = Severity.VIOLATION, label: Labeller = lambda _n: None) -> str:
    """Findings grouped by resource, with labels, the offending triple, and file:line where known."""
    out: list[str] = []
    findings = report.sorted()
    for focus, group in groupby(sorted(findings, key=lambda f: (str(f.focus or ""), f.file or "", f.line or 0)),
                                key=lambda f: f.focus):
        group = list(group)
        if focus is None:
            out.append("(the graph as a whole)")
        else:
            name = label(focus)
            out.append(f"{curie(focus)}" + (f'  "{name}"' if name else ""))
        for finding in group:
            where = _where(finding)
            out.append(f"  {finding.severity.word} [{finding.rule}] {where}{finding.message}")
            triple = _triple(finding)
            if triple:
                out.append(f"      {triple}")
    counts = report.counts()
    verdict = "conforms" if report.conforms(fail_on) else ("unusable input" if report.unusable else "does not conform")
    files = ", ".join(report.files) if report.files else "the shipped graph"
    out.append(f"{files}: {counts[Severity.VIOLATION]} violation(s), {counts[Severity.WARNING]} warning(s), "
               f"{counts[Severity.INFO]} info; {verdict} (failing on {fail_on.word})")
    return "\n".join(out) + "\n"


def _where(finding: Finding) -> str:
    parts = [str(p) for p in (finding.file, finding.line, finding.column) if p is not None]
    return ":".join(parts) + ": " if parts else ""


def _triple(finding: Finding) -> str:
    if finding.focus is None or finding.path is None:
        return ""
    value = curie(finding.value) if finding.value is not None else "?"
    return f"{curie(finding.focus)} {curie(finding.path)} {value} ."


def render_json(report: Report, fail_on: Severity = Severity.VIOLATION) -> str:
    counts = report.counts()
    document = {
        "conforms": report.conforms(fail_on),
        "unusable": report.unusable,
        "failOn": fail_on.word,
        "files": report.files,
        "counts": {severity.word: counts[severity] for severity in Severity},
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.word,
                "message": f.message,
                "focus": _json_term(f.focus),
                "path": _json_term(f.path),
                "value": _json_term(f.value),
                "file": f.file,
                "line": f.line,
                "column": f.column,
            }
            for f in report.sorted()
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_term(term) -> str | None:
    if term is None:
        return None
    return term.n3() if not isinstance(term, BNode) else "_:" + str(term)


def report_graph(report: Report, fail_on: Severity = Severity.VIOLATION) -> Graph:
    """The report as a standard SHACL validation report graph."""
    graph = Graph()
    bind_prefixes(graph)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms(fail_on), datatype=XSD.boolean)))
    for finding in report.sorted():
        result = BNode()
        graph.add((root, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.resultSeverity, _SHACL_SEVERITY[finding.severity]))
        graph.add((result, SH.sourceShape, _rule_iri(finding.rule)))
        where = _where(finding)
        graph.add((result, SH.resultMessage, Literal(f"{where}{finding.message}", lang="en")))
        if finding.focus is not None:
            graph.add((result, SH.focusNode, finding.focus))
        if finding.path is not None:
            graph.add((result, SH.resultPath, finding.path))
        if finding.value is not None:
            graph.add((result, SH.value, finding.value))
    return graph


def _rule_iri(rule: str) -> URIRef:
    if rule.startswith("shape/"):
        return NJSH[rule.split("/", 1)[1]]
    return URIRef(RULE_BASE + rule)


def render_turtle(report: Report, fail_on: Severity = Severity.VIOLATION) -> str:
    return report_graph(report, fail_on).serialize(format="turtle")


#: The formats of `nj-graph validate --output`.



def render_report(report: Report, fmt: str, fail_on: Severity = Severity.VIOLATION) -> str:
    """The report in one of `severity.REPORT_FORMATS`; text shows the labels of the resources."""
    if fmt == "json":
        return render_json(report, fail_on)
    if fmt == "turtle":
        return render_turtle(report, fail_on)
    return render_text(report, fail_on, label=report.labels.get)
