"""The core never imports Textual, and importing any module touches no files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "hipcli"
FACES = ("hipcli.tui",)  # the Textual app; `commands` imports it only inside `start` and
# `log --browse` (tests/architecture/test_faces.py)

PROBE = """
import json, sys
for name in sys.argv[1:]:
    __import__(name)
print(json.dumps(sorted(sys.modules)))
"""


def every_module() -> list[str]:
    """Every module of the package, by dotted name."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def import_in_fresh_process(names: list[str], home: Path) -> list[str]:
    env = {
        **os.environ,
        "HIPCLI_CONFIG_DIR": str(home / "config"),
        "HIPCLI_DATA_DIR": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "xdg-config"),
        "XDG_DATA_HOME": str(home / "xdg-data"),
        "HOME": str(home / "home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *names],
        capture_output=True,
        text=True,
        env=env,
        cwd=home.parent,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)


def test_every_module_outside_the_tui_imports_without_textual(tmp_path: Path) -> None:
    core = [m for m in every_module() if not m.startswith(FACES)]
    assert "hipcli.journal.append" in core
    assert "hipcli.commands" in core
    modules = import_in_fresh_process(core, tmp_path / "not-yet")
    assert set(core) <= set(modules)
    assert not [m for m in modules if m == "textual" or m.startswith("textual.")]


def test_importing_every_module_touches_no_files(tmp_path: Path) -> None:
    home = tmp_path / "not-yet"
    import_in_fresh_process(every_module(), home)
    assert not home.exists()  # no config dir, data dir or anything else made at import
