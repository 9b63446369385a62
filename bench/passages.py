"""Real passages of the shipped source, for synthetic facts to cite.

The validator checks a quote's text at its offsets only against sources shipped with the project
(a contribution cannot make it read a file), so synthetic quotes cite the shipped source: each one
is a new `nj:SourceQuote` with the exact text and offsets of a shipped quote, chosen to fit the
kind of fact (a synthetic visit cites "NATO’s Secretary General visited Tokyo ..."). The texts and
offsets are read from `data/quotes.ttl`, which the project's own tests keep correct.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import RDF

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
NJ = Namespace("https://w3id.org/nj-graph/ns#")
NJR = Namespace("https://w3id.org/nj-graph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")

#: Kind of fact -> the shipped statements (data/README.md) whose words suit it.
STATEMENTS_BY_KIND: dict[str, tuple[str, ...]] = {
    "state": ("s11", "s03", "s25"),
    "organisation": ("s01", "s34", "s20"),
    "group": ("s11", "s03", "s13a"),
    "partnership": ("s03", "s05", "s08"),
    "area": ("s05", "s10", "s06"),
    "topic": ("s09", "s34", "s04b", "s33d"),
    "interval": ("s04a", "s27b", "s06", "s28"),
    "place": ("s29", "s19", "s12a"),
    "person": ("s02", "s32", "s33a", "s33b"),
    "visit": ("s31", "s33a", "s33c", "s07b"),
    "meeting": ("s33b", "s33d"),
    "dialogue": ("s29", "s30", "s34", "s04b"),
    "summit": ("s12a",),
    "conference": ("s15a",),
    "address": ("s32",),
    "deployment": ("s19", "s20"),
    "operation": ("s27b", "s28"),
    "declaration": ("s07a", "s08", "s09", "s10"),
    "framework": ("s12a", "s12b", "s13a", "s13b"),
    "programme": ("s13a", "s16a", "s16b", "s18"),
    "fund": ("s21a", "s22", "s23"),
    "project": ("s17", "s22", "s26a", "s26b"),
    "team": ("s18", "s19"),
    "contribution": ("s14", "s16b", "s21b", "s20", "s27c"),
    "pledge": ("s15b",),
    "donation": ("s24",),
}


@dataclass(frozen=True)
class Passage:
    exact: str
    start: int
    end: int


@lru_cache(maxsize=1)
def shipped_passages() -> tuple[str, dict[str, Passage]]:
    """The IRI of the shipped source and its quoted passages by statement id (`s31`, ...)."""
    graph = Graph().parse(DATA_DIR / "quotes.ttl", format="turtle")
    passages: dict[str, Passage] = {}
    sources = set()
    for quote in graph.subjects(RDF.type, NJ.SourceQuote):
        exact = start = end = None
        for selector in graph.objects(quote, OA.hasSelector):
            exact = graph.value(selector, OA.exact) or exact
            start = graph.value(selector, OA.start) if graph.value(selector, OA.start) is not None else start
            end = graph.value(selector, OA.end) if graph.value(selector, OA.end) is not None else end
        passages[str(quote).removeprefix(str(NJR) + "quote/")] = Passage(str(exact), int(start), int(end))
        sources.add(str(graph.value(quote, OA.hasSource)))
    if len(sources) != 1:
        raise ValueError(f"expected the shipped quotes to cite one source, found {len(sources)}")
    missing = {s for ids in STATEMENTS_BY_KIND.values() for s in ids} - passages.keys()
    if missing:
        raise ValueError(f"statements missing from data/quotes.ttl: {', '.join(sorted(missing))}")
    return sources.pop(), passages
