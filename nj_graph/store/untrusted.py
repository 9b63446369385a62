"""The one guarded door through which untrusted RDF files enter.

A contribution is read by the command, never by rdflib: its bytes go to a child process
(`nj_graph.store._parse_worker`) that is capped in memory and CPU, cut off from the network and from
every other file, and killed at a deadline. What comes back is plain data (terms as JSON), checked
and turned into an rdflib graph here. The function returns a graph or raises
`UntrustedInputError` with the file, line and column; nothing else escapes.

>>> from pathlib import Path
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder, "visit.ttl")
...     _ = path.write_text('@prefix ex: <http://example.org/> .\\nex:a ex:b "c" .\\n', encoding="utf-8")
...     graph, lines = parse_untrusted_with_lines(path)
...     len(graph), sorted(lines.values())
(1, [2])
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder, "bad.ttl")
...     _ = path.write_text('<http://example.org/a b> <http://example.org/p> 1 .\\n', encoding="utf-8")
...     try:
...         parse_untrusted(path)
...     except UntrustedInputError as error:
...         print(error.line, error.column, error.message)
1 22 an IRI cannot contain a space (write it as %20)
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from rdflib import Graph

from ..core.errors import UntrustedInputError
from ..core.limits import DEFAULT_DEADLINE_SECONDS, DEFAULT_MEMORY_MB

#: File extension -> format name (the names `format=` accepts, besides the aliases below).
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}

#: Other spellings accepted for `format=` (for example from `--format`).
FORMAT_ALIASES: dict[str, str] = {
    "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads", "n-quads": "nquads",
    "jsonld": "json-ld", "rdfxml": "xml", "rdf/xml": "xml", "rdf": "xml", "owl": "xml",
}

#: Formats whose triples come back with the line they were read from.
LINE_FORMATS = frozenset({"turtle", "trig", "ntriples", "nquads", "xml"})

#: Relative IRIs in a contribution resolve against this base plus the file's name: never the real
#: path (which would leak into the data), and a hierarchical IRI (a `urn:` base cannot resolve
#: relative references) under the reserved `.invalid` domain, which no resolver will ever look up.
CONTRIBUTION_BASE = "https://contribution.invalid/"

_WORKER = Path(__file__).with_name("_parse_worker.py")
_MB = 1 << 20


@dataclasses.dataclass(frozen=True, kw_only=True)
class Limits:
    """How much an untrusted file may ask of the parser. Anything beyond is refused, with a message.

    >>> Limits().max_depth
    64
    >>> Limits(deadline_seconds=5).deadline_seconds
    5
    """

    #: Files larger than this are refused before anything reads them.
    max_file_bytes: int = 50 * _MB
    #: Longest literal (and, in JSON-LD, any string; in RDF/XML any text or attribute), in characters.
    max_literal_chars: int = 1 * _MB
    #: Deepest nesting of collections ``( )``, blank nodes ``[ ]``, graphs ``{ }``, JSON arrays and
    #: objects, or XML elements. rdflib recurses per level and fails after a few hundred.
    max_depth: int = 64
    #: Most distinct triples one file may hold.
    max_triples: int = 1_000_000
    #: Wall-clock seconds the parse may take, from starting the parser process to its last triple.
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS
    #: Address space the parser process may use (RLIMIT_AS), in bytes.
    max_memory_bytes: int = DEFAULT_MEMORY_MB * _MB

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            if not getattr(self, field.name) > 0:
                raise ValueError(f"Limits.{field.name} must be positive")


def resolve_format(path: Path | str, format: str | None = None) -> str:
    """The format to parse `path` as: `format` if given (a name or alias), else from the extension.

    >>> resolve_format("data/visits.ttl"), resolve_format("x.owl"), resolve_format("x.txt", format="NT")
    ('turtle', 'xml', 'ntriples')
    """
    names = sorted(set(FORMATS.values()))
    if format is not None:
        wanted = format.strip().lower()
        wanted = FORMAT_ALIASES.get(wanted, wanted)
        if wanted not in names:
            raise UntrustedInputError(f"unknown format {format!r}; use one of {', '.join(names)}", file=str(path))
        return wanted
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UntrustedInputError(f"cannot tell the format from the extension {suffix or '(none)'!r}; name it "
                                  f"with --format ({', '.join(names)})", file=str(path))
    return FORMATS[suffix]


def parse_untrusted(path: Path | str, *, format: str | None = None, limits: Limits = Limits()) -> "Graph":
    """Parse an untrusted RDF file into a graph, within `limits`, reaching nothing but the file.

    Named graphs (TriG, N-Quads, JSON-LD) are merged into the one graph returned.
    Raises `UntrustedInputError` (with file, line and column when known) for anything refused.
    """
    return parse_untrusted_with_lines(path, format=format, limits=limits)[0]


def parse_untrusted_with_lines(path: Path | str, *, format: str | None = None,
                               limits: Limits = Limits()) -> tuple["Graph", dict[tuple, int]]:
    """Like `parse_untrusted`, and also the line each triple came from (its first occurrence).

    Where the line comes from, per format:

    - N-Triples, N-Quads: the line of the statement (exact).
    - Turtle, TriG: the line where the triple's object starts, so each triple of
      ``ex:a ex:p ex:b ,`` / ``ex:c ;`` gets its own line; triples rdflib makes itself
      (``rdf:first``/``rdf:rest`` of a collection) get the line the parser had reached.
    - RDF/XML: the line of the XML event that produced the triple (the element that states it).
    - JSON-LD: no lines (JSON carries no positions once parsed); the dictionary is empty.
    """
    return _rebuild(parse_untrusted_records(path, format=format, limits=limits), str(path))


def parse_untrusted_records(path: Path | str, *, format: str | None = None,
                            limits: Limits = Limits()) -> list[list]:
    """The file's triples as the worker encodes them, `[s, p, o, line]`, checked, without rdflib.

    A term is `["u", iri]`, `["b", label]` or `["l", lexical, datatype, language]`. Stores other
    than rdflib's (pyoxigraph) build their own terms from these.
    """
    name = str(path)
    fmt = resolve_format(path, format)
    data = _read_bounded(Path(path), limits)
    request = {
        "format": fmt,
        "base": CONTRIBUTION_BASE + quote(Path(path).name),
        "limits": dataclasses.asdict(limits),
        "sys_path": [os.path.abspath(entry) for entry in sys.path if entry],
    }
    payload = json.dumps(request).encode("utf-8") + b"\n" + data
    output = _run_worker(payload, limits, name)
    return _records(output, name)


def _read_bounded(path: Path, limits: Limits) -> bytes:
    """The file's bytes: a regular file no larger than the limit, or a refusal."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UntrustedInputError("not a regular file; only files are read", file=str(path))
        if info.st_size > limits.max_file_bytes:
            raise UntrustedInputError(f"the file is {_size(info.st_size)}, over the limit of "
                                      f"{_size(limits.max_file_bytes)}; it was not parsed", file=str(path))
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise UntrustedInputError("no such file", file=str(path)) from None
    except OSError as error:
        raise UntrustedInputError(f"cannot read the file: {error.strerror or error}", file=str(path)) from None
    if len(data) > limits.max_file_bytes:  # it grew after the size check
        raise UntrustedInputError(f"the file is over the limit of {_size(limits.max_file_bytes)}; it was not "
                                  "parsed", file=str(path))
    return data


def _size(count: int) -> str:
    if count % _MB == 0:
        return f"{count // _MB} MB"
    return f"{count / _MB:.1f} MB" if count >= _MB else f"{count:,} bytes"


def _run_worker(payload: bytes, limits: Limits, name: str) -> bytes:
    """Run the parser process on `payload`; its standard output, or a refusal if it overran."""
    command = [sys.executable, "-I", str(_WORKER)]
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, cwd=os.path.abspath(os.sep), close_fds=True)
    except OSError as error:
        raise UntrustedInputError(f"could not start the parser process: {error}", file=name) from None
    try:
        output, errors = process.communicate(payload, timeout=limits.deadline_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise UntrustedInputError(f"parsing did not finish within the deadline of {limits.deadline_seconds:g} s "
                                  "and was stopped", file=name) from None
    except BaseException:
        process.kill()
        process.communicate()
        raise
    if process.returncode != 0:
        raise UntrustedInputError(_describe_exit(process.returncode, errors, limits), file=name)
    return output


def _describe_exit(returncode: int, errors: bytes, limits: Limits) -> str:
    """Why the parser process ended without its closing record (it reports every error it can catch)."""
    if returncode == -getattr(signal, "SIGXCPU", 0):
        return f"parsing used more CPU time than the deadline of {limits.deadline_seconds:g} s allows and was stopped"
    if returncode < 0:
        try:
            reason = signal.Signals(-returncode).name
        except ValueError:
            reason = f"signal {-returncode}"
        return f"the parser process was stopped by {reason} (over the memory limit of " \
               f"{_size(limits.max_memory_bytes)}?)"
    if b"MemoryError" in errors:
        return f"parsing needed more memory than the limit of {_size(limits.max_memory_bytes)} and was stopped"
    last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
    return f"the parser process failed (exit status {returncode}: {last[0][:200]})"


def _records(output: bytes, name: str) -> list[list]:
    """The worker's records, accepted only if its closing record counts them."""
    records = output.splitlines()
    try:
        closing = json.loads(records[-1]) if records else None
    except ValueError:
        closing = None
    if isinstance(closing, dict) and "error" in closing:
        raise UntrustedInputError(str(closing["error"]), file=name, line=_int(closing.get("line")),
                                  column=_int(closing.get("column")))
    if not isinstance(closing, dict) or closing.get("done") != len(records) - 1:
        raise UntrustedInputError("the parser process ended without finishing its answer; nothing was read",
                                  file=name)
    try:
        decoded = json.loads(b"[" + b",".join(records[:-1]) + b"]")
        if not all(isinstance(r, list) and len(r) == 4 for r in decoded):
            raise ValueError("a record is not [s, p, o, line]")
    except ValueError as error:
        raise UntrustedInputError(f"the parser process gave an answer that could not be read ({error})",
                                  file=name) from None
    return decoded


def _rebuild(records: list[list], name: str) -> tuple["Graph", dict[tuple, int]]:
    """An rdflib graph and the line of each triple, from the worker's records."""
    from rdflib import BNode, Graph, Literal, URIRef

    from ..core.namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    lines: dict[tuple, int] = {}
    terms: dict = {}

    def term(encoded: list):
        key = tuple(encoded)
        if key not in terms:
            kind = encoded[0]
            if kind == "u":
                terms[key] = URIRef(encoded[1])
            elif kind == "b":
                terms[key] = BNode(encoded[1])
            else:
                terms[key] = Literal(encoded[1], lang=encoded[3], datatype=encoded[2], normalize=False)
        return terms[key]

    # rdflib logs a warning with a traceback for each ill-typed literal ("abc"^^xsd:integer) it builds;
    # such a literal is data for the checks to judge, not a failure of this door.
    term_logger = logging.getLogger("rdflib.term")
    term_logger.addFilter(_quiet_literal_casts)
    try:
        for s, p, o, line in records:
            triple = (term(s), term(p), term(o))
            graph.add(triple)
            if isinstance(line, int):
                lines.setdefault(triple, line)
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise UntrustedInputError(f"the parser process gave an answer that could not be read ({error})",
                                  file=name) from None
    finally:
        term_logger.removeFilter(_quiet_literal_casts)
    return graph, lines


def _quiet_literal_casts(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("Failed to convert Literal lexical form")


def _int(value) -> int | None:
    return value if isinstance(value, int) else None


__all__ = ["FORMATS", "CONTRIBUTION_BASE", "Limits", "parse_untrusted", "parse_untrusted_with_lines",
           "resolve_format"]
