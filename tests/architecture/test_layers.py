"""The house keeps its shape: imports go one way, no circles, no module past ~400 lines.

The layers themselves are written once, as import-linter contracts in pyproject.toml; these tests
run them, and add what a layers contract cannot see: circles between modules of one package.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MAX_LINES = 400


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except what sits under `if TYPE_CHECKING:` (never imported at run time)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports at run time, deferred imports included."""
    modules = {
        module_name(p, root): p for p in (root / package).rglob("*.py") if p.stem != "__main__"
    }
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            # A package's __init__ importing its own submodules is not a circle of concepts.
            if len(group) > 1 and not all(
                g.startswith(min(group) + ".") or g == min(group) for g in group
            ):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_there_are_no_import_circles_in_hipcli() -> None:
    assert circles(import_graph(REPO, "hipcli")) == []


def test_the_circle_check_catches_a_new_circle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "journal").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "journal" / "__init__.py").write_text("")
    (package / "journal" / "append.py").write_text("from pkg.journal.read import x\n")
    (package / "journal" / "read.py").write_text(
        "def x():\n    from pkg.journal import append  # deferred, still a circle\n"
    )
    assert circles(import_graph(tmp_path, "pkg")) == [["pkg.journal.append", "pkg.journal.read"]]


def test_no_module_is_longer_than_about_400_lines() -> None:
    long = {
        str(p.relative_to(REPO)): n
        for p in (REPO / "hipcli").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _lint_imports() -> str:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("import-linter is not installed (pip install '.[test]' brings it)")
    return found


def test_the_import_contracts_hold() -> None:
    result = subprocess.run(
        [_lint_imports(), "--no-cache"], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_contracts_catch_textual_in_the_core_and_an_upward_import(tmp_path: Path) -> None:
    """Copy the package, plant two violations, and watch import-linter fail on both."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "hipcli", copy / "hipcli")
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    with (copy / "hipcli" / "routine" / "durations.py").open("a") as f:
        f.write("\nimport textual  # planted\n")
    with (copy / "hipcli" / "practice" / "breath.py").open("a") as f:
        f.write(
            "\nfrom hipcli.journal import record  # planted: practice must not see the journal\n"
        )
    result = subprocess.run(
        [_lint_imports(), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=copy,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode != 0
    assert "hipcli.practice.breath -> hipcli.journal.record" in result.stdout
    assert "hipcli.routine.durations -> textual" in result.stdout
