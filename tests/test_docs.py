"""The README is part of the contract: every command and option is documented, the exit codes
match ExitStatus, the formats, header keys and API names are all there, and the examples run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

import nj_graph
from nj_graph.query.catalogue import HEADER_KEYS, PARAM_KEYS
from nj_graph.cli import cli, main
from nj_graph.query.params import TYPES
from nj_graph.query.results import FORMATS
from nj_graph.core.status import ExitStatus

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

OPENING = [
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/nj-graph query timeline",
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest",
]


def section(heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", README, re.MULTILINE)
    assert match, f"the README has no section {heading!r}"
    level = len(match.group(1))
    end = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(README, match.end())
    return README[match.end():end.start() if end else len(README)]


def test_the_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    assert blocks[:2] == OPENING


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_a_section(name):
    section(f"`nj-graph {name}`")


@pytest.mark.parametrize(("name", "flag"), [
    (name, flag)
    for name, command in sorted(cli.commands.items())
    for param in command.params if isinstance(param, click.Option)
    for flag in param.opts + param.secondary_opts
])
def test_every_option_is_documented_in_its_commands_section(name, flag):
    assert f"`{flag}" in section(f"`nj-graph {name}`"), f"nj-graph {name} {flag} is not in the README"


def test_the_group_options_are_documented():
    for param in cli.params:
        for flag in param.opts:
            if flag.startswith("--"):
                assert f"{flag}" in section("Usage")


def test_the_exit_codes_match_exit_status():
    rows = re.findall(r"^\| (\d+) \| `(\w+)` \|", section("Exit codes"), re.MULTILINE)
    assert [(int(code), name) for code, name in rows] == [(s.value, s.name) for s in ExitStatus]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_output_format_is_documented(fmt):
    assert f"| `{fmt}` |" in section("Output formats")


@pytest.mark.parametrize("word", [*HEADER_KEYS, *PARAM_KEYS, *TYPES])
def test_the_header_format_is_documented(word):
    assert f"`{word}`" in section("Stored queries and their header")


@pytest.mark.parametrize("name", [n for n in nj_graph.__all__ if n != "__version__"])
def test_every_public_name_is_documented(name):
    assert f"`{name}" in section("Python API")


def test_the_cache_environment_variable_is_documented():
    from nj_graph.store.reasoning import CACHE_ENV, KEEP, MODES

    text = section("Reasoning and the cache")
    assert f"${CACHE_ENV}" in text and f"the {KEEP} most recently used" in text
    assert all(f"`{mode}`" in text or f"`--reasoning {mode}`" in text for mode in MODES)


def examples() -> list[list[str]]:
    """The `nj-graph ...` command lines in the README's sh blocks (continuation lines joined)."""
    found = []
    for block in re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("nj-graph "):
                found.append(shlex.split(line)[1:])
    return found


@pytest.mark.parametrize("argv", examples(), ids=" ".join)
def test_the_readme_examples_run(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NJ_GRAPH_CACHE_DIR", str(tmp_path / "cache"))
    argv = [str(tmp_path / Path(a).name) if argv[i - 1] in ("-o", "--output") else a for i, a in enumerate(argv)]
    status = main(argv)
    assert status == ExitStatus.OK, capsys.readouterr().err


def test_the_header_example_is_a_valid_stored_query(tmp_path):
    from nj_graph.query.catalogue import read_query

    [example] = re.findall(r"```sparql\n(.*?)\n```", section("Stored queries and their header"), re.DOTALL)
    path = tmp_path / "example.rq"
    path.write_text(example + "\n", encoding="utf-8")
    stored = read_query(path)
    assert stored.summary and set(stored.params) == {"currency", "minimum"}
