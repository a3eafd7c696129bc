"""Where Rapport's shipped files (fonts, icons, translations) are, however it was installed.

Three installs, three places, one answer:
* the frozen app (PyInstaller) unpacks them to `<_MEIPASS>/resources`;
* a wheel carries them as package data in `desktop/resources` (setup.py copies the top-level
  `resources/` folder there at build time), found through importlib.resources;
* a source checkout or an editable install reads the top-level `resources/` folder itself.

Without this one lookup each user of a shipped file guessed its own path, and a pip-installed
Rapport printed customer sheets in whatever fonts the system had.
"""

from __future__ import annotations

import functools
import sys
from importlib import resources
from pathlib import Path


@functools.cache
def resources_dir() -> Path:
    """The folder holding fonts/, icons/ (and translations/ once they exist)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen is not None:
        return Path(frozen) / "resources"
    packaged = resources.files("desktop").joinpath("resources")
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """A shipped file or folder, e.g. resource_path("fonts", "DejaVuSans.ttf")."""
    return resources_dir().joinpath(*parts)
