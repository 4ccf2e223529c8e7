"""The user's settings in `<config>/config.toml`: small, optional, and checked like routines.

Every key has a safe default, so a missing file is a fine file. A mistyped key gets a
did-you-mean, a wrong type names what was expected and what was found, with the line. A few
settings can be overridden from the environment, for scripts and tests (see `ENVIRONMENT`).
The keys are documented for users in docs/settings.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from hipcli import paths
from hipcli.keylines import KeyLines
from hipcli.problems import Problem, ProblemsError, did_you_mean, type_name

SETTINGS_NAME = "config.toml"

SOUNDS = ("tones", "bell", "none")
THEMES = ("dark", "light", "ansi")
MAX_TEXT = 1000  # a command line or a folder path; anything longer is a mistake


class SettingsError(ProblemsError):
    """The settings file cannot be used; holds every problem found in it."""


class Settings(NamedTuple):
    """What the user chose; the defaults are what a first session uses.

    `None` means "choose for me": `sound` picks tones where a player exists, else the bell;
    `device` comes from the host name; the commands come from the platform.
    """

    mood_before: bool = False
    bell: bool = True
    sound: str | None = None  # "tones" | "bell" | "none"
    voice: bool = False
    voice_cues: bool = False
    breath_sound: bool = False
    volume: int = 70  # percent
    sound_command: str | None = None
    speech_command: str | None = None
    theme: str = "dark"
    plain: bool = False
    show_streaks: bool = True
    celebrate: bool = True
    journal_dir: str | None = None
    device: str | None = None


# Settings the environment can override, for scripts and tests: variable -> key.
ENVIRONMENT: Mapping[str, str] = {
    "HIPCLI_SOUND_COMMAND": "sound_command",
    "HIPCLI_SPEECH_COMMAND": "speech_command",
    "HIPCLI_PLAIN": "plain",
    "HIPCLI_JOURNAL_DIR": "journal_dir",
    "HIPCLI_DEVICE": "device",
}

Check = Callable[[Any], str | None]  # a problem message, or None when the value is fine


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, found {type_name(value)}"


def _choice(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, str) and value in choices:
            return None
        wanted = " or ".join(f'"{c}"' for c in choices)
        if isinstance(value, str):
            hint = did_you_mean(value, choices)
            return f"expected {wanted}, found {type_name(value)}" + (f". {hint}" if hint else "")
        return f"expected {wanted}, found {type_name(value)}"

    return check


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected text in quotes, found {type_name(value)}"
    if not value.strip():
        return "is empty; remove the line to use the default"
    if len(value) > MAX_TEXT or "\x00" in value:
        return f"is longer than {MAX_TEXT} characters or holds a NUL character"
    return None


def _volume(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected a whole number from 0 to 100, found {type_name(value)}"
    return None if 0 <= value <= 100 else f"expected a number from 0 to 100, found {value}"


CHECKS: Mapping[str, Check] = {
    "mood_before": _bool,
    "bell": _bool,
    "sound": _choice(SOUNDS),
    "voice": _bool,
    "voice_cues": _bool,
    "breath_sound": _bool,
    "volume": _volume,
    "sound_command": _text,
    "speech_command": _text,
    "theme": _choice(THEMES),
    "plain": _bool,
    "show_streaks": _bool,
    "celebrate": _bool,
    "journal_dir": _text,
    "device": _text,
}
_KEYS = Settings._fields


def settings_path() -> Path:
    """Where the settings file lives."""
    return paths.config_dir() / SETTINGS_NAME


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The overrides set in the environment; empty variables count as unset."""
    values: dict[str, Any] = {}
    for variable, key in ENVIRONMENT.items():
        raw = environ.get(variable, "")
        if not raw:
            continue
        if key == "plain":
            values[key] = raw.strip().lower() not in ("0", "false", "no", "off")
        else:
            values[key] = raw
    return values


def load_settings(
    path: Path | None = None, *, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the settings file (missing means the defaults), then apply the environment's
    overrides; raise SettingsError naming the file, line and key on mistakes."""
    path = path or settings_path()
    values = _read_file(path)
    values.update(_from_environment(os.environ if environ is None else environ))
    return Settings(**values)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        if path.exists() and not path.is_file():
            raise SettingsError([Problem(str(path), "is not a regular file")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError([Problem(str(path), f"cannot be read ({error})")]) from None
    import tomllib  # deferred: only a settings file needs it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError([Problem(str(path), f"TOML syntax: {error}")]) from None
    lines = KeyLines(text)
    problems = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        check = CHECKS.get(key)
        if check is None:
            hint = did_you_mean(key, _KEYS) or f"Known settings: {', '.join(_KEYS)}."
            problems.append(
                Problem(
                    str(path), f"unknown setting '{key}'", lines.line_of((key,)), key=key, hint=hint
                )
            )
            continue
        message = check(value)
        if message is not None:
            problems.append(Problem(str(path), message, lines.line_of((key,)), key=key))
        else:
            values[key] = value
    if problems:
        raise SettingsError(problems)
    return values
