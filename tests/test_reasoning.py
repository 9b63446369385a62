"""Closures under RDFS and OWL RL, cached on disk by a hash of every input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from nj_graph.core import atomic
from nj_graph.store import closure_cache, reasoning
from nj_graph.store import graph as graph_module
from nj_graph.core.errors import UserInputError
from nj_graph.store.graph import load_graph
from nj_graph.core.namespaces import NJ, NJR
from nj_graph.core.shipped import SHIPPED

FIXTURES = Path(__file__).parent / "fixtures"
EX = Namespace("http://example.org/nj-test/")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's ontology and data, which a test may edit."""
    root = tmp_path / "project"
    shutil.copytree(SHIPPED.ontology_dir, root / "ontology")
    (root / "data").mkdir()
    for path in graph_module.data_files():
        shutil.copy(path, root / "data" / path.name)
    shutil.copy(FIXTURES / "data.ttl", root / "data" / "zz-fixture.ttl")
    return root


def closures(folder: Path) -> list[Path]:
    return sorted(folder.glob("closure-*.nt"))


def test_rdfs_adds_superclasses():
    g = Graph()
    g.add((EX.Visit, RDFS.subClassOf, EX.Event))
    g.add((EX.v, RDF.type, EX.Visit))
    assert (EX.v, RDF.type, EX.Event) not in g
    assert (EX.v, RDF.type, EX.Event) in reasoning.expand(g, "rdfs")


def test_owl_rl_adds_what_rdfs_cannot():
    g = Graph()
    g.add((EX.hosts, OWL.inverseOf, EX.hostedBy))
    g.add((EX.tokyo, EX.hosts, EX.visit))
    assert (EX.visit, EX.hostedBy, EX.tokyo) not in reasoning.expand(Graph() + g, "rdfs")
    assert (EX.visit, EX.hostedBy, EX.tokyo) in reasoning.expand(g, "owl-rl")


def test_none_adds_nothing():
    g = Graph()
    g.add((EX.v, RDF.type, EX.Visit))
    assert len(reasoning.expand(g, "none")) == 1


def test_generalised_triples_with_literal_subjects_are_dropped():
    g = Graph()
    g.add((EX.v, RDFS.label, Literal("visit", lang="en")))
    reasoning.expand(g, "rdfs")
    assert (EX.v, RDF.type, RDFS.Resource) in g
    assert not [t for t in g if isinstance(t[0], Literal)]


def test_an_unknown_mode_is_refused_with_the_choices():
    with pytest.raises(UserInputError, match="choose from none, rdfs, owl-rl"):
        reasoning.expand(Graph(), "rdfs++")


def test_the_closure_is_cached_and_reused(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_graph(reasoning="rdfs", root=project, cache_dir=cache)
    assert (EX["tokyo-visit"], RDF.type, NJ.Event) in first
    assert len(closures(cache)) == 1

    def no_reasoning(graph, mode):
        raise AssertionError("the closure was computed again instead of read from the cache")

    monkeypatch.setattr(reasoning, "expand", no_reasoning)
    second = load_graph(reasoning="rdfs", root=project, cache_dir=cache)
    assert isomorphic(first, second)


def test_editing_an_input_refreshes_the_cache(project, tmp_path):
    cache = tmp_path / "cache"
    load_graph(reasoning="rdfs", root=project, cache_dir=cache)
    [before] = closures(cache)
    with (project / "data" / "zz-fixture.ttl").open("a", encoding="utf-8") as handle:
        handle.write("\nex:osaka-visit a nj:Visit .\n")
    refreshed = load_graph(reasoning="rdfs", root=project, cache_dir=cache)
    assert (EX["osaka-visit"], RDF.type, NJ.Event) in refreshed
    assert len(closures(cache)) == 2 and before in closures(cache)


def test_editing_the_ontology_refreshes_the_cache(project, tmp_path):
    cache = tmp_path / "cache"
    load_graph(reasoning="rdfs", root=project, cache_dir=cache)
    with (project / "ontology" / "nj.ttl").open("a", encoding="utf-8") as handle:
        handle.write("\nnj:Visit rdfs:subClassOf nj:TestedThing .\n")
    refreshed = load_graph(reasoning="rdfs", root=project, cache_dir=cache)
    assert (EX["tokyo-visit"], RDF.type, NJ.TestedThing) in refreshed


def test_an_extra_file_is_part_of_the_key(project, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(f"<{EX.kyoto}> a <{NJ.Visit}> .\n", encoding="utf-8")
    cache = tmp_path / "cache"
    assert (EX.kyoto, RDF.type, NJ.Event) in load_graph([extra], reasoning="rdfs", root=project, cache_dir=cache)
    extra.write_text(f"<{EX.nara}> a <{NJ.Visit}> .\n", encoding="utf-8")
    again = load_graph([extra], reasoning="rdfs", root=project, cache_dir=cache)
    assert (EX.nara, RDF.type, NJ.Event) in again and (EX.kyoto, RDF.type, NJ.Event) not in again


def test_a_cached_closure_equals_a_fresh_one(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text(f"""@prefix ex: <{EX}> . @prefix nj: <{NJ}> .
        ex:q a nj:SourceQuote ; ex:selector [ ex:exact "a quote" ] .
        ex:v a nj:Visit ; ex:from ex:q .""", encoding="utf-8")
    inputs = Graph().parse(SHIPPED.ontology_file)
    for path in graph_module.data_files():
        inputs.parse(path)
    fresh = reasoning.expand(inputs.parse(data), "owl-rl")
    load_graph([data], reasoning="owl-rl", cache_dir=tmp_path / "cache")
    cached = load_graph([data], reasoning="owl-rl", cache_dir=tmp_path / "cache")
    assert len(closures(tmp_path / "cache")) == 1
    assert isomorphic(fresh, cached)


def test_the_key_covers_bytes_and_mode_but_not_the_path(tmp_path):
    a = tmp_path / "a" / "x.ttl"
    b = tmp_path / "b" / "x.ttl"
    for path in (a, b):
        path.parent.mkdir()
        path.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    assert reasoning.cache_key([a], "rdfs") == reasoning.cache_key([b], "rdfs")
    assert reasoning.cache_key([a], "rdfs") != reasoning.cache_key([a], "owl-rl")
    b.write_text("<http://example.org/a> <http://example.org/b> 2 .\n", encoding="utf-8")
    assert reasoning.cache_key([a], "rdfs") != reasoning.cache_key([b], "rdfs")


def test_the_key_frames_each_file(tmp_path):
    """Moving bytes from one file to the next is a different input."""
    one, two = tmp_path / "1.ttl", tmp_path / "2.ttl"
    one.write_text("ab", encoding="utf-8")
    two.write_text("c", encoding="utf-8")
    key = reasoning.cache_key([one, two], "rdfs")
    one.write_text("a", encoding="utf-8")
    two.write_text("bc", encoding="utf-8")
    assert reasoning.cache_key([one, two], "rdfs") != key


def test_the_key_covers_library_versions(tmp_path, monkeypatch):
    path = tmp_path / "x.ttl"
    path.write_text("", encoding="utf-8")
    key = reasoning.cache_key([path], "rdfs")
    monkeypatch.setattr(closure_cache, "_versions", lambda: "owlrl=99 rdflib=99 nj-graph=99")
    assert reasoning.cache_key([path], "rdfs") != key


def test_cache_folder_precedence(tmp_path, monkeypatch):
    monkeypatch.delenv(reasoning.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert reasoning.cache_dir() == tmp_path / "xdg" / "nj-graph"
    monkeypatch.setenv(reasoning.CACHE_ENV, str(tmp_path / "env"))
    assert reasoning.cache_dir() == tmp_path / "env"
    assert reasoning.cache_dir(tmp_path / "option") == tmp_path / "option"
    monkeypatch.delenv(reasoning.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert reasoning.cache_dir() == tmp_path / "home" / ".cache" / "nj-graph"


def test_the_cache_is_never_inside_the_package(monkeypatch):
    monkeypatch.delenv(reasoning.CACHE_ENV, raising=False)
    package = Path(reasoning.__file__).parent
    assert not reasoning.cache_dir().resolve().is_relative_to(package)


def test_the_environment_variable_moves_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(reasoning.CACHE_ENV, str(tmp_path / "env-cache"))
    load_graph([FIXTURES / "data.ttl"], reasoning="rdfs")
    assert len(closures(tmp_path / "env-cache")) == 1


def test_a_damaged_cache_is_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    good = load_graph([FIXTURES / "data.ttl"], reasoning="rdfs", cache_dir=cache)
    [file] = closures(cache)
    file.write_text("this is not N-Triples\n", encoding="utf-8")
    again = load_graph([FIXTURES / "data.ttl"], reasoning="rdfs", cache_dir=cache)
    assert isomorphic(good, again)
    assert isomorphic(Graph().parse(file, format="nt"), good)


def test_a_crash_while_writing_leaves_no_half_written_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"

    def crash(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", crash)
    graph = load_graph([FIXTURES / "data.ttl"], reasoning="rdfs", cache_dir=cache)
    assert (EX["tokyo-visit"], RDF.type, NJ.Event) in graph  # the query still gets its closure
    assert list(cache.iterdir()) == []  # neither a closure nor a temporary file is left


def test_old_closures_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(closure_cache, "KEEP", 2)
    cache = tmp_path / "cache"
    extra = tmp_path / "extra.ttl"
    for n in range(4):
        extra.write_text(f"<{EX}n{n}> a <{NJ.Visit}> .\n", encoding="utf-8")
        load_graph([extra], reasoning="rdfs", cache_dir=cache)
    assert len(closures(cache)) == 2


def test_no_reasoning_writes_no_cache(tmp_path):
    load_graph([FIXTURES / "data.ttl"], cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_load_graph_with_reasoning_keeps_the_prefixes(tmp_path):
    graph = load_graph(reasoning="rdfs", cache_dir=tmp_path)
    graph = load_graph(reasoning="rdfs", cache_dir=tmp_path)  # from the cache
    assert dict(graph.namespaces())["nj"] == URIRef(str(NJ))


# --- the OWL 2 RL engines: reasonable (used) held to owlrl (the reference) -----------------------

def _about_the_data(graph: Graph) -> set:
    """The facts a closure states about the project's resources, as comparable values.

    Left out: what says nothing about the data (each resource `owl:sameAs` itself, which owlrl
    adds, and `rdf:type owl:Thing`, which reasonable adds); plain literals compared as RDF 1.1
    does, `"x"` and `"x"^^xsd:string` alike.
    """
    from rdflib import BNode, OWL, URIRef

    from nj_graph.store.reasoning import plain

    facts = set()
    for s, p, o in graph:
        if not (isinstance(s, URIRef) and str(s).startswith(str(NJR))):
            continue
        if (p == OWL.sameAs and o == s) or (p == RDF.type and o == OWL.Thing):
            continue
        facts.add((s, p, "_:" if isinstance(o, BNode) else plain(o)))
    return facts


def test_reasonable_and_owlrl_agree_on_the_shipped_data():
    import owlrl

    from nj_graph.validate.consistency import fast_owl_rl_closure

    reference = Graph() + load_graph()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(reference)
    used = reasoning.expand(Graph() + load_graph(), "owl-rl")
    assert _about_the_data(used) == _about_the_data(reference)
    assert _about_the_data(fast_owl_rl_closure(load_graph())) == _about_the_data(reference)
    assert len(_about_the_data(used)) > len(_about_the_data(load_graph()))  # it did derive something


def test_the_oxigraph_store_closes_without_rdflib_and_agrees(tmp_path):
    """The store's own path (pyoxigraph -> one N-Triples file -> reasonable) writes rdflib's closure.

    The closure file is compared, not the store: a pyoxigraph store keeps typed numbers in its own
    encoding (`"1"^^xsd:positiveInteger` comes back as `"1"^^xsd:integer`), the file as written.
    """
    from nj_graph.store.oxigraph import OxigraphStore

    OxigraphStore.in_memory(reasoning="owl-rl", cache_dir=tmp_path / "a")
    [written] = (tmp_path / "a").glob("closure-owl-rl-*.nt")
    by_rdflib = load_graph(reasoning="owl-rl", cache_dir=tmp_path / "b")
    assert _about_the_data(Graph().parse(written, format="nt")) == _about_the_data(by_rdflib)
