"""Shared fixtures: every test runs against its own config and data dirs, never the user's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytest_plugins = ["tests.unit.review.fixtures"]

REPO = Path(__file__).resolve().parent.parent
BUILTIN_ROUTINES = REPO / "routines"

WriteRoutine = Callable[[str, str | bytes], Path]


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """Point HIPCLI_CONFIG_DIR, HIPCLI_DATA_DIR and HIPCLI_CACHE_DIR at fresh temporary dirs.

    Nothing of the real user's leaks in: no routines of their own, no journal, no colour
    settings (NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE are removed; a test that needs one sets it),
    no journal folder or device name from the environment, and a fixed terminal width of 120
    columns.
    """
    root = tmp_path_factory.mktemp("hipcli-home")
    config = root / "config"
    data = root / "data"
    cache = root / "cache"
    config.mkdir()
    data.mkdir()
    monkeypatch.setenv("HIPCLI_CONFIG_DIR", str(config))
    monkeypatch.setenv("HIPCLI_DATA_DIR", str(data))
    monkeypatch.setenv("HIPCLI_CACHE_DIR", str(cache))
    # No real player or voice from the machine running the tests: a test that wants one sets it.
    unset = (
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR_FORCE",
        "HIPCLI_JOURNAL_DIR",
        "HIPCLI_DEVICE",
        "HIPCLI_SOUND_COMMAND",
        "HIPCLI_SPEECH_COMMAND",
    )
    for name in unset:
        monkeypatch.delenv(name, raising=False)
    # One width everywhere, so that wrapped or cut output does not depend on the terminal the
    # tests happen to run in (Rich and click read COLUMNS).
    monkeypatch.setenv("COLUMNS", "120")
    # No pager for processes on a pseudo-terminal (less would wait for a key); the pager's own
    # tests set PAGER themselves.
    monkeypatch.setenv("PAGER", "cat")
    return {"config": config, "data": data, "cache": cache}


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


@pytest.fixture
def no_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No HOME, no passwd entry, no HIPCLI_DATA_DIR: nobody can say where home is. The temp
    dir is the test's own. Returns it."""
    import pwd
    import tempfile

    for name in (
        "HOME",
        "HIPCLI_DATA_DIR",
        "HIPCLI_CONFIG_DIR",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
    ):
        monkeypatch.delenv(name, raising=False)

    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", unknown)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path
