"""The shipped data: complete against data/README.md, sourced, well-typed, and true to the source."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD

from nj_graph.validate.consistency import inconsistencies
from nj_graph.store.graph import data_files, load_graph
from nj_graph.core.namespaces import NJ, NJR, PREFIXES, SCHEMA, curie
from nj_graph.core.shipped import SHIPPED
from nj_graph.validate.provenance import read_source, unsourced_fact_nodes

README = SHIPPED.data_dir / "README.md"
SOURCE_TEXT = read_source(SHIPPED.sources_dir / "nato-japan-cooperation.txt")
DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}
#: Every way of naming who took part in an event.
PARTICIPATION = (NJ.participant, NJ.visitor, NJ.host, NJ.organiser, NJ.speaker, NJ.addressee, NJ.personnel)


@pytest.fixture(scope="module")
def g() -> Graph:
    return load_graph()


def r(name: str) -> URIRef:
    return NJR[name]


def readme_rows() -> dict[str, set[str]]:
    """Statement id -> the CURIEs its row of data/README.md lists."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (s\d+[a-z]?) \| (.+) \| (.*) \|$", line)
        if match:
            assert match.group(1) not in rows, f"row {match.group(1)} appears twice"
            rows[match.group(1)] = set(re.findall(r"`([^`]+)`", match.group(3)))
    return rows


def quotes(g: Graph) -> dict[str, URIRef]:
    return {str(q)[len(str(NJR)) + len("quote/"):]: q for q in g.subjects(RDF.type, NJ.SourceQuote)}


# -- completeness against data/README.md --------------------------------------------------------------

def test_quote_names_are_statement_ids(g):
    names = quotes(g)
    assert len(names) > 40
    for name, quote in names.items():
        assert str(quote) == str(NJR) + "quote/" + name
        assert re.fullmatch(r"s\d{2}[a-z]?", name), quote


def test_every_quote_has_a_readme_row_and_every_row_a_quote(g):
    rows = readme_rows()
    assert len(rows) > 40
    assert set(quotes(g)) == set(rows)


def test_readme_rows_list_exactly_the_resources_derived_from_their_quote(g):
    rows = readme_rows()
    for name, quote in quotes(g).items():
        # the table names resources as njr:LOCAL for reading, slashes and all (not a SPARQL CURIE)
        derived = {"njr:" + str(s)[len(str(NJR)):] for s in g.subjects(PROV.wasDerivedFrom, quote)}
        assert derived, f"no resource is derived from {curie(quote)}"
        assert rows[name] == derived, f"row {name} of data/README.md does not match the graph"


def test_readme_statements_are_the_quotes_verbatim(g):
    text = README.read_text(encoding="utf-8")
    for quote in quotes(g).values():
        exact = next(str(o) for s in g.objects(quote, None) for o in g.objects(s, URIRef("http://www.w3.org/ns/oa#exact")))
        assert f"| {exact.replace(chr(0xA0), ' ')} |" in text, quote


# -- provenance, types and values ------------------------------------------------------------------

def test_every_fact_node_has_a_quote(g):
    assert unsourced_fact_nodes(g) == []


def test_every_nj_typed_resource_has_one_english_label(g):
    typed = {s for s, c in g.subject_objects(RDF.type) if str(c).startswith(str(NJ)) and c != NJ.SourceQuote}
    assert len(typed) > 100
    for node in typed:
        labels = list(g.objects(node, RDFS.label))
        assert len(labels) == 1 and labels[0].language == "en", node


def test_data_files_declare_the_project_prefixes():
    for path in data_files():
        for prefix, iri in re.findall(r"@prefix\s+(\w*):\s+<([^>]+)>", path.read_text(encoding="utf-8")):
            assert PREFIXES.get(prefix) == iri, f"{path.name}: @prefix {prefix}: <{iri}>"


def test_amounts_are_positive_decimals_with_one_currency_code(g):
    amounts = [*g.subject_objects(NJ.amount), *g.subject_objects(NJ.maximumAmount)]
    assert len(amounts) >= 5
    for node, amount in amounts:
        assert isinstance(amount, Literal) and amount.datatype == XSD.decimal, node
        assert amount.toPython() > 0, node
        currencies = list(g.objects(node, NJ.currency))
        assert len(currencies) == 1 and re.fullmatch(r"[A-Z]{3}", str(currencies[0])), node
        assert (node, RDF.type, NJ.Contribution) in g or any(
            (node, RDF.type, c) in g for c in (NJ.MonetaryContribution, NJ.Donation, NJ.Pledge)), node


def test_ceilings_are_positive_decimals_never_beside_an_exact_amount(g):
    ceilings = list(g.subject_objects(NJ.maximumAmount))
    assert ceilings, "the LOFTA donations are given only as a ceiling"
    for node, ceiling in ceilings:
        assert isinstance(ceiling, Literal) and ceiling.datatype == XSD.decimal and ceiling.toPython() > 0, node
        assert (node, NJ.amount, None) not in g, node
        assert len(list(g.objects(node, NJ.currency))) == 1, node


def test_dates_keep_a_source_precision(g):
    dated = 0
    for predicate in (NJ.date, NJ.startDate, NJ.endDate, NJ.attestedOn):
        for node, value in g.subject_objects(predicate):
            dated += 1
            assert isinstance(value, Literal) and value.datatype in DATE_TYPES, (node, predicate, value)
            assert 1949 <= int(str(value)[:4]) <= 2030, (node, value)
    assert dated > 20


def test_periods_have_a_start_and_an_end_or_are_current(g):
    for node in set(g.subjects(NJ.startDate, None)):
        has_end = (node, NJ.endDate, None) in g
        current = (node, NJ.current, Literal(True)) in g
        assert has_end != current, node
        if has_end:
            assert str(g.value(node, NJ.startDate)) <= str(g.value(node, NJ.endDate)), node


def test_relative_times_have_no_invented_bounds(g):
    for name in ("time/past-decade", "time/recent-years", "time/more-recently"):
        node = r(name)
        assert (node, RDF.type, TIME.ProperInterval) in g
        assert (node, TIME.hasBeginning, None) not in g and (node, TIME.hasEnd, None) not in g, name
    assert {str(g.value(i, TIME.inXSDgYear)) for i in (g.value(r("time/1990s"), TIME.hasBeginning),
                                                       g.value(r("time/1990s"), TIME.hasEnd))} == {"1990", "1999"}
    assert (r("time/early-1990s"), TIME.intervalDuring, r("time/1990s")) in g


def test_people_and_places_are_named_as_the_source_names_them(g):
    for person in g.subjects(RDF.type, NJ.Person):
        assert str(g.value(person, FOAF.name)) in SOURCE_TEXT.replace("\xa0", " "), person
    for cls in (NJ.City, NJ.Region, NJ.Site):
        for place in g.subjects(RDF.type, cls):
            label = str(g.value(place, RDFS.label)).removeprefix("the ")
            assert label in SOURCE_TEXT, place


def test_the_graph_is_consistent_under_owl_rl(g):
    assert inconsistencies(g) == []


# -- key facts ---------------------------------------------------------------------------------------------

def contribution(g: Graph, name: str) -> dict:
    node = r("contribution/" + name)
    return {
        "types": set(g.objects(node, RDF.type)),
        "donor": set(g.objects(node, NJ.donor)),
        "recipient": set(g.objects(node, NJ.recipient)),
        "amount": g.value(node, NJ.amount),
        "currency": g.value(node, NJ.currency),
        "approximate": g.value(node, NJ.approximate),
        "maximum": g.value(node, NJ.maximumAmount),
        "start": g.value(node, NJ.startDate),
        "end": g.value(node, NJ.endDate),
        "current": g.value(node, NJ.current),
        "partOf": g.value(node, NJ.partOf),
    }


def test_the_52_million_aprp_contribution(g):
    c = contribution(g, "japan-aprp")
    assert NJ.MonetaryContribution in c["types"]
    assert c["donor"] == {r("japan")} and c["recipient"] == {r("programme/aprp")}
    assert c["amount"] == Literal(Decimal("52000000"), datatype=XSD.decimal) and str(c["currency"]) == "USD"
    assert c["approximate"] is None
    assert (r("programme/aprp"), RDF.type, NJ.ReintegrationProgramme) in g
    assert (r("contribution/japan-aprp"), PROV.wasDerivedFrom, r("quote/s16b")) in g


def test_the_almost_600_million_lofta_donations(g):
    c = contribution(g, "japan-lofta-2010-2012")
    assert NJ.Donation in c["types"]
    assert c["donor"] == {r("japan")} and c["recipient"] == {r("fund/lofta")}
    # "almost US$600 million" is less than that: a ceiling, not a sum either side of it
    assert c["amount"] is None and c["approximate"] is None
    assert c["maximum"].toPython() == Decimal("600000000") and str(c["currency"]) == "USD"
    assert (c["start"], c["end"]) == (Literal("2010", datatype=XSD.gYear), Literal("2012", datatype=XSD.gYear))
    assert c["partOf"] == r("contribution/japan-lofta")
    lofta = contribution(g, "japan-lofta")
    assert lofta["start"] == Literal("2007", datatype=XSD.gYear) and lofta["current"] == Literal(True)
    assert lofta["end"] is None


def test_the_five_billion_pledge_for_2009_to_2013(g):
    c = contribution(g, "japan-afghanistan-development-pledge")
    assert NJ.Pledge in c["types"] and NJ.MonetaryContribution not in c["types"]
    assert NJ.Contribution not in c["types"]
    assert c["amount"].toPython() == Decimal("5000000000") and str(c["currency"]) == "USD"
    assert (c["start"], c["end"]) == (Literal("2009", datatype=XSD.gYear), Literal("2013", datatype=XSD.gYear))


def test_the_other_sums(g):
    assert contribution(g, "japan-ana-trust-fund-literacy")["amount"].toPython() == Decimal("20000000")
    assert contribution(g, "japan-ana-trust-fund-literacy")["partOf"] == r("contribution/japan-ana-trust-fund")
    assert contribution(g, "japan-gagp-funding")["amount"].toPython() == Decimal("20000000")
    assert contribution(g, "japan-gagp-funding")["recipient"] == {r("programme/gagp")}
    assert g.value(r("project/azerbaijan-land-clearance"), NJ.areaHectares).toPython() == Decimal("571")
    unsummed = ["japan-isaf-support", "japan-ana-trust-fund", "japan-ana-trust-fund-medical-supplies",
                "japan-afghanistan-ammunition-stockpile-project", "japan-tajikistan-stockpile-project",
                "japan-azerbaijan-land-clearance-project", "japan-balkans", "japan-human-security-projects"]
    for name in unsummed:  # the source gives no sum for these: none is invented
        assert contribution(g, name)["amount"] is None, name
        assert contribution(g, name)["donor"] == {r("japan")}, name


def test_the_unnamed_secretary_general_visits_have_no_person(g):
    for name, date in (("2005-04-secretary-general-visit-to-tokyo", "2005-04"),
                       ("2007-12-secretary-general-visit-to-tokyo", "2007-12")):
        visit = r("event/" + name)
        assert (visit, RDF.type, NJ.Visit) in g
        assert g.value(visit, NJ.date) == Literal(date, datatype=XSD.gYearMonth)
        assert g.value(visit, NJ.participantPost) == r("post/nato-secretary-general")
        assert g.value(visit, SCHEMA.location) == r("place/tokyo")
        assert [p for p in PARTICIPATION if (visit, p, None) in g] == [], name


def test_rasmussen_visit_to_japan_and_the_signing_during_it(g):
    visit = r("event/2013-04-secretary-general-visit-to-japan")
    assert set(g.objects(visit, NJ.visitor)) == {r("anders-fogh-rasmussen")}
    assert g.value(visit, NJ.date) == Literal("2013-04", datatype=XSD.gYearMonth)
    signing = r("event/2013-04-signing-of-the-joint-political-declaration")
    assert g.value(signing, NJ.partOf) == visit
    declaration = r("document/joint-political-declaration-2013")
    assert g.value(signing, NJ.signedDocument) == declaration
    assert set(g.objects(declaration, NJ.signatory)) == {r("nato"), r("japan")}
    talks = r("event/2013-04-talks-with-shinzo-abe")
    assert {r("anders-fogh-rasmussen"), r("shinzo-abe")} <= set(g.objects(talks, NJ.participant))
    assert g.value(talks, NJ.partOf) == visit


def test_declaration_areas_and_shared_interests(g):
    declaration = r("document/joint-political-declaration-2013")
    areas = set(g.objects(declaration, NJ.cooperationArea))
    assert areas == {r("area/" + name) for name in (
        "crisis-management", "peace-support", "disaster-relief", "defence-against-emerging-threats",
        "defence-against-missile-threats", "defence-against-piracy", "defence-against-cyber-threats")}
    interests = {str(g.value(t, RDFS.label)) for t in g.objects(declaration, NJ.sharedInterest)}
    assert {"global peace", "stability", "prosperity", "rules-based international order"} <= interests


def test_partnership_areas_and_key_focus(g):
    partnership = r("partnership/nato-japan")
    assert set(g.objects(partnership, NJ.partner)) == {r("nato"), r("japan")}
    assert g.value(partnership, NJ.longestStanding) == Literal(True)
    assert g.value(partnership, NJ.partnerGroup) == r("partners-across-the-globe")
    assert {str(g.value(a, RDFS.label)) for a in g.objects(partnership, NJ.cooperationArea)} == {
        "peace support", "crisis management", "civil emergency planning", "cyber defence",
        "defence against terrorism", "non-proliferation", "participation in military activities"}
    assert g.value(partnership, NJ.keyFocus) == r("area/stabilising-afghanistan")
    for area in g.subjects(RDF.type, NJ.CooperationArea):
        assert (area, SKOS.inScheme, r("cooperation-areas")) in g, area


def test_people_and_their_posts(g):
    first = r("tenure/shinzo-abe-prime-minister-1")
    assert g.value(first, ORG.member) == r("shinzo-abe")
    assert g.value(first, NJ.post) == r("post/prime-minister-of-japan")
    assert g.value(first, NJ.termOrdinal).toPython() == 1
    assert set(g.objects(first, NJ.attestedOn)) == {Literal("2007-01", datatype=XSD.gYearMonth)}
    rasmussen = r("tenure/anders-fogh-rasmussen-nato-secretary-general")
    assert g.value(rasmussen, NJ.current) == Literal(True)
    assert g.value(rasmussen, NJ.post) == r("post/nato-secretary-general")
    matsumoto = r("tenure/takeaki-matsumoto-foreign-minister")
    assert set(g.objects(matsumoto, NJ.attestedOn)) == {Literal("2011-05", datatype=XSD.gYearMonth)}
    address = r("event/2007-01-shinzo-abe-address-to-the-north-atlantic-council")
    assert g.value(address, NJ.speaker) == r("shinzo-abe")
    assert g.value(address, NJ.addressee) == r("north-atlantic-council")
    for post in g.subjects(RDF.type, NJ.Post):
        assert g.value(post, ORG.postIn) in {r("nato"), r("japan")}, post


def test_the_prts_identify_areas_for_gagp_and_isaf_facilitates_them(g):
    """s18: "Facilitated by ISAF, the PRTs identify critical areas for Japan's GAGP"."""
    prts, gagp = r("provincial-reconstruction-teams"), r("programme/gagp")
    assert (prts, NJ.identifiesAreasFor, gagp) in g
    assert g.value(prts, NJ.facilitatedBy) == r("isaf")
    assert (gagp, NJ.facilitatedBy, None) not in g  # the PRTs do not facilitate the programme


def test_the_source_document_says_where_it_came_from_or_that_it_is_unknown(g):
    """The captured text holds no URL and no date, so both are stated as unknown, not left out."""
    source = r("source/nato-japan-cooperation")
    for prop in (DCTERMS.source, NJ.capturedOn):
        known = (source, prop, None) in g
        unknown = (source, NJ.unknown, prop) in g
        assert known != unknown, f"{curie(prop)}: give a value or say it is unknown, not both or neither"
    assert not re.search(r"https?://|www\.", SOURCE_TEXT), "the text names a URL now: record it as dcterms:source"


# -- inferences: what the source implies but does not state outright --------------------------------

#: (subject, property, value) of every triple the review found inferred rather than stated.
INFERRED = [
    ("lithuanian-prt", NJ.leadNation, r("lithuania")),
    ("swedish-prt", NJ.leadNation, r("sweden")),
    ("contribution/japan-lofta-2010-2012", NJ.donor, r("japan")),
    ("contribution/japan-lofta-2010-2012", NJ.recipient, r("fund/lofta")),
    ("contribution/japan-lofta-2010-2012", NJ.partOf, r("contribution/japan-lofta")),
    ("event/2013-04-secretary-general-visit-to-japan", PROV.wasDerivedFrom, r("quote/s07b")),
    ("tenure/anders-fogh-rasmussen-nato-secretary-general", NJ.attestedOn, Literal("2013-04", datatype=XSD.gYearMonth)),
    ("event/nato-japan-strategic-dialogue", PROV.wasDerivedFrom, r("quote/s04b")),
    ("event/early-1990s-initial-contacts", PROV.wasDerivedFrom, r("quote/s30")),
    ("afghan-national-army", ORG.subOrganizationOf, r("afghanistan")),
    ("afghan-police", ORG.subOrganizationOf, r("afghanistan")),
    ("nato-ships", ORG.subOrganizationOf, r("nato")),
    ("japanese-officials", ORG.memberOf, r("japan")),
    ("government-of-japan", ORG.subOrganizationOf, r("japan")),
    ("place/nato-headquarters", ORG.siteOf, r("nato")),
    ("event/2012-07-tokyo-conference", SCHEMA.location, r("place/tokyo")),
    ("event/2010-lisbon-summit", SCHEMA.location, r("place/lisbon")),
    ("event/2009-liaison-officers-to-provincial-reconstruction-teams", NJ.supported, r("programme/gagp")),
    ("nato-partners", ORG.hasMember, r("tajikistan")),
    ("nato-partners", ORG.hasMember, r("azerbaijan")),
]

INFERENCE_MARK = """ASK {
    ?mark a nj:Inference ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
          dcterms:description ?how ; prov:wasDerivedFrom ?quote .
    ?quote a nj:SourceQuote .
}"""


@pytest.mark.parametrize("subject, prop, value", INFERRED, ids=[f"{s} {curie(p)}" for s, p, _ in INFERRED])
def test_each_inferred_statement_is_asserted_and_marked(g, subject, prop, value):
    assert (r(subject), prop, value) in g, "the triple itself stays in the graph"
    marked = g.query(INFERENCE_MARK, initNs=PREFIXES, initBindings={"s": r(subject), "p": prop, "o": value})
    assert marked.askAnswer, f"{subject} {curie(prop)} {value.n3()} is not marked as an nj:Inference"


@pytest.mark.parametrize("subject, prop, value", [
    ("lithuanian-prt", SCHEMA.location, r("place/chaghcharan")),      # "the Lithuanian PRT in Chaghcharan"
    ("contribution/japan-aprp", NJ.donor, r("japan")),                # "to which Japan has contributed"
    ("event/2013-04-secretary-general-visit-to-japan", NJ.visitor, r("anders-fogh-rasmussen")),
])
def test_statements_the_source_makes_outright_are_not_marked(g, subject, prop, value):
    assert (r(subject), prop, value) in g
    marked = g.query(INFERENCE_MARK, initNs=PREFIXES, initBindings={"s": r(subject), "p": prop, "o": value})
    assert not marked.askAnswer


def test_every_inference_names_a_triple_of_the_graph(g):
    marks = list(g.subjects(RDF.type, NJ.Inference))
    assert len(marks) >= len(INFERRED)
    for mark in marks:
        triple = (g.value(mark, RDF.subject), g.value(mark, RDF.predicate), g.value(mark, RDF.object))
        assert None not in triple and triple in g, mark


def test_organisations_where_the_source_places_them(g):
    assert g.value(r("isaf"), NJ.ledBy) == r("nato")
    assert g.value(r("lithuanian-prt"), NJ.leadNation) == r("lithuania")
    assert g.value(r("lithuanian-prt"), SCHEMA.location) == r("place/chaghcharan")
    assert g.value(r("swedish-prt"), NJ.leadNation) == r("sweden")
    assert g.value(r("swedish-prt"), SCHEMA.location) == r("place/mazar-e-sharif")
    assert g.value(r("place/nato-headquarters"), SCHEMA.containedInPlace) == r("place/brussels")
    assert g.value(r("japan-maritime-self-defence-force"), ORG.subOrganizationOf) == r("japan")
    # not stated by the source, so not asserted
    assert (r("north-atlantic-council"), ORG.subOrganizationOf, None) not in g
    assert (r("place/tokyo"), SCHEMA.containedInPlace, None) not in g


def test_events_with_dates_and_places(g):
    expected = {
        "event/2012-07-tokyo-conference": ("2012-07", "place/tokyo"),
        "event/2010-lisbon-summit": ("2010", "place/lisbon"),
        "event/2011-05-takeaki-matsumoto-visit-to-nato-headquarters": ("2011-05", "place/nato-headquarters"),
    }
    for name, (date, place) in expected.items():
        assert str(g.value(r(name), NJ.date)) == date, name
        assert g.value(r(name), SCHEMA.location) == r(place), name
    assert g.value(r("event/2012-07-tokyo-conference"), NJ.organiser) == r("japan")
    assert g.value(r("document/strategic-concept-2010"), NJ.adoptedAt) == r("event/2010-lisbon-summit")
    assert g.value(r("document/strategic-concept-2010"), NJ.pavedWayFor) == r("document/partnership-policy")
    deployment = r("event/2009-liaison-officers-to-provincial-reconstruction-teams")
    assert g.value(deployment, NJ.date) == Literal("2009", datatype=XSD.gYear)
    assert set(g.objects(deployment, NJ.assignedTo)) == {r("lithuanian-prt"), r("swedish-prt")}
    dialogue = r("event/nato-japan-strategic-dialogue")
    assert g.value(dialogue, NJ.startedDuring) == r("time/early-1990s")
    assert g.value(dialogue, NJ.current) == Literal(True)
    balkans = r("event/mid-1990s-nato-led-peace-support-operations-in-the-balkans")
    assert g.value(balkans, NJ.startedDuring) == r("time/mid-1990s")
    assert g.value(balkans, NJ.ledBy) == r("nato")


def test_the_ipcp_is_being_developed_by_japan(g):
    ipcp = r("programme/japan-individual-partnership-and-cooperation-programme")
    assert g.value(ipcp, NJ.developedBy) == r("japan")
    assert g.value(ipcp, NJ.drawsOn) == r("programme/partnership-cooperation-menu")
    assert g.value(ipcp, NJ.formalises) == r("partnership/nato-japan")
    assert g.value(r("programme/partnership-cooperation-menu"), NJ.openTo) == r("nato-partners")
