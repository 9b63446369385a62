"""SELECT and ASK answers for people: the `table` and `markdown` formats.

A cell shows an IRI by its English `rdfs:label` where the store has one, and otherwise by a name
that pastes back into a query: a CURIE (`njr:japan`) when the local name needs no escape, or the
whole `<IRI>` (`<https://w3id.org/nj-graph/id/place/tokyo>`). A literal shows its lexical form, a
blank node `_:id`, an unbound variable nothing; white space runs become one space, so that each
value stays on one line. The machine formats (csv, tsv, json, xml) carry every IRI.

For a terminal (`width` given, `styled`) rich draws the table within the width, wrapping long
cells, with a bold header and IRIs in colour as links to themselves. Otherwise (a pipe, a file)
it is plain text laid out with spaces and ASCII dashes, unwrapped and uncut, one row a line, with
no colour codes, so that `grep` and `cut` work on it. rich is imported only when a table is drawn.
"""

from __future__ import annotations

import io
import re
from typing import NamedTuple

from pyoxigraph import BlankNode, NamedNode

from ..core.prefixes import iri_name
from .answer import Answer, Term
from .results import Labels, ask_rows

#: Wide enough that no table is ever wrapped when there is no terminal to fit.
_UNBOUNDED = 1 << 20


class Cell(NamedTuple):
    text: str
    iri: str | None = None  # the IRI the cell shows
    labelled: bool = False  # shown by its label rather than its name


def cells(answer: Answer, labels: Labels | None) -> tuple[list[str], list[list[Cell]]]:
    """Column names and display cells, with one call to `labels` for every IRI of the answer.

    A column `xLabel` that only repeats what column `x` already shows (the label of its IRI) is
    left out: stored queries give both for machines, and a person needs it once.

    >>> from pyoxigraph import Literal
    >>> japan = NamedNode("https://w3id.org/nj-graph/id/japan")
    >>> answer = Answer("SELECT", ["member", "memberLabel"], [(japan, Literal("Japan"))])
    >>> cells(answer, lambda iris: {japan.value: "Japan"})[0]
    ['member']
    """
    names, rows = ask_rows(answer)
    found: dict[str, str] = {}
    if labels is not None:
        iris = list(dict.fromkeys(term.value for row in rows for term in row if isinstance(term, NamedNode)))
        found = dict(labels(iris)) if iris else {}
    shown = [[_cell(term, found) for term in row] for row in rows]
    keep = [index for index, name in enumerate(names) if not _repeats(names, shown, index)]
    return [names[i] for i in keep], [[row[i] for i in keep] for row in shown]


def _repeats(names: list[str], rows: list[list[Cell]], index: int) -> bool:
    """True when column `index` is `xLabel` and every cell equals column `x`'s label."""
    name = names[index]
    if not name.endswith("Label") or name[: -len("Label")] not in names or not rows:
        return False
    other = names.index(name[: -len("Label")])
    return all(row[index].text == row[other].text and (row[other].labelled or not row[other].text)
               for row in rows)


def _cell(term: Term | None, labels: dict[str, str]) -> Cell:
    if term is None:
        return Cell("")
    if isinstance(term, NamedNode):
        label = " ".join(labels.get(term.value, "").split())
        return Cell(label, term.value, True) if label else Cell(iri_name(term.value), term.value)
    if isinstance(term, BlankNode):
        return Cell(f"_:{term.value}")
    return Cell(" ".join(term.value.split()))


def _count(rows: list) -> str:
    return f"({len(rows)} row{'' if len(rows) == 1 else 's'})"


def table(answer: Answer, *, labels: Labels | None = None, width: int | None = None,
          styled: bool = False) -> str:
    """The answer as a table: fitted to `width` columns when given, otherwise never wrapped.

    `styled` adds a terminal's styling (bold header, a box-drawing rule, IRIs as links).
    An ASK answer is `yes` or `no`.
    """
    if answer.kind == "ASK":
        return ("yes" if answer.boolean else "no") + "\n"
    names, rows = cells(answer, labels)
    if width is None and not styled:
        return _unwrapped(names, rows) + _count(rows) + "\n"
    return _fitted(names, rows, width or _UNBOUNDED, styled) + _count(rows) + "\n"


def _unwrapped(names: list[str], rows: list[list[Cell]]) -> str:
    """Columns two spaces apart, a rule of dashes under the header, one row a line.

    Drawn by hand rather than by rich, which takes about a second per two thousand rows: piped
    output can be the whole graph. rich's `cell_len` still measures, so wide characters align.
    """
    from rich.cells import cell_len

    texts = [[cell.text for cell in row] for row in rows]
    widths = [max([cell_len(name)] + [cell_len(row[i]) for row in texts]) for i, name in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join(value + " " * (w - cell_len(value)) for value, w in zip(values, widths)).rstrip()

    lines = [line(names), "  ".join("-" * w for w in widths)] + [line(row) for row in texts]
    return "\n".join(lines) + "\n"


def _fitted(names: list[str], rows: list[list[Cell]], width: int, styled: bool) -> str:
    """The table drawn by rich within `width` columns, long cells wrapped (long words folded)."""
    from rich import box
    from rich.console import Console
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    if not names:
        return "\n\n"
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=styled, no_color=not styled,
                      color_system="auto" if styled else None, highlight=False, markup=False, emoji=False,
                      legacy_windows=False)
    # Without a terminal: a header, a rule of dashes under it, rows; spaces and ASCII dashes only.
    plain = box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)
    drawn = Table(box=box.SIMPLE_HEAD if styled else plain, show_edge=False, pad_edge=False,
                  padding=(0, 1, 0, 0), header_style="bold" if styled else "")
    for name in names:
        drawn.add_column(name, overflow="fold")
    for row in rows:
        drawn.add_row(*(Text(c.text, style=Style(color="cyan", link=c.iri) if styled and c.iri else "")
                        for c in row))
    console.print(drawn)
    if styled:
        return out.getvalue()
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    # The rule is the first line of dashes (a long header may wrap above it). rich runs it under
    # each cell's right padding too; drop that dash, as in the unwrapped table.
    rule = next(i for i, line in enumerate(lines) if re.fullmatch(r"[- ]*-[- ]*", line))
    lines[rule] = lines[rule].replace("- ", "  ")
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def _escape(text: str) -> str:
    """Text that Markdown shows as it is (and a `|` that does not end the cell)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_cell(cell: Cell) -> str:
    if cell.labelled:
        return f"[{_escape(cell.text)}](<{cell.iri}>)"  # the label, linked to the IRI it stands for
    if cell.iri is not None:
        return f"`{cell.text}`"  # names hold no backtick or pipe: IRIs cannot contain them
    return _escape(cell.text)


def markdown(answer: Answer, *, labels: Labels | None = None) -> str:
    """The answer as a Markdown (GFM) table, cells shown as in the terminal table."""
    names, rows = cells(answer, labels)
    lines = ["| " + " | ".join(names) + " |", "|" + "|".join("---" for _ in names) + "|"]
    lines += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
