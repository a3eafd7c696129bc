"""A pip-installed Rapport prints with the fonts it ships (issue 22.3).

The wheel is built from this checkout and installed without its dependencies into a scratch
folder that is put first on sys.path, so the installed copy, not this checkout, answers. This
machine has a Droid Sans Fallback of its own: the test therefore also asks the installed copy
where its fonts came from, not only whether a CJK font was embedded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed"),
]


def _run(*args: str | Path, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_installed_wheel_prints_a_chinese_sheet_with_its_bundled_fonts(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    site = tmp_path / "site"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip = (sys.executable, "-m", "pip")
    _run(*pip, "wheel", "--no-deps", "--quiet", "-w", wheels, ROOT, env=env, cwd=tmp_path)
    (wheel,) = wheels.glob("rapport-*.whl")
    _run(*pip, "install", "--quiet", "--no-deps", "--target", site, wheel, env=env, cwd=tmp_path)

    installed = {**env, "PYTHONPATH": str(site), "RAPPORT_DATA_DIR": str(tmp_path / "data")}
    where = _run(
        sys.executable,
        "-c",
        "import desktop, desktop.reports.fonts as f;"
        "print(desktop.__file__); print(f.FONTS_DIR); print(f.report_fonts().warnings)",
        env=installed,
        cwd=tmp_path,
    ).splitlines()
    assert where[0].startswith(str(site))
    assert where[1] == str(site / "desktop" / "resources" / "fonts")
    assert where[2] == "()"  # no shipped font was missing

    contacts = tmp_path / "contacts.csv"
    contacts.write_text("First name,Last name,E-mail\n伟,王,wang@example.cn\n", encoding="utf-8")
    database = tmp_path / "sheet.db"
    sheet = tmp_path / "sheet.pdf"
    rapport = (sys.executable, "-m", "desktop")
    _run(*rapport, "import", "--db", database, contacts, env=installed, cwd=tmp_path)
    _run(*rapport, "report", "customer", "--db", database, "C-000001", "--out", sheet,
         env=installed, cwd=tmp_path)  # fmt: skip

    fonts = subprocess.run(["pdffonts", sheet], capture_output=True, text=True, check=True)
    embedded = [line.split()[0] for line in fonts.stdout.splitlines()[2:] if " yes " in line]
    assert any(name.endswith("+DroidSansFallback") for name in embedded), fonts.stdout
    assert any(name.endswith("+DejaVuSans") for name in embedded), fonts.stdout
