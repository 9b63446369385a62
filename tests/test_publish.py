"""`nj-graph publish`: the dataset description counts the graph, pages escape what they show, the
site is swapped in whole, and the server rules name the files that are there."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from nj_graph.cli import main
from nj_graph.core.status import ExitStatus
from nj_graph.publish.collect import part_files
from nj_graph.publish.site import MARKER, build_site

ROOT = Path(__file__).resolve().parent.parent
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DATASET = URIRef("https://w3id.org/nj-graph/dataset")
HOSTILE = ROOT / "tests" / "fixtures" / "hostile-label.ttl"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    target = tmp_path_factory.mktemp("site") / "site"
    build_site(target, site_url="https://example.org/nj-graph/", endpoint="https://example.org/nj-graph/sparql")
    return target


@pytest.fixture(scope="module")
def graph():
    graph = Graph()
    for path in part_files(["ontology", "data"]):
        graph.parse(path, format="turtle")
    return graph


def test_void_counts_the_graph(site, graph):
    void = Graph().parse(site / "void.ttl", format="turtle")
    number = lambda p: int(void.value(DATASET, p))  # noqa: E731
    assert number(VOID.triples) == len(graph)
    assert number(VOID.distinctSubjects) == len(set(graph.subjects()))
    assert number(VOID.distinctObjects) == len(set(graph.objects()))
    classes = {void.value(part, VOID["class"]): int(void.value(part, VOID.entities))
               for part in void.objects(DATASET, VOID.classPartition)}
    expected = {c: len(set(graph.subjects(RDF.type, c))) for c in set(graph.objects(None, RDF.type))}
    assert classes == expected
    properties = {void.value(part, VOID.property): int(void.value(part, VOID.triples))
                  for part in void.objects(DATASET, VOID.propertyPartition)}
    assert properties == {p: len(list(graph.triples((None, p, None)))) for p in set(graph.predicates())}
    assert URIRef("https://w3id.org/nj-graph/ns#") in set(void.objects(DATASET, VOID.vocabulary))
    assert len(list(void.objects(DATASET, VOID.exampleResource))) == 3
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://example.org/nj-graph/sparql")
    assert len(list(void.objects(DATASET, VOID.dataDump))) == 6


def test_dcat_names_each_dump_with_its_checksum(site):
    dcat = Graph().parse(site / "dcat.ttl", format="turtle")
    downloads = 0
    for distribution in dcat.objects(DATASET, DCAT.distribution):
        url = dcat.value(distribution, DCAT.downloadURL)
        if url is None:
            assert dcat.value(distribution, DCAT.accessURL) == URIRef("https://example.org/nj-graph/sparql")
            continue
        downloads += 1
        local = site / "dumps" / str(url).rsplit("/", 1)[1]
        data = local.read_bytes()
        checksum = dcat.value(distribution, SPDX.checksum)
        assert str(dcat.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert int(dcat.value(distribution, DCAT.byteSize)) == len(data)
        assert str(dcat.value(distribution, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
    assert downloads == 6
    assert dcat.value(DATASET, URIRef("http://purl.org/dc/terms/license")) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert dcat.value(DATASET, URIRef("http://purl.org/dc/terms/source")) == URIRef(
        "https://w3id.org/nj-graph/id/source/nato-japan-cooperation")
    assert dcat.value(DATASET, URIRef("http://purl.org/dc/terms/modified")) is not None
    assert dcat.value(DATASET, URIRef("http://purl.org/dc/terms/publisher")) is not None


def test_the_checksum_file_matches_the_dumps(site):
    for line in (site / "dumps" / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((site / "dumps" / name).read_bytes()).hexdigest() == digest


def test_a_resource_page_and_its_alternates(site):
    page = (site / "id" / "contribution" / "japan-lofta-2010-2012.html").read_text()
    assert "Japan&#39;s donations to LOFTA" in page or "Japan's donations to LOFTA" in page
    assert 'href="../../id/japan.html"' in page  # the donor, linked relative to the page
    assert "Donations over the three-year period from 2010 to 2012" in page  # its source quote
    assert '<script type="application/ld+json">' in page
    assert 'rel="alternate" type="text/turtle" href="japan-lofta-2010-2012.ttl"' in page
    turtle = Graph().parse(site / "id" / "contribution" / "japan-lofta-2010-2012.ttl", format="turtle")
    jsonld = Graph().parse(site / "id" / "contribution" / "japan-lofta-2010-2012.jsonld", format="json-ld")
    assert len(turtle) == len(jsonld) > 10


def test_the_ontology_page_documents_classes_properties_and_shapes(site):
    page = (site / "ns.html").read_text()
    assert 'id="Visit"' in page and 'id="donor"' in page and 'id="shape-ResourceHasEnglishLabel"' in page
    section = page.split('id="Visit"', 1)[1].split("</section>", 1)[0]
    assert "subclass of" in section and "shape-ResourceHasEnglishLabel" in section
    assert "<svg" in (site / "classes.svg").read_text()


def test_the_timeline_lists_every_event(site):
    from nj_graph.store.base import open_store

    events = open_store().query("SELECT DISTINCT ?e WHERE { ?e a ?t . ?t rdfs:subClassOf* nj:Event }", form="SELECT")
    page = (site / "timeline.html").read_text()
    assert {row[0].value for row in events.bindings} == {
        part.split('"', 1)[0] for part in page.split('data-event="')[1:]}


def test_the_server_rules(site):
    conneg = (site / ".htaccess").read_text()
    assert "RewriteCond %{HTTP_ACCEPT} text/turtle" in conneg and "AddType application/ld+json .jsonld" in conneg
    w3id = (site / "w3id.htaccess").read_text()
    assert "RewriteRule ^id/(.+)$ https://example.org/nj-graph/id/$1.html [R=303,L]" in w3id


def test_a_label_with_a_script_is_shown_as_text(tmp_path):
    target = tmp_path / "site"
    build_site(target, extra=[HOSTILE])
    page = (target / "id" / "hostile.html").read_text()
    assert "<script>alert('label')</script>" not in page
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in page
    embedded = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in embedded  # the JSON-LD cannot close its script element
    index = (target / "index.html").read_text()
    assert "<script>alert" not in index and "&lt;script&gt;alert" in index


def test_a_new_build_replaces_the_old_whole(tmp_path, capsys):
    target = tmp_path / "site"
    assert main(["publish", str(target)]) == ExitStatus.OK
    (target / "stale.html").write_text("left over")
    assert main(["publish", str(target)]) == ExitStatus.OK
    assert not (target / "stale.html").exists() and (target / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no building or old folder left


def test_publish_never_replaces_a_folder_it_did_not_make(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep")
    assert main(["publish", str(tmp_path)]) == ExitStatus.BAD_INPUT
    assert (tmp_path / "mine.txt").read_text() == "keep"


def test_a_failed_build_leaves_the_site_that_was_there(tmp_path, monkeypatch, capsys):
    from nj_graph.publish import site as site_module

    target = tmp_path / "site"
    assert main(["publish", str(target)]) == ExitStatus.OK
    before = (target / "index.html").read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(site_module, "_timeline", broken)
    with pytest.raises(OSError):
        build_site(target)
    assert (target / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
