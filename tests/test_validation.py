"""`nj-graph validate` (issue 4): each check has an invalid example that trips it, a correct
contribution passes, only what a contribution brings is reported, and nothing a contribution holds
makes the validator reach outside it.

Invalid examples live in tests/validation/<rule>/invalid-*.<ext>, the folder named after the rule
they must trip (`check-<name>` for the data-quality check ontology/checks/<name>.rq).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from loopback import assert_untouched
from nj_graph.core.library_output import DEBUG_ENV
from nj_graph.core.namespaces import BASE
from nj_graph.validate import validation
from nj_graph.cli import main
from nj_graph.core.shipped import SHIPPED
from nj_graph.core.status import ExitStatus
from nj_graph.store.untrusted import Limits

EXAMPLES = Path(__file__).parent / "validation"
INVALID = sorted(EXAMPLES.glob("*/invalid-*"))
CHECKOUT = Path(__file__).resolve().parents[1]
CONTRIBUTION = CHECKOUT / "examples" / "contribution.ttl"
#: The checks that are code, not files; each must have a folder of invalid examples.
CODE_RULES = ("syntax", "vocabulary", "type", "literal", "schema", "shape", "provenance", "reference", "conflict",
              "consistency")
LINE_FORMATS = (".ttl", ".nt", ".nq", ".trig", ".rdf")


def expected_rule(example: Path) -> str:
    folder = example.parent.name
    return "check/" + folder[len("check-"):] if folder.startswith("check-") else folder


def trips(rule: str, found: str) -> bool:
    return found == rule or found.startswith(rule + "/")


@pytest.fixture(scope="module")
def reports() -> dict[Path, validation.Report]:
    """Every invalid example validated once (each file on its own, as a contributor would)."""
    return {example: validation.validate_files([example]) for example in INVALID}


# --- every check can fail, on its own example ----------------------------------------------------

def test_every_code_check_has_an_invalid_example():
    for rule in CODE_RULES:
        assert list((EXAMPLES / rule).glob("invalid-*")), f"no invalid example for the {rule} check"


def test_every_data_quality_check_has_an_invalid_example():
    for check in sorted(SHIPPED.checks_dir.glob("*.rq")):
        assert list((EXAMPLES / f"check-{check.stem}").glob("invalid-*")), f"no invalid example for {check.name}"


def test_every_check_file_says_problem_and_solution():
    for check in sorted(SHIPPED.checks_dir.glob("*.rq")):
        text = check.read_text(encoding="utf-8")
        assert "# Problem:" in text and "# Solution:" in text, check.name
        assert "SERVICE" not in text.upper(), f"{check.name} must not query remote endpoints"


@pytest.mark.parametrize("example", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_invalid_example_trips_its_check(example, reports):
    report = reports[example]
    rule = expected_rule(example)
    tripped = [f for f in report.findings if trips(rule, f.rule)]
    assert tripped, f"{example.name} did not trip {rule}; found {sorted({f.rule for f in report.findings})}"
    threshold = min(f.severity for f in tripped)
    assert not report.conforms(threshold)
    assert all(finding.message.strip() for finding in tripped), "every finding says what to fix"
    # A finding may also concern a shipped resource (the other of two duplicates); at least one
    # points into the contribution, at the line it came from.
    mine = [finding for finding in tripped if finding.file == str(example)]
    assert mine, f"no {rule} finding points into {example.name}"
    if example.suffix in LINE_FORMATS and rule != "consistency":
        assert all(finding.line is not None for finding in mine), f"{rule} finding without its line"


@pytest.mark.parametrize("example", [p for p in INVALID if p.suffix == ".ttl"], ids=lambda p: p.name)
def test_the_line_given_is_the_line_of_the_offending_statement(example, reports):
    rule = expected_rule(example)
    lines = example.read_text(encoding="utf-8").splitlines()
    for finding in reports[example].findings:
        if trips(rule, finding.rule) and finding.line is not None and rule != "syntax":
            assert 0 < finding.line <= len(lines)
            assert not lines[finding.line - 1].lstrip().startswith(("#", "@prefix")), (rule, finding.line)


def test_a_syntax_error_gives_line_column_and_what_was_expected(reports):
    [finding] = reports[EXAMPLES / "syntax" / "invalid-unterminated-string.ttl"].findings
    assert (finding.rule, finding.line) == ("syntax", 12)
    assert finding.column is not None and finding.message


def test_a_misspelt_term_gets_a_did_you_mean(reports):
    messages = [f.message for f in reports[EXAMPLES / "vocabulary" / "invalid-misspelt-class.ttl"].findings
                if f.rule == "vocabulary"]
    assert any("did you mean nj:Topic?" in m for m in messages), messages


def test_an_untyped_resource_is_told_which_classes_fit_its_properties(reports):
    messages = [f.message for f in reports[EXAMPLES / "type" / "invalid-no-type.ttl"].findings if f.rule == "type"]
    assert any("has no rdf:type" in m and "did you mean nj:Visit?" in m for m in messages), messages


def test_nodes_typed_only_with_a_reused_class_are_facts_like_any_other(reports):
    unsourced = reports[EXAMPLES / "provenance" / "invalid-interval-without-source.ttl"].findings
    assert any(f.rule == "provenance" and "(time:ProperInterval) has no source quote" in f.message for f in unsourced)
    wrong = reports[EXAMPLES / "provenance" / "invalid-scheme-sourced-by-a-state.ttl"].findings
    assert [str(f.value) for f in wrong if f.rule == "provenance"] == ["https://w3id.org/nj-graph/id/japan"]


def test_a_misspelt_term_of_a_reused_vocabulary_gets_a_did_you_mean_and_the_list_s_source(reports):
    found = [f for example in ("invalid-misspelt-reused-class.ttl", "invalid-misspelt-reused-properties.ttl")
             for f in reports[EXAMPLES / "vocabulary" / example].findings if f.rule == "vocabulary"]
    messages = " | ".join(f.message for f in found)
    for wrong, right in (("time:ProperIntervall", "time:ProperInterval"), ("dcterms:descripton", "dcterms:description"),
                         ("schema:locaton", "schema:location")):
        assert f"{wrong} is not a term of" in messages and f"did you mean {right}?" in messages, messages
    assert "w3c/sdw@" in messages  # the term list's source, as its header names it


def test_wrong_offsets_are_told_where_the_text_really_is(reports):
    messages = [f.message for f in reports[EXAMPLES / "provenance" / "invalid-wrong-offsets.ttl"].findings]
    assert any("oa:start 1487, oa:end 1549" in m for m in messages), messages


# --- a correct contribution passes; only what it brings is reported ------------------------------

def test_the_shipped_graph_conforms():
    report = validation.validate_files([])
    assert report.findings == [], [(f.rule, f.focus, f.message) for f in report.findings]


def test_the_example_contribution_validates():
    report = validation.validate_files([CONTRIBUTION])
    assert report.findings == [], [(f.rule, f.focus, f.message) for f in report.findings]
    assert main(["validate", str(CONTRIBUTION)]) == ExitStatus.OK


def test_resubmitting_shipped_facts_brings_no_findings(tmp_path):
    copy = tmp_path / "events.ttl"
    shutil.copy(SHIPPED.data_dir / "events.ttl", copy)
    assert validation.validate_files([copy]).findings == []


def test_a_shipped_data_file_is_judged_against_the_rest_not_against_itself():
    # The pre-commit hook validates files already placed in data/: each is new to the rest.
    report = validation.validate_files([SHIPPED.data_dir / "events.ttl"])
    assert report.findings == [], [(f.rule, f.focus) for f in report.findings]


def test_all_shipped_data_files_at_once_from_the_checkout(capsys, monkeypatch):
    # `nj-graph validate data/*.ttl`, as typed in the checkout: the source document data/source.ttl
    # describes is shipped, though its description is among the files being validated.
    monkeypatch.chdir(SHIPPED.root)
    files = sorted(str(path.relative_to(SHIPPED.root)) for path in SHIPPED.data_files())
    assert main(["validate", *files]) == ExitStatus.OK
    out = capsys.readouterr().out
    assert "not a source shipped" not in out
    assert out.rstrip().endswith("0 violation(s), 0 warning(s), 0 info; conforms (failing on violation)")


def test_several_files_are_judged_together(tmp_path):
    # One file describes a topic; the other refers to it: together they are complete.
    text = CONTRIBUTION.read_text(encoding="utf-8")
    head = "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix"))
    reference = tmp_path / "link.ttl"
    reference.write_text(head + "njr:nato-allies nj:topic njr:topic\\/key-alliance-values .\n", encoding="utf-8")
    alone = validation.validate_files([reference])
    assert any(f.rule == "reference" for f in alone.findings)
    together = validation.validate_files([reference, CONTRIBUTION])
    assert together.findings == [], [(f.rule, f.message) for f in together.findings]


# --- severities, --fail-on and exit codes --------------------------------------------------------

def test_a_warning_fails_only_with_fail_on_warning(capsys):
    example = str(EXAMPLES / "check-unused-quote-warning" / "invalid-orphan-quote.ttl")
    assert main(["validate", example]) == ExitStatus.OK
    assert main(["validate", "--fail-on", "warning", example]) == ExitStatus.NOT_CONFORMING
    assert "warning [check/unused-quote-warning]" in capsys.readouterr().out


def test_exit_codes(capsys):
    assert main(["validate", str(EXAMPLES / "reference" / "invalid-undescribed-resource.ttl")]) \
        == ExitStatus.NOT_CONFORMING
    assert main(["validate", str(EXAMPLES / "syntax" / "invalid-unterminated-string.ttl")]) == ExitStatus.BAD_INPUT
    assert main(["validate", "no/such/file.ttl"]) == ExitStatus.BAD_INPUT
    out = capsys.readouterr().out
    assert "[input] no/such/file.ttl: no such file" in out


def test_unknown_severity_and_format_are_usage_errors(capsys):
    assert main(["validate", "--fail-on", "fatal", str(CONTRIBUTION)]) == ExitStatus.BAD_INPUT
    assert main(["validate", "--format", "csv", str(CONTRIBUTION)]) == ExitStatus.BAD_INPUT
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_an_ill_typed_literal_names_its_datatype_and_lexical_form(reports):
    messages = [f.message for f in reports[EXAMPLES / "literal" / "invalid-ill-typed-literals.ttl"].findings
                if f.rule == "literal"]
    assert any(m.startswith('"-2466.0" is not an xsd:nonNegativeInteger') for m in messages), messages
    assert any(m.startswith('"sometime that spring" is not an xsd:date') for m in messages), messages
    # as written: rdflib would have read "yes"^^xsd:boolean as "false"
    assert '"yes" is not an xsd:boolean: write true or false' in messages, messages


def test_no_library_log_or_traceback_reaches_the_terminal():
    # rdflib logs a traceback for every ill-typed literal it builds, in the command's process and in
    # the workers it starts; the user sees the report and nothing else.
    example = EXAMPLES / "literal" / "invalid-ill-typed-literals.ttl"
    environment = {key: value for key, value in os.environ.items() if key != DEBUG_ENV}
    done = subprocess.run([sys.executable, "-m", "nj_graph", "validate", str(example)], capture_output=True,
                          text=True, cwd=SHIPPED.root, env=environment, timeout=600)
    assert done.returncode == ExitStatus.NOT_CONFORMING, done.stdout
    assert "xsd:nonNegativeInteger" in done.stdout
    assert done.stderr == ""


# --- the report -----------------------------------------------------------------------------------

def test_the_text_report_groups_by_resource_with_labels_triples_and_lines(capsys):
    example = EXAMPLES / "shape" / "invalid-amount-as-text.ttl"
    main(["validate", str(example)])
    out = capsys.readouterr().out
    assert '<https://w3id.org/nj-graph/id/contribution/example-pledge>  "an example pledge"' in out
    assert f"{example}:15:" in out
    assert '<https://w3id.org/nj-graph/id/contribution/example-pledge> nj:amount "US$5 billion" .' in out
    assert out.rstrip().endswith("does not conform (failing on violation)")


def test_the_json_report(capsys):
    example = EXAMPLES / "reference" / "invalid-undescribed-resource.ttl"
    main(["validate", "--output", "json", str(example)])
    document = json.loads(capsys.readouterr().out)
    assert document["conforms"] is False and document["counts"]["violation"] >= 1
    [finding] = [f for f in document["findings"] if f["rule"] == "reference"]
    assert finding["value"] == "<https://w3id.org/nj-graph/id/topic/alliance-values>"
    assert (finding["file"], finding["line"]) == (str(example), 11)


def test_the_turtle_report_is_a_shacl_validation_report(capsys):
    main(["validate", "--output", "turtle", str(EXAMPLES / "shape" / "invalid-amount-as-text.ttl")])
    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    [root] = report.subjects(SH.conforms, None)
    assert not report.value(root, SH.conforms).toPython()
    shapes = set(report.objects(None, SH.sourceShape))
    assert URIRef("https://w3id.org/nj-graph/shapes#AmountHasCurrency") in shapes


# --- nothing a contribution holds makes the validator reach outside it ---------------------------

PREFIXES = """@prefix nj: <https://w3id.org/nj-graph/ns#> .
@prefix njr: <https://w3id.org/nj-graph/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""


def test_owl_imports_are_not_followed(tmp_path, listener, capsys):
    contribution = tmp_path / "imports.ttl"
    contribution.write_text(PREFIXES + f"<https://w3id.org/nj-graph/id/x> a owl:Ontology ; "
                            f"owl:imports <{listener.url('/ontology.ttl')}> .\n", encoding="utf-8")
    main(["validate", str(contribution)])
    assert_untouched(listener)


def test_a_remote_json_ld_context_is_refused_not_fetched(tmp_path, listener, capsys):
    contribution = tmp_path / "remote.jsonld"
    contribution.write_text(json.dumps({"@context": listener.url("/context.jsonld"), "@id": "njr:x"}),
                            encoding="utf-8")
    assert main(["validate", str(contribution)]) == ExitStatus.BAD_INPUT
    assert_untouched(listener)


def test_a_file_json_ld_context_is_refused_not_read(tmp_path, listener, capsys):
    secret = tmp_path / "context.jsonld"
    secret.write_text('{"@context": {"name": "http://schema.org/name"}}', encoding="utf-8")
    contribution = tmp_path / "local.jsonld"
    contribution.write_text(json.dumps({"@context": secret.as_uri(), "@id": "njr:x"}), encoding="utf-8")
    assert main(["validate", str(contribution)]) == ExitStatus.BAD_INPUT
    assert "never fetched" in capsys.readouterr().out
    assert_untouched(listener)


@pytest.mark.parametrize("system", ["LISTENER", "file:///etc/passwd"])
def test_xml_external_entities_are_refused(tmp_path, listener, capsys, system):
    system = listener.url("/entity") if system == "LISTENER" else system
    contribution = tmp_path / "entity.rdf"
    contribution.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY e SYSTEM "{system}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/nj-graph/id/x"><rdfs:label>&e;</rdfs:label></rdf:Description>
</rdf:RDF>
""", encoding="utf-8")
    assert main(["validate", str(contribution)]) == ExitStatus.BAD_INPUT
    assert "root:" not in capsys.readouterr().out
    assert_untouched(listener)


def test_a_local_copy_named_by_a_contribution_is_never_read(tmp_path, capsys):
    # A contribution may describe a source document whose "local copy" is any file at all;
    # the validator only ever reads the source copies shipped under data/sources/.
    contribution = tmp_path / "source.ttl"
    contribution.write_text(PREFIXES + """
njr:source\\/elsewhere a nj:SourceDocument ; rdfs:label "elsewhere"@en ; nj:localCopy "/etc/passwd" .
njr:quote\\/elsewhere a nj:SourceQuote ; oa:hasSource njr:source\\/elsewhere ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "root:x:0:0" ] .
""", encoding="utf-8")
    report = validation.validate_files([contribution])
    assert any(f.rule == "provenance" and "not a source shipped with the project" in f.message
               for f in report.findings)
    assert "root:x:0:0:" not in json.dumps([f.message for f in report.findings])


def test_ontology_statements_say_where_ontology_changes_go(reports):
    for example in (EXAMPLES / "schema").glob("invalid-*"):
        messages = [f.message for f in reports[example].findings if f.rule == "schema"]
        assert messages and all("ontology/nj.ttl through a pull request" in m for m in messages), messages
    imports = reports[EXAMPLES / "schema" / "invalid-ontology-with-imports.ttl"].findings
    assert any("owl:imports <https://example.org/my-ontology.ttl> is never followed" in f.message for f in imports)


# --- bounded work --------------------------------------------------------------------------------

def test_a_long_subclass_chain_is_refused_before_any_reasoning(tmp_path, monkeypatch):
    # A chain of rdfs:subClassOf has a closure quadratic in its length: a cheap way to stall the
    # reasoner. Schema statements are taken out first, so neither the reasoner nor the shapes see it.
    links = 5000
    contribution = tmp_path / "chain.nt"
    contribution.write_text("".join(f"<{BASE}id/class/{i}> <{RDFS.subClassOf}> <{BASE}id/class/{i + 1}> .\n"
                                    for i in range(links)), encoding="utf-8")
    validation._shipped_findings(frozenset({contribution.resolve()}))  # the shipped graph's own, reasoned before
    reasoned, shaped = [], []
    monkeypatch.setattr(validation, "inconsistencies", lambda graph, **_: reasoned.append(graph) or [])
    real_shacl = validation._shacl
    monkeypatch.setattr(validation, "_shacl", lambda data: shaped.append(data) or real_shacl(data))
    report = validation.validate_files([contribution])
    assert reasoned == []
    first_link = (URIRef(f"{BASE}id/class/0"), RDFS.subClassOf, None)
    assert shaped and not any(first_link in graph for graph in shaped)
    schema = [f for f in report.findings if f.rule == "schema"]
    assert len(schema) == links and not report.conforms()
    assert {f.rule for f in report.findings} == {"schema"}


def test_data_alone_is_still_reasoned_with(monkeypatch):
    example = EXAMPLES / "consistency" / "invalid-person-and-organisation.ttl"
    validation._shipped_findings(frozenset({example.resolve()}))
    reasoned = []
    monkeypatch.setattr(validation, "inconsistencies", lambda graph, **_: reasoned.append(graph) or [])
    validation.validate_files([example])
    assert len(reasoned) == 1

def test_an_entity_bomb_is_refused_quickly(capsys):
    bomb = CHECKOUT / "tests" / "untrusted" / "billion-laughs.rdf"
    assert main(["validate", "--deadline", "30", str(bomb)]) == ExitStatus.BAD_INPUT
    assert "DOCTYPE" in capsys.readouterr().out


def test_a_multi_megabyte_literal_is_refused(tmp_path, capsys):
    contribution = tmp_path / "big.ttl"
    contribution.write_text(PREFIXES + 'njr:x rdfs:label "' + "x" * (3 << 20) + '"@en .\n', encoding="utf-8")
    assert main(["validate", str(contribution)]) == ExitStatus.BAD_INPUT
    assert f"{contribution}:7:" in capsys.readouterr().out


def test_deep_nesting_is_refused(tmp_path, capsys):
    contribution = tmp_path / "deep.ttl"
    contribution.write_text(PREFIXES + "njr:x rdfs:seeAlso " + "(" * 5000 + ")" * 5000 + " .\n", encoding="utf-8")
    assert main(["validate", str(contribution)]) == ExitStatus.BAD_INPUT
    assert "deeper than" in capsys.readouterr().out


def test_validation_over_its_deadline_is_stopped(tmp_path):
    # Parsing is guarded by the door; the checks that follow are held to the same deadline.
    with pytest.raises(validation.UntrustedInputError, match="did not finish within the deadline"):
        validation.validate_guarded([CONTRIBUTION], limits=Limits(deadline_seconds=0.5))
