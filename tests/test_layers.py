"""The package's shape: layers whose imports only point down, no circle, small pieces."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "iopcost"
# What each layer may import of the package (itself included); the package root
# holds only the version.
MAY_IMPORT = {
    "core": {"core"},
    "files": {"core", "files", ""},
    "hospital": {"core", "files", "hospital", ""},
    "render": {"core", "render", ""},
    "batch": {"core", "files", "render", "batch", ""},
    "cli": {"core", "files", "hospital", "render", "batch", "cli", ""},
    "": {"cli", ""},
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("iopcost", *path.relative_to(PACKAGE).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[str]:
    """Every module `name` imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1],
                                 *([base] if base else [])])  # fmt: skip
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.append(child if child in MODULES else base)
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__main__" else ""


def _own(module: str) -> bool:
    return module == "iopcost" or module.startswith("iopcost.")


def test_imports_point_down() -> None:
    """Each layer imports only the layers beneath it; nothing imports the command line."""
    wrong = [
        f"{name} imports {imported}"
        for name, path in MODULES.items()
        for imported in _imports(name, path)
        if _own(imported) and _layer(imported) not in MAY_IMPORT[_layer(name)]
    ]
    assert wrong == []


def test_core_uses_the_standard_library_only() -> None:
    """The pure core imports nothing from outside the standard library."""
    outside = [
        f"{name} imports {imported}"
        for name, path in MODULES.items()
        if _layer(name) == "core"
        for imported in _imports(name, path)
        if not _own(imported) and imported.split(".")[0] not in sys.stdlib_module_names
    ]
    assert outside == []


def test_only_the_command_line_imports_typer() -> None:
    """Typer is the command line's alone, and never through a private module."""
    found = {
        (name, imported)
        for name, path in MODULES.items()
        for imported in _imports(name, path)
        if imported.split(".")[0] == "typer"
    }
    assert {name for name, _ in found if _layer(name) != "cli"} == set()
    assert {imported for _, imported in found if "._" in imported} == set()


def test_no_import_circle() -> None:
    """No module reaches itself through its imports."""
    graph = {
        name: {imported for imported in _imports(name, path) if imported in MODULES}
        for name, path in MODULES.items()
    }
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for imported in sorted(graph[name]):
            if state.get(imported) == 1:
                circles.append([*trail[trail.index(imported) :], imported])
            elif imported not in state:
                visit(imported, [*trail, imported])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_the_checks_see_a_circle_and_an_upward_import(tmp_path: Path) -> None:
    """The import reader finds imports inside functions and resolves package imports."""
    imports = _imports("iopcost.cli.estimate", MODULES["iopcost.cli.estimate"])
    assert "iopcost.core.inputs" in imports  # imported inside a function
    assert "iopcost.core.amounts" in imports  # `from iopcost.core import amounts`
    assert _layer("iopcost.render.words") == "render"
    assert "files" not in MAY_IMPORT["render"]


@pytest.mark.parametrize("name", sorted(MODULES), ids=str)
def test_modules_and_functions_are_small(name: str) -> None:
    """No module over 400 lines, no function over 60."""
    text = MODULES[name].read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
