"""The distributions work without the checkout: the sdist carries ontology/, data/ and queries/, and
the wheel built from it, installed in a fresh virtual environment and run from a folder outside
the repository, finds its stored queries, ontology, data and source.

The wheel is built as users get it from an index: sdist first, then the wheel from the unpacked
sdist (`python -m build` without `--sdist`/`--wheel`), so a file the sdist forgets is missing from
the wheel too. The build runs without isolation, with the setuptools of the test extra, so it needs
no network.

The fresh environment gets the wheel alone (`--no-deps`) and reaches the dependencies through a
.pth file naming this environment's site-packages. That is offline and quick, and on a clean
machine those are exactly the versions the suite runs with; a .pth line only adds a folder to
sys.path, so this environment's editable install of nj-graph (itself a .pth hook) stays inert and
`nj_graph` is imported from the wheel, which the first test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import nj_graph
from nj_graph.cli import main
from nj_graph.core.shipped import INSTALLED_FOLDER, SHIPPED_FOLDERS

CHECKOUT = Path(__file__).resolve().parents[1]
#: Not part of a source tree, and large: left out of the copy the distributions are built from.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".hypothesis", ".cache")
PASSAGE = "which share similar strategic concerns and key Alliance values"


def shipped_files() -> set[str]:
    """The checkout's shipped files, relative to it: what every distribution must carry."""
    return {path.relative_to(CHECKOUT).as_posix() for folder in SHIPPED_FOLDERS
            for path in (CHECKOUT / folder).rglob("*") if path.is_file() and not path.name.startswith(".")}


def run(command: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    environment["NJ_GRAPH_CACHE_DIR"] = str(cwd / "cache")
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300,
                          **kwargs)


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel built from it, from a copy of the checkout (which stays untouched)."""
    work = tmp_path_factory.mktemp("dist")
    source = work / "source"
    shutil.copytree(CHECKOUT, source, ignore=NOT_SOURCE)
    built = run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(work / "out"), str(source)],
                cwd=work)
    assert built.returncode == 0, built.stdout + built.stderr
    (sdist,), (wheel,) = (work / "out").glob("*.tar.gz"), (work / "out").glob("*.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    ours = [*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])]
    ours = [folder for folder in ours if Path(folder).is_dir()]
    (Path(purelib) / "_test_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    pip = run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
               "--disable-pip-version-check", str(dists["wheel"])], cwd=venv)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return venv / "bin"


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A folder outside the checkout to run the commands from."""
    folder = tmp_path_factory.mktemp("outside")
    assert not folder.is_relative_to(CHECKOUT)
    return folder


def test_sdist_carries_the_shipped_folders(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"setup.py", "pyproject.toml"} <= names
    assert shipped_files() <= names


def test_wheel_carries_the_shipped_folders_inside_the_package(dists):
    prefix = f"nj_graph/{INSTALLED_FOLDER}/"
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        carried = {name[len(prefix):] for name in wheel.namelist() if name.startswith(prefix)}
        top_level = {name.split("/", 1)[0] for name in wheel.namelist()}
    assert carried == shipped_files()
    assert {"ontology/nj.ttl", "ontology/shapes.ttl", "data/sources/nato-japan-cooperation.txt",
            "queries/timeline.rq"} <= carried
    assert top_level == {"nj_graph", f"nj_graph-{nj_graph.__version__}.dist-info"}  # nothing beside the package


def test_the_installed_package_reads_its_own_copy(installed, outside):
    found = run([str(installed / "python"), "-c",
                 "import nj_graph.core.shipped as s; print(s.__file__); print(s.SHIPPED.root)"], cwd=outside)
    assert found.returncode == 0, found.stderr
    module, root = map(Path, found.stdout.splitlines())
    environment = installed.parent
    assert module.is_relative_to(environment) and root.is_relative_to(environment)
    assert root.name == INSTALLED_FOLDER


def test_queries_lists_every_stored_query(installed, outside):
    listed = run([str(installed / "nj-graph"), "queries"], cwd=outside)
    assert listed.returncode == 0, listed.stderr
    # A query's line is its name, two spaces and its summary; its parameters are indented below it.
    names = {line.split("  ", 1)[0] for line in listed.stdout.splitlines() if "  " in line and line[0] != " "}
    assert names == {path.stem for path in (CHECKOUT / "queries").glob("*.rq")}
    assert "timeline" in names


def test_query_timeline_answers_as_from_the_checkout(installed, outside, capsys):
    answered = run([str(installed / "nj-graph"), "query", "timeline", "--format", "tsv"], cwd=outside)
    assert answered.returncode == 0, answered.stderr
    assert main(["query", "timeline", "--format", "tsv"]) == 0
    expected = capsys.readouterr().out
    assert answered.stdout == expected
    assert answered.stdout.startswith("?when\t?event\t") and len(answered.stdout.splitlines()) > 10


def test_validate_the_shipped_graph_names_its_files_relative_to_the_project(installed, outside):
    validated = run([str(installed / "nj-graph"), "validate", "--output", "json"], cwd=outside)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    report = json.loads(validated.stdout)
    assert report["conforms"] is True and report["findings"] == []
    assert report["files"] == sorted(f"data/{path.name}" for path in (CHECKOUT / "data").glob("*.ttl"))


def cited(installed: Path, outside: Path, passage: str, quote: str) -> str:
    result = run([str(installed / "nj-graph"), "cite", passage, "--quote", quote], cwd=outside)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cite_computes_offsets_in_the_shipped_source(installed, outside):
    text = (CHECKOUT / "data" / "sources" / "nato-japan-cooperation.txt").read_text(encoding="utf-8")
    start = text.index(PASSAGE)
    quote = cited(installed, outside, PASSAGE, "njr:quote/wheel")
    assert f'oa:exact "{PASSAGE}"' in quote
    assert (f'oa:start "{start}"^^xsd:nonNegativeInteger ; '
            f'oa:end "{start + len(PASSAGE)}"^^xsd:nonNegativeInteger') in quote


CONTRIBUTION = """\
@prefix nj: <https://w3id.org/nj-graph/ns#> .
@prefix njr: <https://w3id.org/nj-graph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .

njr:topic\\/shared-values-from-a-wheel a nj:Topic ;
    rdfs:label "shared values"@en ;
    skos:prefLabel "shared values"@en ;
    skos:inScheme njr:topics ;
    prov:wasDerivedFrom njr:quote\\/wheel .

"""


def test_validate_a_contribution_against_the_shipped_data_and_source(installed, outside):
    quote = cited(installed, outside, PASSAGE, "njr:quote/wheel")
    good = outside / "good.ttl"
    good.write_text(CONTRIBUTION + quote, encoding="utf-8")
    validated = run([str(installed / "nj-graph"), "validate", "good.ttl"], cwd=outside)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert validated.stdout.startswith("good.ttl: 0 violation(s)") and "conforms" in validated.stdout

    # The same quote one character off: only the shipped source text can tell.
    start = int(quote.split('oa:start "', 1)[1].split('"', 1)[0])
    shifted = quote.replace(f'oa:start "{start}"', f'oa:start "{start + 1}"').replace(
        f'oa:end "{start + len(PASSAGE)}"', f'oa:end "{start + len(PASSAGE) + 1}"')
    (outside / "off.ttl").write_text(CONTRIBUTION + shifted, encoding="utf-8")
    refused = run([str(installed / "nj-graph"), "validate", "off.ttl", "--output", "json"], cwd=outside)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    findings = json.loads(refused.stdout)["findings"]
    assert [f["file"] for f in findings] == ["off.ttl"]
    assert f"is not found at offsets {start + 1}-{start + len(PASSAGE) + 1}" in findings[0]["message"]
