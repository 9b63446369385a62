"""`nj-graph export`: every format parses back to exactly the graph, the same graph gives the same
bytes, and a dump is written atomically."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from nj_graph.cli import main
from nj_graph.core.status import ExitStatus
from nj_graph.publish import export as export_module
from nj_graph.publish.collect import part_files
from nj_graph.publish.export import export_bytes
from nj_graph.publish.serialize import FORMATS, GRAPH, context

ROOT = Path(__file__).resolve().parent.parent
TRICKY = ROOT / "tests" / "fixtures" / "lexical-forms.ttl"

#: rdflib's parser names for the export formats
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld",
                 "rdfxml": "xml"}


def source_graph(*files: Path) -> Graph:
    """The files as rdflib reads them, language tags in lower case: RDF compares tags without
    regard to case, and pyoxigraph's parser writes them in lower case (`en-GB` -> `en-gb`)."""
    from rdflib import Literal

    graph = Graph()
    for path in files:
        for s, p, o in Graph().parse(path, format="turtle"):
            if isinstance(o, Literal) and o.language:
                o = Literal(str(o), lang=o.language.lower())
            graph.add((s, p, o))
    return graph


def parsed_back(dump: bytes, fmt: str) -> Graph:
    if FORMATS[fmt].quads:
        dataset = Dataset()
        dataset.parse(data=dump, format=RDFLIB_FORMAT[fmt])
        graph = Graph()
        for triple in dataset.graph(GRAPH.value):
            graph.add(triple)
        return graph
    return Graph().parse(data=dump, format=RDFLIB_FORMAT[fmt])


def lexical_lines(graph: Graph) -> set[str]:
    """The triples without blank nodes, as N-Triples lines: lexical forms and tags compared exactly."""
    from rdflib import BNode

    return {f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph if not isinstance(s, BNode) and not isinstance(o, BNode)}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_parses_back_to_the_graph(fmt):
    dump = export_bytes(fmt, extra=[TRICKY])
    expected = source_graph(*part_files(["ontology", "data"]), TRICKY)
    back = parsed_back(dump, fmt)
    assert len(back) == len(expected)
    assert lexical_lines(back) == lexical_lines(expected)  # "1500.50" stays "1500.50", tags stay
    assert isomorphic(back, expected)  # and the blank nodes are the same structure


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_pyoxigraph_reads_every_format_back(fmt):
    dump = export_bytes(fmt, include="shapes")
    kind = {"jsonld": ox.RdfFormat.JSON_LD}.get(fmt) or FORMATS[fmt].oxigraph
    count = sum(1 for _ in ox.parse(dump, format=kind))
    assert count == len(source_graph(*part_files(["shapes"])))


def test_the_tricky_terms_survive_as_written():
    lines = export_bytes("ntriples", include="ontology", extra=[TRICKY]).decode().splitlines()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for term in (f'"1500.50"^^<{xsd}decimal>', f'"0.10"^^<{xsd}decimal>', '"une contribution"@fr', '"寄付"@ja',
                 '"a blank subject"@en-gb', '"x y"^^<http://example.org/OwnType>'):
        assert any(line.endswith(f" {term} .") for line in lines), term


def test_the_same_graph_gives_the_same_bytes_in_another_process():
    program = ("import hashlib, sys; from nj_graph.publish.export import export_bytes; from nj_graph.publish.serialize "
               "import FORMATS; print(*[hashlib.sha256(export_bytes(f, include='ontology,shapes,data', "
               f"extra=[{str(TRICKY)!r}])).hexdigest() for f in sorted(FORMATS)])")
    digests = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        digests.append(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env,
                                      check=True).stdout)
    assert digests[0] == digests[1] and len(digests[0].split()) == len(FORMATS)


def test_ntriples_lines_are_sorted_and_blank_nodes_renamed_in_order():
    lines = export_bytes("ntriples", extra=[TRICKY]).decode().splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    assert "_:b0 " in "\n".join(lines) and not any("_:u" in line for line in lines)


def test_jsonld_is_compacted_with_the_shipped_context():
    import json

    document = json.loads(export_bytes("jsonld", include="data"))
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text())
    assert document["@context"] == shipped["@context"] == context()
    japan = next(node for node in document["@graph"] if node["@id"] == "njr:japan")
    assert "nj:PartnerCountry" in japan["@type"] or japan["@type"]
    assert {"@value": "Japan", "@language": "en"} in japan["rdfs:label"]


def test_the_shipped_context_is_the_project_prefix_map():
    from nj_graph.core.prefixes import PREFIXES

    assert context() == PREFIXES


def test_store_memory_and_oxigraph_give_the_same_dump():
    assert export_bytes("turtle", store="memory") == export_bytes("turtle", store="oxigraph")


def test_include_chooses_the_parts():
    ontology = len(source_graph(*part_files(["ontology"])))
    shapes = len(source_graph(*part_files(["shapes"])))
    everything = export_bytes("ntriples", include="ontology,shapes,data").decode().splitlines()
    assert len(export_bytes("ntriples", include="ontology").decode().splitlines()) == ontology
    assert len(export_bytes("ntriples", include="shapes,ontology").decode().splitlines()) == ontology + shapes
    assert len(everything) > ontology + shapes


def test_reasoning_adds_the_closure():
    plain = set(export_bytes("ntriples").decode().splitlines())
    closed = set(export_bytes("ntriples", reasoning="rdfs").decode().splitlines())
    assert len(closed) > len(plain)
    visit_is_event = ("<https://w3id.org/nj-graph/id/event/2005-04-secretary-general-visit-to-tokyo> "
                      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/nj-graph/ns#Event> .")
    assert visit_is_event in closed and visit_is_event not in plain


def test_reasoning_needs_the_ontology_and_the_data(capsys):
    assert main(["export", "--include", "data", "--reasoning", "rdfs"]) == ExitStatus.BAD_INPUT
    assert "--include both" in capsys.readouterr().err


def test_without_output_the_dump_goes_to_standard_output(capfdbinary):
    assert main(["export", "--format", "ntriples", "--include", "data", "--reasoning", "none"]) == ExitStatus.OK
    out = capfdbinary.readouterr().out
    assert out == export_bytes("ntriples", include="data")


def test_output_is_written_to_the_file(tmp_path, capsys):
    target = tmp_path / "graph.jsonld"
    assert main(["export", "-f", "json-ld", "-o", str(target)]) == ExitStatus.OK
    assert target.read_bytes() == export_bytes("jsonld")
    assert capsys.readouterr().out == ""


def test_an_interrupted_export_leaves_the_file_that_was_there(tmp_path, monkeypatch, capsys):
    target = tmp_path / "graph.nt"
    assert main(["export", "-f", "ntriples", "-o", str(target)]) == ExitStatus.OK
    good = target.read_bytes()

    def interrupted(fd):  # the process is stopped with the new dump part-written
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_module.export_to(target, export_bytes("ntriples", include="ontology"))
    monkeypatch.undo()
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]  # no half-written file left beside it


def test_a_persistent_store_is_exported_as_loaded(tmp_path, capsys):
    store = f"oxigraph:{tmp_path / 'store'}"
    assert main(["load", store]) == ExitStatus.OK
    loaded = export_bytes("ntriples", store=store).decode().splitlines()
    assert len(loaded) == len(export_bytes("ntriples").decode().splitlines())
    assert main(["export", "--store", store, "--include", "data"]) == ExitStatus.BAD_INPUT


def test_an_unknown_format_is_refused(capsys):
    assert main(["export", "--format", "n3"]) == ExitStatus.BAD_INPUT
