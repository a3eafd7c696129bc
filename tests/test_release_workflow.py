"""The Windows and macOS release workflow (issue 22.5) cannot run here; this is its dry check:
the YAML parses, every job builds, smoke-tests and uploads, and every script it calls exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def _steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    oses = {entry["os"] for entry in job["strategy"]["matrix"]["include"]}
    assert oses == {"windows-latest", "macos-latest"}
    return job["steps"]


def test_each_job_builds_smoke_tests_and_uploads_an_artefact() -> None:
    steps = _steps()
    commands = [step.get("run", "") for step in steps]
    assert "python installer/build.py" in commands
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["if-no-files-found"] == "error"


def test_every_script_the_workflow_and_the_build_call_exists() -> None:
    called = [w for step in _steps() for w in step.get("run", "").split() if "/" in w]
    build = (ROOT / "installer" / "build.py").read_text(encoding="utf-8")
    called += re.findall(r'"(installer/[\w./-]+)"', build)
    assert called, "nothing found to check"
    for path in called:
        assert (ROOT / path).is_file(), path


def test_the_build_names_a_missing_pyinstaller_in_one_line(tmp_path: Path) -> None:
    # a Python that cannot import PyInstaller: isolated mode with site-packages off
    done = subprocess.run(
        [sys.executable, "-S", "-I", str(ROOT / "installer" / "build.py")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        'build: PyInstaller is not installed: pip install -e ".[dev]"'
    ]
