"""Exit codes: a contract with scripts and CI, written in the README too."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    """What the `nj-graph` command returns to the shell."""

    #: The command did its job (a query ran; a validation found the data conforming).
    OK = 0
    #: The input was usable but does not conform (validation found problems at or above --fail-on).
    NOT_CONFORMING = 1
    #: Unusable input: bad arguments, unknown query, bad parameter, syntax error, unreadable or
    #: refused file (too large, too deep, an entity bomb, over the time or memory limit).
    BAD_INPUT = 2
    #: A defect in nj-graph itself; the message asks for a bug report.
    INTERNAL_ERROR = 3
