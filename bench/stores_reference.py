"""The rdflib reference figures of the store benchmark, each held to a deadline.

rdflib is the reference every store is held to, and at a million triples it is slow: loading takes
a minute or more and some stored queries minutes. So the reference lives in a process of its own
(the holder), which parses the graph once and then runs each measurement in a child forked from
itself by `nj_graph.core.guard.run_guarded`: the child starts with the graph already in memory
(copy on write), and is killed at the deadline, which then stands as a lower bound of the time.
The holder streams one message per figure back to the benchmark, so a figure that timed out costs
its deadline and no more, and the others still arrive.
"""

from __future__ import annotations

import multiprocessing
import resource
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nj_graph.core.errors import UntrustedInputError
from nj_graph.core.guard import run_guarded
from nj_graph.query.catalogue import StoredQuery
from nj_graph.query.sparql import execute

from bench.timing import failed, guarded_failure, measured, repeated, skipped, timed, timed_out

#: rdflib's serializer names for the export formats the benchmark compares.
RDFLIB_FORMATS = {"ntriples": "nt", "turtle": "turtle"}
#: Seconds the benchmark waits for a message beyond the holder's own deadline (forking, pickling).
_SLACK = 60.0


@dataclass(frozen=True)
class ReferencePlan:
    """What the holder measures, and within which limits."""

    synthetic: Path | None
    queries: tuple[StoredQuery, ...]
    repeat: int
    deadline: float
    #: rdflib's parse of a million triples takes minutes: loading has a deadline of its own
    load_deadline: float
    memory_bytes: int
    owlrl: bool
    owlrl_note: str
    work_dir: Path


def reference_figures(plan: ReferencePlan) -> Iterator[tuple[str, str, dict]]:
    """(section, name, figure) for the rdflib reference, as the holder measures them.

    Sections: "load" (name "memory"), "query" (the stored query's name), "closure" ("owlrl"),
    "export" (a format), and "memory" (the holder's peak resident size).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # not a daemon: the holder forks a guarded child for every figure
    holder = context.Process(target=_holder, args=(sender, plan), daemon=False)
    holder.start()
    sender.close()
    expected = ["load", *(["query"] * len(plan.queries)), "closure", *(["export"] * len(RDFLIB_FORMATS)), "memory"]
    try:
        for position, section in enumerate(expected):
            wait = plan.load_deadline if section == "load" else plan.deadline + _SLACK
            if not receiver.poll(wait):
                yield from _missing(plan, expected[position:], section, wait)
                return
            try:
                yield receiver.recv()
            except EOFError:
                yield from _missing(plan, expected[position:], section, None)
                return
    finally:
        if holder.is_alive():
            holder.kill()
        holder.join()
        receiver.close()


def _missing(plan: ReferencePlan, sections: list[str], first: str, deadline: float | None) -> Iterator[tuple]:
    """Figures for what the holder never sent: the one it was at timed out (or it died), the rest were not run."""
    names = _names(plan)
    done = len(names) - len(sections)
    for offset, (section, name) in enumerate(names[done:]):
        if offset == 0:
            yield section, name, timed_out(deadline) if deadline is not None else failed("the reference process died")
        elif section == "memory":
            yield section, name, {"status": "error", "peak_rss_mb": None}
        else:
            yield section, name, skipped(f"not run: the reference stopped at {first}")


def _names(plan: ReferencePlan) -> list[tuple[str, str]]:
    return [("load", "memory"), *(("query", q.name) for q in plan.queries), ("closure", "owlrl"),
            *(("export", f) for f in RDFLIB_FORMATS), ("memory", "holder")]


# -- inside the holder -------------------------------------------------------------------------

def _holder(sender, plan: ReferencePlan) -> None:
    from nj_graph.store.graph import load_graph
    from nj_graph.store.memory import MemoryStore

    def load():
        graph = load_graph()
        if plan.synthetic is not None:
            graph.parse(plan.synthetic, format="nt")
        return graph

    seconds, graph = timed(load)
    sender.send(("load", "memory", measured([seconds], triples=len(graph))))
    store = MemoryStore(graph)
    for stored in plan.queries:
        sender.send(("query", stored.name, _guarded(plan, lambda q=stored: _query_runs(store, q, plan))))
    if plan.owlrl:
        sender.send(("closure", "owlrl", _guarded(plan, lambda: _owlrl(graph))))
    else:
        sender.send(("closure", "owlrl", skipped(plan.owlrl_note)))
    for name, rdflib_format in RDFLIB_FORMATS.items():
        sender.send(("export", name, _guarded(plan, lambda f=rdflib_format: _export(graph, f, plan.work_dir))))
    sender.send(("memory", "holder", {"status": "ok", "peak_rss_mb": _peak_rss_mb()}))
    sender.close()


def _guarded(plan: ReferencePlan, figure: Callable[[], dict]) -> dict:
    try:
        return run_guarded(figure, deadline_seconds=plan.deadline, memory_bytes=plan.memory_bytes,
                           what="the reference measurement")
    except UntrustedInputError as error:
        return guarded_failure(error, plan.deadline)
    except Exception as error:  # a query rdflib cannot answer is a figure too, not the end of the run
        return failed(f"{type(error).__name__}: {error}")


def _query_runs(store, stored: StoredQuery, plan: ReferencePlan) -> dict:
    # half the deadline: a repetition must not turn a figure into a timeout
    runs, answer = repeated(lambda: execute(store, stored.query, stored.bind()), plan.repeat, plan.deadline / 2)
    return measured(runs, rows=len(answer.bindings) if answer.kind == "SELECT" else len(answer.triples or ()))


def _owlrl(graph) -> dict:
    from nj_graph.store.reasoning import expand

    before = len(graph)
    seconds, closed = timed(lambda: expand(graph, "owl-rl"))  # the forked child's copy; the holder's stays
    return measured([seconds], triples=before, closure_triples=len(closed))


def _export(graph, rdflib_format: str, work_dir: Path) -> dict:
    with tempfile.NamedTemporaryFile(dir=work_dir, suffix=f".{rdflib_format}") as out:
        seconds, _ = timed(lambda: graph.serialize(destination=out.name, format=rdflib_format, encoding="utf-8"))
        return measured([seconds], bytes=Path(out.name).stat().st_size)


def _peak_rss_mb() -> float:
    """Peak resident size of this process and of the largest child it waited for, in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)
