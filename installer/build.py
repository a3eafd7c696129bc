"""Build the one-folder app, run its smoke test, then wrap it for the platform.

`python installer/build.py` on Windows makes dist/Rapport and, when Inno Setup's iscc is on
PATH, dist/Rapport-Setup.exe; on macOS dist/Rapport.app and dist/Rapport.dmg (hdiutil). The
smoke test runs the frozen program before any wrapping, so a missing Qt plugin, data file or
migration fails the build rather than a user's first start.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"


def run(*command: str | Path) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT)


def frozen_executable() -> Path:
    if sys.platform == "darwin":
        return DIST / "Rapport.app" / "Contents" / "MacOS" / "Rapport"
    suffix = ".exe" if sys.platform == "win32" else ""
    return DIST / "Rapport" / f"Rapport{suffix}"


def main() -> int:
    run(sys.executable, "-m", "PyInstaller", "installer/rapport.spec", "--noconfirm")
    run(frozen_executable(), "--smoke-test")
    if sys.platform == "win32" and shutil.which("iscc"):
        run("iscc", "installer/windows/rapport.iss")
    elif sys.platform == "darwin":
        run("bash", "installer/macos/make_dmg.sh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
