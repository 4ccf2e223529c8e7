"""Reading a routine from TOML: every mistake becomes a `Problem` with file, line and key path.

Every problem a person can put in a routine file names the file, the line, the key path
(`steps[2].hold`), what was expected and what was found, with a hint where one helps. All problems
in a file are collected and raised together as one `RoutineError`. The format is documented key
by key in docs/routines.md.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hipcli.files import NotRegularFileError, read_regular
from hipcli.keylines import KeyLines, KeyPath
from hipcli.problems import Problem, did_you_mean, type_name
from hipcli.routine.durations import DurationError, format_duration, parse_duration
from hipcli.routine.model import (
    ALIAS_LIMIT,
    BREATH_BOUNDS,
    BREATH_KEYS,
    BREATH_PATTERNS,
    DEFAULT_LEAD_IN_S,
    DEFAULT_REST_S,
    DEFAULT_SWITCH_S,
    DURATION_BOUNDS,
    MAX_ALIASES,
    MAX_FILE_BYTES,
    MAX_SIDES,
    MAX_STEPS,
    MAX_TOTAL_S,
    NATURAL,
    ROUTINE_KEYS,
    SIDE_NAME_LIMIT,
    STEP_KEYS,
    TEXT_LIMITS,
    BreathPattern,
    Routine,
    RoutineError,
    Step,
    label_key,
    routine_total_s,
)


def key_path_text(path: KeyPath) -> str:
    """Render a key path for people: ("steps", 1, "hold") -> "steps[2].hold" (counting from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            part = part or '""'  # an empty key, as TOML writes it (not as nothing at all)
            text += f".{part}" if text else part
    return text


class _Checker:
    """Collects problems while reading one parsed document."""

    def __init__(self, file: str, lines: KeyLines) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def report(self, path: KeyPath, message: str, hint: str = "") -> None:
        self.problems.append(
            Problem(
                self.file,
                message,
                line=self.lines.line_of(path),
                key=key_path_text(path),
                hint=hint,
            )
        )

    def unknown_keys(self, table: Mapping[str, Any], known: Sequence[str], path: KeyPath) -> None:
        for key in table:
            if key not in known:
                hint = did_you_mean(key, known) or f"Known keys here: {', '.join(known)}."
                self.report((*path, key), f"unknown key '{key}'", hint)

    def text(self, table: Mapping[str, Any], key: str, path: KeyPath, *, required: bool) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.report(path, f"missing '{key}'", f'Add a line like {key} = "…".')
            return ""
        if not isinstance(value, str):
            self.report((*path, key), f"expected text in quotes, found {type_name(value)}")
            return ""
        if required and not value.strip():
            self.report((*path, key), "is empty", "Give it a few words.")
        limit = TEXT_LIMITS[key]
        if len(value) > limit:
            self.report((*path, key), f"is {len(value)} characters long; at most {limit} fit")
        return value

    def duration(
        self, table: Mapping[str, Any], key: str, path: KeyPath, default: int | None
    ) -> int:
        if key not in table:
            if default is None:
                self.report(path, f"missing '{key}'", f'Add a line like {key} = "60s".')
                return 1
            return default
        try:
            seconds = parse_duration(table[key])
        except DurationError as error:
            self.report((*path, key), str(error))
            return default if default is not None else 1
        low, high = DURATION_BOUNDS[key]
        if not low <= seconds <= high:
            self.report(
                (*path, key),
                f"must be between {_bound(low)} and {_bound(high)}, found {_bound(seconds)}",
            )
            return min(max(seconds, low), high)
        return seconds

    def breath(self, value: object, path: KeyPath) -> BreathPattern:
        if isinstance(value, str):
            pattern = BREATH_PATTERNS.get(value.strip().lower())
            if pattern is None:
                names = list(BREATH_PATTERNS)
                hint = did_you_mean(value.strip().lower(), names)
                self.report(
                    path,
                    f'unknown breath pattern "{value}"',
                    hint
                    or f"Named patterns: {', '.join(names)}; or a table like "
                    "{inhale = 4, exhale = 6}.",
                )
                return NATURAL
            return pattern
        if isinstance(value, dict):
            self.unknown_keys(value, BREATH_KEYS, path)
            counts: dict[str, float] = {}
            for key in BREATH_KEYS:
                raw = value.get(key, 0)
                if key in ("inhale", "exhale") and key not in value:
                    self.report(path, f"missing '{key}'", f"Add {key} = 4 (seconds).")
                    raw = 4
                if isinstance(raw, bool) or not isinstance(raw, int | float):
                    self.report(
                        (*path, key), f"expected seconds as a number, found {type_name(raw)}"
                    )
                    counts[key] = 0.0
                    continue
                low, high = BREATH_BOUNDS[key]
                # Compared as numbers, not floats: an integer too big for a float is out of range
                # too (and nan fails every comparison).
                if not low <= raw <= high:
                    self.report(
                        (*path, key), f"must be between {low:g} and {high:g} seconds, found {raw}"
                    )
                    counts[key] = 0.0
                    continue
                counts[key] = float(raw)
            return BreathPattern("custom", **counts)
        self.report(
            path,
            f"expected a pattern name or a table like {{inhale = 4, exhale = 6}}, "
            f"found {type_name(value)}",
        )
        return NATURAL

    def sides(self, value: object, path: KeyPath) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.report(path, f'expected a list like ["left", "right"], found {type_name(value)}')
            return ()
        if not 1 <= len(value) <= MAX_SIDES:
            self.report(path, f"expected 1 to {MAX_SIDES} sides, found {len(value)}")
            return ()
        sides: list[str] = []
        seen: set[str] = set()
        for index, side in enumerate(value):
            if not isinstance(side, str) or not side.strip():
                self.report((*path, index), f"expected a side name, found {type_name(side)}")
                continue
            if len(side) > SIDE_NAME_LIMIT:
                self.report((*path, index), f"is longer than {SIDE_NAME_LIMIT} characters")
                continue
            folded = side.strip().casefold()
            if folded in seen:
                self.report(path, f'"{side}" is listed twice', "Each side needs its own name.")
                continue
            seen.add(folded)
            sides.append(side.strip())
        return tuple(sides)

    def aliases(self, value: object, path: KeyPath) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.report(path, f'expected a list like ["butterfly"], found {type_name(value)}')
            return ()
        if len(value) > MAX_ALIASES:
            self.report(path, f"has {len(value)} aliases; at most {MAX_ALIASES} fit")
            return ()
        aliases: list[str] = []
        seen: set[str] = set()
        for index, alias in enumerate(value):
            if not isinstance(alias, str) or not label_key(alias):
                self.report(
                    (*path, index),
                    f'expected a name people type, like "butterfly", found {type_name(alias)}',
                )
                continue
            if len(alias) > ALIAS_LIMIT:
                self.report(
                    (*path, index), f"is {len(alias)} characters long; at most {ALIAS_LIMIT} fit"
                )
                continue
            key = label_key(alias)
            if key in seen:
                self.report(
                    path,
                    f'"{alias}" is listed twice',
                    "Capitals, spaces, '-' and '_' do not make a different alias.",
                )
                continue
            seen.add(key)
            aliases.append(alias.strip())
        return tuple(aliases)


def _bound(seconds: int) -> str:
    return format_duration(seconds)


def parse_routine(data: bytes | str, *, name: str, file: str = "<routine>") -> Routine:
    """Parse and validate a routine document; raise RoutineError listing every problem."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise RoutineError(
                [
                    Problem(
                        file,
                        f"is {len(data):,} bytes; a routine file is at most "
                        f"{MAX_FILE_BYTES:,} bytes",
                        hint="Is this the right file?",
                    )
                ]
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise RoutineError(
                [
                    Problem(
                        file,
                        "is not UTF-8 text",
                        line=line,
                        hint="Save the file as UTF-8 (most editors offer this).",
                    )
                ]
            ) from None
    else:
        text = data
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors add
    if not text.strip():
        raise RoutineError(
            [Problem(file, "is empty", hint='Start with title = "…" and a [[steps]] table.')]
        )
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError([_syntax_problem(file, error, text)]) from None
    except ValueError:  # tomllib lets int() refuse a number of more than 4300 digits
        raise RoutineError([Problem(file, "has a number too long to read")]) from None
    except RecursionError:
        raise RoutineError([Problem(file, "is nested too deeply to be a routine")]) from None
    return _build(document, name=name, file=file, lines=KeyLines(text))


# Compiled on first use (re caches it): only a file with a syntax mistake needs it.
_POSITION = r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$"


def _syntax_problem(file: str, error: tomllib.TOMLDecodeError, text: str) -> Problem:
    message = str(error)
    match = re.search(_POSITION, message)
    line = column = None
    if match:
        message = message[: match.start()]
        if match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
        else:  # "at end of document": point at the end of the last line
            lines = text.split("\n")
            line, column = len(lines), len(lines[-1]) + 1
    hint = "Check the quotes, brackets and '=' on that line (TOML syntax)."
    return Problem(
        file, f"TOML syntax: {message[:1].lower()}{message[1:]}", line, column, hint=hint
    )


def _build(document: dict[str, Any], *, name: str, file: str, lines: KeyLines) -> Routine:
    check = _Checker(file, lines)
    check.unknown_keys(document, ROUTINE_KEYS, ())
    title = check.text(document, "title", (), required=True)
    summary = check.text(document, "summary", (), required=False)
    aliases = check.aliases(document["aliases"], ("aliases",)) if "aliases" in document else ()
    lead_in = check.duration(document, "lead_in", (), DEFAULT_LEAD_IN_S)
    rest = check.duration(document, "rest", (), DEFAULT_REST_S)
    switch = check.duration(document, "switch", (), DEFAULT_SWITCH_S)
    breath = check.breath(document["breath"], ("breath",)) if "breath" in document else NATURAL

    steps: list[Step] = []
    raw_steps = document.get("steps")
    if raw_steps is None:
        check.report((), "no steps", "Add at least one [[steps]] table with a name and a hold.")
    elif not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
        check.report(("steps",), "expected [[steps]] tables, each with a name and a hold")
    elif not raw_steps:
        check.report(("steps",), "is empty", "Add at least one [[steps]] table.")
    elif len(raw_steps) > MAX_STEPS:
        check.report(("steps",), f"has {len(raw_steps)} steps; at most {MAX_STEPS} fit")
    else:
        for index, raw in enumerate(raw_steps):
            steps.append(_build_step(check, raw, ("steps", index), breath, rest, switch))

    routine = Routine(
        name=name,
        title=title,
        steps=tuple(steps),
        summary=summary,
        lead_in_s=lead_in,
        breath=breath,
        aliases=aliases,
    )
    if not check.problems:
        total = routine_total_s(routine)
        if total > MAX_TOTAL_S:
            check.report(
                (),
                f"runs {_bound(total)}; a routine is at most {_bound(MAX_TOTAL_S)}",
                "Split it into shorter routines.",
            )
    if check.problems:
        raise RoutineError(sorted(check.problems, key=lambda p: p.line or 0))
    return routine


def _build_step(
    check: _Checker,
    raw: dict[str, Any],
    path: KeyPath,
    breath: BreathPattern,
    rest: int,
    switch: int,
) -> Step:
    check.unknown_keys(raw, STEP_KEYS, path)
    sides = check.sides(raw["sides"], (*path, "sides")) if "sides" in raw else ()
    return Step(
        name=check.text(raw, "name", path, required=True),
        hold_s=check.duration(raw, "hold", path, None),
        sides=sides,
        cue=check.text(raw, "cue", path, required=False),
        breath=check.breath(raw["breath"], (*path, "breath")) if "breath" in raw else breath,
        rest_s=check.duration(raw, "rest", path, rest),
        switch_s=check.duration(raw, "switch", path, switch),
    )


def load_routine(path: Path, *, name: str | None = None, display: str | None = None) -> Routine:
    """Read and validate the routine file at `path`; raise RoutineError for anything wrong."""
    file = display or str(path)
    try:
        # a regular file only, read no further than the limit: a FIFO would hang the read and
        # /dev/zero never ends (hipcli.files)
        data = read_regular(path, "a routine", limit=MAX_FILE_BYTES)
        if len(data) > MAX_FILE_BYTES:
            size = max(path.stat().st_size, len(data))
            raise RoutineError(
                [
                    Problem(
                        file,
                        f"is {size:,} bytes; a routine file is at most {MAX_FILE_BYTES:,} bytes",
                        hint="Is this the right file?",
                    )
                ]
            )
    except NotRegularFileError as error:
        raise RoutineError([Problem(file, f"is {error.kind}, not a routine file")]) from None
    except IsADirectoryError:
        raise RoutineError([Problem(file, "is a directory, not a routine file")]) from None
    except FileNotFoundError:
        raise RoutineError([Problem(file, "does not exist")]) from None
    except OSError as error:
        raise RoutineError([Problem(file, f"cannot be read ({error.strerror or error})")]) from None
    return parse_routine(data, name=name or path.stem, file=file)
