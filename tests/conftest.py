"""Shared fixtures: every test runs against its own config and data dirs, never the user's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILTIN_ROUTINES = REPO / "routines"

WriteRoutine = Callable[[str, str | bytes], Path]


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point HIPCLI_CONFIG_DIR and HIPCLI_DATA_DIR at fresh temporary dirs; no colour settings.

    The dirs themselves exist (as a fresh install's would not necessarily), but nothing in them:
    no user routines, no journal. Tests that want colour rules set NO_COLOR themselves.
    """
    root = tmp_path_factory.mktemp("hipcli-home")
    config = root / "config"
    data = root / "data"
    config.mkdir()
    data.mkdir()
    monkeypatch.setenv("HIPCLI_CONFIG_DIR", str(config))
    monkeypatch.setenv("HIPCLI_DATA_DIR", str(data))
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    return {"config": config, "data": data}


@pytest.fixture
def config_dir(isolated_dirs: dict[str, Path]) -> Path:
    """The test's `$HIPCLI_CONFIG_DIR`."""
    return isolated_dirs["config"]


@pytest.fixture
def data_dir(isolated_dirs: dict[str, Path]) -> Path:
    """The test's `$HIPCLI_DATA_DIR` (the journal lives here)."""
    return isolated_dirs["data"]


@pytest.fixture
def user_routines(config_dir: Path) -> Path:
    """The user's routines dir, `<config>/routines`, created and empty."""
    directory = config_dir / "routines"
    directory.mkdir(exist_ok=True)
    return directory


@pytest.fixture
def write_routine(user_routines: Path) -> WriteRoutine:
    """Write `<config>/routines/NAME.toml` with the given text (or bytes); return its path."""

    def write(name: str, text: str | bytes) -> Path:
        path = user_routines / f"{name}.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


SIMPLE_ROUTINE = """\
title = "Simple"
summary = "Two short steps."
lead_in = "5s"
rest = "10s"
switch = "5s"

[[steps]]
name = "Lunge"
hold = "30s"
sides = ["left", "right"]
cue = "Front knee over the ankle."

[[steps]]
name = "Child's pose"
hold = 60
cue = "Rest."
"""


@pytest.fixture
def simple_routine_text() -> str:
    """A small valid routine: 5 + 30 + 5 + 30 + 10 + 60 = 140 seconds."""
    return SIMPLE_ROUTINE
