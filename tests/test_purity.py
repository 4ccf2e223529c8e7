"""The pure modules never import Textual, and importing them touches no files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PURE = [
    "hipcli.durations",
    "hipcli.keylines",
    "hipcli.routine",
    "hipcli.library",
    "hipcli.engine",
    "hipcli.literal",
    "hipcli.paths",
    "hipcli.journal",
    "hipcli.journal_read",
    "hipcli.report",
    "hipcli.exports",
    "hipcli.stats",
    "hipcli.when",
    "hipcli.checkin",
    "hipcli.settings",
    "hipcli.authoring",
]


PROBE = """
import json, sys
for name in sys.argv[1:]:
    __import__(name)
print(json.dumps(sorted(sys.modules)))
"""


def import_in_fresh_process(home: Path) -> list[str]:
    env = {
        **os.environ,
        "HIPCLI_CONFIG_DIR": str(home / "config"),
        "HIPCLI_DATA_DIR": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "xdg-config"),
        "XDG_DATA_HOME": str(home / "xdg-data"),
        "HOME": str(home / "home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *PURE],
        capture_output=True,
        text=True,
        env=env,
        cwd=home.parent,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)


def test_the_pure_modules_do_not_import_textual_or_touch_the_disk(tmp_path: Path) -> None:
    home = tmp_path / "not-yet"
    modules = import_in_fresh_process(home)
    assert set(PURE) <= set(modules)
    assert not [m for m in modules if m == "textual" or m.startswith("textual.")]
    assert not home.exists()  # no config dir, data dir or anything else made at import


def test_every_module_outside_the_ui_stays_free_of_textual(tmp_path: Path) -> None:
    """DESIGN.md: all modules but `cli` and `tui/` are pure; new ones are held to it too."""
    package = Path(__file__).resolve().parent.parent / "hipcli"
    every = sorted(
        f"hipcli.{path.stem}"
        for path in package.glob("*.py")
        if path.stem not in {"cli", "__main__", "__init__"}
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *every],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "HIPCLI_CONFIG_DIR": str(tmp_path / "c"),
            "HIPCLI_DATA_DIR": str(tmp_path / "d"),
        },
        check=True,
        timeout=30,
    )
    modules = json.loads(result.stdout)
    assert "textual" not in modules
    assert not (tmp_path / "c").exists()
    assert not (tmp_path / "d").exists()
