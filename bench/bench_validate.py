"""How long validating a contribution takes, phase by phase, with the alternatives side by side.

    .venv/bin/python -m bench.bench_validate            # a 10,000-triple contribution
    .venv/bin/python -m bench.bench_validate 2000 20000 # other sizes

For each size it times the whole `nj-graph validate` path (guarded, as the command runs it) and
each phase in process, and compares, in the same run, the engines the validator could use:
OWL RL consistency by owlrl (the reference) and by reasonable (what the validator uses), and the
untrusted parse through the guarded door against plain rdflib. It prints seconds and ratios.
Timings are for reading, not asserting: nothing here is a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from bench.synthetic import synthetic_contribution
from nj_graph.validate import validation
from nj_graph.validate.consistency import inconsistencies
from nj_graph.validate.contribution_checks import GRAPH_CHECKS, CheckContext
from nj_graph.store.untrusted import parse_untrusted_with_lines


def timed(function: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def row(name: str, seconds: float, note: str = "") -> None:
    print(f"  {name:<44} {seconds:8.2f} s  {note}")


def bench(triples: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contribution.ttl"
        path.write_text(synthetic_contribution(triples), encoding="utf-8")
        door, (contribution, _lines) = timed(lambda: parse_untrusted_with_lines(path))
        plain, _ = timed(lambda: Graph().parse(path, format="turtle"))
        print(f"\n{len(contribution):,} triples in the contribution")
        total, report = timed(lambda: validation.validate_guarded([path]))
        row("nj-graph validate (guarded, end to end)", total,
            f"{len(report.findings)} finding(s); conforms: {report.conforms()}")
        split_from, validation.PARALLEL_FROM = validation.PARALLEL_FROM, float("inf")
        try:
            single, _ = timed(lambda: validation.validate_guarded([path]))
        finally:
            validation.PARALLEL_FROM = split_from
        row("the same, checks in one process", single, f"{single / total:.2f}x the two-process run")
        row("parse: guarded door", door, f"{door / plain:.1f}x plain rdflib")
        row("parse: plain rdflib (not safe for untrusted input)", plain)

        shipped_data = validation._shipped_data(frozenset())
        shipped = validation._merge(validation._ontology(), shipped_data)
        merged = validation._merge(shipped, contribution)
        ctx = CheckContext(shipped=shipped, contribution=contribution, merged=merged,
                           ontology=validation._ontology(), shapes=validation._shapes(),
                           source_texts=validation._source_texts())
        for check in GRAPH_CHECKS:
            seconds, _ = timed(lambda: list(check(ctx)))
            row(f"check: {check.__name__.removeprefix('check_')}", seconds)
        seconds, _ = timed(lambda: validation._shacl(validation._merge(shipped_data, contribution)))
        row("SHACL shapes (pyshacl)", seconds)
        seconds, _ = timed(lambda: validation._sparql_checks(merged))
        row("data-quality SPARQL checks (rdflib)", seconds)
        fast, _ = timed(lambda: inconsistencies(merged, engine="reasonable"))
        reference, _ = timed(lambda: inconsistencies(merged, engine="owlrl"))
        row("consistency: reasonable (used)", fast, f"owlrl / reasonable = {reference / fast:.1f}x")
        row("consistency: owlrl (reference)", reference)


if __name__ == "__main__":
    for size in [int(arg) for arg in sys.argv[1:]] or [10_000]:
        bench(size)
