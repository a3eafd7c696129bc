"""Only what pyproject.toml cannot say: copy the top-level resources/ into the wheel.

The fonts, icons and translations live beside the package in the repository (the layout the
developers' guide gives), but an installed Rapport must find them inside its own package,
where desktop.resource_files looks through importlib.resources. Editable installs skip this
and read resources/ in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: the README's screenshots are for the repository, not for users
NOT_SHIPPED = shutil.ignore_patterns("screenshots")


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "desktop" / "resources"
        shutil.copytree(ROOT / "resources", target, ignore=NOT_SHIPPED, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
