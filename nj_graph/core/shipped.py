"""Where the files nj-graph ships live: the ontology, the data with its sources, the stored queries.

This is the one module that knows. The repository's top-level `ontology/`, `data/` and `queries/`
are their only copy. A wheel carries them inside the package as `nj_graph/_shipped/` (the build
step in `setup.py` copies them there); a checkout, or an editable install of one, has no such
folder and reads the repository's own folders, so an edit to `data/` takes effect without
reinstalling.

Every other module asks `SHIPPED` (or `layout(root)` for another project folder laid out alike),
and shows a shipped file to people with `SHIPPED.relative(path)`: `data/agents.ttl`, the same
from a wheel as from a checkout.

>>> SHIPPED.relative(SHIPPED.data_dir / "agents.ttl")
'data/agents.ttl'
>>> SHIPPED.ontology_file.is_file() and SHIPPED.queries_dir.is_dir()
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Layout", "SHIPPED", "layout"]

#: The folder inside the installed package that the build fills with the shipped folders.
INSTALLED_FOLDER = "_shipped"
#: The top-level folders of the repository that are shipped, each carried whole.
SHIPPED_FOLDERS = ("ontology", "data", "queries")


@dataclass(frozen=True)
class Layout:
    """A project folder: `root` holds ontology/, data/ (with data/sources/) and queries/."""

    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_file(self) -> Path:
        """The OWL ontology (not the shapes)."""
        return self.ontology_dir / "nj.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def context_file(self) -> Path:
        """The JSON-LD context (the project's prefixes) that JSON-LD dumps are compacted with."""
        return self.ontology_dir / "context.jsonld"

    @property
    def checks_dir(self) -> Path:
        """The data-quality queries that must return no rows."""
        return self.ontology_dir / "checks"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def sources_dir(self) -> Path:
        """The source documents' copies, which `nj:localCopy` paths (relative to `root`) name."""
        return self.data_dir / "sources"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def data_files(self) -> list[Path]:
        """The data's Turtle files, in a stable order."""
        return sorted(self.data_dir.glob("*.ttl"))

    def relative(self, path: Path | str) -> str:
        """`path` as people read it: relative to the root when inside it (`data/agents.ttl`), else as is."""
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def _shipped_root() -> Path:
    """The installed package's copy when there is one, else the repository around the package."""
    # the package is a folder on disk (a zipped install is refused below): its copy sits beside this module
    installed = Path(__file__).resolve().parents[1] / INSTALLED_FOLDER
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and all((checkout / name).is_dir() for name in SHIPPED_FOLDERS):
        return checkout
    # A zipped install (no real folder to hand to parsers) or a broken one; say so instead of
    # failing later with "no stored queries".
    raise RuntimeError(f"nj-graph cannot find its shipped files: neither {installed} nor the folders "
                       f"{', '.join(SHIPPED_FOLDERS)} beside {checkout / 'nj_graph'}; reinstall it from a wheel")


#: The files shipped with nj-graph, wherever it runs from.
SHIPPED = Layout(_shipped_root())


def layout(root: Path | str | None = None) -> Layout:
    """The layout of the project folder `root`, or the shipped one when `root` is None."""
    return SHIPPED if root is None else Layout(Path(root))
