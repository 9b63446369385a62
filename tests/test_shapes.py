"""The SHACL shapes (ontology/shapes.ttl): each rule can fail, says what to fix, and the data passes.

Every shape named in the shapes file has a folder tests/shapes/<RuleId>/ with valid*.ttl examples,
which must conform, and invalid-*.ttl examples, which must fail on that very shape and on no other.
Each example is validated as the validator does it: the example as the data graph, the ontology as
ont_graph (pyshacl mixes it in), inference "none", SPARQL targets allowed.

The inference guard: a value of the wrong class for a property the ontology gives an rdfs:range must
be caught with and without inference, because under RDFS the range alone would make the value a
member of the class and sh:class would pass. The examples that exercise the guard are found from the
results themselves and validated again under "rdfs" and "owlrl".
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from nj_graph.store.graph import data_files
from nj_graph.core.namespaces import NJ, NJR, NJSH
from nj_graph.core.shipped import SHIPPED

EXAMPLES_DIR = Path(__file__).parent / "shapes"
XSD_DATE, XSD_GYEAR, XSD_GYEARMONTH, XSD_INTEGER, XSD_STRING = (
    URIRef("http://www.w3.org/2001/XMLSchema#" + name) for name in ("date", "gYear", "gYearMonth", "integer", "string"))
GUARD = NJSH.assertedClass

ONTOLOGY = Graph().parse(SHIPPED.ontology_file, format="turtle")
SHAPES = Graph().parse(SHIPPED.shapes_file, format="turtle")


def _rule_shapes() -> list[URIRef]:
    return sorted(s for s in SHAPES.subjects(RDF.type, SH.NodeShape)
                  if isinstance(s, URIRef) and s.startswith(str(NJSH)))


RULES = _rule_shapes()
#: property shape (or the rule itself) -> the rule it belongs to
OWNER: dict = {rule: rule for rule in RULES}
for _rule in RULES:
    for _prop in SHAPES.objects(_rule, SH.property):
        OWNER[_prop] = _rule


def _local(rule: URIRef) -> str:
    return rule[len(str(NJSH)):]


def _examples(prefix: str) -> list[Path]:
    return sorted(EXAMPLES_DIR.glob(f"*/{prefix}*.ttl"))


VALID = _examples("valid")
INVALID = _examples("invalid-")


class Result(NamedTuple):
    rule: str       # local name of the rule the failing shape belongs to
    shape: str      # the failing shape: the rule, or "<rule> <path>" for one of its property shapes
    guarded: bool   # the failing shape carries the inference guard (njsh:assertedClass)
    message: str


class Outcome(NamedTuple):
    conforms: bool
    results: tuple[Result, ...]

    def rules(self) -> set[str]:
        return {r.rule for r in self.results}


def _shape_key(shape) -> str:
    owner = OWNER.get(shape)
    if owner is None:
        return str(shape)
    if shape == owner:
        return _local(owner)
    return f"{_local(owner)} {SHAPES.value(shape, SH.path).n3(SHAPES.namespace_manager)}"


def validate(data: Graph, inference: str = "none", *, ontology: bool = True) -> Outcome:
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=SHAPES, ont_graph=ONTOLOGY if ontology else None, inference=inference,
        advanced=True, do_owl_imports=False)
    results = []
    for result in report.objects(None, SH.result):  # top-level results, not their sh:detail
        shape = report.value(result, SH.sourceShape)
        owner = OWNER.get(shape)
        results.append(Result(rule=_local(owner) if owner else str(shape), shape=_shape_key(shape),
                              guarded=(shape, GUARD, None) in SHAPES,
                              message=str(report.value(result, SH.resultMessage))))
    return Outcome(bool(conforms), tuple(results))


def _validate_file(job: tuple[str, str]) -> tuple[str, str, Outcome]:
    path, inference = job
    return path, inference, validate(Graph().parse(path, format="turtle"), inference)


def _validate_all(jobs: list[tuple[str, str]]) -> dict[tuple[str, str], Outcome]:
    """Validate example files, on every CPU where processes can be forked (the shapes and the
    ontology, parsed at import, are shared with the workers)."""
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            done = list(pool.map(_validate_file, jobs))
    else:
        done = [_validate_file(job) for job in jobs]
    return {(path, inference): outcome for path, inference, outcome in done}


@pytest.fixture(scope="module")
def outcomes() -> dict[Path, Outcome]:
    done = _validate_all([(str(p), "none") for p in [*VALID, *INVALID]])
    return {Path(path): outcome for (path, _inference), outcome in done.items()}


def _describe(outcome: Outcome) -> str:
    return "\n".join(f"  {r.shape}: {r.message}" for r in outcome.results) or "  (no results)"


# ---------------------------------------------------------------------------
# Every rule is wired in: examples, label and messages
# ---------------------------------------------------------------------------

def test_there_are_shapes():
    assert len(RULES) > 50


@pytest.mark.parametrize("rule", RULES, ids=_local)
def test_every_shape_has_a_valid_and_an_invalid_example(rule):
    folder = EXAMPLES_DIR / _local(rule)
    assert sorted(folder.glob("valid*.ttl")), f"add {folder}/valid.ttl"
    assert sorted(folder.glob("invalid-*.ttl")), f"add {folder}/invalid-<what>.ttl"


def test_every_example_folder_names_a_shape():
    names = {_local(rule) for rule in RULES}
    orphans = sorted(p.name for p in EXAMPLES_DIR.iterdir() if p.is_dir() and p.name not in names)
    assert not orphans, f"example folders without a shape in {SHIPPED.shapes_file.name}: {orphans}"


@pytest.mark.parametrize("rule", RULES, ids=_local)
def test_every_shape_has_a_label_and_messages(rule):
    def english(node, prop):
        return [v for v in SHAPES.objects(node, prop) if isinstance(v, Literal) and v.language == "en"]

    assert english(rule, RDFS.label), f"{_local(rule)} needs an rdfs:label@en"
    assert english(rule, SH.message), f"{_local(rule)} needs a sh:message@en"
    for prop in SHAPES.objects(rule, SH.property):
        path = SHAPES.value(prop, SH.path)
        assert english(prop, SH.message), f"{_local(rule)}: the property shape on {path} needs a sh:message@en"
    for constraint in SHAPES.objects(rule, SH.sparql):
        assert english(constraint, SH.message), f"{_local(rule)}: its SPARQL constraint needs a sh:message@en"


def test_severities_are_standard():
    for rule in RULES:
        assert SHAPES.value(rule, SH.severity) in (None, SH.Violation, SH.Warning, SH.Info)


# ---------------------------------------------------------------------------
# The examples
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("example", VALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_valid_example_conforms(example, outcomes):
    outcome = outcomes[example]
    assert outcome.conforms, f"{example.relative_to(EXAMPLES_DIR)} should conform:\n{_describe(outcome)}"


@pytest.mark.parametrize("example", INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_example_fails_on_its_shape(example, outcomes):
    outcome = outcomes[example]
    assert not outcome.conforms
    assert example.parent.name in outcome.rules(), (
        f"{example.relative_to(EXAMPLES_DIR)} should fail on njsh:{example.parent.name}:\n{_describe(outcome)}")


@pytest.mark.parametrize("example", INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_example_fails_on_no_other_shape(example, outcomes):
    """An invalid example shows one mistake, so a reader sees which rule it breaks."""
    others = outcomes[example].rules() - {example.parent.name}
    assert not others, f"{example.relative_to(EXAMPLES_DIR)} also fails on {sorted(others)}"


def test_failures_carry_the_shape_message(outcomes):
    """Results say what to fix: the message of the shape that failed, not a generic one."""
    for example in INVALID:
        for result in outcomes[example].results:
            assert result.message and "{" not in result.message, (example, result)


# ---------------------------------------------------------------------------
# Targets and the inference guard
# ---------------------------------------------------------------------------

def _ontology_classes() -> set[URIRef]:
    from rdflib.namespace import OWL
    return {c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(str(NJ))}


def _superclasses(cls: URIRef) -> set[URIRef]:
    return set(ONTOLOGY.transitive_objects(cls, RDFS.subClassOf))


@pytest.mark.parametrize("rule, exempt", [
    (NJSH.ResourceHasEnglishLabel, {NJ.SourceQuote}),
    (NJSH.FactHasSourceQuote, {NJ.SourceQuote}),
])
def test_rules_for_every_resource_reach_every_class(rule, exempt):
    """These rules list top classes as targets; a class added to the ontology outside them fails here."""
    targets = set(SHAPES.objects(rule, SH.targetClass))
    missed = sorted(c for c in _ontology_classes() - exempt if not _superclasses(c) & targets)
    assert not missed, f"njsh:{_local(rule)} does not target {missed}; add their top class to sh:targetClass"
    assert not targets & exempt


def test_every_class_has_a_shape():
    targeted = set(SHAPES.objects(None, SH.targetClass))
    missing = sorted(c for c in _ontology_classes() if c not in targeted)
    assert not missing, f"classes without a node shape: {missing}"


def _ranges(prop: URIRef) -> set[URIRef]:
    """The classes RDFS inference gives the values of `prop`: its ranges and its superproperties'."""
    return {r for p in ONTOLOGY.transitive_objects(prop, RDFS.subPropertyOf) for r in ONTOLOGY.objects(p, RDFS.range)}


def _property_shapes():
    for rule in RULES:
        for prop in SHAPES.objects(rule, SH.property):
            path = SHAPES.value(prop, SH.path)
            if isinstance(path, URIRef):
                yield rule, prop, path


def test_every_class_check_a_range_could_satisfy_is_guarded():
    """Where the ontology's rdfs:range (or a subclass of it) is the class a shape asks for, an RDFS
    reasoner would make any value a member of it, so sh:class needs the guard beside it."""
    unguarded = []
    for rule, prop, path in _property_shapes():
        wanted = set(SHAPES.objects(prop, SH["class"]))
        for alternative in SHAPES.objects(prop, SH["or"]):
            for member in Collection(SHAPES, alternative):
                wanted.update(SHAPES.objects(member, SH["class"]))
        for cls in wanted:
            if any(cls in _superclasses(r) for r in _ranges(path)) and (prop, GUARD, cls) not in SHAPES:
                unguarded.append(f"{_local(rule)} {path} sh:class {cls}")
    assert not unguarded, "add njsh:assertedClass beside: " + "; ".join(unguarded)


@pytest.fixture(scope="module")
def guard_examples(outcomes) -> list[tuple[Path, set[str]]]:
    """Invalid examples caught by a guarded property shape, with those shapes."""
    found = []
    for example in INVALID:
        shapes = {r.shape for r in outcomes[example].results if r.guarded}
        if shapes:
            found.append((example, shapes))
    return found


def test_every_guard_has_an_example(guard_examples):
    exercised = set().union(*(shapes for _example, shapes in guard_examples))
    guarded = {_shape_key(prop) for _rule, prop, _path in _property_shapes() if (prop, GUARD, None) in SHAPES}
    assert guarded - exercised == set(), "add an invalid example with a value of the wrong class for these"


def _owlrl_sample(guard_examples) -> list[tuple[Path, set[str]]]:
    """One example per guarded class: the OWL RL closure is slow, and OWL RL types a range's values
    by the same rule (prp-rng) as RDFS, which every example is run under."""
    guarded_class = {_shape_key(prop): SHAPES.value(prop, GUARD) for _rule, prop, _path in _property_shapes()}
    sample, seen = [], set()
    for example, shapes in guard_examples:
        classes = {guarded_class[s] for s in shapes}
        if classes - seen:
            sample.append((example, shapes))
            seen |= classes
    return sample


@pytest.fixture(scope="module")
def inferred_outcomes(guard_examples) -> dict[tuple[str, str], Outcome]:
    jobs = [(str(example), "rdfs") for example, _ in guard_examples]
    jobs += [(str(example), "owlrl") for example, _ in _owlrl_sample(guard_examples)]
    return _validate_all(jobs)


@pytest.mark.parametrize("inference", ["rdfs", "owlrl"])
def test_wrong_class_is_caught_under_inference(inference, guard_examples, inferred_outcomes):
    """Regression guard (issue 2): an rdfs:range must not silently satisfy an sh:class."""
    examples = guard_examples if inference == "rdfs" else _owlrl_sample(guard_examples)
    assert len(examples) >= 10
    missed = []
    for example, shapes in examples:
        outcome = inferred_outcomes[(str(example), inference)]
        if not shapes <= {r.shape for r in outcome.results}:
            missed.append(f"{example.relative_to(EXAMPLES_DIR)}: {sorted(shapes)}")
    assert not missed, f"no longer caught under inference={inference!r}:\n" + "\n".join(missed)


@pytest.mark.parametrize("inference", ["none", "rdfs", "owlrl"])
def test_a_post_that_is_a_state_is_caught(inference):
    """The plain case from issue 2: nj:post rdfs:range nj:Post makes njr:japan a post under RDFS."""
    example = EXAMPLES_DIR / "PostTenureShape" / "invalid-post-is-a-state.ttl"
    outcome = validate(Graph().parse(example, format="turtle"), inference)
    assert "PostTenureShape nj:post" in {r.shape for r in outcome.results}


def test_the_guard_is_what_catches_it_under_rdfs():
    """Under RDFS, sh:class on nj:post passes for njr:japan; only the guard reports it."""
    example = EXAMPLES_DIR / "PostTenureShape" / "invalid-post-is-a-state.ttl"
    data = Graph().parse(example, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="rdfs",
                                           advanced=True)
    components = {report.value(r, SH.sourceConstraintComponent) for r in report.objects(None, SH.result)
                  if report.value(r, SH.focusNode) == NJR["tenure/shinzo-abe-prime-minister-1"]}
    assert components == {NJSH.AssertedClassConstraintComponent}
    conforms, report, _ = pyshacl.validate(data, shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="none",
                                           advanced=True)
    components = {report.value(r, SH.sourceConstraintComponent) for r in report.objects(None, SH.result)}
    assert SH.ClassConstraintComponent in components


# ---------------------------------------------------------------------------
# How pyshacl is used
# ---------------------------------------------------------------------------

def test_ont_graph_is_mixed_into_the_data():
    """NoUndeclaredTerms looks terms up in the data graph: it works because pyshacl copies the
    ontology's declarations (rdfs:isDefinedBy included) into it when given ont_graph."""
    example = Graph().parse(EXAMPLES_DIR / "NoUndeclaredTerms" / "valid.ttl", format="turtle")
    assert validate(example).conforms
    without = validate(example, ontology=False)
    assert "NoUndeclaredTerms" in without.rules()


@pytest.mark.parametrize("literal, plausible", [
    (Literal("1949", datatype=XSD_GYEAR), True),
    (Literal("1948", datatype=XSD_GYEAR), False),
    (Literal("2030-12-31", datatype=XSD_DATE), True),
    (Literal("2031-01", datatype=XSD_GYEARMONTH), False),
    (Literal("1999-12", datatype=XSD_GYEARMONTH), True),
    (Literal("2013-04", datatype=XSD_GYEAR), False),
    (Literal("2013Z", datatype=XSD_GYEAR), False),
    (Literal("2013", datatype=XSD_INTEGER), False),
    (Literal("2013-04-01", datatype=XSD_STRING), False),
    (Literal("2013-04-01", lang="en"), False),
])
def test_date_plausibility_boundaries(literal, plausible):
    data = Graph()
    data.add((BNode(), NJ.attestedOn, literal))
    outcome = validate(data)
    assert outcome.conforms is plausible, _describe(outcome)
    if not plausible:
        assert outcome.rules() == {"DateIsPlausible"}


# ---------------------------------------------------------------------------
# The shipped data
# ---------------------------------------------------------------------------

def test_shipped_data_conforms():
    files = data_files()
    assert files, f"no data under {SHIPPED.data_dir}"
    data = Graph()
    for path in files:
        data.parse(path, format="turtle")
    outcome = validate(data)
    assert outcome.conforms, f"the shipped data does not conform:\n{_describe(outcome)}"
