"""Errors a user can act on. Each renders as one line; none should reach the user as a traceback."""

from __future__ import annotations

from .status import ExitStatus


class NjGraphError(Exception):
    """Base class: an error with a one-line message and an exit status."""

    exit_status: ExitStatus = ExitStatus.BAD_INPUT

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def one_line(self) -> str:
        """`file:line:column: message`, omitting the parts that are not known."""
        where = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        text = " ".join(self.message.split())
        return f"{where}: {text}" if where else text


class UserInputError(NjGraphError):
    """The user's input (argument, query, parameter or file) cannot be used."""


class UnknownQueryError(UserInputError):
    """No stored query has this name."""


class ParameterError(UserInputError):
    """A stored query's parameter is missing, ill-typed or not allowed."""


class QuerySyntaxError(UserInputError):
    """A SPARQL query (stored header or body, or ad hoc) does not parse."""


class UntrustedInputError(UserInputError):
    """An untrusted file was refused or could not be parsed within its limits."""
