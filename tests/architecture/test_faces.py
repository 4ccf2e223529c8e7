"""The command line reaches the Textual interface in two places only, each inside the function
that needs it: `start` (hipcli/commands/practice.py) and `log --browse` (hipcli/commands/log.py).
Every other view of the journal, and `hipcli --help`, never pays for importing Textual.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

COMMANDS = Path(__file__).resolve().parents[2] / "hipcli" / "commands"
MAY_REACH_THE_TUI = {"practice.py", "log.py"}


def _reaches_tui(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.module:
        names = [node.module]
    else:
        return False
    return any(name.split(".")[0] == "textual" or name.startswith("hipcli.tui") for name in names)


def tui_imports(path: Path) -> list[tuple[int, bool]]:
    """(line, inside a function) of each import of hipcli.tui or textual in a module."""
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if _reaches_tui(child):
                found.append((child.lineno, in_function))
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_only_start_and_log_browse_import_the_tui_and_only_inside_a_function() -> None:
    for module in sorted(COMMANDS.glob("*.py")):
        imports = tui_imports(module)
        if module.name not in MAY_REACH_THE_TUI:
            assert imports == [], f"{module.name} imports the TUI at lines {imports}"
        else:
            assert imports, f"{module.name} no longer imports the TUI: update this test"
            assert all(inside for _, inside in imports), f"{module.name}: {imports}"


def test_the_check_catches_a_module_level_import_of_the_tui(tmp_path: Path) -> None:
    planted = tmp_path / "log.py"
    planted.write_text("import click\nfrom hipcli.tui.browse import run_browser\n")
    assert tui_imports(planted) == [(2, False)]


def test_printing_the_log_never_imports_textual() -> None:
    code = (
        "import sys\n"
        "from hipcli.commands import main\n"
        "try:\n"
        "    main(['log', '--journal', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('textual' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(COMMANDS / "no-such-journal.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stderr.strip().splitlines()[-1] == "False"
