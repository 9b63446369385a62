"""Mutation test of the validator: every shipped entity, copied with one careless change, is rejected;
copied unchanged, it is accepted (see tests/mutations.py for the changes and how they are judged).

The suite tries each kind of change on up to MOST entities it fits, spread over the whole data, so
that it stays quick; NJ_GRAPH_MUTANTS=all (or `python tests/mutations.py`) tries every entity. The
figures are printed (pytest -s) and recorded as properties of the test (--junitxml).
"""

from __future__ import annotations

import os

import pytest

import mutations

MOST = None if os.environ.get("NJ_GRAPH_MUTANTS") == "all" else 36
#: Each kind must be tried on at least this many entities (only 5 shipped entities have an amount).
FEWEST_TRIED = 5


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    baseline, results = mutations.run(tmp_path_factory.mktemp("mutants"), most=MOST)
    print("\n" + mutations.table(baseline, results))
    return baseline, {figures.kind: figures for figures in results}


def test_every_unbroken_copy_is_accepted(figures):
    baseline, _results = figures
    assert baseline.tried == len(mutations.entities(mutations.shipped_graphs()[0]))
    assert baseline.survivors == [], f"unbroken copies rejected: {baseline.survivors[:10]}"


@pytest.mark.parametrize("kind", list(mutations.MUTATIONS))
def test_every_broken_copy_is_rejected(figures, kind, record_property):
    result = figures[1][kind]
    record_property(kind, f"{result.killed}/{result.tried}")
    assert result.tried >= FEWEST_TRIED, f"{kind} was tried on {result.tried} entities only"
    assert result.killed == result.tried, f"{kind}: accepted copies of {[str(e) for e in result.survivors[:10]]}"


def test_a_change_that_does_not_fit_is_skipped_not_counted():
    data, ontology, shapes = mutations.shipped_graphs()
    context = mutations.Context(data, ontology, set())
    [quote] = [e for e in mutations.entities(data) if e.iri.endswith("/quote/s01")]
    mutant = mutations.copy(quote, "skip", data, shapes)
    assert mutations.negative_amount(context, mutant, 0) is None  # a quote has no amount
    assert mutations.dropped_source(context, mutant, 0) is None  # nor a source of its own
