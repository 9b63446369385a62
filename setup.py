"""The one build step pyproject.toml cannot declare: ship ontology/, data/ and queries/ in the package.

Those folders stay at the top of the repository, their only copy. A build copies them into the
wheel as nj_graph/_shipped/<folder>/, where nj_graph.core.shipped finds them; an sdist carries them
as they are (setuptools adds every build step's source files to it), so a wheel built from the
sdist has them too. An editable install copies nothing: the package reads the repository folders.

This is a `build` sub-command, setuptools' documented extension point, rather than a mapping of the
folders as packages (`package-dir`), which would make them importable packages they are not.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from setuptools import Command, setup
from setuptools.command.build import build

#: The repository folders shipped whole, and where they go inside the built package.
SHIPPED_FOLDERS = ("ontology", "data", "queries")
INSTALLED_FOLDER = os.path.join("nj_graph", "_shipped")


class build_shipped(Command):
    """Copy the shipped folders into the package being built."""

    description = "copy ontology/, data/ and queries/ into nj_graph/_shipped/"
    user_options: list = []

    def initialize_options(self) -> None:
        self.build_lib = None
        self.editable_mode = False

    def finalize_options(self) -> None:
        self.set_undefined_options("build_py", ("build_lib", "build_lib"))

    def get_source_files(self) -> list[str]:
        # Every file, not only *.ttl and *.rq: the folders are shipped whole (data/README.md, the
        # source text); editor and cache droppings are left out.
        return sorted(str(path) for folder in SHIPPED_FOLDERS for path in Path(folder).rglob("*")
                      if path.is_file() and not any(part.startswith(".") or part == "__pycache__"
                                                    for part in path.parts))

    def get_output_mapping(self) -> dict[str, str]:
        return {os.path.join(self.build_lib, INSTALLED_FOLDER, source): source
                for source in self.get_source_files()}

    def get_outputs(self) -> list[str]:
        return list(self.get_output_mapping())

    def run(self) -> None:
        if self.editable_mode:  # the package reads the repository folders themselves
            return
        # Start afresh: a file deleted from data/ must not linger in a build/ folder left by an earlier build.
        shutil.rmtree(os.path.join(self.build_lib, INSTALLED_FOLDER), ignore_errors=True)
        for target, source in self.get_output_mapping().items():
            self.mkpath(os.path.dirname(target))
            self.copy_file(source, target)


class build_with_shipped_files(build):
    sub_commands = [*build.sub_commands, ("build_shipped", None)]


setup(cmdclass={"build": build_with_shipped_files, "build_shipped": build_shipped})
