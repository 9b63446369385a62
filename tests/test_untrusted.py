"""The guarded door for untrusted RDF files (issue 4, "Untrusted input").

Each protection has a test here: nothing reaches the network or another file (proved with a
loopback listener that must see no connection), work is bounded (entity bombs, huge literals,
deep nesting, deadlines, memory), syntax errors carry file, line and column, and the door only
ever returns a graph or raises `UntrustedInputError`.
"""

from __future__ import annotations

import codecs
import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib import namespace as ns

from loopback import Listener, assert_untouched
from nj_graph.store import _parse_worker as worker
from nj_graph.store import untrusted
from nj_graph.core.errors import UntrustedInputError
from nj_graph.store.untrusted import (CONTRIBUTION_BASE, FORMATS, Limits, parse_untrusted, parse_untrusted_with_lines,
                                resolve_format)

HERE = Path(__file__).parent / "untrusted"
EX = "http://example.org/"
RDF_XML_HEAD = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:owl="http://www.w3.org/2002/07/owl#" xmlns:ex="http://example.org/">')
#: Slack for "finished before the deadline" bounds: generous, so that a loaded machine cannot fail them.
SLACK = 15.0


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def refusal(path: Path, **options) -> UntrustedInputError:
    """The error the door raises for `path` (the test fails if it returns a graph instead)."""
    with pytest.raises(UntrustedInputError) as caught:
        parse_untrusted(path, **options)
    return caught.value


# --------------------------------------------------------------------------------------------
# 1. No network, no other files
# --------------------------------------------------------------------------------------------

def test_owl_imports_in_turtle_is_never_followed(tmp_path, listener):
    path = write(tmp_path, "imports.ttl", f"""\
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <http://example.org/onto> a owl:Ontology ; owl:imports <{listener.url("/onto.ttl")}> .
        """)
    graph = parse_untrusted(path)
    assert (URIRef(EX + "onto"), ns.OWL.imports, URIRef(listener.url("/onto.ttl"))) in graph
    assert_untouched(listener)


def test_owl_imports_in_rdf_xml_is_never_followed(tmp_path, listener):
    path = write(tmp_path, "imports.rdf", f"""<?xml version="1.0"?>
{RDF_XML_HEAD}
  <owl:Ontology rdf:about="http://example.org/onto">
    <owl:imports rdf:resource="{listener.url("/onto.rdf")}"/>
  </owl:Ontology>
</rdf:RDF>
""")
    graph = parse_untrusted(path)
    assert (URIRef(EX + "onto"), ns.OWL.imports, URIRef(listener.url("/onto.rdf"))) in graph
    assert_untouched(listener)


def test_remote_json_ld_context_is_refused_not_fetched(tmp_path, listener):
    path = write(tmp_path, "remote.jsonld", f'{{\n  "@context": "{listener.url("/ctx")}",\n'
                                            f'  "@id": "http://example.org/a",\n  "name": "A"\n}}\n')
    error = refusal(path)
    assert "@context" in error.message and "inline" in error.message
    assert (error.file, error.line) == (str(path), 2)
    assert_untouched(listener)


@pytest.mark.parametrize("where", ["top", "list", "scoped", "import"])
def test_file_json_ld_context_is_refused_not_read(tmp_path, listener, where):
    context_file = write(tmp_path, "context.jsonld", '{"@context": {"name": "http://schema.org/name"}}')
    reference = context_file.as_uri()
    contexts = {
        "top": f'"{reference}"',
        "list": f'["{reference}", {{"ex": "{EX}"}}]',
        "scoped": f'{{"ex": "{EX}", "ex:p": {{"@id": "ex:p", "@context": "{reference}"}}}}',
        "import": f'{{"@import": "{listener.url("/imported")}", "ex": "{EX}"}}',
    }
    path = write(tmp_path, "local.jsonld", f'{{"@context": {contexts[where]}, "@id": "{EX}a", "name": "A"}}')
    error = refusal(path)
    assert "never fetched" in error.message and "inline" in error.message
    assert_untouched(listener)


def _entity_documents(listener: Listener) -> dict[str, str]:
    body = '<rdf:Description rdf:about="http://example.org/a"><ex:p>&ext;</ex:p></rdf:Description></rdf:RDF>\n'
    return {
        "http-entity": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "{listener.url("/e")}"> ]>\n'
                       f"{RDF_XML_HEAD}{body}",
        "file-entity": '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "file:///etc/passwd"> ]>\n'
                       f"{RDF_XML_HEAD}{body}",
        "parameter-entity": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY % p SYSTEM "{listener.url("/p")}"> '
                            f"%p; ]>\n{RDF_XML_HEAD}{body}",
        "external-dtd": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{listener.url("/dtd")}">\n'
                        f"{RDF_XML_HEAD}</rdf:RDF>\n",
    }


@pytest.mark.parametrize("kind", ["http-entity", "file-entity", "parameter-entity", "external-dtd"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "iso-8859-1"])
def test_xml_external_entities_and_dtds_are_refused(tmp_path, listener, kind, encoding):
    text = _entity_documents(listener)[kind]
    if encoding != "utf-8":
        text = text.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>')
    data = text.encode(encoding)  # Python's utf-16 codec writes a byte order mark
    error = refusal(write(tmp_path, "entity.rdf", data))
    assert "DOCTYPE" in error.message and error.line == 2
    assert "root:" not in error.message
    assert_untouched(listener)


def test_relative_iris_resolve_against_a_fixed_base_not_the_real_path(tmp_path):
    documents = {
        "relative.ttl": "<x> <http://example.org/p> <y> .\n",
        "relative.jsonld": '{"@id": "x", "http://example.org/p": {"@id": "y"}}',
        "relative.rdf": f'<?xml version="1.0"?>\n{RDF_XML_HEAD}<rdf:Description rdf:about="x">'
                        '<ex:p rdf:resource="y"/></rdf:Description></rdf:RDF>\n',
    }
    for name, content in documents.items():
        graph = parse_untrusted(write(tmp_path, name, content))
        assert set(graph) == {(URIRef(CONTRIBUTION_BASE + "x"), URIRef(EX + "p"), URIRef(CONTRIBUTION_BASE + "y"))}
        assert not any(str(tmp_path) in str(term) for triple in graph for term in triple)


def run_hardened(code: str, tmp_path: Path) -> str:
    """Run `code` in a process hardened exactly as the parser process is; return what it prints."""
    script = textwrap.dedent("""\
        import sys
        sys.path.insert(0, {folder!r})
        import _parse_worker as worker
        worker._preload()
        worker.harden(worker._Limits(dict(max_file_bytes=1000, max_literal_chars=1000, max_depth=8,
                                          max_triples=10, deadline_seconds=10, max_memory_bytes=1 << 30)))
        try:
        {code}
            print("ALLOWED")
        except Exception as error:
            print("REFUSED", type(error).__name__, error)
        print("RECORDED", worker.REFUSED)
        """).format(folder=str(Path(untrusted.__file__).parent), code=textwrap.indent(code, "    "))
    result = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)
    return result.stdout + result.stderr


@pytest.mark.parametrize("name, code", [
    ("url", "import urllib.request; urllib.request.urlopen({url!r}, timeout=5).read()"),
    ("socket", "import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5)"),
    ("raw socket", "import socket; socket.socket().connect(('127.0.0.1', {port}))"),
    ("json-ld context", "from rdflib import Graph\n"
                        "Graph().parse(data='{{\"@context\": \"{url}\", \"@id\": \"http://e/a\"}}', format='json-ld')"),
    ("xml entity", "import io, xml.sax, xml.sax.handler\n"
                   "reader = xml.sax.make_parser()\n"
                   "reader.setFeature(xml.sax.handler.feature_external_ges, True)  # a reader that would fetch\n"
                   "reader.setContentHandler(xml.sax.handler.ContentHandler())\n"
                   "reader.parse(io.BytesIO(b'<!DOCTYPE r [<!ENTITY e SYSTEM \"{url}\">]><r>&e;</r>'))"),
    ("read a file", "open('/etc/hostname').read()"),
    ("read a file by os.open", "import os; os.open('/etc/hostname', os.O_RDONLY)"),
    ("write a file", "open('written.txt', 'w').write('x')"),
    ("run a program", "import subprocess; subprocess.run(['true'])"),
])
def test_the_parser_process_itself_can_reach_nothing(tmp_path, listener, name, code):
    """Behind the pre-checks, the process is cut off: even rdflib used directly reaches nothing."""
    output = run_hardened(code.format(url=listener.url("/" + name.replace(" ", "-")), port=listener.port), tmp_path)
    assert "ALLOWED" not in output, output
    assert "REFUSED" in output and "RECORDED []" not in output, output
    assert not (tmp_path / "written.txt").exists()
    assert_untouched(listener)


# --------------------------------------------------------------------------------------------
# 2. Bounded work
# --------------------------------------------------------------------------------------------

def test_billion_laughs_is_refused_at_once():
    bomb = HERE / "billion-laughs.rdf"
    assert bomb.stat().st_size < 2000
    started = time.monotonic()
    error = refusal(bomb)
    elapsed = time.monotonic() - started
    assert "DOCTYPE" in error.message and error.line == 3
    assert elapsed < 10, f"took {elapsed:.1f} s"


def test_multi_megabyte_literal_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, "big.ttl", '@prefix ex: <http://example.org/> .\n\nex:a ex:b "' + "x" * 3_000_000 + '" .\n')
    error = refusal(path)
    assert "3,000,000 characters" in error.message and "limit" in error.message
    assert (error.line, error.column) == (3, 11)


@pytest.mark.parametrize("name, content, line", [
    ("long.nt", '<http://e/a> <http://e/b> "ok" .\n<http://e/a> <http://e/b> "' + "x" * 2000 + '" .\n', 2),
    ("long.ttl", '@prefix ex: <http://e/> .\nex:a ex:b """' + "x\n" * 1000 + '""" .\n', 2),
    ("long.jsonld", '{\n "@id": "http://e/a",\n "http://e/b": "' + "x" * 2000 + '"\n}\n', 3),
    ("long.rdf", f'<?xml version="1.0"?>\n{RDF_XML_HEAD}<rdf:Description rdf:about="http://e/a">\n'
                 f'<ex:b>{"x" * 2000}</ex:b></rdf:Description></rdf:RDF>\n', 3),
    ("attribute.rdf", f'<?xml version="1.0"?>\n{RDF_XML_HEAD}\n<rdf:Description rdf:about="http://e/a" '
                      f'ex:b="{"x" * 2000}"/></rdf:RDF>\n', 3),
    ("xml-literal.rdf", f'<?xml version="1.0"?>\n{RDF_XML_HEAD}<rdf:Description rdf:about="http://e/a">\n'
                        f'<ex:b rdf:parseType="Literal">{"<i>xxxxxxxxxx</i>" * 100}</ex:b>\n'
                        "</rdf:Description></rdf:RDF>\n", 3),
])
def test_literals_over_the_limit_are_refused_in_every_format(tmp_path, name, content, line):
    error = refusal(write(tmp_path, name, content), limits=Limits(max_literal_chars=1000))
    assert "longer than the limit of 1,000" in error.message
    assert error.line == line


@pytest.mark.parametrize("name, content", [
    ("parentheses.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b " + "(" * 5000 + ")" * 5000 + " .\n"),
    ("brackets.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b " + "[ ex:p " * 5000 + "]" * 5000 + " .\n"),
    ("brackets.trig", "@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b " + "[ ex:p " * 5000 + "]" * 5000
                      + " . }\n"),
    ("arrays.jsonld", '{"@id": "http://e/a",\n "http://e/b": ' + "[" * 5000 + "]" * 5000 + "}"),
    ("objects.jsonld", '{"@id": "http://e/a",\n ' + '"http://e/b": {' * 5000 + "}" * 5000 + "}"),
    ("elements.rdf", f"{RDF_XML_HEAD}\n" + "<rdf:Description><ex:p>" * 2500
                     + "</ex:p></rdf:Description>" * 2500 + "</rdf:RDF>"),
])
def test_deep_nesting_is_refused_quickly_with_its_position(tmp_path, name, content):
    started = time.monotonic()
    error = refusal(write(tmp_path, name, content))
    elapsed = time.monotonic() - started
    assert "deeper than 64 levels" in error.message
    assert error.line == 2 and error.column is not None
    assert elapsed < 10, f"took {elapsed:.1f} s"


def test_nesting_within_the_limit_parses(tmp_path):
    """The limit is one the parser can reach: no RecursionError below it, even when raised."""
    nested = "@prefix ex: <http://example.org/> .\nex:a ex:b " + "[ ex:p " * 150 + "ex:z" + " ]" * 150 + " .\n"
    graph = parse_untrusted(write(tmp_path, "nested.ttl", nested), limits=Limits(max_depth=160))
    assert len(graph) == 151
    collection = "@prefix ex: <http://example.org/> .\nex:a ex:b " + "( " * 60 + ")" * 60 + " .\n"
    assert len(parse_untrusted(write(tmp_path, "collection.ttl", collection))) > 0


@pytest.mark.parametrize("name, content, line, column", [
    ("space.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b <http://example.org/a b> .\n", 2, 32),
    ("space.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a b> <http://e/b> <http://e/c> .\n", 2, 12),
    ("space.trig", "@prefix ex: <http://example.org/> .\nex:g {\n ex:a ex:b <http://e/x y> . }\n", 3, 23),
    ("datatype.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b "1"^^<http://e/my type> .\n', 2, 28),
    ("escaped.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b <http://e/a\\u0020b> .\n", 2, None),
    ("space.jsonld", '{\n  "@id": "http://e/a b",\n  "http://e/p": "v"\n}\n', 2, 10),
    ("space.rdf", f'<?xml version="1.0"?>\n{RDF_XML_HEAD}\n<rdf:Description rdf:about="http://e/a b">\n'
                  '<ex:p>v</ex:p></rdf:Description></rdf:RDF>\n', 4, None),
])
def test_iris_with_spaces_are_syntax_errors_with_their_position(tmp_path, name, content, line, column):
    error = refusal(write(tmp_path, name, content))
    assert "cannot contain a space" in error.message
    assert (error.line, error.column) == (line, column)


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    path = write(tmp_path, "large.ttl", "# padding\n" * 300)
    monkeypatch.setattr(untrusted, "_run_worker", lambda *args: pytest.fail("the parser was started"))
    error = refusal(path, limits=Limits(max_file_bytes=1000))
    assert "over the limit of 1,000 bytes" in error.message and "not parsed" in error.message


def test_a_parse_over_the_deadline_is_stopped(tmp_path):
    lines = "".join(f'<http://example.org/s{i}> <http://example.org/p> "value {i}" .\n' for i in range(100_000))
    path = write(tmp_path, "slow.nt", lines)  # rdflib needs several seconds for this
    # Earlier tests may leave long-lived helpers (multiprocessing's resource tracker): only new
    # children count.
    before = set(_children_of_this_process())
    started = time.monotonic()
    error = refusal(path, limits=Limits(deadline_seconds=0.5))
    elapsed = time.monotonic() - started
    assert "deadline of 0.5 s" in error.message and "stopped" in error.message
    assert elapsed < 0.5 + SLACK
    assert set(_children_of_this_process()) - before == set()


def _children_of_this_process() -> list[int]:
    """Live child processes (Linux /proc); an empty list where that cannot be known."""
    children = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            children.append(int(entry.name))
    return children


def test_a_parse_over_the_memory_limit_is_stopped(tmp_path):
    lines = "".join(f'<http://example.org/s{i}> <http://example.org/p> "v{i}" .\n' for i in range(100_000))
    error = refusal(write(tmp_path, "heavy.nt", lines), limits=Limits(max_memory_bytes=64 << 20))
    assert "memory" in error.message and "64 MB" in error.message


def test_too_many_triples_are_refused_with_the_line(tmp_path):
    lines = "".join(f"<http://example.org/s{i}> <http://example.org/p> <http://example.org/o> .\n" for i in range(20))
    error = refusal(write(tmp_path, "many.nt", lines), limits=Limits(max_triples=10))
    assert "more than 10 triples" in error.message and error.line == 11


# --------------------------------------------------------------------------------------------
# 3. Syntax errors: one line, with file, line, column and what was expected
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, line, column, words", [
    ("missing-object.ttl", "@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:d ex:e .\n", 3, 11,
     "objectList expected; found '.'"),
    ("missing-dot.ttl", "@prefix ex: <http://e/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n", 3, 1,
     "expected '.' or '}' or ']' at end of statement"),
    ("unbound.ttl", "@prefix ex: <http://e/> .\n\nxx:a ex:b ex:c .\n", 3, 1, 'Prefix "xx:" not bound'),
    ("open-string.ttl", '@prefix ex: <http://e/> .\nex:a ex:b "no end .\n', 2, 20, "newline found in string"),
    ("graph.trig", "@prefix ex: <http://e/> .\nex:g {\n  ex:a ex:b ex:c .\n  ex:a ex:b .\n}\n", 4, 13,
     "TriG syntax error: objectList expected"),
    ("object.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> .\n", 2, 27,
     "N-Triples syntax error: Unrecognised object type"),
    ("fourth.nq", "<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\n\n"
                  "<http://e/a> <http://e/b> <http://e/c> <http://e/g> <http://e/h> .\n", 3, 53,
     "N-Quads syntax error: unexpected text; found '<http://e/h> .'"),
    ("comma.jsonld", '{\n  "@id": "http://e/a",\n  "http://e/p": "x"\n  "http://e/q": "y"\n}\n', 4, 3,
     "JSON syntax error: Expecting ',' delimiter"),
    ("tags.rdf", f'<?xml version="1.0"?>\n{RDF_XML_HEAD}\n<rdf:Description rdf:about="http://e/a">\n'
                 "  <ex:p>v</ex:q>\n</rdf:Description></rdf:RDF>\n", 4, 12, "XML syntax error: mismatched tag"),
    ("node-id.rdf", f'<?xml version="1.0"?>\n{RDF_XML_HEAD}\n<rdf:Description rdf:about="http://e/a">\n'
                    '  <ex:p rdf:nodeID="1bad">t</ex:p>\n</rdf:Description></rdf:RDF>\n', 4, 27,
     "RDF/XML error: rdf:nodeID value is not a valid NCName"),
    ("latin1.nt", '<http://e/a> <http://e/b> "caf\xe9" .\n'.encode("latin-1"), 1, 31, "not valid UTF-8"),
    ("utf16.ttl", "<http://e/a> <http://e/b> <http://e/c> .\n".encode("utf-16"), 1, 1, "encoded as UTF-16"),
])
def test_syntax_errors_give_file_line_column_and_what_was_expected(tmp_path, name, content, line, column, words):
    path = write(tmp_path, name, content)
    error = refusal(path)
    assert words in error.message
    assert (error.file, error.line, error.column) == (str(path), line, column)
    assert error.one_line().startswith(f"{path}:{line}:{column}: ")
    assert "\n" not in error.one_line()


# --------------------------------------------------------------------------------------------
# 4. A graph or an UntrustedInputError, never a traceback, never a half answer
# --------------------------------------------------------------------------------------------

def _junk(extension: str) -> list[bytes]:
    generator = random.Random(extension)
    sample = (HERE / f"sample{extension}").read_bytes()
    return [
        bytes(generator.randrange(256) for _ in range(2000)),
        sample[: len(sample) // 2],
        sample.replace(b">", b"", 3),
        b"{[(<\"'\\" * 50,
        b"",
    ]


@pytest.mark.parametrize("extension", sorted(set(FORMATS) - {".owl", ".xml"}))
def test_junk_yields_a_graph_or_an_untrusted_input_error_only(tmp_path, capfd, extension):
    for number, content in enumerate(_junk(extension)):
        path = write(tmp_path, f"junk{number}{extension}", content)
        try:
            graph = parse_untrusted(path)
        except UntrustedInputError as error:
            assert error.file == str(path) and error.message
        else:
            assert isinstance(graph, Graph)
    assert "Traceback" not in capfd.readouterr().err


#: Fragments that matter to the scanners and parsers, for building hostile inputs.
PIECES = st.sampled_from(list('<>"\'#()[]{}\\@:._- \n\tabcxyz019^,;%&=/?!é') + [
    "http://e/", "ex:", "@prefix ex: <http://e/> .\n", "_:b", '"""', "'''", "\\u0020", "<<", ">>", '"@id"',
    '"@context"', '"@type"', "rdf:", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    "</rdf:RDF>", "<!DOCTYPE", "<!ENTITY", "&e;"])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's parsers use their own deprecated API
@settings(max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(PIECES, max_size=60).map("".join),
       fmt=st.sampled_from(["turtle", "trig", "ntriples", "nquads", "json-ld", "xml"]))
def test_every_parser_failure_becomes_an_input_problem(text, fmt):
    """In the parser process, each format's failures are mapped to a message (with a position
    where known), not left to the catch-all that can only name the exception."""
    limits = worker._Limits(dict(max_file_bytes=1 << 20, max_literal_chars=100, max_depth=8, max_triples=1000,
                                 deadline_seconds=10, max_memory_bytes=1 << 30))
    try:
        worker.parse(text.encode("utf-8"), fmt, CONTRIBUTION_BASE + "fuzz", limits)
    except worker.InputProblem as problem:
        assert problem.message


@pytest.mark.parametrize("output, words", [
    (b"", "without finishing"),
    (b'[["u", "http://e/a"], ["u", "http://e/b"], ["u", "http://e/c"], 1]\n', "without finishing"),
    (b'[["u", "http://e/a"], ["u", "http://e/b"], ["u", "http://e/c"], 1]\n{"done": 2}\n', "without finishing"),
    (b'[["u", "http://e/a"], ["u", "http://e/b"]]\n{"done": 1}\n', "could not be read"),
    (b'[["u", "http://e/a"], ["u", "http://e/b"], ["u", "http://e/c"], 1]\n{"error": "bad", "line": 4, '
     b'"column": 2}\n', "bad"),
])
def test_a_half_written_answer_is_never_taken(output, words):
    with pytest.raises(UntrustedInputError) as caught:
        untrusted._rebuild(untrusted._records(output, "contribution.ttl"), "contribution.ttl")
    assert words in caught.value.message


def test_a_complete_answer_is_taken():
    output = (b'[["u", "http://e/a"], ["u", "http://e/b"], ["l", "1", "http://www.w3.org/2001/XMLSchema#integer",'
              b' null], 3]\n[["b", "x1"], ["u", "http://e/b"], ["l", "chat", null, "fr"], null]\n{"done": 2}\n')
    graph, lines = untrusted._rebuild(untrusted._records(output, "contribution.ttl"), "contribution.ttl")
    assert (URIRef("http://e/a"), URIRef("http://e/b"), Literal(1)) in graph
    assert (None, None, Literal("chat", lang="fr")) in graph
    assert list(lines.values()) == [3]


# --------------------------------------------------------------------------------------------
# Faithful parsing, lines, formats and limits
# --------------------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers, used here as the reference
@pytest.mark.parametrize("extension", [".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"])
def test_the_door_gives_the_graph_rdflib_gives(extension):
    """Same triples as rdflib's own parser (named graphs merged into one)."""
    path = HERE / f"sample{extension}"
    fmt = resolve_format(path)
    expected = Graph()
    if fmt in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(path, format=fmt)
        for s, p, o, _g in dataset.quads():
            expected.add((s, p, o))
    else:
        expected.parse(path, format=fmt)
    graph = parse_untrusted(path)
    assert len(graph) == len(expected) == 12
    assert isomorphic(graph, expected)


def test_turtle_triples_carry_the_line_of_their_object():
    graph, lines = parse_untrusted_with_lines(HERE / "sample.ttl")
    visit, ex = URIRef(EX + "visit"), EX
    assert lines[(visit, ns.RDFS.label, Literal("A visit", lang="en"))] == 6
    assert lines[(visit, ns.RDFS.label, Literal("訪問", lang="ja"))] == 6
    assert lines[(visit, URIRef(ex + "date"), Literal("2024-07-10", datatype=ns.XSD.date))] == 7
    assert lines[(visit, URIRef(ex + "participant"), URIRef(ex + "alice"))] == 8
    assert lines[(visit, URIRef(ex + "participant"), URIRef(ex + "bob"))] == 9
    quote = next(triple for triple in graph if triple[1] == URIRef(ex + "quote"))
    assert lines[quote] == 11
    assert set(lines) == set(graph)


@pytest.mark.parametrize("extension", [".nt", ".nq"])
def test_line_formats_carry_the_exact_line(extension):
    path = HERE / f"sample{extension}"
    graph, lines = parse_untrusted_with_lines(path)
    participant = (URIRef(EX + "visit"), URIRef(EX + "participant"), URIRef(EX + "bob"))
    assert lines[participant] == 5
    assert sorted(lines.values()) == list(range(1, 13))


def test_rdf_xml_triples_carry_the_line_of_their_element():
    graph, lines = parse_untrusted_with_lines(HERE / "sample.rdf")
    assert lines[(URIRef(EX + "visit"), URIRef(EX + "participant"), URIRef(EX + "alice"))] == 9
    assert lines[(URIRef(EX + "visit"), URIRef(EX + "date"), Literal("2024-07-10", datatype=ns.XSD.date))] == 8


def test_json_ld_has_no_lines_to_give():
    graph, lines = parse_untrusted_with_lines(HERE / "sample.jsonld")
    assert len(graph) == 12 and lines == {}


def test_formats_follow_the_extension_and_can_be_overridden(tmp_path):
    assert FORMATS == {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                       ".rdf": "xml", ".owl": "xml", ".xml": "xml"}
    assert resolve_format("A.TTL") == "turtle"
    path = write(tmp_path, "data.txt", "<http://e/a> <http://e/b> <http://e/c> .\n")
    assert len(parse_untrusted(path, format="ntriples")) == 1
    assert len(parse_untrusted(path, format="turtle")) == 1
    assert "--format" in refusal(path).message
    assert "unknown format 'yaml'" in refusal(path, format="yaml").message


def test_what_is_not_a_regular_file_is_refused(tmp_path):
    assert refusal(tmp_path / "missing.ttl").message == "no such file"
    assert "not a regular file" in refusal(tmp_path, format="turtle").message


def test_limits_must_be_positive():
    with pytest.raises(ValueError):
        Limits(max_depth=0)
    assert Limits(deadline_seconds=2).deadline_seconds == 2


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = write(tmp_path, "bom.nt", codecs.BOM_UTF8 + b"<http://e/a> <http://e/b> <http://e/c> .\n")
    assert len(parse_untrusted(path)) == 1
