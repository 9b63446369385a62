"""nj_graph.core.shipped: a checkout (or an editable install) reads the repository's own folders,
and shipped files are shown relative to the project. The installed wheel is tests/test_wheel.py."""

from __future__ import annotations

from pathlib import Path

from nj_graph.core import shipped
from nj_graph.core.shipped import SHIPPED, Layout, layout

CHECKOUT = Path(__file__).resolve().parents[1]


def test_a_checkout_reads_the_repository_folders_so_edits_need_no_reinstall():
    assert SHIPPED.root.resolve() == CHECKOUT
    assert SHIPPED.data_dir.resolve() == CHECKOUT / "data"
    assert SHIPPED.queries_dir.resolve() == CHECKOUT / "queries"
    assert SHIPPED.ontology_file.resolve() == CHECKOUT / "ontology" / "nj.ttl"
    assert SHIPPED.checks_dir.resolve() == CHECKOUT / "ontology" / "checks"
    assert SHIPPED.sources_dir.resolve() == CHECKOUT / "data" / "sources"
    assert SHIPPED.data_files() == sorted((CHECKOUT / "data").glob("*.ttl"))


def test_the_checkout_has_no_copy_inside_the_package_to_shadow_it():
    assert not (CHECKOUT / "nj_graph" / shipped.INSTALLED_FOLDER).exists()


def test_a_copy_inside_the_package_is_preferred(tmp_path, monkeypatch):
    package = tmp_path / "nj_graph"
    (package / shipped.INSTALLED_FOLDER).mkdir(parents=True)
    assert shipped._shipped_root(package) == package / shipped.INSTALLED_FOLDER


def test_files_are_shown_relative_to_the_project():
    assert SHIPPED.relative(CHECKOUT / "data" / "agents.ttl") == "data/agents.ttl"
    assert SHIPPED.relative(Path("/elsewhere/facts.ttl")) == "/elsewhere/facts.ttl"


def test_another_project_folder_is_laid_out_alike(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "b.ttl").touch()
    (tmp_path / "data" / "a.ttl").touch()
    (tmp_path / "data" / "notes.md").touch()
    project = layout(tmp_path)
    assert project == Layout(tmp_path) and layout() is SHIPPED
    assert project.data_files() == [tmp_path / "data" / "a.ttl", tmp_path / "data" / "b.ttl"]
    assert project.shapes_file == tmp_path / "ontology" / "shapes.ttl"
