"""nj_graph.validate.provenance: quotes are found at their offsets, and every way of getting them wrong is caught."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from nj_graph.store.graph import load_graph
from nj_graph.core.namespaces import NJ, NJR, OA
from nj_graph.core.shipped import SHIPPED
from nj_graph.validate.provenance import (QuoteError, check_quotes, fill_offsets, locate, main, read_source, sha256_of,
                                 unsourced_fact_nodes)

SOURCE_NODE = NJR["source/nato-japan-cooperation"]
QUOTES_FILE = SHIPPED.data_dir / "quotes.ttl"


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return load_graph()


@pytest.fixture
def graph(shipped) -> Graph:
    """A copy of the shipped graph that a test may spoil."""
    copy = Graph()
    copy += shipped
    return copy


def position_selector(graph: Graph, quote: URIRef):
    return next(s for s in graph.objects(quote, OA.hasSelector) if (s, RDF.type, OA.TextPositionSelector) in graph)


def text_selector(graph: Graph, quote: URIRef):
    return next(s for s in graph.objects(quote, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in graph)


# -- locate -----------------------------------------------------------------------------------------

def test_locate_counts_code_points_not_bytes_or_utf16_units():
    text = "NATO’s 😀 partners across the globe"
    assert locate("partners", text) == (9, 17)
    assert text[9:17] == "partners"
    assert locate("NATO’s", text) == (0, 6)


def test_locate_refuses_an_absent_quote():
    with pytest.raises(QuoteError, match="not in the text"):
        locate("Lisbon Summit of 2011", "the 2010 Lisbon Summit")


def test_locate_refuses_an_ambiguous_quote_unless_told_which():
    text = "Japan and NATO; NATO and Japan"
    with pytest.raises(QuoteError, match="occurs 2 times"):
        locate("NATO", text)
    assert locate("NATO", text, occurrence=0) == (10, 14)
    assert locate("NATO", text, occurrence=1) == (16, 20)
    assert locate("NATO", text, prefix="; ") == (16, 20)
    assert locate("NATO", text, suffix=";") == (10, 14)
    with pytest.raises(QuoteError, match="no occurrence 2"):
        locate("NATO", text, occurrence=2)


def test_locate_refuses_an_empty_quote():
    with pytest.raises(QuoteError, match="empty"):
        locate("", "anything")


def test_read_source_keeps_line_ends_and_decodes_utf8(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes("a\r\nb’\n".encode("utf-8"))
    assert read_source(path) == "a\r\nb’\n"


# -- the shipped quotes ------------------------------------------------------------------------------

def test_every_shipped_quote_is_found_at_its_offsets(shipped):
    quotes = set(shipped.subjects(RDF.type, NJ.SourceQuote))
    assert len(quotes) > 40
    assert check_quotes(shipped) == []
    text = read_source(SHIPPED.sources_dir / "nato-japan-cooperation.txt")
    for quote in quotes:  # the same, spelled out without the library's own comparison
        start = int(shipped.value(position_selector(shipped, quote), OA.start))
        end = int(shipped.value(position_selector(shipped, quote), OA.end))
        assert text[start:end] == str(shipped.value(text_selector(shipped, quote), OA.exact)), quote


def test_shipped_quotes_are_unique_in_the_source(shipped):
    text = read_source(SHIPPED.sources_dir / "nato-japan-cooperation.txt")
    for quote in shipped.subjects(RDF.type, NJ.SourceQuote):
        exact = str(shipped.value(text_selector(shipped, quote), OA.exact))
        assert text.count(exact) == 1, quote


def test_shipped_offsets_are_nonnegative_integers(shipped):
    for quote in shipped.subjects(RDF.type, NJ.SourceQuote):
        for predicate in (OA.start, OA.end):
            value = shipped.value(position_selector(shipped, quote), predicate)
            assert value.datatype == XSD.nonNegativeInteger, (quote, predicate)


def test_source_digest_matches_the_shipped_copy(shipped):
    path = SHIPPED.root / str(shipped.value(SOURCE_NODE, NJ.localCopy))
    assert str(shipped.value(SOURCE_NODE, NJ.sha256)) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert sha256_of(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_shipped_fact_node_has_a_quote(shipped):
    assert unsourced_fact_nodes(shipped) == []


# -- what check_quotes catches ------------------------------------------------------------------------

def test_a_wrong_offset_is_caught(graph):
    quote = NJR["quote/s16b"]
    selector = position_selector(graph, quote)
    start = int(graph.value(selector, OA.start))
    end = int(graph.value(selector, OA.end))
    graph.set((selector, OA.start, Literal(start + 1, datatype=XSD.nonNegativeInteger)))
    graph.set((selector, OA.end, Literal(end + 1, datatype=XSD.nonNegativeInteger)))
    problems = check_quotes(graph)
    assert len(problems) == 1
    assert problems[0].startswith("<https://w3id.org/nj-graph/id/quote/s16b>: the text at ")
    assert f"it stands at ({start}, {end})" in problems[0]


def test_a_changed_quote_text_is_caught(graph):
    quote = NJR["quote/s24"]
    selector = text_selector(graph, quote)
    graph.set((selector, OA.exact, Literal("Donations over the three-year period from 2010 to 2012 amounted to US$600 million.")))
    problems = check_quotes(graph)
    assert len(problems) == 1
    assert "<https://w3id.org/nj-graph/id/quote/s24>" in problems[0] and "not in the text" in problems[0]


def test_missing_selectors_are_caught(graph):
    quote = NJR["quote/s03"]
    graph.remove((quote, OA.hasSelector, position_selector(graph, quote)))
    quote2 = NJR["quote/s05"]
    graph.remove((quote2, OA.hasSelector, text_selector(graph, quote2)))
    problems = check_quotes(graph)
    assert any("<https://w3id.org/nj-graph/id/quote/s03> has 0 text position selectors" in p for p in problems)
    assert any("<https://w3id.org/nj-graph/id/quote/s05> has 0 text quote selectors" in p for p in problems)
    assert len(problems) == 2


def test_offsets_of_the_wrong_datatype_are_caught(graph):
    selector = position_selector(graph, NJR["quote/s03"])
    graph.set((selector, OA.start, Literal(str(graph.value(selector, OA.start)))))
    problems = check_quotes(graph)
    assert problems == ["<https://w3id.org/nj-graph/id/quote/s03>: oa:start must be one xsd:nonNegativeInteger"]


def test_a_quote_without_a_source_document_is_caught(graph):
    graph.remove((NJR["quote/s03"], OA.hasSource, None))
    assert check_quotes(graph) == ["<https://w3id.org/nj-graph/id/quote/s03> needs exactly one oa:hasSource, "
                                   "an nj:SourceDocument"]


def test_a_wrong_digest_is_caught(graph):
    graph.set((SOURCE_NODE, NJ.sha256, Literal("0" * 64)))
    problems = check_quotes(graph)
    assert len(problems) == 1 and "nj:sha256" in problems[0] and "0" * 64 in problems[0]


@pytest.mark.parametrize("path", ["../nato-japan-cooperation.txt", "data/../../x.txt", "/etc/hostname"])
def test_a_local_copy_outside_the_project_root_is_refused(graph, path):
    graph.set((SOURCE_NODE, NJ.localCopy, Literal(path)))
    problems = check_quotes(graph)
    assert len(problems) == 1
    assert "outside the project root" in problems[0] or "relative to the project root" in problems[0]


def test_a_missing_local_copy_is_caught(graph):
    graph.set((SOURCE_NODE, NJ.localCopy, Literal("data/sources/missing.txt")))
    assert check_quotes(graph) == ["<https://w3id.org/nj-graph/id/source/nato-japan-cooperation>: "
                                   "nj:localCopy 'data/sources/missing.txt' is not a file"]


# -- unsourced facts --------------------------------------------------------------------------------

def test_a_fact_without_a_quote_is_caught(graph):
    event = NJR["event/2014-01-unsourced-visit"]
    graph.add((event, RDF.type, NJ.Visit))
    graph.add((event, RDFS.label, Literal("an unsourced visit", lang="en")))
    assert unsourced_fact_nodes(graph) == [event]


def test_a_fact_derived_from_something_that_is_not_a_quote_is_caught(graph):
    event = NJR["event/2014-01-badly-sourced-visit"]
    graph.add((event, RDF.type, NJ.Visit))
    graph.add((event, PROV.wasDerivedFrom, NJR["quote/s99"]))  # not described: no nj:SourceQuote
    graph.add((BNode(), RDF.type, NJ.SourceQuote))
    assert unsourced_fact_nodes(graph) == [event]


def test_quotes_and_source_documents_need_no_quote(graph):
    graph.add((NJR["quote/s98"], RDF.type, NJ.SourceQuote))
    graph.add((NJR["source/other"], RDF.type, NJ.SourceDocument))
    assert unsourced_fact_nodes(graph) == []


# -- fill-offsets -------------------------------------------------------------------------------------

SMALL_SOURCE = """@prefix nj: <https://w3id.org/nj-graph/ns#> .
@prefix njr: <https://w3id.org/nj-graph/id/> .
njr:source\\/small a nj:SourceDocument ; nj:localCopy "data/sources/small.txt" .
"""


def small_project(tmp_path: Path, quotes: str) -> Path:
    (tmp_path / "data" / "sources").mkdir(parents=True)
    (tmp_path / "data" / "sources" / "small.txt").write_text("NATO’s “partners”\u00a0and NATO again\n", encoding="utf-8")
    (tmp_path / "data" / "source.ttl").write_text(SMALL_SOURCE, encoding="utf-8")
    path = tmp_path / "data" / "quotes.ttl"
    path.write_text("# Quotes of the small source.\n" + quotes, encoding="utf-8")
    return path


def quote(name: str, exact: str, start: int = 0, end: int = 0, extra: str = "") -> str:
    return (f'njr:quote\\/{name} a nj:SourceQuote ; oa:hasSource njr:source\\/small ;\n'
            f'  oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{exact}"{extra} ] ,\n'
            f'    [ a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} ] .\n')


PREFIXES = ("@prefix nj: <https://w3id.org/nj-graph/ns#> .\n@prefix njr: <https://w3id.org/nj-graph/id/> .\n"
            "@prefix oa: <http://www.w3.org/ns/oa#> .\n")


def test_fill_offsets_computes_offsets_and_keeps_the_header(tmp_path):
    path = small_project(tmp_path, PREFIXES + quote("s10", "“partners”\\u00A0and") + quote("s2", "NATO’s"))
    text = fill_offsets(path, context=[tmp_path / "data" / "source.ttl"], root=tmp_path)
    assert text.startswith("# Quotes of the small source.\n")
    assert text.index("quote\\/s2 ") < text.index("quote\\/s10 ")  # sorted by statement number
    assert 'oa:exact "“partners”\\u00A0and"' in text  # the no-break space stays visible
    filled = Graph().parse(data=text, format="turtle")
    selector = position_selector(filled, NJR["quote/s10"])
    assert (int(filled.value(selector, OA.start)), int(filled.value(selector, OA.end))) == (7, 21)
    assert filled.value(selector, OA.start).datatype == XSD.nonNegativeInteger
    path.write_text(text, encoding="utf-8")
    assert fill_offsets(path, context=[tmp_path / "data" / "source.ttl"], root=tmp_path) == text  # idempotent


def test_fill_offsets_uses_prefix_and_suffix_to_disambiguate(tmp_path):
    path = small_project(tmp_path, PREFIXES + quote("s01", "NATO", extra=' ; oa:prefix "and "'))
    text = fill_offsets(path, context=[tmp_path / "data" / "source.ttl"], root=tmp_path)
    filled = Graph().parse(data=text, format="turtle")
    selector = position_selector(filled, NJR["quote/s01"])
    assert int(filled.value(selector, OA.start)) == 22


def test_fill_offsets_refuses_ambiguous_and_absent_quotes(tmp_path):
    path = small_project(tmp_path, PREFIXES + quote("s01", "NATO"))
    with pytest.raises(QuoteError, match="<https://w3id.org/nj-graph/id/quote/s01>: .*occurs 2 times"):
        fill_offsets(path, context=[tmp_path / "data" / "source.ttl"], root=tmp_path)
    path.write_text(PREFIXES + quote("s01", "Japan"), encoding="utf-8")
    with pytest.raises(QuoteError, match="not in the text"):
        fill_offsets(path, context=[tmp_path / "data" / "source.ttl"], root=tmp_path)


def test_fill_offsets_refuses_a_file_holding_more_than_quotes(tmp_path):
    path = small_project(tmp_path, PREFIXES + quote("s01", "NATO’s") + "njr:japan a nj:State .\n")
    with pytest.raises(QuoteError, match="quotes only"):
        fill_offsets(path, context=[tmp_path / "data" / "source.ttl"], root=tmp_path)


def test_the_shipped_quotes_file_is_filled_and_canonical():
    assert fill_offsets(QUOTES_FILE) == QUOTES_FILE.read_text(encoding="utf-8")


def test_command_check_and_fill_offsets_check(capsys):
    assert main(["check"]) == 0
    assert main(["fill-offsets", "--check", str(QUOTES_FILE)]) == 0
    assert capsys.readouterr().out == ""


def test_command_fill_offsets_writes_and_check_mode_reports(tmp_path, capsys):
    copy = tmp_path / "quotes.ttl"
    shutil.copy(QUOTES_FILE, copy)
    text = copy.read_text(encoding="utf-8")
    spoiled = text.replace('oa:start "0"^^', 'oa:start "1"^^', 1)
    assert spoiled != text
    copy.write_text(spoiled, encoding="utf-8")
    assert main(["fill-offsets", "--check", str(copy)]) == 1
    assert copy.read_text(encoding="utf-8") == spoiled  # --check changes nothing
    assert main(["fill-offsets", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == text
    assert "offsets written" in capsys.readouterr().out
