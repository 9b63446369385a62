"""`nj-graph validate --store`: contributions judged against what a store holds.

A store filled with the shipped graph must judge every contribution exactly as the shipped files
do, whether it is `oxigraph:PATH` or an endpoint; a store holding more must judge by what it holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from command import one_line, run
from nj_graph.core.shipped import SHIPPED
from nj_graph.core.status import ExitStatus
from nj_graph.store.oxigraph import OxigraphStore, load_persistent
from nj_graph.store.remote import push
from nj_graph.validate import validation
from nj_graph.validate.report_formats import render_report
from nj_graph.validate.severity import Severity
from nj_graph.validate.store_base import INCOMING
from test_remote_store import gsp_url
from test_validation import CONTRIBUTION, INVALID

#: A resource the shipped graph does not have, loaded into a store beside it.
EXTRA = """
@prefix nj: <https://w3id.org/nj-graph/ns#> .
@prefix njr: <https://w3id.org/nj-graph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
njr:partner\/north-korea-study-group a nj:PersonGroup ;
    rdfs:label "North Korea Study Group"@en ;
    prov:wasDerivedFrom njr:quote\/s01 .
"""

#: A contribution naming that group again: a duplicate label only where the store has the group.
DUPLICATE = """
@prefix nj: <https://w3id.org/nj-graph/ns#> .
@prefix njr: <https://w3id.org/nj-graph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
njr:partner\/nk-study-group a nj:PersonGroup ;
    rdfs:label "North Korea study group"@en ;
    prov:wasDerivedFrom njr:quote\/s01 .
"""


def as_json(report) -> dict:
    """The JSON report, with blank nodes (named afresh at every parse) all alike."""
    text = re.sub(r"_:[A-Za-z0-9]+", "_:b", render_report(report, "json", Severity.VIOLATION))
    shown = json.loads(text)
    shown.pop("files", None)
    return shown


@pytest.fixture(scope="module")
def shipped_store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("validate-store") / "store"
    load_persistent(path)
    return f"oxigraph:{path}"


@pytest.mark.parametrize("example", [*INVALID, CONTRIBUTION], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_store_of_the_shipped_graph_judges_as_the_shipped_files_do(example, shipped_store):
    if example.parent.name == "syntax" or example.parent.name == "input":
        pytest.skip("refused before any base graph is read")
    expected = as_json(validation.validate_files([example]))
    assert as_json(validation.validate_files([example], store=shipped_store)) == expected


def test_a_store_that_holds_more_judges_by_what_it_holds(tmp_path):
    extra, contribution = tmp_path / "extra.ttl", tmp_path / "duplicate.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    contribution.write_text(DUPLICATE, encoding="utf-8")
    store = tmp_path / "store"
    load_persistent(store, [extra])
    against_files = validation.validate_files([contribution])
    against_store = validation.validate_files([contribution], store=f"oxigraph:{store}")
    assert not [f for f in against_files.findings if f.rule == "check/duplicate-label-warning"]
    duplicates = [f for f in against_store.findings if f.rule == "check/duplicate-label-warning"]
    assert {str(f.focus) for f in duplicates} >= {"https://w3id.org/nj-graph/id/partner/nk-study-group"}
    assert all(f.file == str(contribution) for f in duplicates if str(f.focus).endswith("nk-study-group"))


def test_an_endpoint_holding_the_shipped_graph_judges_as_the_files_do(oxigraph_server):
    assert push(gsp_url(oxigraph_server), OxigraphStore.in_memory().triples(), timeout=120) > 0
    for example in [CONTRIBUTION, *[p for p in INVALID if p.parent.name in ("conflict", "reference", "shape")]]:
        expected = as_json(validation.validate_files([example]))
        assert as_json(validation.validate_files([example], store=oxigraph_server.query_url)) == expected, example


def test_the_command_takes_the_store_and_says_when_there_is_nothing_to_judge(shipped_store, capsys):
    conflict = next(p for p in INVALID if p.parent.name == "conflict")
    status, out, _err = run(capsys, "validate", str(conflict), "--store", shipped_store)
    assert status == ExitStatus.NOT_CONFORMING and "conflict" in out
    status, _out, err = run(capsys, "validate", "--store", shipped_store)
    assert status == ExitStatus.BAD_INPUT and "give the FILES" in one_line(err)
    status, _out, err = run(capsys, "validate", str(conflict), "--store", "oxygraph")
    assert status == ExitStatus.BAD_INPUT and "did you mean 'oxigraph'" in one_line(err)


def test_a_store_that_is_not_there_is_one_line(tmp_path, capsys):
    status, _out, err = run(capsys, "validate", str(CONTRIBUTION), "--store", f"oxigraph:{tmp_path / 'nothing'}")
    assert status == ExitStatus.BAD_INPUT and one_line(err)


def test_every_property_a_shape_follows_backwards_is_fetched_backwards():
    shapes = Graph().parse(SHIPPED.shapes_file)
    backwards = set(shapes.objects(None, SH.inversePath))
    assert backwards and backwards <= set(INCOMING)


def test_the_server_judges_uploads_against_the_store_it_serves(tmp_path):
    import httpx

    import serving

    extra = tmp_path / "extra.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    store = tmp_path / "store"
    load_persistent(store, [extra])
    with serving.nj_graph_server(tmp_path, "--store", f"oxigraph:{store}", "--workers", "1",
                                 "--rate-limit", "0") as server:
        response = httpx.post(server.url("/validate"), content=DUPLICATE.encode(), timeout=120,
                              headers={"Content-Type": "text/turtle", "Accept": "application/json"})
    assert response.status_code == 200, response.text
    rules = {finding["rule"] for finding in response.json()["findings"]}
    assert "check/duplicate-label-warning" in rules
