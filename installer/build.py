"""Build the one-folder app, run its smoke test, then wrap it for the platform.

`python installer/build.py` makes dist/Rapport (dist/Rapport.app on macOS), runs the frozen
`--smoke-test` (every area built, a customer sheet with the bundled fonts, a 10-row xlsx import,
a backup) and prints the folder's size; then, on Windows with Inno Setup's iscc on PATH,
dist/Rapport-Setup-<version>.exe, and on macOS dist/Rapport.dmg. The smoke test runs before any
wrapping, so a missing Qt plugin, data file or migration fails the build rather than a user's
first start. .ci/run runs this on Linux, where nothing is wrapped.

A missing PyInstaller or shipped file fails at once with one line naming it.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
#: what a build cannot do without (fonts with their licences, the SVG the icons are made from)
REQUIRED = (
    "resources/fonts/DejaVuSans.ttf",
    "resources/fonts/DejaVuSans-Bold.ttf",
    "resources/fonts/DroidSansFallbackFull.ttf",
    "resources/fonts/NanumGothic.ttf",
    "resources/icons/rapport.svg",
)


class BuildError(Exception):
    """One line for the person building: what is missing or what failed."""


def run(*command: str | Path) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    done = subprocess.run([str(part) for part in command], cwd=ROOT)
    if done.returncode != 0:
        raise BuildError(f"{Path(str(command[0])).name} failed with status {done.returncode}")


def frozen_executable() -> Path:
    if sys.platform == "darwin":
        return DIST / "Rapport.app" / "Contents" / "MacOS" / "Rapport"
    suffix = ".exe" if sys.platform == "win32" else ""
    return DIST / "Rapport" / f"Rapport{suffix}"


def folder_mb(folder: Path) -> float:
    files = (f for f in folder.rglob("*") if f.is_file() and not f.is_symlink())  # once each
    return sum(f.stat().st_size for f in files) / 1e6


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def check_prerequisites() -> None:
    for module, name in (("PyInstaller", "PyInstaller"), ("PIL", "Pillow")):
        if importlib.util.find_spec(module) is None:
            raise BuildError(f'{name} is not installed: pip install -e ".[dev]"')
    missing = [name for name in REQUIRED if not (ROOT / name).is_file()]
    if missing:
        raise BuildError("missing from the checkout: " + ", ".join(missing))


def main() -> int:
    try:
        check_prerequisites()
        run(sys.executable, "installer/make_icons.py")  # .ico/.icns from the one SVG
        run(sys.executable, "-m", "PyInstaller", "installer/rapport.spec", "--noconfirm")
        run(frozen_executable(), "--smoke-test")
        print(f"bundle_mb {folder_mb(DIST / 'Rapport'):.1f} MB", flush=True)
        if sys.platform == "win32" and shutil.which("iscc"):
            run("iscc", f"/DAppVersion={version()}", "installer/windows/rapport.iss")
        elif sys.platform == "darwin":
            run("bash", "installer/macos/make_dmg.sh")
    except BuildError as error:
        print(f"build: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
