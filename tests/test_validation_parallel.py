"""Large contributions are checked in two processes (`validation._checks`): the split must judge
exactly as one process does, and a child's failure must reach the report's caller as it would."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode

from nj_graph.core.errors import UntrustedInputError
from nj_graph.core.guard import alongside, run_guarded
from nj_graph.validate import validation

SHAPE_EXAMPLES = sorted((Path(__file__).parent / "shapes").glob("*/invalid-*.ttl"))
CHECK_EXAMPLES = sorted((Path(__file__).parent / "validation").glob("*/invalid-*.ttl"))


def keys(report) -> list:
    """What was found and where, with blank nodes (named afresh at every parse) all alike."""
    def plain(term):
        return "_:b" if isinstance(term, BNode) else term

    return sorted((f.rule, f.severity, f.message, plain(f.focus), plain(f.path), plain(f.value), f.file, f.line)
                  for f in report.findings)


def test_the_halves_hold_every_targeting_shape_once():
    first, second = validation._shape_halves()
    assert first and second and not set(first) & set(second)
    assert len(first) + len(second) > 40


@pytest.mark.parametrize("example", [*SHAPE_EXAMPLES[::12], *CHECK_EXAMPLES[::2]],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_two_processes_judge_as_one(example, monkeypatch):
    one = validation.validate_files([example])
    monkeypatch.setattr(validation, "PARALLEL_FROM", 0)
    # In a guarded child, as the command validates: it runs no threads, so the split is taken
    # whatever threads the test run has started (test_the_split_is_taken_on_a_large_graph).
    two = validation.validate_guarded([example])
    assert keys(two) == keys(one)
    assert one.findings  # an invalid example: there is something to agree on


def _splits_taken(threshold_offset: int) -> int:
    """How often `_checks` forks, in a guarded child (no threads), with the threshold at the
    shipped graph's size plus `threshold_offset`."""
    taken = []
    real = validation.alongside

    def counted(*args, **kwargs):
        taken.append(1)
        return real(*args, **kwargs)

    validation.alongside = counted
    data = validation._shipped_data()
    with_ontology = validation._merge(validation._ontology(), data)
    validation.PARALLEL_FROM = len(with_ontology) + threshold_offset
    validation._checks(data, with_ontology)
    return len(taken)


def test_the_split_is_taken_on_a_large_graph():
    assert run_guarded(_splits_taken, 0, deadline_seconds=120, memory_bytes=4 << 30) == 1
    assert run_guarded(_splits_taken, 1, deadline_seconds=120, memory_bytes=4 << 30) == 0


def test_the_split_is_not_taken_where_threads_run(monkeypatch):
    monkeypatch.setattr(validation, "PARALLEL_FROM", 0)
    monkeypatch.setattr(validation.threading, "active_count", lambda: 2)
    monkeypatch.setattr(validation, "alongside", lambda *a, **k: pytest.fail("forked beside threads"))
    data = validation._shipped_data()
    validation._checks(data, validation._merge(validation._ontology(), data))


def test_a_childs_error_and_defect_are_raised_by_result():
    def refuse():
        raise UntrustedInputError("no")

    with pytest.raises(UntrustedInputError, match="no"):
        alongside(refuse).result()
    with pytest.raises(Exception, match="ZeroDivisionError"):
        alongside(lambda: 1 / 0).result()


def test_a_child_over_its_memory_is_one_error():
    with pytest.raises(UntrustedInputError, match="more memory"):
        alongside(lambda: bytearray(1 << 40), what="the test").result()


def test_a_child_whose_result_is_not_wanted_is_stopped():
    import os
    import time

    other = alongside(time.sleep, 60)
    pid = other._pid
    other.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
