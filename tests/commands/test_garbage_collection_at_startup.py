"""The `hipcli` script rests Python's garbage collector while it loads (hipcli.__main__), and
every command turns it back on: at once, or for `start` once its first frame is drawn."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import hipcli.__main__
import hipcli.commands
from hipcli.commands import cli
from hipcli.commands.practice import start_command


@pytest.fixture(autouse=True)
def collection_back_on() -> Iterator[None]:
    yield
    gc.enable()


def test_the_script_loads_hipcli_with_the_collector_resting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(hipcli.commands, "main", lambda: seen.append(gc.isenabled()))
    hipcli.__main__.main()
    assert seen == [False]


@pytest.mark.parametrize("args", [["routines"], ["show", "pigeon"], ["log", "--stats"]])
def test_every_command_but_start_turns_the_collector_back_on(args: list[str]) -> None:
    gc.disable()
    CliRunner().invoke(cli, args)
    assert gc.isenabled()


def start(tmp_path: Path, *, plain: bool) -> None:
    start_command.callback(  # type: ignore[misc]
        routine="pigeon",
        journal=str(tmp_path / "journal.toml"),
        quiet=True,
        sound=None,
        voice=None,
        theme=None,
        mood_before=None,
        plain=plain,
        breath_words=False,
    )


def test_start_in_plain_mode_turns_the_collector_back_on_before_the_session(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import hipcli.commands.plain

    seen: list[bool] = []
    monkeypatch.setattr(
        hipcli.commands.plain, "run_plain_session", lambda *a, **k: seen.append(gc.isenabled())
    )
    gc.disable()
    start(tmp_path, plain=True)
    assert seen == [True]


def test_start_leaves_the_collector_to_the_full_screen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import hipcli.tui

    seen: list[bool] = []
    monkeypatch.setattr(hipcli.tui, "run_session", lambda *a, **k: seen.append(gc.isenabled()))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    gc.disable()
    start(tmp_path, plain=False)
    assert seen == [False]  # run_session turns it on once the first frame is on screen
