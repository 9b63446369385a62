"""The parser process behind `nj_graph.store.untrusted`: parse one untrusted RDF file, reach nothing else.

`nj_graph.store.untrusted` runs this file as a script in a child process (``python -I _parse_worker.py``),
so that the command can kill it at a deadline and its memory can be capped. It imports only the
standard library, rdflib and defusedxml (never `nj_graph`, whose imports may grow heavy).

Protocol. Standard input: one JSON line (format, base IRI, limits, the parent's ``sys.path``), then
the file's bytes. Standard output: JSON lines, one per triple ``[s, p, o, line]`` (a term is
``["u", iri]``, ``["b", id]`` or ``["l", lexical, datatype, language]``; line is null when unknown),
then exactly one closing record: ``{"done": N}`` or ``{"error": message, "line": L, "column": C}``.
The parent accepts the triples only when the closing ``done`` record counts them all.

Defences, in the order they act:

1. resource limits on the process itself (address space, CPU time, no file may be written);
2. lexical pre-scans that refuse, with line and column, what would make rdflib spin, recurse or
   reach out: nesting deeper than the limit, literals longer than the limit, IRIs with spaces or
   other forbidden characters, any DTD or entity declaration in XML, any JSON-LD context that is
   not inline;
3. rdflib's own hooks replaced: JSON-LD context fetching raises, RDF/XML goes through
   defusedxml's expat reader with DTDs, entities and external references forbidden;
4. an audit hook that refuses every socket, URL request, process creation and file opening
   (other than reading the interpreter's own modules), and records the attempt so that the parse
   fails even if some library swallows the exception;
5. checks of the parsed terms (literal length, IRI characters, triple count).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys

_HEADER_MAX = 1 << 20


class InputProblem(Exception):
    """The input is refused or malformed; `line` and `column` are 1-based when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


#: Exceptions that pass through the per-format error mapping untouched.
_OURS = (InputProblem, PermissionError, MemoryError, RecursionError)


class _Limits:
    """The limits the parent sends (see `nj_graph.store.untrusted.Limits` for their meaning)."""

    def __init__(self, values: dict) -> None:
        self.max_file_bytes = int(values["max_file_bytes"])
        self.max_literal_chars = int(values["max_literal_chars"])
        self.max_depth = int(values["max_depth"])
        self.max_triples = int(values["max_triples"])
        self.deadline_seconds = float(values["deadline_seconds"])
        self.max_memory_bytes = int(values["max_memory_bytes"])


# --------------------------------------------------------------------------------------------
# Positions and text
# --------------------------------------------------------------------------------------------

def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character index."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _snippet(text: str, index: int, width: int = 30) -> str:
    piece = text[index:index + width].split("\n", 1)[0]
    return repr(piece) if piece else "the end of the line" if index < len(text) else "the end of the file"


def decode_utf8(data: bytes, what: str) -> str:
    """The text of a format that must be UTF-8 (a UTF-8 byte order mark is dropped)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputProblem(f"the file is encoded as UTF-16; {what} files must be UTF-8", 1, 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputProblem(f"byte 0x{data[error.start]:02x} is not valid UTF-8; {what} files must be UTF-8",
                           line, column) from None


# Characters an IRI may not contain (RDF 1.1 IRIREF), also checked on every parsed IRI.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def describe_iri_problem(char: str) -> str:
    if char == " ":
        return "an IRI cannot contain a space (write it as %20)"
    if char in "\t\r\n":
        return "an IRI cannot contain a line break or tab"
    if ord(char) < 0x20:
        return f"an IRI cannot contain the control character U+{ord(char):04X}"
    return f"an IRI cannot contain the character {char!r}"


# --------------------------------------------------------------------------------------------
# Lexical pre-scans
# --------------------------------------------------------------------------------------------

_TTL_PLAIN = re.compile(r"""[^"'<>#()\[\]{}\\]+""")
_TTL_COMMENT = re.compile(r"#[^\r\n]*")
_TTL_LONG = {'"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*+"""', re.S),
             "'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*+'''", re.S)}
_TTL_SHORT = {'"': re.compile(r'"(?:[^"\\\r\n]|\\.)*+"'), "'": re.compile(r"'(?:[^'\\\r\n]|\\.)*+'")}
_IRI_BODY = re.compile(r'(?:[^\x00-\x20<>"{}|^`\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+')
_OPEN, _CLOSE = "([{", ")]}"


def scan_turtle(text: str, limits: _Limits) -> None:
    """Refuse nesting, literals and IRIs beyond what rdflib can safely take (Turtle, TriG, N-Triples,
    N-Quads).

    Only what this scan is sure of is reported; anything else it cannot follow (an unclosed
    string, a stray character) is left for the parser to report, so the scan simply stops there.
    """
    depth, i, end = 0, 0, len(text)
    while i < end:
        match = _TTL_PLAIN.match(text, i)
        if match:
            i = match.end()
            continue
        char = text[i]
        if char == "#":
            i = _TTL_COMMENT.match(text, i).end()
        elif char in "\"'":
            quote = text[i:i + 3]
            long_form = quote in _TTL_LONG
            match = (_TTL_LONG[quote] if long_form else _TTL_SHORT[char]).match(text, i)
            if match is None:
                return
            length = match.end() - match.start() - (6 if long_form else 2)
            if length > limits.max_literal_chars:
                raise InputProblem(f"a literal of {length:,} characters is longer than the limit of "
                                   f"{limits.max_literal_chars:,}", *position(text, i))
            i = match.end()
        elif char == "<":
            if text.startswith("<<", i):  # RDF-star quoted triple
                depth, i = _deeper(text, i, depth, limits), i + 2
                continue
            body_end = _IRI_BODY.match(text, i + 1).end()
            if body_end < end and text[body_end] == ">":
                i = body_end + 1
                continue
            if body_end >= end or text[body_end] in "\r\n":
                raise InputProblem("this IRI is not closed by '>' on its line", *position(text, i))
            if text[body_end] == "\\":
                raise InputProblem("bad escape in an IRI (only \\uXXXX and \\UXXXXXXXX are allowed)",
                                   *position(text, body_end))
            raise InputProblem(describe_iri_problem(text[body_end]), *position(text, body_end))
        elif char == ">":
            if text.startswith(">>", i):
                depth, i = max(depth - 1, 0), i + 2
            else:
                i += 1
        elif char in _OPEN:
            depth, i = _deeper(text, i, depth, limits), i + 1
        elif char in _CLOSE:
            depth, i = max(depth - 1, 0), i + 1
        else:  # a backslash escape in a prefixed name, such as ex:a\(b
            i += 2


def _deeper(text: str, i: int, depth: int, limits: _Limits) -> int:
    depth += 1
    if depth > limits.max_depth:
        raise InputProblem(f"nesting deeper than {limits.max_depth} levels of collections, blank nodes or "
                           "graphs is refused", *position(text, i))
    return depth


_JSON_PLAIN = re.compile(r'[^"\[\]{}]+')
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"', re.S)


def scan_json(text: str, limits: _Limits) -> None:
    """Refuse JSON nested deeper than the limit or with a string longer than the literal limit."""
    depth, i, end = 0, 0, len(text)
    while i < end:
        match = _JSON_PLAIN.match(text, i)
        if match:
            i = match.end()
            continue
        char = text[i]
        if char == '"':
            match = _JSON_STRING.match(text, i)
            if match is None:
                return
            length = match.end() - match.start() - 2
            if length > limits.max_literal_chars:
                raise InputProblem(f"a string of {length:,} characters is longer than the limit of "
                                   f"{limits.max_literal_chars:,}", *position(text, i))
            i = match.end()
        elif char in "[{":
            depth += 1
            if depth > limits.max_depth:
                raise InputProblem(f"JSON nested deeper than {limits.max_depth} levels is refused",
                                   *position(text, i))
            i += 1
        else:
            depth, i = max(depth - 1, 0), i + 1


def scan_xml(data: bytes, limits: _Limits) -> None:
    """Refuse any DTD or entity, nesting deeper than the limit and over-long text; report XML
    syntax errors with line and column. Expat reads the encoding declaration and byte order mark."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"depth": 0, "text": 0, "start": (1, 1)}

    def here() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse_doctype(name, *_):
        raise InputProblem(f"a DOCTYPE declaration (<!DOCTYPE {name} ...>) is refused: RDF/XML contributions may "
                           "not declare DTDs or entities", *here())

    def refuse_entity(name, *_):
        raise InputProblem(f"the entity declaration {name!r} is refused: RDF/XML contributions may not declare "
                           "entities", *here())

    def refuse_external(*_):
        raise InputProblem("an external entity reference is refused", *here())

    def start(_name, attributes):
        state["depth"] += 1
        state["text"], state["start"] = 0, here()
        if state["depth"] > limits.max_depth:
            raise InputProblem(f"XML elements nested deeper than {limits.max_depth} levels are refused", *here())
        for value in attributes.values():
            if len(value) > limits.max_literal_chars:
                raise InputProblem(f"an attribute value of {len(value):,} characters is longer than the limit "
                                   f"of {limits.max_literal_chars:,}", *here())

    def end(_name):
        state["depth"] -= 1
        state["text"] = 0

    def text(data_: str):
        state["text"] += len(data_)
        if state["text"] > limits.max_literal_chars:
            raise InputProblem(f"the text of this element is longer than the limit of "
                               f"{limits.max_literal_chars:,} characters", *state["start"])

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise InputProblem(f"XML syntax error: {expat.ErrorString(error.code)}", error.lineno,
                           error.offset + 1) from None


_IRI_KEYS = frozenset({"@id", "@type", "@vocab", "@base", "@reverse"})
_NOT_IRI_KEYS = frozenset({"@language", "@direction", "@version", "@container", "@protected", "@propagate",
                           "@value", "@index", "@nest", "@prefix"})


def check_json_ld(data, text: str) -> None:
    """Refuse JSON-LD that would make rdflib fetch a context, or silently drop a node.

    rdflib fetches any context given by reference (a URL or a ``file:`` path, in ``@context`` or
    ``@import``), and quietly drops every node whose IRI has a space in it. The position reported
    is that of the first occurrence of the offending string in the file.
    """
    stack = [(data, False)]
    while stack:
        node, in_context = stack.pop()
        if isinstance(node, list):
            stack.extend((item, in_context) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key == "@context" or key == "@import":
                for reference in value if isinstance(value, list) else [value]:
                    if isinstance(reference, str) or key == "@import":
                        raise InputProblem(f"the JSON-LD {key} {reference!r} refers to another document; contexts "
                                           "are never fetched (remote or file:), so write the context inline as a "
                                           "JSON object", *_locate(text, reference))
                stack.append((value, True))
                continue
            strings = value if isinstance(value, list) else [value]
            if key in _IRI_KEYS or (in_context and key not in _NOT_IRI_KEYS):
                for string in strings:
                    if isinstance(string, str) and (bad := _IRI_FORBIDDEN.search(string)):
                        raise InputProblem(f"{describe_iri_problem(bad.group())}: {string!r}", *_locate(text, string))
            if key == "@language" and isinstance(value, str) and not re.fullmatch(r"[A-Za-z0-9-]+", value):
                raise InputProblem(f"{value!r} is not a language tag", *_locate(text, value))
            if isinstance(value, (dict, list)):
                stack.append((value, in_context))


def _locate(text: str, value) -> tuple[int | None, int | None]:
    index = text.find(json.dumps(value, ensure_ascii=False)) if isinstance(value, str) else -1
    return position(text, index) if index >= 0 else (None, None)


# --------------------------------------------------------------------------------------------
# Hardening the process
# --------------------------------------------------------------------------------------------

#: Every attempt to reach outside, as refused by the audit hook (kept even if an exception is swallowed).
REFUSED: list[str] = []

_BLOCKED_PREFIXES = ("socket.", "urllib.", "http.client.", "ftplib.", "smtplib.", "imaplib.", "poplib.",
                     "nntplib.", "telnetlib.", "webbrowser.", "subprocess.", "os.exec", "os.spawn",
                     "os.posix_spawn", "os.fork", "os.system", "os.startfile", "pty.", "shutil.",
                     "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.truncate", "os.symlink", "os.link",
                     "os.chmod", "os.chown", "os.kill", "os.putenv", "os.unsetenv", "ctypes.")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_MODULE_SUFFIXES = (".py", ".pyc", ".so", ".pyd")


def harden(limits: _Limits) -> None:
    """Cap this process and cut it off from the network and from every file.

    Called once the parsers are imported. The caps come first so that a runaway parse hits them.
    """
    _cap_resources(limits)
    _disable_rdflib_fetching()
    roots = tuple(os.path.join(os.path.realpath(p), "") for p in
                  {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, *sys.path} if p)

    def refuse(what: str) -> None:
        REFUSED.append(what)
        raise PermissionError(f"refused: {what}")

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, mode, flags = (list(args) + [None, None])[:3]
            if isinstance(path, int):
                return
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS)
            name = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else repr(path)
            real = os.path.realpath(name)
            if writing or not real.endswith(_MODULE_SUFFIXES) or not real.startswith(roots):
                refuse(f"opening {name!r}: a contribution may not make the parser open any other file")
        elif event.startswith(_BLOCKED_PREFIXES):
            target = next((repr(a) for a in args if isinstance(a, (str, tuple))), "")
            refuse(f"{event} {target}: a contribution may not make the parser use the network or run anything")

    sys.addaudithook(hook)


def _cap_resources(limits: _Limits) -> None:
    try:
        import resource
    except ImportError:  # not a POSIX system: the parent's deadline still holds
        return
    caps = [(resource.RLIMIT_AS, limits.max_memory_bytes),
            (resource.RLIMIT_CPU, int(limits.deadline_seconds) + 2),
            (resource.RLIMIT_FSIZE, 0)]  # no file may be written, not even an empty one grown
    for which, value in caps:
        _soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, hard if which == resource.RLIMIT_CPU else value))


def _disable_rdflib_fetching() -> None:
    """rdflib 7 has no switch for JSON-LD context fetching; replace the function that does it."""
    from rdflib.plugins.shared.jsonld import context as jsonld_context

    def no_fetch(source, *_args, **_kwargs):
        REFUSED.append(f"fetching the JSON-LD context {source!r}")
        raise PermissionError(f"the JSON-LD context {source!r} is not fetched: contexts must be inline")

    jsonld_context.source_to_json = no_fetch


# --------------------------------------------------------------------------------------------
# Parsing, recording the line each triple came from
# --------------------------------------------------------------------------------------------

class _Recorder:
    """Where the parser is (a callable giving the current line) and what it has produced, in order."""

    def __init__(self, limits: _Limits) -> None:
        self.limits = limits
        self.where = lambda: None
        self.triples: dict = {}

    def record(self, triple, quoted: bool) -> None:
        if quoted:
            raise InputProblem("quoted graphs (N3 formulas) are not RDF and are refused")
        if triple not in self.triples:
            if len(self.triples) >= self.limits.max_triples:
                raise InputProblem(f"more than {self.limits.max_triples:,} triples: over the limit",
                                   self.where())
            self.triples[triple] = self.where()


def _dataset(recorder: _Recorder):
    from rdflib import Dataset
    from rdflib.plugins.stores.memory import Memory

    class RecordingMemory(Memory):
        """Keeps what the parsers add in the recorder only: nothing here reads the store back, and
        indexing every triple twice would double the parse time."""

        def add(self, triple, context, quoted=False):
            recorder.record(triple, quoted)

    return Dataset(store=RecordingMemory())


def _line_parser_class(base_class):
    """A subclass of rdflib's N3/Turtle/TriG SinkParser that knows the line of each object.

    rdflib emits the triples of ``s p o1, o2 ;`` only after reading the whole object list, when its
    line counter has moved on; this notes the line where each object starts, so that a triple is
    placed on the line of its object. Triples rdflib makes elsewhere (the links of a collection)
    take the line the parser has reached at the time.
    """

    class LineParser(base_class):
        object_lines: dict = {}

        def objectList(self, argstr, i, res):  # noqa: N802 (rdflib's name)
            lines: dict = {}
            self.object_lines = {}
            while True:
                start = self.skipSpace(argstr, i)
                if start < 0:
                    start = i
                line = self.lines + 1
                i = self.object(argstr, start, res)
                if i < 0:
                    return i
                lines.setdefault(res[-1], line)
                j = self.skipSpace(argstr, i)
                if j < 0:
                    self.BadSyntax(argstr, j, "EOF found after object")
                if argstr[j] != ",":
                    self.object_lines = lines
                    return j
                i = j + 1

        def makeStatement(self, quadruple):  # noqa: N802
            self.current_line = self.object_lines.get(quadruple[3])
            try:
                super().makeStatement(quadruple)
            finally:
                self.current_line = None

        def where(self):
            return self.current_line or self.lines + 1

    return LineParser


def parse_turtle(text: str, base: str, recorder: _Recorder, *, trig: bool) -> None:
    from rdflib import Graph
    from rdflib.plugins.parsers.notation3 import BadSyntax, RDFSink, SinkParser
    from rdflib.plugins.parsers.trig import TrigSinkParser

    dataset = _dataset(recorder)
    target = dataset if trig else Graph(store=dataset.store)
    parser = _line_parser_class(TrigSinkParser if trig else SinkParser)(RDFSink(target), baseURI=base,
                                                                        turtle=True)
    parser.current_line = None
    recorder.where = parser.where
    name = "TriG" if trig else "Turtle"
    try:
        parser.loadBuf(text)
    except BadSyntax as error:
        index = min(error._i, len(text)) if error._i >= 0 else len(text)
        while index < len(text) and text[index] in " \t":  # point at what was found, not at the gap
            index += 1
        raise InputProblem(f"{name} syntax error: {error._why}; found {_snippet(text, index)}",
                           *position(text, index)) from None
    except _OURS:
        raise
    except Exception as error:  # noqa: BLE001 - rdflib's other complaints (ValueError, ParserError...)
        raise InputProblem(f"{name} error: {error}", parser.lines + 1) from None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parse_ntriples(text: str, recorder: _Recorder, *, quads: bool) -> None:
    """N-Triples and N-Quads, one line at a time, so that each triple's line is known exactly."""
    from rdflib import Graph
    from rdflib.plugins.parsers.nquads import NQuadsParser
    from rdflib.plugins.parsers.ntriples import NTGraphSink, W3CNTriplesParser

    dataset = _dataset(recorder)
    if quads:
        parser = NQuadsParser()
        parser.sink = dataset
    else:
        parser = W3CNTriplesParser(NTGraphSink(Graph(store=dataset.store)))
    name = "N-Quads" if quads else "N-Triples"
    number = 0
    recorder.where = lambda: number
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        parser.line = line
        try:
            parser.parseline()
        except _OURS:
            raise
        except Exception as error:  # noqa: BLE001 - ParseError, or a bad escape's ValueError
            rest = (parser.line or "").lstrip(" \t")
            column = len(line) - len(rest) + 1
            reason = str(error)
            if reason.startswith("Failed to eat"):
                reason = "unexpected text"
            raise InputProblem(f"{name} syntax error: {reason}; found {_snippet(rest, 0)}", number, column) from None


def parse_json_ld(text: str, base: str, recorder: _Recorder) -> None:
    from rdflib.parser import PythonInputSource
    from rdflib.plugins.parsers.jsonld import JsonLDParser

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputProblem(f"JSON syntax error: {error.msg}", error.lineno, error.colno) from None
    except ValueError as error:  # for example an integer with too many digits
        raise InputProblem(f"JSON error: {error}") from None
    check_json_ld(data, text)
    try:
        JsonLDParser().parse(PythonInputSource(data, system_id=base), _dataset(recorder), base=base)
    except _OURS:
        raise
    except Exception as error:  # noqa: BLE001 - rdflib's JSON-LD errors are plain exceptions
        raise InputProblem(f"JSON-LD error: {error}") from None


def parse_rdf_xml(data: bytes, base: str, recorder: _Recorder) -> None:
    from xml.sax import SAXParseException, handler
    from xml.sax.xmlreader import InputSource

    from defusedxml.common import DefusedXmlException
    from defusedxml.expatreader import DefusedExpatParser
    from rdflib import Graph
    from rdflib.plugins.parsers.rdfxml import RDFXMLHandler

    dataset = _dataset(recorder)
    reader = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    reader.setFeature(handler.feature_namespaces, 1)
    reader.setFeature(handler.feature_external_ges, 0)
    reader.setContentHandler(RDFXMLHandler(Graph(store=dataset.store)))
    source = InputSource(base)
    source.setByteStream(io.BytesIO(data))
    recorder.where = reader.getLineNumber
    try:
        reader.parse(source)
    except SAXParseException as error:
        raise InputProblem(f"XML syntax error: {error.getMessage()}", error.getLineNumber(),
                           error.getColumnNumber() + 1) from None
    except DefusedXmlException as error:
        raise InputProblem(f"refused: {error}", reader.getLineNumber(), reader.getColumnNumber() + 1) from None
    except _OURS:
        raise
    except Exception as error:  # noqa: BLE001 - rdflib's ParserError and the like
        message = re.sub(r"^.*?:\d+:\d+: ", "", str(error))
        raise InputProblem(f"RDF/XML error: {message}", reader.getLineNumber(),
                           reader.getColumnNumber() + 1) from None


def check_terms(recorder: _Recorder) -> None:
    """Refuse literals over the limit and IRIs that rdflib accepted although they are not IRIs."""
    from rdflib import Literal, URIRef

    limit = recorder.limits.max_literal_chars
    good_iris: set = set()
    for triple, line in recorder.triples.items():
        for term in triple:
            if isinstance(term, Literal):
                if len(term) > limit:
                    raise InputProblem(f"a literal of {len(term):,} characters is longer than the limit of "
                                       f"{limit:,}", line)
                term = term.datatype
            if isinstance(term, URIRef) and term not in good_iris:
                bad = _IRI_FORBIDDEN.search(term)
                if bad:
                    raise InputProblem(f"{describe_iri_problem(bad.group())}: <{term}>", line)
                good_iris.add(term)


def parse(data: bytes, format: str, base: str, limits: _Limits) -> _Recorder:
    """Parse one file's bytes; raise `InputProblem` for anything refused or malformed."""
    recorder = _Recorder(limits)
    if len(data) > limits.max_file_bytes:
        raise InputProblem(f"the file is over the size limit of {limits.max_file_bytes:,} bytes")
    if format in ("turtle", "trig", "ntriples", "nquads"):
        names = {"turtle": "Turtle", "trig": "TriG", "ntriples": "N-Triples", "nquads": "N-Quads"}
        text = decode_utf8(data, names[format])
        scan_turtle(text, limits)
        if format in ("turtle", "trig"):
            parse_turtle(text, base, recorder, trig=format == "trig")
        else:
            parse_ntriples(text, recorder, quads=format == "nquads")
    elif format == "json-ld":
        text = decode_utf8(data, "JSON-LD")
        scan_json(text, limits)
        parse_json_ld(text, base, recorder)
    elif format == "xml":
        scan_xml(data, limits)
        parse_rdf_xml(data, base, recorder)
    else:
        raise InputProblem(f"unknown format {format!r}")
    if REFUSED:
        raise InputProblem(REFUSED[0])
    check_terms(recorder)
    return recorder


# --------------------------------------------------------------------------------------------
# The process
# --------------------------------------------------------------------------------------------

def _encode(term) -> list:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ["u", str(term)]
    if isinstance(term, BNode):
        return ["b", str(term)]
    if isinstance(term, Literal):
        return ["l", str(term), str(term.datatype) if term.datatype else None, term.language]
    raise InputProblem(f"a term of an unsupported kind ({type(term).__name__}) is refused")


def _preload() -> None:
    """Import what the parse needs before the audit hook is installed.

    The hook still lets the interpreter read its own module files (a parser may import lazily),
    but nothing the input names is ever opened.
    """
    import xml.sax.expatreader  # noqa: F401
    from xml.parsers import expat  # noqa: F401

    import defusedxml.expatreader  # noqa: F401
    import rdflib  # noqa: F401
    from rdflib.plugins.parsers import jsonld, notation3, nquads, ntriples, rdfxml, trig  # noqa: F401
    from rdflib.plugins.stores import memory  # noqa: F401

    "".encode("utf-16")  # the codecs the scans and expat may look up
    "".encode("latin-1")


def main() -> int:
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a library prints can corrupt the protocol
    import logging
    import warnings

    logging.disable(logging.CRITICAL)  # rdflib logs a warning per odd IRI; the checks report instead
    warnings.simplefilter("ignore")
    import rdflib

    # Literals keep the lexical form the file gives: rdflib would otherwise rewrite an ill-typed
    # "yes"^^xsd:boolean as "false", and the validator could not see what was written.
    rdflib.NORMALIZE_LITERALS = False

    def emit(record) -> None:
        out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")

    memory = "the limit"
    try:
        header = json.loads(sys.stdin.buffer.readline(_HEADER_MAX))
        memory = f"the limit of {int(header['limits']['max_memory_bytes']) >> 20} MB"
        sys.path[:] = header["sys_path"]
        limits = _Limits(header["limits"])
        sys.setrecursionlimit(max(1000, 60 * limits.max_depth + 1000))
        _preload()
        data = sys.stdin.buffer.read(limits.max_file_bytes + 1)
        harden(limits)
        recorder = parse(data, header["format"], header["base"], limits)
        for (s, p, o), line in recorder.triples.items():
            emit([_encode(s), _encode(p), _encode(o), line])
        emit({"done": len(recorder.triples)})
    except InputProblem as problem:
        emit({"error": problem.message, "line": problem.line, "column": problem.column})
    except MemoryError:
        emit({"error": f"parsing needed more memory than {memory} allows", "line": None, "column": None})
    except RecursionError:
        emit({"error": "the file is nested too deeply to parse", "line": None, "column": None})
    except PermissionError as error:
        emit({"error": REFUSED[0] if REFUSED else str(error), "line": None, "column": None})
    except Exception as error:  # noqa: BLE001 - any other failure of a parser on this input
        emit({"error": f"the parser failed on this file ({type(error).__name__}: {error})", "line": None,
              "column": None})
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the parent stopped listening (deadline); nothing to say
        os._exit(1)
