"""The synthetic data of bench/synthetic.py: a contribution of the requested size that the
validator passes together with the shipped data, the same for the same seed.

The benchmarks measure the validator and the queries on this data, so a generator that drifted
from the shapes (or whose quotes stopped pointing at their text) would make them measure the
wrong path; these tests catch that.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from bench.synthetic import synthetic_contribution, write_synthetic
from nj_graph import load_graph
from nj_graph.validate import validation
from nj_graph.validate.provenance import check_quotes

REQUEST = 2_000


@pytest.fixture(scope="module")
def contribution(tmp_path_factory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.nt"
    with path.open("w", encoding="utf-8") as out:
        count = write_synthetic(out, REQUEST, seed=7)
    return path, count


def test_the_count_is_what_a_parser_reads_and_near_the_request(contribution):
    path, count = contribution
    assert len(Graph().parse(path, format="nt")) == count  # no triple written twice
    assert abs(count - REQUEST) <= REQUEST * 0.1


@pytest.mark.parametrize("request_size", [20_000, 60_000])
def test_larger_requests_land_near_the_request(request_size):
    count = synthetic_contribution(request_size).count(" .\n")
    assert abs(count - request_size) <= request_size * 0.1


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    assert synthetic_contribution(1_500, seed=3) == synthetic_contribution(1_500, seed=3)
    assert synthetic_contribution(1_500, seed=3) != synthetic_contribution(1_500, seed=4)


def test_the_validator_finds_nothing_with_the_shipped_data(contribution):
    path, _count = contribution
    report = validation.validate_files([path])
    found = [f"{f.rule} {f.focus} {f.path}: {f.message}" for f in report.sorted()[:5]]
    assert report.findings == [], found


def test_every_synthetic_quote_is_read_at_its_offsets(contribution, tmp_path):
    """The clean report above is not for want of looking: the quotes cite the shipped source, whose
    text is checked at their offsets, and one quote moved by a character fails."""
    path, _count = contribution
    assert check_quotes(load_graph([path])) == []
    text = path.read_text(encoding="utf-8")
    shifted, moved = re.subn(r'oa#start> "(\d+)"', lambda m: f'oa#start> "{int(m.group(1)) + 1}"', text, count=1)
    assert moved == 1
    broken = tmp_path / "shifted-quote.nt"
    broken.write_text(shifted, encoding="utf-8")
    problems = check_quotes(load_graph([broken]))
    assert len(problems) == 1 and "synthetic" in problems[0], problems


@pytest.mark.parametrize("request_size", [2_000, 100_000])
def test_every_synthetic_quote_supports_a_fact(request_size):
    """The unused-quote check, on the text: too slow to validate at sizes where quotes are shared
    by batches of concepts (a batch boundary once left a quote behind at 100,000 triples)."""
    lines = synthetic_contribution(request_size).splitlines()
    quotes = {line.split(" ", 1)[0] for line in lines if line.endswith("<https://w3id.org/nj-graph/ns#SourceQuote> .")}
    cited = {line.split(" ")[2] for line in lines if " <http://www.w3.org/ns/prov#wasDerivedFrom> " in line}
    assert quotes and quotes <= cited, sorted(quotes - cited)[:5]
