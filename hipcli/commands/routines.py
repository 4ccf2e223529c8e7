"""The routine commands: `hipcli routines`, `show` and `validate`."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from hipcli.commands.common import (
    color_wanted,
    complete_routine,
    examples,
    find_routine_or_exit,
    plural,
    print_problems,
    print_table,
)
from hipcli.literal import one_line, visible
from hipcli.routine.durations import format_clock, format_duration

if TYPE_CHECKING:
    from pathlib import Path

    from hipcli.problems import Problem
    from hipcli.routine.library import ListedRoutine


@click.command(
    "routines",
    epilog=examples(
        ("hipcli routines", ""),
        ("hipcli routines --format json | jq '.[].name'", ""),
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="json prints one object per routine, for scripts.",
)
def routines_command(fmt: str) -> None:
    """List the routines you can start: built-in ones and your own."""
    from hipcli import paths
    from hipcli.review.exports import json_text
    from hipcli.routine import library
    from hipcli.routine.model import routine_total_s

    listed = library.list_routines()
    if fmt == "json":
        click.echo(json_text([_routine_json(item) for item in listed]))
        return
    rows: list[list[str]] = []
    for item in listed:
        source = str(item.file.source)
        if item.file.overrides_builtin:
            source += " (overrides built-in)"
        if item.routine is None:
            first = item.error.problems[0] if item.error else None
            why = f"broken: {first.message}" if first else "broken"
            line = f" (line {first.line})" if first and first.line else ""
            rows.append([visible(item.file.name), one_line(why + line, 60), "", "", "", source])
            continue
        routine = item.routine
        rows.append(
            [
                visible(routine.name),
                one_line(routine.title, 40),
                format_duration(routine_total_s(routine)),
                str(len(routine.steps)),
                routine.breath.describe(),
                source,
            ]
        )
    print_table(
        ["name", "title", "length", "steps", "breath", "source"], rows, right_aligned={2, 3}
    )
    user_dir = paths.user_routines_dir()
    if not any(item.file.source is library.Source.USER for item in listed):
        click.echo(f"\nYour own routines go in {user_dir}", err=not color_wanted())


def _routine_json(item: ListedRoutine) -> dict[str, Any]:
    from hipcli.routine.model import routine_total_s

    data: dict[str, Any] = {
        "name": item.file.name,
        "source": str(item.file.source),
        "overrides_builtin": item.file.overrides_builtin,
        "path": str(item.file.path),
    }
    if item.routine is None:
        data["error"] = str(item.error.problems[0]) if item.error else "broken"
        return data
    routine = item.routine
    data.update(
        title=routine.title,
        summary=routine.summary,
        total_s=routine_total_s(routine),
        steps=len(routine.steps),
        breath=routine.breath.describe(),
        aliases=list(routine.aliases),
    )
    return data


MENU_WIDTH = 100  # at most, like the help; a narrower terminal gets fewer columns


def start_menu() -> str:
    """What `hipcli start` without a routine says: the routines one could start, in columns."""
    import shutil

    from hipcli.routine import library
    from hipcli.routine.model import routine_total_s

    listed = library.list_routines()
    ready = [(i.file.name, routine_total_s(i.routine)) for i in listed if i.routine is not None]
    broken = sum(1 for item in listed if item.routine is None)
    lines = ["Which routine would you like to start? For example: hipcli start pigeon"]
    if ready:
        width = min(shutil.get_terminal_size((80, 24)).columns, MENU_WIDTH)
        cells = [(visible(name), _about(seconds)) for name, seconds in ready]
        lines += ["", *_columns(cells, width), ""]
        lines.append("`hipcli routines` lists their titles; `hipcli show NAME` shows every step.")
    else:
        lines.append("There are no routines to start yet; `hipcli new NAME` writes one.")
    if broken:
        lines.append(
            f"{plural(broken, 'routine')} of yours cannot start until "
            f"{'they are' if broken != 1 else 'it is'} fixed; `hipcli validate` shows why."
        )
    return "\n".join(lines)


def _about(seconds: int) -> str:
    """A length to choose by, to the minute: "5m", "19m" (exact ones: `hipcli routines`)."""
    return format_duration(seconds) if seconds < 60 else f"{round(seconds / 60)}m"


def _columns(cells: list[tuple[str, str]], width: int) -> list[str]:
    """Name-and-length cells in columns read downwards, as `ls` lays out names."""
    name_width = max(len(name) for name, _ in cells)
    length_width = max(len(length) for _, length in cells)
    cell_width = name_width + 2 + length_width
    gap = 3
    columns = max(1, (width - 2 + gap) // (cell_width + gap))
    rows = -(-len(cells) // columns)
    lines = []
    for row in range(rows):
        line = [
            f"{name.ljust(name_width)}  {length.rjust(length_width)}"
            for name, length in cells[row::rows]
        ]
        lines.append(("  " + (" " * gap).join(line)).rstrip())
    return lines


@click.command(
    "show",
    epilog=examples(("hipcli show pigeon", ""), ("hipcli show 90/90", "by its title")),
)
@click.argument("routine", shell_complete=complete_routine)
def show_command(routine: str) -> None:
    """Show a routine's timeline: every hold per side, switch and rest, with start times.

    ROUTINE is a routine's name, one of its aliases or its title.
    """
    from hipcli.practice.timeline import SegmentKind, build_timeline
    from hipcli.routine.model import RoutineError

    file = find_routine_or_exit(routine)
    try:
        loaded = file.load()
    except RoutineError as error:
        print_problems(error.problems)
        sys.exit(1)
    timeline = build_timeline(loaded)
    click.echo(visible(loaded.title))
    if loaded.summary:
        click.echo(visible(loaded.summary))
    if loaded.aliases:
        click.echo(f"Also found as: {', '.join(visible(alias) for alias in loaded.aliases)}")
    click.echo(
        f"Breath: {loaded.breath.describe()} · source: {file.source} ({visible(str(file.path))})"
    )
    click.echo()
    rows = []
    for segment in timeline.segments:
        breath = segment.breath.describe() if segment.kind is SegmentKind.HOLD else ""
        rows.append(
            [
                format_clock(segment.start_s),
                format_duration(segment.duration_s),
                one_line(segment.label, 50),
                breath,
            ]
        )
    print_table(["start", "length", "segment", "breath"], rows, right_aligned={0, 1})
    click.echo()
    click.echo(
        f"Total {format_duration(timeline.total_s)} "
        f"({plural(len(loaded.steps), 'step')}, {plural(len(timeline.segments), 'segment')})"
    )


STDIN_ARGUMENT = "-"  # `hipcli validate -` reads the routine from standard input (editors)


def _targets(arguments: Sequence[str]) -> list[tuple[str, Path | None]]:
    """Turn names and paths into (name, path) pairs (None: stdin); exit 2 for an unknown name."""
    from pathlib import Path

    from hipcli.routine import library

    if not arguments:
        return [(f.name, f.path) for f in library.user_routine_files()]
    targets: list[tuple[str, Path | None]] = []
    for argument in arguments:
        path = Path(argument)
        if argument == STDIN_ARGUMENT:
            targets.append(("stdin", None))
        elif argument.endswith(".toml") or path.is_file():
            targets.append((path.stem, path))
        elif any(sep and sep in argument for sep in ("/", os.sep, os.altsep)):
            # A path, unless it is no file and a routine answers to it ("90/90" is a title).
            try:
                file = library.resolve(argument)
            except library.UnknownRoutineError:
                targets.append((path.stem, path))
            else:
                targets.append((file.name, file.path))
        else:
            file = find_routine_or_exit(argument)
            targets.append((file.name, file.path))
    return targets


@click.command(
    "validate",
    epilog=examples(
        ("hipcli validate", "check all your own routines"),
        ("hipcli validate pigeon", "check one routine by name"),
        ("hipcli validate ./my-hips.toml", "check any file"),
        ("hipcli validate --format json x.toml", "problems as JSON, for editors"),
        ("hipcli validate - < x.toml", "read the routine from standard input"),
    ),
)
@click.argument("routines", nargs=-1, shell_complete=complete_routine)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: a list of problems, each with file, line, column, key, message and hint "
    "([] when all is well).",
)
def validate_command(routines: tuple[str, ...], fmt: str) -> None:
    """Check routine files. With no argument, checks every routine of your own."""
    from hipcli import paths
    from hipcli.review.exports import json_text
    from hipcli.routine.model import RoutineError
    from hipcli.routine.validate import load_routine, parse_routine

    targets = _targets(routines)
    if not targets and fmt == "text":
        click.echo(
            f"You have no routines of your own yet (they live in "
            f"{paths.user_routines_dir()}). Nothing to check."
        )
        return
    problems: list[Problem] = []
    for name, path in targets:
        try:
            if path is None:
                parse_routine(sys.stdin.buffer.read(), name=name, file="<stdin>")
            else:
                load_routine(path, name=name)
        except RoutineError as error:
            problems.extend(error.problems)
            if fmt == "text":
                print_problems(error.problems)
        else:
            if fmt == "text":
                click.echo(f"ok  {visible(str(path or '<stdin>'))}")
    if fmt == "json":
        click.echo(json_text([_problem_json(p) for p in problems]))
    elif problems:
        files = len({p.file for p in problems})
        click.echo(
            f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} in "
            f"{files} file{'s' if files != 1 else ''}.",
            err=True,
        )
    sys.exit(1 if problems else 0)


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "key": problem.key,
        "message": problem.message,
        "hint": problem.hint,
    }
