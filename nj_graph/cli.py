"""The `nj-graph` command: thin click commands over the library.

Each command parses its arguments and calls library functions; nothing here knows SPARQL or RDF.
Options shared by several commands are declared once, below, as decorators. A new command is one
more function decorated with `@cli.command(...)` and the shared options it needs.

`main(argv)` runs the command in process and returns an ExitStatus: every NjGraphError, click
usage error and unreadable file becomes one line on stderr and exit status 2; anything else is a
defect of nj-graph, reported in one line with exit status 3.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .core.atomic import write_atomically
from .core.errors import NjGraphError, ParameterError, UserInputError
from .core.guard import WorkerDefect, run_guarded
from .core.library_output import DEBUG_ENV, library_output_silenced
from .core.prefixes import curie
from .core.status import ExitStatus
from .query import catalogue, sparql
from .query.answering import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, answer_text
from .query.results import FORMATS, GRAPH_FORMATS, ROW_FORMATS, terminal_options
from .store.base import DEFAULT_STORE, STORE_KINDS, StoreSpec
from .store.closure_cache import CACHE_ENV, MODES
from .core.limits import DEFAULT_DEADLINE_SECONDS, DEFAULT_MEMORY_MB as DEFAULT_VALIDATION_MEMORY_MB
from .validate.severity import REPORT_FORMATS, Severity

# The validator, provenance and the RDF libraries behind them are imported inside the commands
# that use them: answering a query from pyoxigraph must not pay for rdflib's import.

PROG = "nj-graph"

# ---------------------------------------------------------------------------------------------
# Shared options, declared once
# ---------------------------------------------------------------------------------------------

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _apply(*decorators: Decorator) -> Decorator:
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return decorate


#: What to load: reasoning, extra data files, and where closures are cached.
graph_options = _apply(
    click.option("--reasoning", type=click.Choice(MODES), default="none", show_default=True,
                 help="Add the RDFS or OWL 2 RL closure (computed once, then cached)."),
    click.option("--data", "data", multiple=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
                 help="Also load this RDF file (format from its extension, read through the guarded door); repeatable."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help=f"Where reasoning closures are cached [default: ${CACHE_ENV} or ~/.cache/nj-graph]."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT_SECONDS, show_default=True,
                 help="Seconds loading and answering may take before they are stopped."),
    click.option("--memory", type=click.IntRange(min=64), default=DEFAULT_MEMORY_MB, show_default=True,
                 help="Megabytes of memory loading and answering may use."),
)

#: Which store answers.
store_option = click.option(
    "--store", "store", default=DEFAULT_STORE, show_default=True, metavar="STORE",
    help=f"Where the graph lives: {', '.join(STORE_KINDS)} (in memory), oxigraph:PATH (filled by "
         "'nj-graph load'), or the URL of a SPARQL endpoint.")

def filling_options(verb: str) -> Decorator:
    """--reasoning, --data and --cache-dir for a command that builds the graph it works on (`verb`s it)."""
    return _apply(
        click.option("--reasoning", type=click.Choice(MODES), default="none", show_default=True,
                     help=f"{verb.capitalize()} the RDFS or OWL 2 RL closure (computed once, then cached) "
                          "instead of the asserted graph."),
        click.option("--data", "data", multiple=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
                     help=f"Also {verb} this RDF file (pyoxigraph reads Turtle, N-Triples, N-Quads and TriG; "
                          "other formats come through the guarded door); repeatable."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help=f"Where reasoning closures are cached [default: ${CACHE_ENV} or ~/.cache/nj-graph]."),
    )


#: Where stored queries are read from.
queries_dir_option = click.option(
    "--queries-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
    help="Read stored queries from this folder instead of the shipped queries/.")


def output_options(*format_flags: str) -> Decorator:
    """The output format and file. `sparql` uses `-f` for its query file, so its format is `--format` only."""
    return _apply(
        click.option(*format_flags, "fmt", type=click.Choice(FORMATS), default=None,
                     help=f"Output format: {', '.join(ROW_FORMATS)} for SELECT/ASK [default: table]; "
                          f"{', '.join(GRAPH_FORMATS)} for CONSTRUCT/DESCRIBE [default: turtle]."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Write the answer to this file (atomically) instead of standard output."),
    )


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name=PROG)
def cli() -> None:
    """Ask the NATO-Japan knowledge graph questions: stored queries or your own SPARQL."""


@cli.command("queries")
@queries_dir_option
def queries_command(queries_dir: Path | None) -> ExitStatus:
    """List the stored queries with their summaries and parameters."""
    click.echo(_describe(catalogue.list_queries(queries_dir)), nl=False)
    return ExitStatus.OK


@cli.command("query")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the stored query; repeatable. See 'nj-graph queries'.")
@output_options("-f", "--format")
@graph_options
@store_option
@queries_dir_option
def query_command(name: str, params: tuple[str, ...], fmt: str | None, output: Path | None, reasoning: str,
                  data: tuple[Path, ...], cache_dir: Path | None, timeout: float, memory: int, store: str,
                  queries_dir: Path | None) -> ExitStatus:
    """Run the stored query NAME (see 'nj-graph queries')."""
    stored = catalogue.get_query(name, queries_dir)
    bindings = stored.bind(_key_values(params))  # checked before the graph is loaded
    _check_format(stored.query, fmt)
    _emit(_answer(stored.query, bindings, fmt, store, data, reasoning, cache_dir, timeout, memory, output), output)
    return ExitStatus.OK


@cli.command("sparql")
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              default=None, help="Read the query from this file ('-' for standard input).")
@output_options("--format")
@graph_options
@store_option
def sparql_command(query: str | None, query_file: Path | None, fmt: str | None, output: Path | None,
                   reasoning: str, data: tuple[Path, ...], cache_dir: Path | None, timeout: float,
                   memory: int, store: str) -> ExitStatus:
    """Run an ad-hoc read-only SPARQL QUERY; the project's prefixes (nj:, njr:, ...) are declared."""
    text, source = _query_text(query, query_file)
    parsed = sparql.parse(text, file=source)  # refusals before any work; syntax in the worker
    _check_format(parsed, fmt)
    _emit(_answer(parsed, {}, fmt, store, data, reasoning, cache_dir, timeout, memory, output), output)
    return ExitStatus.OK


@cli.command("load")
@click.argument("target", metavar="oxigraph:PATH")
@filling_options("load")
def load_command(target: str, reasoning: str, data: tuple[Path, ...], cache_dir: Path | None) -> ExitStatus:
    """Fill a persistent Oxigraph store at PATH with the graph, for '--store oxigraph:PATH'.

    A store nj-graph loaded before is replaced whole, and only once the new one is complete.
    """
    from .store.oxigraph import load_persistent

    spec = StoreSpec.parse(target)
    if not spec.persistent:
        raise UserInputError(f"load fills a store on disk: give oxigraph:PATH, not {target!r}")
    count = load_persistent(Path(spec.location), data, reasoning=reasoning, cache_dir=cache_dir)
    click.echo(f"loaded {count:,} triples into {spec}", err=True)
    return ExitStatus.OK


@cli.command("push")
@click.argument("url", metavar="GSP-URL")
@click.option("--graph", "graph_iri", default=None, metavar="IRI",
              help="The named graph to replace [default: https://w3id.org/nj-graph/graph/main, which "
                   "'--store URL' queries].")
@filling_options("push")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=600.0, show_default=True,
              help="Seconds the upload may take before it is stopped.")
def push_command(url: str, graph_iri: str | None, reasoning: str, data: tuple[Path, ...], cache_dir: Path | None,
                 timeout: float) -> ExitStatus:
    """Replace the project's graph in a triplestore over the SPARQL 1.1 Graph Store Protocol.

    GSP-URL is the store's Graph Store Protocol endpoint (Oxigraph: /store; Virtuoso:
    /sparql-graph-crud-auth). Only that named graph is replaced; the rest of the store is left alone.
    """
    from .core.progress import progress
    from .store.oxigraph import OxigraphStore
    from .store.remote import DEFAULT_PUSH_GRAPH, push

    source = OxigraphStore.in_memory(data, reasoning=reasoning, cache_dir=cache_dir)
    graph_iri = graph_iri or DEFAULT_PUSH_GRAPH
    sent = [0]

    with progress(f"pushing to {url}", total=len(source), unit="triples") as advance:
        def advanced(count: int) -> None:
            advance(count - sent[0])
            sent[0] = count

        count = push(url, source.triples(), graph=graph_iri, timeout=timeout, progress=advanced)
    click.echo(f"pushed {count:,} triples to {url} (graph <{graph_iri}>)", err=True)
    return ExitStatus.OK


@cli.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "input_format", default=None, metavar="FORMAT",
              help="Parse the files as this format (turtle, ntriples, nquads, trig, json-ld, xml) "
                   "instead of telling it from the extension.")
@click.option("--output", "report_format", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="Report for people (text) or machines (json; turtle: a SHACL validation report).")
@click.option("--fail-on", type=click.Choice([s.word for s in Severity]), default="violation", show_default=True,
              help="The lowest severity that makes the run fail (exit status 1).")
@click.option("--deadline", type=click.FloatRange(min=0.1), default=DEFAULT_DEADLINE_SECONDS, show_default=True,
              help="Seconds parsing and validation may take before they are stopped.")
@click.option("--memory", type=click.IntRange(min=64), default=DEFAULT_VALIDATION_MEMORY_MB, show_default=True,
              help="Megabytes of memory parsing and validation may use.")
@click.option("--store", "store", default=None, metavar="STORE",
              help="Judge the FILES against what this store holds: oxigraph:PATH (filled by 'nj-graph load') "
                   "or the URL of a SPARQL endpoint [default: the shipped data].")
def validate_command(files: tuple[Path, ...], input_format: str | None, report_format: str, fail_on: str,
                     deadline: float, memory: int, store: str | None) -> ExitStatus:
    """Check contributed RDF FILES against the ontology, shapes, checks and shipped data.

    With no FILES, validate the shipped graph itself. Only the problems the files bring are reported.
    With --store, the FILES are judged against the store's graph instead of the shipped data: the
    statements it holds about every resource they mention.
    """
    from .validate import validation
    from .validate.report_formats import render_report

    from .store.untrusted import Limits

    limits = Limits(deadline_seconds=deadline, max_memory_bytes=memory << 20)
    threshold = Severity.parse(fail_on)
    if store is not None:
        StoreSpec.parse(store)  # a misspelt store is a usage error before any work
    report = validation.validate_guarded(files, format=input_format, limits=limits, store=store)
    click.echo(render_report(report, report_format, threshold), nl=False)
    return report.exit_status(threshold)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="The port to listen on.")
@store_option
@filling_options("serve")
@queries_dir_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Query worker processes, each holding the store [default: the number of CPUs].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a query may run before its worker is stopped and replaced.")
@click.option("--memory", type=click.IntRange(min=64), default=4096, show_default=True,
              help="Megabytes of memory each query worker may use beyond the store.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) at most in one answer; the rest are cut off.")
@click.option("--max-request", type=click.IntRange(min=1024), default=64 * 1024, show_default=True,
              help="Bytes at most in a request body or query string.")
@click.option("--max-upload", type=click.IntRange(min=1024), default=5 * 1024 * 1024, show_default=True,
              help="Bytes at most in a file sent to POST /validate.")
@click.option("--rate-limit", type=click.FloatRange(min=0), default=20.0, show_default=True,
              help="Requests a second each client may make on average (0: no limit); over it, 429.")
@click.option("--rate-burst", type=click.IntRange(min=1), default=100, show_default=True,
              help="Requests a client may make at once before the rate limit applies.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log one line a request on standard error.")
def serve_command(host: str, port: int, store: str, reasoning: str, data: tuple[Path, ...],
                  cache_dir: Path | None, queries_dir: Path | None, workers: int | None, timeout: float,
                  memory: int, max_rows: int, max_request: int, max_upload: int, rate_limit: float,
                  rate_burst: int, access_log: bool) -> ExitStatus:
    """Serve the graph over HTTP: SPARQL endpoint, stored-query API, resource pages and a web page."""
    from .serve.run import serve
    from .serve.settings import Settings, default_workers

    from .store.base import open_store

    spec = StoreSpec.parse(store)
    # Open the store once here, as each worker will: a missing store, an unreadable --data file or a
    # reasoning option it cannot take is then one line before the server starts, not a worker's
    # traceback in the server's log.
    open_store(spec, reasoning=reasoning, extra=data, cache_dir=cache_dir, timeout=timeout).close()
    if spec.persistent:
        _warn_if_stale(spec)
    settings = Settings(store=str(spec), reasoning=reasoning, extra=tuple(data), cache_dir=cache_dir,
                        queries_dir=queries_dir, workers=workers or default_workers(), timeout=timeout,
                        memory_mb=memory, max_rows=max_rows, max_request_bytes=max_request,
                        max_upload_bytes=max_upload, rate_limit=rate_limit, rate_burst=rate_burst,
                        access_log=access_log)
    serve(settings, host=host, port=port)
    return ExitStatus.OK


@cli.command("cite")
@click.argument("text")
@click.option("--quote", "quote_name", default="njr:quote/new", show_default=True, metavar="IRI",
              help="The name of the new quote resource (njr:quote/<statement id>).")
@click.option("--occurrence", type=click.IntRange(min=0), default=None,
              help="Which occurrence (0-based) to cite when TEXT occurs more than once.")
def cite_command(text: str, quote_name: str, occurrence: int | None) -> ExitStatus:
    """Print a source quote for TEXT, with its offsets in the shipped source, ready to paste."""
    from .validate import provenance

    try:
        click.echo(provenance.cite(text, quote=quote_name, occurrence=occurrence), nl=False)
    except provenance.QuoteError as error:
        raise UserInputError(str(error)) from None
    return ExitStatus.OK


#: The dump formats of `export` and `describe` (nj_graph.publish.serialize.FORMATS; written out here
#: so that the command line need not import the serialisers to list them).
EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "json-ld", "rdfxml")


@cli.command("export")
@click.option("-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True,
              help="The dump's format (jsonld and json-ld are the same).")
@click.option("--include", default=None, metavar="PARTS",
              help="Which parts of the graph, comma-separated: ontology, shapes, data [default: ontology,data].")
@filling_options("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the dump to this file (atomically) instead of standard output.")
@store_option
def export_command(fmt: str, include: str | None, reasoning: str, data: tuple[Path, ...], cache_dir: Path | None,
                   output: Path | None, store: str) -> ExitStatus:
    """Dump the graph in an RDF format; the same graph always gives the same bytes."""
    from .publish.export import export_bytes, export_to

    dump = export_bytes(fmt, store=store, include=include, reasoning=reasoning, extra=data, cache_dir=cache_dir)
    if output is None or str(output) == "-":
        stream = click.get_binary_stream("stdout")
        stream.write(dump)
        stream.flush()
    else:
        export_to(output, dump)
        click.echo(f"wrote {output}", err=True)
    return ExitStatus.OK


@cli.command("describe")
@click.argument("iri")
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "turtle", "jsonld", "json-ld", "json")),
              default="text", show_default=True,
              help="text for people; turtle or json-ld: the triples; json: the description as data.")
@filling_options("read")
@store_option
def describe_command(iri: str, fmt: str, reasoning: str, data: tuple[Path, ...], cache_dir: Path | None,
                     store: str) -> ExitStatus:
    """Print everything the graph says about IRI (a CURIE such as njr:japan, or a full IRI), with its sources."""
    import json

    from .publish.describe import describe, resolve, resource_triples
    from .store.base import open_store

    target = resolve(iri)
    opened = open_store(store, reasoning=reasoning, extra=data, cache_dir=cache_dir)
    try:
        triples = resource_triples(opened, target)
        description = describe(opened, target, triples=triples)
    finally:
        opened.close()
    if fmt == "text":
        from .publish.terminal import render_terminal

        display = terminal_options(click.get_text_stream("stdout"))  # width and colour on a terminal only
        click.echo(render_terminal(description, width=display.get("width"), color=display.get("styled", False)),
                   nl=False)
    elif fmt == "json":
        click.echo(json.dumps(description.as_dict(), ensure_ascii=False, indent=2))
    else:
        from .publish.serialize import serialize

        click.echo(serialize(triples, fmt).decode("utf-8"), nl=False)
    return ExitStatus.OK


@cli.command("publish")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--site-url", default=None, metavar="URL",
              help="Where the site will be hosted; also writes w3id.htaccess, the redirects of the "
                   "https://w3id.org/nj-graph/ IRIs to it.")
@click.option("--sparql-endpoint", default=None, metavar="URL",
              help="The SPARQL endpoint the dataset description names (void:sparqlEndpoint, a dcat:DataService).")
@filling_options("publish")
@store_option
def publish_command(directory: Path, site_url: str | None, sparql_endpoint: str | None, reasoning: str,
                    data: tuple[Path, ...], cache_dir: Path | None, store: str) -> ExitStatus:
    """Build the static linked-data site in DIR: a page per resource, the ontology, a timeline, dumps, VoID and DCAT.

    The site is built beside DIR and swapped in when complete; a DIR that holds anything but a
    site publish made is never replaced.
    """
    from .publish.site import build_site

    for url, option in ((site_url, "--site-url"), (sparql_endpoint, "--sparql-endpoint")):
        if url is not None and not url.lower().startswith(("http://", "https://")):
            raise UserInputError(f"{option} takes an http(s) URL, not {url!r}")
    built = build_site(directory, store=store, reasoning=reasoning, extra=data, cache_dir=cache_dir,
                       site_url=site_url, endpoint=sparql_endpoint)
    click.echo(f"published {built.pages:,} resource pages, {built.events} events and {len(built.files):,} files "
               f"to {directory}", err=True)
    return ExitStatus.OK


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

def _key_values(pairs: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParameterError(f"--param takes KEY=VALUE, not {pair!r}")
        if key in values:
            raise ParameterError(f"parameter {key!r} is given twice")
        values[key] = value
    return values


def _query_text(query: str | None, query_file: Path | None) -> tuple[str, str]:
    if (query is None) == (query_file is None):
        raise UserInputError("give either a QUERY argument or -f FILE, not both or neither")
    if query is not None:
        return query, "<query>"
    if str(query_file) == "-":
        return sys.stdin.read(), "<stdin>"
    try:
        return query_file.read_text(encoding="utf-8"), str(query_file)
    except (OSError, UnicodeDecodeError) as error:
        raise UserInputError(f"cannot read the query: {getattr(error, 'strerror', None) or error}",
                             file=str(query_file)) from None


def _check_format(parsed: sparql.Query, fmt: str | None) -> None:
    """Refuse a format that does not fit the query's kind before the (slow) graph load."""
    if fmt is None:
        return
    makes_graph = parsed.makes_graph
    if makes_graph and fmt not in GRAPH_FORMATS:
        raise UserInputError(f"this query gives a graph: use --format {', '.join(GRAPH_FORMATS)}, not {fmt}")
    if not makes_graph and fmt not in ROW_FORMATS:
        raise UserInputError(f"this query gives rows: use --format {', '.join(ROW_FORMATS)}, not {fmt}")


def _answer(query: sparql.Query, bindings: dict, fmt: str | None, store: str, data: tuple[Path, ...],
            reasoning: str, cache_dir: Path | None, timeout: float, memory: int, output: Path | None) -> str:
    """Load, run and render in a child process that is stopped at the deadline or memory cap."""
    spec = StoreSpec.parse(store)
    if spec.persistent:
        _warn_if_stale(spec)
    to_terminal = output is None or str(output) == "-"
    display = terminal_options(click.get_text_stream("stdout")) if to_terminal else {}
    return run_guarded(answer_text, query, bindings=bindings, fmt=fmt, store=str(spec), extra=list(data),
                       reasoning=reasoning, cache_dir=cache_dir, timeout=timeout, display=display,
                       deadline_seconds=timeout, memory_bytes=memory << 20, what="answering the query")


def _warn_if_stale(spec: StoreSpec) -> None:
    """Tell the user when a persistent store was filled from inputs that have changed since."""
    from .store.oxigraph import changed_inputs

    changed = changed_inputs(Path(spec.location))
    if changed:
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        _error(f"warning: {spec} was loaded from inputs that have changed since ({', '.join(changed[:3])}{more}); "
               f"answers may be out of date: run 'nj-graph load {spec}' again")


def _emit(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomically(output, text)
    except OSError as error:
        raise UserInputError(f"cannot write the answer: {error.strerror or error}", file=str(output)) from None
    click.echo(f"wrote {output}", err=True)


def _describe(queries: Sequence[catalogue.StoredQuery]) -> str:
    """The listing of `nj-graph queries`: name and summary, then one line per parameter."""
    if not queries:
        return "no stored queries\n"
    lines = []
    for stored in queries:
        tags = f"  [{', '.join(stored.tags)}]" if stored.tags else ""
        lines.append(f"{stored.name}  {stored.summary}{tags}")
        for param in stored.params.values():
            facts = []
            if param.required:
                facts.append("required")
            if param.default is not None:
                facts.append(f"default {_show(param.default)}")
            if param.enum:
                facts.append("one of " + ", ".join(_show(v) for v in param.enum))
            about = " ".join(filter(None, [param.description, f"({'; '.join(facts)})" if facts else ""]))
            lines.append(f"    --param {param.name}=<{param.type}>" + (f"  {about}" if about else ""))
    lines.append("")
    lines.append("Run one with: nj-graph query NAME [--param KEY=VALUE ...]")
    return "\n".join(lines) + "\n"


def _show(term: Any) -> str:
    from pyoxigraph import NamedNode

    return curie(term) if isinstance(term, NamedNode) else term.value


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

def _error(message: str, *, prefix: str = PROG) -> None:
    """One line on stderr, however many lines the message had."""
    click.echo(f"{prefix}: {' '.join(message.split())}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `nj-graph` with `argv` (default: the process arguments) and return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with library_output_silenced():
            status = cli.main(args=args, prog_name=PROG, standalone_mode=False)
    except NjGraphError as error:
        _error(error.one_line())
        return error.exit_status
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help(), err=True)
        return ExitStatus.BAD_INPUT
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else PROG
        _error(f"{error.format_message()} (see '{where} --help')", prefix=where)
        return ExitStatus.BAD_INPUT
    except click.ClickException as error:  # e.g. an unreadable file named in an option
        _error(error.format_message())
        return ExitStatus.BAD_INPUT
    except click.exceptions.Abort:
        _error("interrupted")
        return ExitStatus.BAD_INPUT
    except BrokenPipeError:  # `nj-graph ... | head`: the reader left; not an error
        try:  # keep Python's exit-time flush of stdout from failing again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return ExitStatus.OK
    except Exception as error:  # a defect of nj-graph, not the user's mistake
        if os.environ.get(DEBUG_ENV):
            import traceback

            traceback.print_exc()
            if isinstance(error, WorkerDefect):
                click.echo(error.child_traceback, err=True)
        _error(f"internal error: {type(error).__name__}: {error} (please report this as a bug; "
               f"set {DEBUG_ENV}=1 to see the traceback)")
        return ExitStatus.INTERNAL_ERROR
    if status is None:
        return ExitStatus.OK
    return ExitStatus(status) if status in set(ExitStatus) else int(status)
