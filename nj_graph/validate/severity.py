"""How serious a finding is, and the report formats: what the command line offers, without the validator.

The `validate` command declares `--fail-on` and `--output` from these, so defining its options
imports neither the validator nor its libraries.
"""

from __future__ import annotations

import enum

#: The report formats of `nj-graph validate --output`.
REPORT_FORMATS = ("text", "json", "turtle")


class Severity(enum.IntEnum):
    """How serious a finding is; `--fail-on` picks the lowest one that fails the run."""

    INFO = 0
    WARNING = 1
    VIOLATION = 2

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """`'violation'`, `'warning'` or `'info'` (any case) to a Severity.

        >>> Severity.parse("Warning")
        <Severity.WARNING: 1>
        """
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r}; expected one of {names}") from None

    @property
    def word(self) -> str:
        return self.name.lower()
