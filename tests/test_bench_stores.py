"""The store benchmark's code path at a tiny scale: it completes and reports every section and store.

Only the shape of the JSON is checked, never a timing (the machine is shared; figures are for
reading). The rdflib deadline is short, so a slow reference query may come back as a timeout:
that is a figure too, with its lower bound.
"""

from __future__ import annotations

import json

import pytest

from bench import bench_stores
from bench.stores_report import STORES
from nj_graph.query.catalogue import list_queries

SCALE = 2_000


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("bench-stores")
    output = folder / "stores.json"
    bench_stores.main(["--scales", str(SCALE), "--contributions", str(SCALE), "--repeat", "1",
                       "--reference-deadline", "10", "--json", str(output), "--work-dir", str(folder)])
    return json.loads(output.read_text(encoding="utf-8"))


def _is_figure(figure: dict) -> bool:
    if figure["status"] == "ok":
        return figure["seconds"] >= 0
    if figure["status"] == "timeout":
        return figure["at_least"] > 0
    return figure["status"] in ("skipped", "error") and bool(figure["note"])


def test_every_section_is_written(results):
    assert {"machine", "versions", "settings", "validation", "scales", "targets", "peak_rss_mb"} <= set(results)
    assert results["versions"]["pyoxigraph"] and results["versions"]["rdflib"]
    assert results["machine"]["cpus"] >= 1


def test_the_shipped_graph_and_the_scale_asked_for_are_measured(results):
    scales = results["scales"]
    assert [s["synthetic"] for s in scales] == [False, True]
    assert scales[1]["requested"] == SCALE
    assert scales[1]["triples"] > scales[0]["triples"] + SCALE * 0.9  # the synthetic data was loaded


@pytest.mark.parametrize("store", STORES)
def test_every_store_loads_answers_every_stored_query_and_exports(results, store):
    names = {q.name for q in list_queries()}
    for scale in results["scales"]:
        figures = scale["stores"][store]
        assert figures["load"]["status"] == "ok"
        assert set(figures["queries"]) == names
        assert all(_is_figure(f) for f in figures["queries"].values())
        assert {"ntriples", "turtle"} <= set(figures["export"])
        assert all(_is_figure(f) for f in figures["export"].values())


def test_the_stores_agree_on_the_triples_loaded(results):
    for scale in results["scales"]:
        counts = {store: scale["stores"][store]["load"]["triples"] for store in STORES}
        assert len(set(counts.values())) == 1, counts


def test_the_persistent_store_is_opened_and_the_data_option_tried(results):
    disk = results["scales"][1]["stores"]["oxigraph:PATH"]
    assert disk["open"]["status"] == "ok"
    assert disk["load_data_option"]["status"] == "ok"  # 2,000 triples are well within the door's limits


def test_both_closures_and_the_validation_are_reported(results):
    for scale in results["scales"]:
        assert _is_figure(scale["closure"]["owlrl"]) and _is_figure(scale["closure"]["reasonable"])
        assert scale["closure"]["reasonable"]["closure_triples"] > scale["triples"]
    [validated] = results["validation"]
    assert validated["requested"] == SCALE and _is_figure(validated)


def test_the_targets_are_judged(results):
    assert results["targets"], "no target judged"
    assert all(t["met"] in (True, False, None) and t["figure"] for t in results["targets"])
