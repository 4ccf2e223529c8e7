"""The user's settings in `<config>/config.toml`: small, optional, and checked like routines.

mood_before = true   # ask how you feel before each session (default false)
bell = false         # no terminal bell between segments (default true; --quiet for once)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from hipcli import paths
from hipcli.durations import type_name
from hipcli.keylines import KeyLines
from hipcli.routine import Problem, RoutineError, did_you_mean

SETTINGS_NAME = "config.toml"
_KEYS = ("mood_before", "bell")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user chose; the defaults are what a first session uses."""

    mood_before: bool = False
    bell: bool = True


def settings_path() -> Path:
    """Where the settings file lives."""
    return paths.config_dir() / SETTINGS_NAME


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file (missing means the defaults); raise RoutineError on mistakes."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        raise RoutineError([Problem(str(path), f"cannot be read ({error})")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError([Problem(str(path), f"TOML syntax: {error}")]) from None
    lines = KeyLines(text)
    problems = []
    values: dict[str, bool] = {}
    for key, value in data.items():
        line = lines.line_of((key,))
        if key not in _KEYS:
            hint = did_you_mean(key, _KEYS) or f"Known settings: {', '.join(_KEYS)}."
            problems.append(
                Problem(str(path), f"unknown setting '{key}'", line, key=key, hint=hint)
            )
        elif not isinstance(value, bool):
            problems.append(
                Problem(
                    str(path), f"expected true or false, found {type_name(value)}", line, key=key
                )
            )
        else:
            values[key] = value
    if problems:
        raise RoutineError(problems)
    return Settings(**values)
