"""`hipcli sound-check`, and the sound, voice and theme options of `hipcli start`."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from hipcli.commands import cli
from hipcli.commands import practice as practice_command
from tests.unit.sound.test_player import Recorder


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="hipcli", env=env)


def test_sound_check_plays_every_sound_then_speaks_and_names_both(tmp_path: Path) -> None:
    sound, speech = Recorder(tmp_path, "sound"), Recorder(tmp_path, "speech")
    env = {"HIPCLI_SOUND_COMMAND": sound.line, "HIPCLI_SPEECH_COMMAND": speech.line}
    result = run("sound-check", env=env)
    assert result.exit_code == 0, result.output
    played = [Path(argv[0]).name.split("-")[0] for _, argv in sound.calls()]
    assert played == ["hold", "switch", "rest", "halfway", "last", "complete", "inhale", "exhale"]
    assert [argv for _, argv in speech.calls()] == [
        ["This is the voice of your practice. Pigeon, left side, one minute."]
    ]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Sound: tones through your sound_command (")
    assert lines[0].endswith(") · volume 70 %.")
    assert "  switch sides" in lines
    assert any(line.startswith("Voice: your speech_command (") for line in lines)
    assert "off in sessions" in result.stdout
    assert (
        lines[-1] == "If a sound was too loud or too soft, set volume (0 to 100) in your settings."
    )


def test_sound_check_with_a_broken_player_says_so_calmly_and_exits_1(tmp_path: Path) -> None:
    env = {"HIPCLI_SOUND_COMMAND": "false", "HIPCLI_SPEECH_COMMAND": Recorder(tmp_path).line}
    result = run("sound-check", env=env)
    assert result.exit_code == 1
    assert "The sound player (your sound_command (false)) did not work" in result.stderr
    assert "Sessions will use the terminal bell instead." in result.stderr
    assert "Traceback" not in result.output


def test_sound_check_of_the_bell_plays_no_files(tmp_path: Path) -> None:
    sound = Recorder(tmp_path)
    env = {"HIPCLI_SOUND_COMMAND": sound.line, "HIPCLI_SPEECH_COMMAND": "true"}
    result = run("sound-check", "--sound", "bell", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Sound: the terminal bell · volume 70 %.")
    assert "breathe in" not in result.stdout
    assert sound.calls() == []


def test_sound_check_reads_the_volume_from_the_settings(config_dir: Path, tmp_path: Path) -> None:
    (config_dir / "config.toml").write_text('volume = 30\nsound = "none"\n')
    result = run("sound-check", env={"HIPCLI_SPEECH_COMMAND": Recorder(tmp_path).line})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('Sound: none (sound = "none") · volume 30 %.')


def test_sound_check_with_a_broken_settings_file_names_the_line(config_dir: Path) -> None:
    (config_dir / "config.toml").write_text('sound = "tunes"\n')
    result = run("sound-check")
    assert result.exit_code == 1
    assert "config.toml:1: sound: expected" in result.stderr
    assert 'Did you mean "tones"?' in result.stderr or "tones" in result.stderr


@pytest.mark.parametrize(("option", "bad"), [("--sound", "tunes"), ("--theme", "solarized")])
def test_start_refuses_an_unknown_sound_or_theme_as_a_usage_error(option: str, bad: str) -> None:
    result = run("start", "pigeon", option, bad)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.stderr


class _Terminal:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("args", "settings", "expected"),
    [
        ([], "", ("tones", None, "dark")),
        (["--quiet"], "voice = true\n", ("none", None, "dark")),
        (["--sound", "bell", "--voice", "--theme", "light"], "", ("bell", "espeak-ng", "light")),
        (["--no-voice"], 'voice = true\ntheme = "ansi"\n', ("tones", None, "ansi")),
    ],
)
def test_start_hands_the_chosen_sound_voice_and_theme_to_the_session(
    monkeypatch: pytest.MonkeyPatch,
    config_dir: Path,
    args: list[str],
    settings: str,
    expected: tuple[str, str | None, str],
) -> None:
    (config_dir / "config.toml").write_text(settings)
    seen: dict[str, Any] = {}

    def fake_run_session(routine: object, **kwargs: Any) -> None:
        seen.update(kwargs)

    import hipcli.sound.player as player_module
    import hipcli.tui as tui

    monkeypatch.setattr(tui, "run_session", fake_run_session)
    present = {"aplay": "/usr/bin/aplay", "espeak-ng": "/usr/bin/espeak-ng"}
    monkeypatch.setattr(player_module.shutil, "which", present.get)
    monkeypatch.setattr(player_module.sys, "platform", "linux")
    terminal = types.SimpleNamespace(stdin=_Terminal(), stdout=_Terminal(), exit=sys.exit)
    monkeypatch.setattr(practice_command, "sys", terminal)
    monkeypatch.setenv("TERM", "xterm-256color")
    result = run("start", "pigeon", *args)
    assert result.exit_code == 0, result.output
    sound = seen["sound"]
    voice = sound.voice.name if sound.voice else None
    assert (sound.sound, voice, seen["theme"]) == expected
