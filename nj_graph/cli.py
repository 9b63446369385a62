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
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .core.atomic import write_atomically
from .core.errors import NjGraphError, ParameterError, UserInputError
from .core.guard import WorkerDefect, run_guarded
from .core.library_output import DEBUG_ENV, library_output_silenced
from .core.namespaces import curie
from .core.status import ExitStatus
from .query import catalogue, sparql
from .query.answering import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, answer_text
from .query.results import FORMATS, GRAPH_FORMATS, ROW_FORMATS
from .store.reasoning import CACHE_ENV, MODES
from .store.untrusted import Limits
from .validate import provenance, validation
from .validate.findings import Severity
from .validate.report_formats import REPORT_FORMATS, render_report

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
@queries_dir_option
def query_command(name: str, params: tuple[str, ...], fmt: str | None, output: Path | None, reasoning: str,
                  data: tuple[Path, ...], cache_dir: Path | None, timeout: float, memory: int,
                  queries_dir: Path | None) -> ExitStatus:
    """Run the stored query NAME (see 'nj-graph queries')."""
    stored = catalogue.get_query(name, queries_dir)
    bindings = stored.bind(_key_values(params))  # checked before the graph is loaded
    _check_format(stored.query, fmt)
    _emit(_answer(stored.text, str(stored.path), bindings, fmt, data, reasoning, cache_dir, timeout, memory),
          output)
    return ExitStatus.OK


@cli.command("sparql")
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              default=None, help="Read the query from this file ('-' for standard input).")
@output_options("--format")
@graph_options
def sparql_command(query: str | None, query_file: Path | None, fmt: str | None, output: Path | None,
                   reasoning: str, data: tuple[Path, ...], cache_dir: Path | None, timeout: float,
                   memory: int) -> ExitStatus:
    """Run an ad-hoc read-only SPARQL QUERY; the project's prefixes (nj:, njr:, ...) are declared."""
    text, source = _query_text(query, query_file)
    parsed = sparql.parse(text, file=source)  # syntax errors reported before any work
    _check_format(parsed, fmt)
    _emit(_answer(text, source, {}, fmt, data, reasoning, cache_dir, timeout, memory), output)
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
@click.option("--deadline", type=click.FloatRange(min=0.1), default=Limits().deadline_seconds, show_default=True,
              help="Seconds parsing and validation may take before they are stopped.")
@click.option("--memory", type=click.IntRange(min=64), default=Limits().max_memory_bytes >> 20, show_default=True,
              help="Megabytes of memory parsing and validation may use.")
def validate_command(files: tuple[Path, ...], input_format: str | None, report_format: str, fail_on: str,
                     deadline: float, memory: int) -> ExitStatus:
    """Check contributed RDF FILES against the ontology, shapes, checks and shipped data.

    With no FILES, validate the shipped graph itself. Only the problems the files bring are reported.
    """
    limits = Limits(deadline_seconds=deadline, max_memory_bytes=memory << 20)
    threshold = Severity.parse(fail_on)
    report = validation.validate_guarded(files, format=input_format, limits=limits)
    click.echo(render_report(report, report_format, threshold), nl=False)
    return report.exit_status(threshold)


@cli.command("cite")
@click.argument("text")
@click.option("--quote", "quote_name", default="njr:quote/new", show_default=True, metavar="IRI",
              help="The name of the new quote resource (njr:quote/<statement id>).")
@click.option("--occurrence", type=click.IntRange(min=0), default=None,
              help="Which occurrence (0-based) to cite when TEXT occurs more than once.")
def cite_command(text: str, quote_name: str, occurrence: int | None) -> ExitStatus:
    """Print a source quote for TEXT, with its offsets in the shipped source, ready to paste."""
    try:
        click.echo(provenance.cite(text, quote=quote_name, occurrence=occurrence), nl=False)
    except provenance.QuoteError as error:
        raise UserInputError(str(error)) from None
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


_GRAPH_QUERIES = ("ConstructQuery", "DescribeQuery")


def _check_format(parsed: Any, fmt: str | None) -> None:
    """Refuse a format that does not fit the query's kind before the (slow) graph load."""
    if fmt is None:
        return
    makes_graph = parsed.algebra.name in _GRAPH_QUERIES
    if makes_graph and fmt not in GRAPH_FORMATS:
        raise UserInputError(f"this query gives a graph: use --format {', '.join(GRAPH_FORMATS)}, not {fmt}")
    if not makes_graph and fmt not in ROW_FORMATS:
        raise UserInputError(f"this query gives rows: use --format {', '.join(ROW_FORMATS)}, not {fmt}")


def _answer(text: str, source: str, bindings: dict, fmt: str | None, data: tuple[Path, ...], reasoning: str,
            cache_dir: Path | None, timeout: float, memory: int) -> str:
    """Load, run and render in a child process that is stopped at the deadline or memory cap."""
    return run_guarded(answer_text, text, file=source, bindings=bindings, fmt=fmt, extra=list(data),
                       reasoning=reasoning, cache_dir=cache_dir, deadline_seconds=timeout,
                       memory_bytes=memory << 20, what="answering the query")


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
    from rdflib import URIRef

    return curie(term) if isinstance(term, URIRef) else str(term)


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
            traceback.print_exc()
            if isinstance(error, WorkerDefect):
                click.echo(error.child_traceback, err=True)
        _error(f"internal error: {type(error).__name__}: {error} (please report this as a bug; "
               f"set {DEBUG_ENV}=1 to see the traceback)")
        return ExitStatus.INTERNAL_ERROR
    if status is None:
        return ExitStatus.OK
    return ExitStatus(status) if status in set(ExitStatus) else int(status)
