"""What a validation finds: findings with a rule id and a severity, gathered in a report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Node

from ..core.status import ExitStatus
from .severity import Severity


@dataclass(frozen=True)
class Finding:
    """One problem a contribution brings, with the rule that found it and where it is."""

    rule: str
    severity: Severity
    message: str
    focus: Node | None = None
    path: Node | None = None
    value: Node | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def key(self) -> tuple:
        """Identity used to tell a contribution's findings from those the shipped data has already.

        A finding about no particular resource (an inconsistency of the whole graph) is told apart
        by its message.
        """
        return (self.rule, self.focus, self.path, self.value, self.message if self.focus is None else None)


@dataclass
class Report:
    """The findings of one validation run, and whether the input could be used at all."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: True when some input could not be used (syntax error, refused file): exit status 2.
    unusable: bool = False
    #: English labels of the resources the findings are about, for people reading the report.
    labels: dict[Node, str] = field(default_factory=dict)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def counts(self) -> dict[Severity, int]:
        counts = {severity: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def conforms(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """True when the input was usable and nothing at or above `fail_on` was found."""
        return not self.unusable and not any(f.severity >= fail_on for f in self.findings)

    def exit_status(self, fail_on: Severity = Severity.VIOLATION) -> ExitStatus:
        if self.unusable:
            return ExitStatus.BAD_INPUT
        return ExitStatus.OK if self.conforms(fail_on) else ExitStatus.NOT_CONFORMING

    def sorted(self) -> list[Finding]:
        """Findings in a stable order: by file, line, resource, then most severe first."""
        return sorted(
            self.findings,
            key=lambda f: (f.file or "", f.line or 0, str(f.focus or ""), -f.severity, f.rule, str(f.path or ""),
                           str(f.value or "")),
        )

