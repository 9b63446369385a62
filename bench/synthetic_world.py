"""A synthetic world in the project's vocabulary, written as N-Triples, that validates.

`SyntheticWorld(writer, target, seed).write()` first lays down the standing resources, sized to
the request (partner states with their governments, armed forces, posts, cities, partnerships,
partnership programmes and declarations; partner groups; international organisations with their
headquarters, councils, summits, strategic concepts and policies; cooperation areas and topics;
decades and their parts; trust funds, projects, programmes, Provincial Reconstruction Teams), then
adds dated facts (visits with talks, dialogues, summits, conferences, addresses, deployments,
operations; contributions, pledges and donations with their parts) until the request is met.

Everything follows docs/modelling.md and the shapes: every fact node has one English label and
`prov:wasDerivedFrom` a new source quote with both selectors (see bench/passages.py); people hold
posts through tenures attested at the dates of the events they take part in; amounts are positive
decimals with an ISO 4217 currency, and parts never exceed their whole. Synthetic facts link to
the shipped hubs (NATO, Japan, Afghanistan, the PRTs, the concept schemes), so the stored queries'
default parameters find them. A triple is never written twice, so the count is what a parser reads.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.ntriples import RDF_TYPE, RDFS_LABEL, TripleWriter, iri, text, typed
from bench.passages import STATEMENTS_BY_KIND, shipped_passages
from bench.synthetic_names import Date, Names, UniqueLabels, slug

NJ_NS = "https://w3id.org/nj-graph/ns#"
NJR_NS = "https://w3id.org/nj-graph/id/"


def nj(local: str) -> str:
    return f"<{NJ_NS}{local}>"


def njr(local: str) -> str:
    return f"<{NJR_NS}{local}>"


SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
OA = "http://www.w3.org/ns/oa#"
ALT_LABEL, PREF_LABEL, IN_SCHEME, BROADER = (iri(SKOS + n) for n in ("altLabel", "prefLabel", "inScheme", "broader"))
SUB_ORG, POST_IN, MEMBER, MEMBER_OF, HAS_MEMBER, SITE_OF = (
    iri(ORG + n) for n in ("subOrganizationOf", "postIn", "member", "memberOf", "hasMember", "siteOf"))
DERIVED_FROM = iri("http://www.w3.org/ns/prov#wasDerivedFrom")
ATTRIBUTED_TO = iri("http://www.w3.org/ns/prov#wasAttributedTo")
FOAF_NAME = iri("http://xmlns.com/foaf/0.1/name")
LOCATION = iri("https://schema.org/location")
CONTAINED_IN = iri("https://schema.org/containedInPlace")
DESCRIPTION = iri("http://purl.org/dc/terms/description")
HAS_BEGINNING, HAS_END, IN_YEAR, INTERVAL_DURING = (
    iri(TIME + n) for n in ("hasBeginning", "hasEnd", "inXSDgYear", "intervalDuring"))
PROPER_INTERVAL, INSTANT = iri(TIME + "ProperInterval"), iri(TIME + "Instant")
TRUE = typed("true", "boolean")
FALSE = typed("false", "boolean")

# The shipped resources synthetic facts link to (data/*.ttl).
NATO, JAPAN, AFGHANISTAN = njr("nato"), njr("japan"), njr("afghanistan")
NATO_SECRETARY_GENERAL = njr("post/nato-secretary-general")
NORTH_ATLANTIC_COUNCIL = njr("north-atlantic-council")
PRTS = njr("provincial-reconstruction-teams")
PARTNERSHIP_COOPERATION_MENU = njr("programme/partnership-cooperation-menu")
AREA_SCHEME, TOPIC_SCHEME = njr("cooperation-areas"), njr("topics")
TOKYO, NATO_HEADQUARTERS = njr("place/tokyo"), njr("place/nato-headquarters")
THE_1990S = njr("time/1990s")

AREAS = ("maritime security", "energy security", "humanitarian demining", "defence capacity building",
         "science for peace and security", "women, peace and security", "climate change and security",
         "emerging and disruptive technologies", "space security", "military medicine", "defence education",
         "interoperability", "arms control", "border security", "countering improvised explosive devices",
         "logistics and standardisation", "air and missile defence", "public diplomacy", "building integrity",
         "resilience")
TOPICS = ("regional security", "maritime domain awareness", "nuclear deterrence", "hybrid threats",
          "disinformation", "critical infrastructure", "supply chain security", "Arctic security",
          "Indo-Pacific security", "human security", "energy transition", "arms proliferation",
          "terrorist financing", "irregular migration", "pandemic preparedness", "space situational awareness",
          "quantum technologies", "artificial intelligence", "norms in cyberspace", "export controls")
ASPECTS = ("training", "exercises", "information sharing", "research", "planning", "capability development",
           "standards", "expert exchanges")
PROJECT_AIMS = ("ammunition stockpile management", "clearance of unexploded ordnance",
                "destruction of surplus small arms", "border security training", "a cyber defence laboratory",
                "clearance of contaminated land", "demilitarisation of surplus munitions",
                "a civil emergency planning centre", "retraining of former military personnel",
                "physical security of ammunition depots")
PURPOSES = ("to support the salaries and training of police", "to procure medical supplies",
            "literacy programmes", "reconstruction and development efforts", "to reintegrate former combatants",
            "equipping and sustaining the armed forces", "to clear contaminated land", "disaster relief")
STATE_SUFFIXES = ("ia", "land", "stan", "ova", "aria", "enia")
CURRENCIES = ("USD", "EUR", "JPY", "GBP", "CHF")
CURRENCY_WEIGHTS = (50, 25, 10, 10, 5)
FIRST_YEAR, LAST_YEAR = 1985, 2025
TERM_YEARS = 4


@dataclass
class State:
    iri: str
    label: str
    government: str
    armed_forces: str
    officials: str
    cities: list[tuple[str, str]]
    posts: dict[str, tuple[str, str]]  # role -> (post IRI, post label)


@dataclass
class Body:
    """An international organisation with what the facts refer to."""

    iri: str
    label: str
    council: str
    post: tuple[str, str]
    site: tuple[str, str]


@dataclass
class Holder:
    person: str
    label: str
    tenure: str
    attested: set[str] = field(default_factory=set)


class SyntheticWorld:
    def __init__(self, writer: TripleWriter, target: int, seed: int = 0) -> None:
        self.out = writer
        self.target = target
        self.rng = random.Random(seed)
        self.source, self.passages = shipped_passages()
        self.source = iri(self.source)
        self.labels = UniqueLabels(_shipped_labels())
        self.serial = 0
        self.states: list[State] = []
        self.bodies: list[Body] = []
        self.groups: list[str] = []
        self.areas: list[str] = []
        self.topics: list[str] = []
        self.intervals: list[str] = []
        self.funds: list[str] = []
        self.projects: list[tuple[str, str | None]] = []  # (project, fund it runs through)
        self.programmes: list[str] = []
        self.teams: list[str] = []
        self.afghan_cities: list[tuple[str, str]] = []
        self.holders: dict[tuple[str, int], Holder] = {}
        self.label_of: dict[str, str] = {NATO: "NATO", JAPAN: "Japan", AFGHANISTAN: "Afghanistan",
                                         NORTH_ATLANTIC_COUNCIL: "North Atlantic Council"}
        self.names = {kind: Names(salt) for salt, kind in enumerate(
            ("state", "city", "person", "given", "body", "group", "fund"))}
        self.counters: dict[str, int] = {}

    # -- helpers -----------------------------------------------------------------------------

    def add(self, s: str, p: str, o: str) -> None:
        self.out.add(s, p, o)

    def next_name(self, kind: str) -> str:
        number = self.counters.get(kind, 0)
        self.counters[kind] = number + 1
        return self.names[kind].root(number)

    def mint(self, path: str) -> str:
        """A new resource IRI under njr:, unique by a serial number."""
        self.serial += 1
        return njr(f"{path}-{self.serial}")

    def fact(self, node: str, cls: str, label: str, quote: str) -> str:
        """Type, unique English label and source of a fact node; returns the label used."""
        label = self.labels.claim(label)
        self.add(node, RDF_TYPE, nj(cls))
        self.add(node, RDFS_LABEL, text(label))
        self.add(node, DERIVED_FROM, quote)
        self.label_of[node] = label
        return label

    def quote(self, kind: str) -> str:
        """A new source quote of a shipped passage that suits `kind`, with both selectors."""
        self.serial += 1
        node, n = njr(f"quote/synthetic-{self.serial}"), self.serial
        passage = self.passages[self.rng.choice(STATEMENTS_BY_KIND[kind])]
        self.add(node, RDF_TYPE, nj("SourceQuote"))
        self.add(node, iri(OA + "hasSource"), self.source)
        self.add(node, iri(OA + "hasSelector"), f"_:t{n}")
        self.add(f"_:t{n}", RDF_TYPE, iri(OA + "TextQuoteSelector"))
        self.add(f"_:t{n}", iri(OA + "exact"), text(passage.exact, None))
        self.add(node, iri(OA + "hasSelector"), f"_:p{n}")
        self.add(f"_:p{n}", RDF_TYPE, iri(OA + "TextPositionSelector"))
        self.add(f"_:p{n}", iri(OA + "start"), typed(passage.start, "nonNegativeInteger"))
        self.add(f"_:p{n}", iri(OA + "end"), typed(passage.end, "nonNegativeInteger"))
        return node

    def date(self, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> Date:
        year = self.rng.randint(first, last)
        precision = self.rng.random()
        if precision < 0.15:
            return Date(year)
        if precision < 0.8:
            return Date(year, self.rng.randint(1, 12))
        return Date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def some(self, items: list, low: int, high: int) -> list:
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def other_state(self, than: str) -> State:
        while True:
            state = self.rng.choice(self.states)
            if state.iri != than:
                return state

    # -- the plan ----------------------------------------------------------------------------

    def write(self) -> None:
        t = self.target
        self.write_intervals()
        self.write_concepts("area", AREAS, max(6, t // 5_000), "CooperationArea", AREA_SCHEME)
        self.write_concepts("topic", TOPICS, max(6, t // 5_000), "Topic", TOPIC_SCHEME)
        self.write_groups(max(2, t // 6_000))
        for _ in range(max(4, t // 800)):
            self.write_state()
        for _ in range(max(2, t // 40_000)):
            self.write_body()
        for _ in range(3 + t // 100_000):
            self.write_afghan_city()
        for _ in range(max(3, t // 4_000)):
            self.write_fund()
        for _ in range(max(4, t // 1_500)):
            self.write_project()
        for _ in range(max(2, t // 8_000)):
            self.write_programme()
        for _ in range(max(1, len(self.states) // 6)):
            self.write_team()
        facts: list[Callable[[], None]] = [self.write_visit, self.write_contribution, self.write_dialogue,
                                           self.write_contribution, self.write_visit, self.write_summit,
                                           self.write_contribution, self.write_conference, self.write_address,
                                           self.write_contribution, self.write_deployment, self.write_operation]
        while self.out.count < t:
            self.rng.choice(facts)()

    # -- standing resources ------------------------------------------------------------------

    def write_intervals(self) -> None:
        quote = self.quote("interval")
        for decade in range(1950, 2030, 10):
            if decade == 1990:
                whole = THE_1990S  # shipped, with its early and mid parts; the late part is new
                parts = ("late",)
            else:
                whole = njr(f"time/{decade}s")
                self.add(whole, RDF_TYPE, PROPER_INTERVAL)
                self.add(whole, RDFS_LABEL, text(self.labels.claim(f"the {decade}s")))
                for bound, year in ((HAS_BEGINNING, decade), (HAS_END, decade + 9)):
                    instant = f"_:y{decade}{'b' if bound == HAS_BEGINNING else 'e'}"
                    self.add(whole, bound, instant)
                    self.add(instant, RDF_TYPE, INSTANT)
                    self.add(instant, IN_YEAR, typed(year, "gYear"))
                self.add(whole, DERIVED_FROM, quote)
                parts = ("early", "mid", "late")
                self.intervals.append(whole)
            for part in parts:
                node = njr(f"time/{part}-{decade}s")
                self.add(node, RDF_TYPE, PROPER_INTERVAL)
                self.add(node, RDFS_LABEL, text(self.labels.claim(f"the {part}{'-' if part == 'mid' else ' '}{decade}s")))
                self.add(node, INTERVAL_DURING, whole)
                self.add(node, DERIVED_FROM, quote)
                self.intervals.append(node)

    def write_concepts(self, kind: str, bases: tuple[str, ...], count: int, cls: str, scheme: str) -> None:
        pool = self.areas if kind == "area" else self.topics
        broader: dict[str, str] = {}
        for i in range(count):
            if i % 20 == 0:  # one sentence names a batch of concepts, as s05 and s10 do
                quote = self.quote(kind)
            base = bases[i % len(bases)]
            aspect = i // len(bases)
            label = base if aspect == 0 else f"{base}: {ASPECTS[(aspect - 1) % len(ASPECTS)]}"
            node = self.mint(f"{kind}/{slug(label)}")
            label = self.fact(node, cls, label, quote)
            self.add(node, PREF_LABEL, text(label))
            self.add(node, IN_SCHEME, scheme)
            if aspect == 0:
                broader[base] = node
            else:
                self.add(node, BROADER, broader[base])
            pool.append(node)

    def write_groups(self, count: int) -> None:
        for _ in range(count):
            node = self.mint("synthetic-partner-group")
            self.fact(node, "PartnerGroup", f"{self.next_name('group')} Cooperation Initiative partners",
                      self.quote("group"))
            self.groups.append(node)

    def write_state(self) -> None:
        quote = self.quote("state")
        root = self.next_name("state")
        name = root + STATE_SUFFIXES[len(self.states) % len(STATE_SUFFIXES)]
        node = self.mint(slug(name))
        name = self.fact(node, "State", name, quote)
        government = self.mint(f"government-of-{slug(name)}")
        self.fact(government, "GovernmentBody", f"Government of {name}", quote)
        self.add(government, SUB_ORG, node)
        forces = self.mint(f"armed-forces-of-{slug(name)}")
        self.fact(forces, "ArmedForce", f"Armed Forces of {name}", quote)
        self.add(forces, SUB_ORG, node)
        officials = self.mint(f"officials-of-{slug(name)}")
        self.fact(officials, "PersonGroup", f"officials of {name}", quote)
        self.add(officials, MEMBER_OF, government)
        posts = {}
        for role in ("Prime Minister", "Foreign Minister", "Defence Minister"):
            post = self.mint(f"post/{slug(role)}-of-{slug(name)}")
            posts[role] = (post, self.fact(post, "Post", f"{role} of {name}", quote))
            self.add(post, POST_IN, node)
        cities = []
        for _ in range(2):
            city = self.mint(f"place/{slug(root)}")
            cities.append((city, self.fact(city, "City", self.next_name("city"), quote)))
            self.add(city, CONTAINED_IN, node)
        group = self.groups[len(self.states) % len(self.groups)]
        self.add(group, HAS_MEMBER, node)
        state = State(node, name, government, forces, officials, cities, posts)
        self.states.append(state)
        self.write_partnership(state, NATO, "NATO", group)
        if self.rng.random() < 0.3:
            self.write_partnership(state, JAPAN, "Japan", None)
        if self.rng.random() < 0.5:
            self.write_declaration(state)

    def write_partnership(self, state: State, other: str, other_label: str, group: str | None) -> None:
        quote = self.quote("partnership")
        node = self.mint(f"partnership/{slug(other_label)}-{slug(state.label)}")
        self.fact(node, "Partnership", f"{other_label}-{state.label} partnership", quote)
        self.add(node, nj("partner"), other)
        self.add(node, nj("partner"), state.iri)
        if group is not None:
            self.add(node, nj("partnerGroup"), group)
        self.add(node, nj("longestStanding"), FALSE)
        areas = self.some(self.areas, 2, 4)
        for area in areas[1:]:
            self.add(node, nj("cooperationArea"), area)
        self.add(node, nj("keyFocus"), areas[0])
        if other == NATO:
            programme = self.mint(f"programme/individual-partnership-and-cooperation-programme-of-{slug(state.label)}")
            self.fact(programme, "PartnershipProgramme",
                      f"Individual Partnership and Cooperation Programme of {state.label}", quote)
            self.add(programme, nj("developedBy"), state.iri)
            self.add(programme, nj("drawsOn"), PARTNERSHIP_COOPERATION_MENU)
            self.add(programme, nj("formalises"), node)
            self.add(programme, nj("status"), text(self.rng.choice(("being developed", "agreed", "in force"))))

    def write_declaration(self, state: State) -> None:
        quote = self.quote("declaration")
        when = self.date(1995)
        document = self.mint(f"document/nato-{slug(state.label)}-joint-political-declaration")
        label = self.fact(document, "Declaration",
                          f"NATO-{state.label} joint political declaration ({when.text})", quote)
        for party in (NATO, state.iri):
            self.add(document, nj("signatory"), party)
        self.add(document, nj("date"), when.literal)
        for topic in self.some(self.topics, 1, 3):
            self.add(document, nj("sharedInterest"), topic)
        for area in self.some(self.areas, 1, 3):
            self.add(document, nj("cooperationArea"), area)
        signing = self.mint(f"event/{when.key}-signing")
        self.fact(signing, "Signing", f"signing of the {label}", quote)
        self.add(signing, nj("date"), when.literal)
        for party in (NATO, state.iri):
            self.add(signing, nj("participant"), party)
        self.add(signing, nj("signedDocument"), document)
        self.add(signing, LOCATION, self.rng.choice(state.cities)[0])

    def write_body(self) -> None:
        quote = self.quote("organisation")
        root = self.next_name("body")
        node = self.mint(f"{slug(root)}-security-organisation")
        label = self.fact(node, "InternationalOrganisation", f"{root} Security Cooperation Organisation", quote)
        self.add(node, ALT_LABEL, text(f"{root[0]}SCO"))
        council = self.mint(f"{slug(root)}-council")
        self.fact(council, "GovernmentBody", f"{root} Council", quote)
        self.add(council, SUB_ORG, node)
        post = self.mint(f"post/secretary-general-of-{slug(root)}")
        post_label = self.fact(post, "Post", f"Secretary General of the {label}", quote)
        self.add(post, POST_IN, node)
        city, city_label = self.rng.choice(self.rng.choice(self.states).cities)
        site = self.mint(f"place/{slug(root)}-headquarters")
        site_label = self.fact(site, "Site", f"{root} Headquarters", quote)
        self.add(site, SITE_OF, node)
        self.add(site, CONTAINED_IN, city)
        body = Body(node, label, council, (post, post_label), (site, site_label))
        self.bodies.append(body)
        summit = self.write_summit(body)
        concept = self.mint(f"document/{slug(root)}-strategic-concept")
        self.fact(concept, "StrategicConcept", f"Strategic Concept of the {label}", quote)
        self.add(concept, ATTRIBUTED_TO, node)
        self.add(concept, nj("adoptedAt"), summit)
        policy = self.mint(f"document/{slug(root)}-partnership-policy")
        self.fact(policy, "Policy", f"partnership policy of the {label}", quote)
        self.add(concept, nj("pavedWayFor"), policy)
        for group in self.some(self.groups, 1, 2):
            self.add(policy, nj("openTo"), group)

    def write_afghan_city(self) -> None:
        city = self.mint("place/afghan-city")
        self.afghan_cities.append((city, self.fact(city, "City", self.next_name("city"), self.quote("place"))))
        self.add(city, CONTAINED_IN, AFGHANISTAN)

    def write_fund(self) -> None:
        quote = self.quote("fund")
        root = self.next_name("fund")
        node = self.mint(f"fund/{slug(root)}-trust-fund")
        self.fact(node, "TrustFund", f"{root} Trust Fund", quote)
        self.add(node, ALT_LABEL, text(f"{root[:3].upper()}TF"))
        self.add(node, nj("purpose"), text(self.rng.choice(PURPOSES)))
        self.add(node, nj("beneficiary"), self.rng.choice(self.states).armed_forces)
        self.add(node, nj("ledBy"), NATO if self.rng.random() < 0.5 or not self.bodies else self.rng.choice(self.bodies).iri)
        self.funds.append(node)

    def write_project(self) -> None:
        quote = self.quote("project")
        aim = self.rng.choice(PROJECT_AIMS)
        if self.rng.random() < 0.2:
            where, where_label = AFGHANISTAN, "Afghanistan"
        else:
            state = self.rng.choice(self.states)
            where, where_label = self.rng.choice([(state.iri, state.label), *state.cities])
        node = self.mint(f"project/{slug(aim)}")
        fund = self.rng.choice(self.funds)
        self.fact(node, "Project", f"project for {aim} in {where_label}", quote)
        self.add(node, nj("purpose"), text(aim))
        self.add(node, nj("throughFund"), fund)
        self.add(node, LOCATION, where)
        self.add(node, nj("status"), text(self.rng.choice(("completed", "ongoing", "planned"))))
        if "land" in aim or "ordnance" in aim:
            self.add(node, nj("areaHectares"), typed(self.rng.randint(20, 2_000), "decimal"))
        self.projects.append((node, fund))

    def write_programme(self) -> None:
        quote = self.quote("programme")
        state = self.rng.choice(self.states)
        if len(self.programmes) % 2 == 0:
            node = self.mint(f"programme/{slug(state.label)}-grant-assistance")
            self.fact(node, "GrantProgramme", f"{state.label}'s Grant Assistance for Security Projects", quote)
            self.add(node, ATTRIBUTED_TO, state.iri)
            self.add(node, nj("facilitatedBy"), self.rng.choice(self.bodies).iri if self.bodies else NATO)
            for project, _fund in self.some(self.projects, 1, 3):
                self.add(node, nj("supported"), project)
        else:
            group = self.mint(f"former-combatants-in-{slug(state.label)}")
            self.fact(group, "PersonGroup", f"former combatants in {state.label}", quote)
            node = self.mint(f"programme/{slug(state.label)}-reintegration")
            self.fact(node, "ReintegrationProgramme", f"{state.label} Peace and Reintegration Programme", quote)
            self.add(node, nj("beneficiary"), group)
        for area in self.some(self.areas, 0, 2):
            self.add(node, nj("cooperationArea"), area)
        self.programmes.append(node)

    def write_team(self) -> None:
        quote = self.quote("team")
        state = self.rng.choice(self.states)
        city, city_label = self.rng.choice(self.afghan_cities)
        node = self.mint(f"{slug(state.label)}-prt")
        self.fact(node, "ProvincialReconstructionTeam",
                  f"{state.label} Provincial Reconstruction Team in {city_label}", quote)
        self.add(node, ALT_LABEL, text(f"{state.label} PRT"))
        self.add(node, nj("leadNation"), state.iri)
        self.add(node, LOCATION, city)
        self.add(node, SUB_ORG, PRTS)
        self.teams.append(node)

    # -- people: created when an event first needs the holder of a post ----------------------

    def holder(self, post: tuple[str, str], when: Date, quote: str) -> Holder:
        """The person holding `post` in the term that includes `when`, attested at that date."""
        term = (when.year - FIRST_YEAR) // TERM_YEARS
        found = self.holders.get((post[0], term))
        if found is None:
            name = f"{self.next_name('given')} {self.next_name('person')}"
            person = self.mint(slug(name))
            name = self.fact(person, "Person", name, quote)
            self.add(person, FOAF_NAME, text(name, None))
            tenure = self.mint(f"tenure/{slug(name)}-{slug(post[1])}")
            self.fact(tenure, "PostTenure", f"{name} as {post[1]}", quote)
            self.add(tenure, MEMBER, person)
            self.add(tenure, nj("post"), post[0])
            if (LAST_YEAR - FIRST_YEAR) // TERM_YEARS == term:
                self.add(tenure, nj("current"), TRUE)
            found = self.holders[(post[0], term)] = Holder(person, name, tenure)
        if when.literal not in found.attested:
            found.attested.add(when.literal)
            self.add(found.tenure, nj("attestedOn"), when.literal)
        return found

    # -- dated facts -------------------------------------------------------------------------

    def event(self, cls: str, label: str, when: Date | None, quote: str) -> str:
        node = self.mint(f"event/{when.key if when else 'ongoing'}-{slug(cls)}")
        self.fact(node, cls, label, quote)
        if when is not None:
            self.add(node, nj("date"), when.literal)
        return node

    def write_visit(self) -> None:
        quote = self.quote("visit")
        when = self.date()
        roll = self.rng.random()
        if roll < 0.25 and self.bodies:
            body = self.rng.choice(self.bodies)
            state = self.rng.choice(self.states)
            place, place_label = self.rng.choice(state.cities)
            named = self.rng.random() < 0.7
            visitor = self.holder(body.post, when, quote) if named else None
            who = visitor.label if visitor else f"the {body.post[1]}"
            visit = self.event("Visit", f"visit of {who} to {place_label} ({when.text})", when, quote)
            if visitor:
                self.add(visit, nj("visitor"), visitor.person)
            else:
                self.add(visit, nj("participantPost"), body.post[0])
            host, counterpart = state.iri, self.holder(state.posts["Prime Minister"], when, quote)
        else:
            state = self.rng.choice(self.states)
            visitor = self.holder(state.posts[self.rng.choice(("Foreign Minister", "Defence Minister"))], when, quote)
            if roll < 0.45:
                host, place, place_label, counterpart = JAPAN, TOKYO, "Tokyo", None
            elif roll < 0.6:
                host, place, place_label, counterpart = NATO, NATO_HEADQUARTERS, "NATO Headquarters", None
            else:
                other = self.other_state(state.iri)
                place, place_label = self.rng.choice(other.cities)
                host, counterpart = other.iri, self.holder(other.posts["Foreign Minister"], when, quote)
            visit = self.event("Visit", f"visit of {visitor.label} to {place_label} ({when.text})", when, quote)
            self.add(visit, nj("visitor"), visitor.person)
        self.add(visit, nj("host"), host)
        self.add(visit, LOCATION, place)
        if self.rng.random() < 0.6:
            guest = visitor.label if visitor else f"the {body.post[1]}"
            with_whom = counterpart.label if counterpart else self.label_of[host]
            # the talks are stated by a sentence of their own and by the one on the visit
            talks = self.event("Meeting", f"talks of {guest} with {with_whom} ({when.text})", when,
                               self.quote("meeting"))
            self.add(talks, DERIVED_FROM, quote)
            if visitor:
                self.add(talks, nj("participant"), visitor.person)
            else:
                self.add(talks, nj("participantPost"), body.post[0])
            self.add(talks, nj("participant"), counterpart.person if counterpart else host)
            self.add(talks, nj("partOf"), visit)
            self.add(talks, LOCATION, place)
            for topic in self.some(self.topics, 1, 3):
                self.add(talks, nj("topic"), topic)

    def write_dialogue(self) -> None:
        quote = self.quote("dialogue")
        state = self.rng.choice(self.states)
        partner = self.rng.choice([NATO, JAPAN, *(b.iri for b in self.bodies)])
        topics = self.some(self.topics, 1, 3)
        subject = self.label_of[topics[0]]
        if self.rng.random() < 0.5:
            when = self.date()
            node = self.event("Dialogue", f"{self.label_of[partner]}-{state.label} talks on {subject} ({when.text})",
                              when, quote)
        else:
            node = self.event("Dialogue", f"{self.label_of[partner]}-{state.label} dialogue on {subject}", None, quote)
            self.add(node, nj("startedDuring"), self.rng.choice(self.intervals))
            self.add(node, nj("current"), TRUE)
        self.add(node, nj("participant"), partner)
        self.add(node, nj("participant"), state.iri)
        self.add(node, LOCATION, self.rng.choice(state.cities)[0])
        for topic in topics:
            self.add(node, nj("topic"), topic)

    def write_summit(self, body: Body | None = None) -> str:
        quote = self.quote("summit")
        when = self.date()
        city, city_label = self.rng.choice(self.rng.choice(self.states).cities)
        host, host_label = (body.iri, f" of the {body.label}") if body else (NATO, "")
        node = self.event("Summit", f"{when.year} {city_label} Summit{host_label}", Date(when.year), quote)
        self.add(node, nj("participant"), host)
        self.add(node, LOCATION, city)
        return node

    def write_conference(self) -> None:
        quote = self.quote("conference")
        when = self.date()
        if self.rng.random() < 0.3:
            organiser, city, city_label = JAPAN, TOKYO, "Tokyo"
        else:
            state = self.rng.choice(self.states)
            organiser, (city, city_label) = state.iri, self.rng.choice(state.cities)
        supported = self.other_state(organiser)
        node = self.event("Conference", f"{city_label} Conference on {supported.label} ({when.text})", when, quote)
        self.add(node, nj("organiser"), organiser)
        self.add(node, nj("supported"), supported.iri)
        self.add(node, LOCATION, city)

    def write_address(self) -> None:
        quote = self.quote("address")
        when = self.date()
        state = self.rng.choice(self.states)
        speaker = self.holder(state.posts["Prime Minister"], when, quote)
        addressee = self.rng.choice([NORTH_ATLANTIC_COUNCIL, *(b.council for b in self.bodies)])
        node = self.event("Address", f"address of {speaker.label} to the {self.label_of[addressee]} ({when.text})",
                          when, quote)
        self.add(node, nj("speaker"), speaker.person)
        self.add(node, nj("addressee"), addressee)

    def write_deployment(self) -> None:
        quote = self.quote("deployment")
        when = Date(self.rng.randint(2002, 2014))
        state = self.rng.choice(self.states)
        team = self.rng.choice(self.teams)
        node = self.event("Deployment", f"appointment of officials of {state.label} to the "
                                        f"{self.label_of[team]} ({when.text})", when, quote)
        self.add(node, nj("participant"), state.iri)
        self.add(node, nj("personnel"), state.officials)
        self.add(node, nj("assignedTo"), team)
        self.add(node, nj("purpose"), text("to support the team's programmes"))

    def write_operation(self) -> None:
        quote = self.quote("operation")
        state = self.rng.choice(self.states)
        leader = self.rng.choice([NATO, *(b.iri for b in self.bodies)])
        area = self.rng.choice(self.areas)
        start = self.rng.randint(FIRST_YEAR, LAST_YEAR)
        node = self.mint(f"event/{start}-operation")
        self.fact(node, "Operation", f"{self.label_of[leader]} {self.label_of[area]} operation in {state.label} "
                                     f"from {start}", quote)
        self.add(node, nj("startDate"), typed(start, "gYear"))
        if self.rng.random() < 0.3:
            self.add(node, nj("current"), TRUE)
        else:
            self.add(node, nj("endDate"), typed(self.rng.randint(start, LAST_YEAR), "gYear"))
        self.add(node, nj("participant"), leader)
        self.add(node, nj("participant"), self.other_state(state.iri).iri)
        self.add(node, LOCATION, state.iri)
        self.add(node, nj("topic"), area)

    def write_contribution(self) -> None:
        donor = JAPAN if self.rng.random() < 0.4 else self.rng.choice(self.states).iri
        roll = self.rng.random()
        through = None
        if roll < 0.4:
            recipient = self.rng.choice(self.funds)
        elif roll < 0.6:
            recipient = self.rng.choice(self.programmes)
        elif roll < 0.85:
            recipient, through = self.rng.choice(self.projects)
        else:
            recipient = self.other_state(donor).iri
        kind = self.rng.choices(("MonetaryContribution", "Pledge", "Contribution", "parts"), (60, 15, 10, 15))[0]
        quote = self.quote("pledge" if kind == "Pledge" else "contribution")
        currency = self.rng.choices(CURRENCIES, CURRENCY_WEIGHTS)[0]
        amount = self.rng.randint(1, 999) * 10 ** self.rng.randint(4, 7)
        first = self.rng.randint(FIRST_YEAR, LAST_YEAR - 1)
        last = self.rng.randint(first, min(LAST_YEAR, first + 6))
        to = f"to the {self.label_of[recipient]}"
        if kind == "Contribution":
            label = f"{self.label_of[donor]}'s support {to} from {first}"
        else:
            verb = "pledge" if kind == "Pledge" else "contribution"
            label = f"{self.label_of[donor]}'s {verb} of {currency} {amount:,} {to}, {first}-{last}"
        node = self.mint(f"contribution/{slug(self.label_of[donor])}")
        self.fact(node, "MonetaryContribution" if kind == "parts" else kind, label, quote)
        self.add(node, nj("donor"), donor)
        self.add(node, nj("recipient"), recipient)
        if through:
            self.add(node, nj("throughFund"), through)
        self.add(node, nj("purpose"), text(self.rng.choice(PURPOSES)))
        if kind == "Contribution":
            self.add(node, nj("startDate"), typed(first, "gYear"))
            self.add(node, nj("current"), TRUE)
            return
        self.add(node, nj("amount"), typed(amount, "decimal"))
        self.add(node, nj("currency"), text(currency, None))
        if self.rng.random() < 0.15:
            self.add(node, nj("during"), self.rng.choice(self.intervals))
        else:
            self.add(node, nj("startDate"), typed(first, "gYear"))
            self.add(node, nj("endDate"), typed(last, "gYear"))
        if kind == "MonetaryContribution" and self.rng.random() < 0.1:
            self.add(node, nj("approximate"), TRUE)
        if kind != "parts":
            return
        # Donations that make up the whole: each at most a third of it, so together never more.
        for year in range(first, min(last, first + 2) + 1):
            part = self.mint(f"contribution/{slug(self.label_of[donor])}-donation")
            share = max(1, amount // self.rng.randint(3, 9))
            self.fact(part, "Donation", f"{self.label_of[donor]}'s donation of {currency} {share:,} {to} in {year}",
                      self.quote("donation"))
            self.add(part, DERIVED_FROM, quote)  # and by the sentence on the whole
            self.add(part, nj("donor"), donor)
            self.add(part, nj("recipient"), recipient)
            self.add(part, nj("partOf"), node)
            self.add(part, nj("amount"), typed(share, "decimal"))
            self.add(part, nj("currency"), text(currency, None))
            self.add(part, nj("startDate"), typed(year, "gYear"))
            self.add(part, nj("endDate"), typed(year, "gYear"))


def _shipped_labels() -> set[str]:
    """The labels of the shipped data, which synthetic labels must not repeat."""
    from rdflib import Graph
    from rdflib.namespace import RDFS

    from bench.passages import DATA_DIR

    graph = Graph()
    for path in sorted(DATA_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return {str(label) for label in graph.objects(None, RDFS.label)}
