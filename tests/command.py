"""Running `nj-graph` in process for the tests, and reading its one line of error."""

from __future__ import annotations

from nj_graph.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of `nj-graph ARGV`."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def one_line(err: str) -> str:
    """The one line an error is, with no traceback; anything else fails the test."""
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {err!r}"
    assert "Traceback" not in err
    return lines[0]
