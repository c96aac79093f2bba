"""The package's shape, as the README's Layout section states it: imports run one way (rules and
metadata at the bottom, the notebook glue and the command line at the top), no module is over 400
lines, no function takes more than 5 positional parameters, and the tests mirror the tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers.paths import PACKAGE_DIR, PROJECT_ROOT

# Lowest first. A module may import from its own layer and the layers below it, never above.
LAYERS = (
    ("helpers", "helpers.errors", "helpers.paths", "helpers.atomic"),  # foundations
    ("helpers.rules",),
    ("helpers.metadata",),
    ("helpers.read",),
    ("helpers.figures",),
    ("helpers.analysis",),
    ("helpers.output",),
    ("helpers.pipeline",),
    ("helpers.notebook",),
    ("helpers.cli", "helpers.__main__"),
)
MAX_LINES = 400
MAX_POSITIONAL = 5


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def layer_of(module: str) -> int:
    best, best_len = None, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            exact_root = prefix == "helpers" and module == "helpers"
            if exact_root or (prefix != "helpers" and (module == prefix or module.startswith(prefix + "."))):
                if len(prefix) > best_len:
                    best, best_len = i, len(prefix)
    if best is None:
        raise AssertionError(f"{module} belongs to no layer of LAYERS")
    return best


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of helpers, at module level or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "helpers":
                found += [(node.lineno, f"helpers.{a.name}") if f"helpers.{a.name}" in MODULES
                          else (node.lineno, "helpers") for a in node.names]
            elif node.module.startswith("helpers."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("helpers")]
    return found


MODULES = _modules()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module):
    own = layer_of(module)
    upward = [f"line {line}: {target}" for line, target in _imports(MODULES[module])
              if layer_of(target) > own]
    assert upward == [], f"{module} imports from a layer above it"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_small(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_functions_take_few_positional_parameters(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    long = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            if names and names[0] in ("self", "cls"):
                names = names[1:]
            if len(names) > MAX_POSITIONAL:
                long.append(f"{node.name} ({len(names)})")
    assert long == []


def test_tests_mirror_the_tree():
    """Every test folder is a folder of the package (or the tests' own data)."""
    tests = PROJECT_ROOT / "tests"
    package_dirs = {p.relative_to(PACKAGE_DIR) for p in PACKAGE_DIR.rglob("*") if p.is_dir()
                    and p.name != "__pycache__"}
    for folder in sorted(p for p in tests.rglob("*") if p.is_dir() and p.name not in ("__pycache__", "data")
                         and not p.name.startswith(".")):  # .hypothesis, .pytest_cache of a run
        assert folder.relative_to(tests) in package_dirs, folder


def test_the_layer_table_knows_every_module():
    for module in MODULES:
        layer_of(module)


def test_test_files_have_distinct_names():
    """pytest imports test modules by their file name (no packages under tests/): two files of one
    name in different folders stop the whole collection."""
    names = [p.name for p in (PROJECT_ROOT / "tests").rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
