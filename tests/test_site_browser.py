"""The published site in a real browser: served on loopback, every page renders, every internal
link resolves (anchors included), and the timeline shows every event of the graph."""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from nj_graph.publish.site import build_site
from nj_graph.store.base import open_store


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The site built once and served by http.server on 127.0.0.1, in a thread; its base URL."""
    root = tmp_path_factory.mktemp("served") / "site"
    build_site(root)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def crawl(page, start: str) -> tuple[set[str], list[str]]:
    """Every page reached by following internal links from `start`, and the links that did not resolve."""
    seen, todo, broken = set(), [start], []
    host = urlsplit(start).netloc
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        if not url.endswith((".html", "/")):  # a dump, a .ttl: fetched, not rendered
            if not page.request.get(url).ok:
                broken.append(url)
            continue
        response = page.goto(url)
        if response is None or response.status != 200:
            broken.append(url)
            continue
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            target, fragment = urldefrag(href)
            if urlsplit(target).netloc != host:
                continue
            if fragment:
                page_anchors = anchors(page, target)
                if fragment not in page_anchors:
                    broken.append(href)
            if target not in seen:
                todo.append(target)
    return seen, broken


@functools.lru_cache(maxsize=None)
def _anchors_of(html: str) -> frozenset[str]:
    import re

    return frozenset(re.findall(r'id="([^"]+)"', html))


def anchors(page, url: str) -> frozenset[str]:
    response = page.request.get(url)
    return _anchors_of(response.text()) if response.ok else frozenset()


def test_every_internal_link_resolves(browser_page, served):
    pages, broken = crawl(browser_page, served + "index.html")
    assert not broken, sorted(set(broken))[:10]
    resources = open_store().query(
        'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/nj-graph/id/")) }',
        form="SELECT").bindings[0][0]
    assert sum("/id/" in url and url.endswith(".html") for url in pages) >= int(resources.value)


def test_a_resource_page_renders(browser_page, served):
    browser_page.goto(served + "id/contribution/japan-lofta-2010-2012.html")
    assert browser_page.locator("h1").inner_text().startswith("Japan's donations to LOFTA")
    assert browser_page.locator("blockquote").count() == 2
    assert browser_page.locator("table.statements tbody tr").count() > 5
    browser_page.locator("a", has_text="Japan").first.click()
    assert browser_page.locator("h1").inner_text() == "Japan"


def test_the_timeline_shows_every_event(browser_page, served):
    answer = open_store().query("SELECT DISTINCT ?e ?label WHERE { ?e a ?t . ?t rdfs:subClassOf* nj:Event . "
                                "?e rdfs:label ?label }", form="SELECT")
    expected = {row[0].value: row[1].value for row in answer.bindings}
    browser_page.goto(served + "timeline.html")
    items = browser_page.locator("ol.timeline li")
    shown = {items.nth(i).get_attribute("data-event"): items.nth(i).inner_text() for i in range(items.count())}
    assert set(shown) == set(expected)
    assert all(expected[iri] in text for iri, text in shown.items())
    assert all(items.nth(i).is_visible() for i in range(items.count()))
    assert browser_page.locator("figure.timeline-picture svg circle").count() > 0


def test_the_ontology_diagram_renders(browser_page, served):
    browser_page.goto(served + "ns.html")
    image = browser_page.locator("figure img")
    image.wait_for()
    assert browser_page.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
