"""Where hipcli keeps things, and what it says when it can't tell."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcli import paths

HOME_VARIABLES = (
    "HOME",
    "HIPCLI_DATA_DIR",
    "HIPCLI_CONFIG_DIR",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
)


def test_the_overrides_win(isolated_dirs: dict[str, Path]) -> None:
    assert paths.config_dir() == isolated_dirs["config"]
    assert paths.data_dir() == isolated_dirs["data"]
    assert paths.journal_path() == isolated_dirs["data"] / "journal.toml"


def test_without_any_home_the_error_says_what_to_set(no_home: Path) -> None:
    """Found by the reliability suite: without HOME and a passwd entry, platformdirs raised a
    bare RuntimeError (and older versions answered with a literal, relative "~/...")."""
    with pytest.raises(paths.NoHomeError, match="Set HOME, or HIPCLI_DATA_DIR"):
        paths.data_dir()
    with pytest.raises(paths.NoHomeError, match="Set HOME, or HIPCLI_CONFIG_DIR"):
        paths.config_dir()


def test_xdg_dirs_are_enough_without_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HOME", "HIPCLI_DATA_DIR", "HIPCLI_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert paths.data_dir() == tmp_path / "share" / "hipcli"
