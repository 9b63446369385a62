"""A `Description` for people at a terminal: `nj-graph describe`'s default view, drawn by rich.

Piped or redirected, rich writes the same tables without colour, so the text can be read by grep.
"""

from __future__ import annotations

from .describe import Description, Term


def _cell(term: Term) -> str:
    if term.kind == "literal":
        suffix = f"@{term.language}" if term.language else ""
        return f"{term.value}{suffix}"
    if term.kind == "blank":
        inside = "; ".join(f"{s.predicate.shown} {_cell(s.object)}" for s in term.statements)
        return f"[ {inside} ]" if inside else "[]"
    return term.label if term.label else term.name


def render_terminal(description: Description, *, width: int | None = None, color: bool | None = None) -> str:
    """The description as text: a heading, the statements, the links to it and the quotes."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(width=width or 100, record=True, force_terminal=color, no_color=color is False,
                      highlight=False, soft_wrap=False, file=_Discard())
    heading = Text(description.shown, style="bold")
    console.print(heading)
    console.print(Text(f"{description.iri}" + (f"  ({', '.join(t.shown for t in description.types)})"
                                                 if description.types else ""), style="dim"))
    if description.statements:
        table = Table(title="Statements", title_justify="left", show_header=True, expand=False)
        table.add_column("property")
        table.add_column("value", overflow="fold")
        for statement in description.statements:
            table.add_row(Text(statement.predicate.shown), Text(_cell(statement.object)))
        console.print(table)
    if description.incoming:
        table = Table(title="Links to it", title_justify="left")
        table.add_column("from", overflow="fold")
        table.add_column("property")
        for link in description.incoming:
            table.add_row(Text(_cell(link.subject)), Text(link.predicate.shown))
        console.print(table)
    if description.quotes:
        table = Table(title="Source quotes", title_justify="left")
        table.add_column("quote")
        table.add_column("where")
        table.add_column("exact words", overflow="fold")
        for quote in description.quotes:
            where = f"{quote.start}-{quote.end}" if quote.start is not None else ""
            table.add_row(Text(quote.quote.name), Text(where), Text(quote.exact or ""))
        console.print(table)
    return console.export_text(styles=bool(color))


class _Discard:
    """rich draws into its record; nothing goes to a real stream until the text is returned."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False
