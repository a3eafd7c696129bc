"""The two worlds stay apart (STYLE habit 1).

store/, services/, exchange/ and reports/ are plain Python: the command line, the importers and
the reports run them without Qt, and a worker thread can use them without touching a widget.
This reads every module's imports from its source (function-level and TYPE_CHECKING imports
included: the rule is about what a module is allowed to know, not only what it loads) and
follows desktop's own imports, so a plain module reaching Qt through a Qt module fails too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLAIN_PACKAGES = ("desktop.store", "desktop.services", "desktop.exchange", "desktop.reports")
QT_TOP_LEVEL = {"PySide6", "shiboken6", "PySide2", "shiboken2", "PyQt5", "PyQt6", "Qt", "qtpy"}
# (importer package, forbidden package): the Qt side has its own direction too
FORBIDDEN = [
    *((plain, "desktop.views") for plain in PLAIN_PACKAGES),
    *((plain, "desktop.models") for plain in PLAIN_PACKAGES),
    *((plain, "desktop.app") for plain in PLAIN_PACKAGES),
    ("desktop.models", "desktop.views"),
]


def module_files(root: Path) -> dict[str, Path]:
    """Every module under root/desktop by dotted name (packages by their __init__)."""
    modules = {}
    for path in sorted((root / "desktop").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) for every import statement anywhere in the module."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".")
                if not is_package:
                    package.pop()
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            yield node.lineno, base
            # `from desktop import views` imports the module desktop.views
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def layering_violations(root: Path) -> list[str]:
    """One line per broken rule, naming the module, the line and what it reached."""
    modules = module_files(root)
    imports = {m: list(imported_names(m, p)) for m, p in modules.items()}
    problems = []
    for module, found in imports.items():
        rel = modules[module].relative_to(root)
        reported = set()  # one complaint per statement, not one per imported name
        for line, name in found:
            if line in reported:
                continue
            if name.split(".")[0] in QT_TOP_LEVEL and any(
                _within(module, p) for p in PLAIN_PACKAGES
            ):
                problems.append(f"{module} ({rel}:{line}) imports Qt: {name}")
                reported.add(line)
            for importer, forbidden in FORBIDDEN:
                if _within(module, importer) and _within(name, forbidden):
                    problems.append(f"{module} ({rel}:{line}) imports {name}")
                    reported.add(line)
                    break
    problems.extend(_qt_reached_indirectly(modules, imports))
    return problems


def _qt_reached_indirectly(
    modules: dict[str, Path], imports: dict[str, list[tuple[int, str]]]
) -> Iterator[str]:
    """A plain module importing a desktop module that imports Qt (at any depth)."""

    def internal(name: str) -> list[str]:
        # importing a.b.c runs a/__init__, a/b/__init__ and a/b/c
        parts = name.split(".")
        return [m for i in range(1, len(parts) + 1) if (m := ".".join(parts[:i])) in modules]

    def imports_qt(module: str) -> bool:
        return any(name.split(".")[0] in QT_TOP_LEVEL for _, name in imports[module])

    for start in modules:
        if not any(_within(start, p) for p in PLAIN_PACKAGES):
            continue
        parents = {start: ""}
        queue = [start]
        while queue:
            current = queue.pop(0)
            for _, name in imports[current]:
                for reached in internal(name):
                    if reached in parents:
                        continue
                    parents[reached] = current
                    queue.append(reached)
                    if imports_qt(reached) and not any(_within(reached, p) for p in PLAIN_PACKAGES):
                        chain = [reached]
                        while chain[-1] != start:
                            chain.append(parents[chain[-1]])
                        yield f"{start} reaches Qt through {' -> '.join(reversed(chain))}"


def test_plain_packages_never_import_qt_and_models_never_import_views() -> None:
    assert module_files(REPO), "found no modules under desktop/: wrong root?"
    assert layering_violations(REPO) == []


@pytest.fixture
def fake_repo(tmp_path: Path) -> Path:
    for package in ("desktop", *(p.replace(".", "/") for p in PLAIN_PACKAGES)):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("")
    for package in ("desktop/views", "desktop/models", "desktop/commands"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "desktop/services/fine.py").write_text(
        "from __future__ import annotations\nfrom desktop.store import entities\n"
    )
    return tmp_path


def _write(root: Path, relative: str, source: str) -> None:
    (root / relative).write_text(source)


def test_the_checker_passes_a_clean_tree(fake_repo: Path) -> None:
    assert layering_violations(fake_repo) == []


def test_a_function_level_qt_import_in_the_store_is_caught(fake_repo: Path) -> None:
    _write(fake_repo, "desktop/store/bad.py", "def f():\n    from PySide6 import QtCore\n")
    [problem] = layering_violations(fake_repo)
    assert problem.startswith("desktop.store.bad (desktop/store/bad.py:2) imports Qt: PySide6")


def test_a_relative_import_of_views_from_services_is_caught(fake_repo: Path) -> None:
    _write(fake_repo, "desktop/services/bad.py", "from ..views import main_window\n")
    assert "desktop.services.bad (desktop/services/bad.py:1) imports desktop.views" in (
        layering_violations(fake_repo)
    )


def test_models_importing_views_is_caught(fake_repo: Path) -> None:
    _write(fake_repo, "desktop/models/bad.py", "import desktop.views.main_window\n")
    assert layering_violations(fake_repo) == [
        "desktop.models.bad (desktop/models/bad.py:1) imports desktop.views.main_window"
    ]


def test_qt_reached_through_another_desktop_module_is_caught(fake_repo: Path) -> None:
    _write(fake_repo, "desktop/commands/edit.py", "from PySide6.QtGui import QUndoCommand\n")
    _write(fake_repo, "desktop/reports/bad.py", "import desktop.commands.edit\n")
    assert layering_violations(fake_repo) == [
        "desktop.reports.bad reaches Qt through desktop.reports.bad -> desktop.commands.edit"
    ]
