"""The package's shape: layers whose imports only point down, no circle, small pieces."""

from __future__ import annotations

import ast
import subprocess
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
    "insurer": {"core", "files", "hospital", "insurer", ""},
    "app": {"core", "files", "hospital", "insurer", "render", "batch", "app", ""},
    "cli": {"core", "app", "cli", ""},
    "": {"cli", ""},
}
# The command line's modules that every command shares; the others are one command family
# each and import none of each other.
CLI_SHARED = {
    "iopcost.cli",
    "iopcost.cli.app",
    "iopcost.cli.options",
    "iopcost.cli.estimate_options",
    "iopcost.cli.spoken",
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = (package.name, *path.relative_to(package).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path, modules: dict[str, Path] = MODULES) -> list[str]:
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
                found.append(child if child in modules else base)
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


def _circles(modules: dict[str, Path]) -> list[list[str]]:
    """Each import circle among `modules`, as the trail that closes it."""
    graph = {
        name: {imported for imported in _imports(name, path, modules) if imported in modules}
        for name, path in modules.items()
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
    return circles


def test_no_import_circle() -> None:
    """No module reaches itself through its imports."""
    assert _circles(MODULES) == []


def test_command_families_do_not_import_each_other() -> None:
    """A command's module imports only the command line's shared modules, never another
    command's."""
    wrong = [
        f"{name} imports {imported}"
        for name, path in MODULES.items()
        if _layer(name) == "cli" and name not in CLI_SHARED
        for imported in _imports(name, path)
        if _layer(imported) == "cli" and _own(imported) and imported not in CLI_SHARED
    ]
    assert wrong == []


@pytest.mark.slow
def test_the_application_layer_runs_without_typer() -> None:
    """Importing every module of iopcost.app loads neither Typer nor the command line."""
    names = sorted(name for name in MODULES if _layer(name) == "app")
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'typer' "
        "or m.startswith('iopcost.cli')))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(names) > 5
    assert found.stdout.strip() == "[]"


def test_the_checks_see_a_circle_and_an_upward_import(tmp_path: Path) -> None:
    """The import reader finds imports inside functions and resolves package imports, and
    the circle check fails on a package that has one."""
    imports = _imports("iopcost.app.estimate", MODULES["iopcost.app.estimate"])
    assert "iopcost.core.inputs" in imports
    assert "iopcost.core.restate" in _imports("iopcost.app.tables", MODULES["iopcost.app.tables"])
    assert _layer("iopcost.render.words") == "render"
    assert "files" not in MAY_IMPORT["render"] and "files" not in MAY_IMPORT["cli"]
    package = tmp_path / "ring"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "inner" / "__init__.py").write_text("")
    (package / "a.py").write_text("from ring.inner import b\n")
    (package / "inner" / "b.py").write_text("def late():\n    from ring import c\n")
    (package / "c.py").write_text("from . import a\n")
    modules = _modules(package)
    assert _circles(modules) == [["ring.a", "ring.inner.b", "ring.c", "ring.a"]]
    (package / "c.py").write_text("import os\n")
    assert _circles(_modules(package)) == []


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


def _values_of_many_fields() -> dict[str, list[str]]:
    """The package's NamedTuples and dataclasses with more than four fields, by name (a
    name two classes share is left out: a call cannot tell which it builds)."""
    found: dict[str, list[list[str]]] = {}
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            shapes = [ast.unparse(b) for b in (*node.bases, *node.decorator_list)]
            if not any("NamedTuple" in shape or "dataclass" in shape for shape in shapes):
                continue
            fields = [n.target.id for n in node.body
                      if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]  # fmt: skip
            found.setdefault(node.name, []).append(fields)
    return {name: shapes[0] for name, shapes in found.items()
            if len(shapes) == 1 and len(shapes[0]) > 4}  # fmt: skip


def test_values_of_many_fields_are_built_by_keyword() -> None:
    """A value of more than four fields is built by keyword (at most two leading
    arguments, a label and its value), so that two fields can never be swapped."""
    many = _values_of_many_fields()
    assert {"Comparison", "Level", "Bill", "Format", "KeptPrice"} <= set(many)
    positional = [
        f"{name}:{node.lineno} {node.func.id}({len(node.args)} by position)"
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in many and len(node.args) > 2
    ]  # fmt: skip
    assert positional == []


MESSAGES = {"DataFileError", "NothingPriced", "OutputError", "InvalidValue", "UsageProblem",
            "SettingError", "IopcostError", "BatchInterrupted", "BadParameter"}  # fmt: skip


def _literal_messages() -> list[str]:
    """Messages for people written as a literal or an f-string where they are raised or
    said, instead of through the one sentence function (core.language._)."""
    found = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            index = {"RowError": 2, "fail": 1, "_fail_at": 1, "say": 0, "warn": 0,
                     "failed": 0}.get(str(called), 0 if called in MESSAGES else None)  # fmt: skip
            if index is None or len(node.args) <= index:
                continue
            message = node.args[index]
            literal = isinstance(message, ast.JoinedStr) or (
                isinstance(message, ast.Constant) and isinstance(message.value, str)
            )
            if literal:
                found.append(f"{name}:{node.lineno} {called}")
    return found


def test_messages_go_through_the_sentence_function() -> None:
    """Every error and message a person reads is a whole sentence through `_`, which a
    translation catalogue can serve."""
    assert _literal_messages() == []
