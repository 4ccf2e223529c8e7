"""The `hipcli` command: start, log, routines, show, validate.

Imports are scoped to the command that needs them, so that `hipcli --help` and `hipcli routines`
start fast; the Textual app is imported only by `start`. User mistakes are caught here, once, and
printed calmly with the exit codes from DESIGN.md: 0 ok, 1 invalid data or a reported failure,
2 a usage error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.shell_completion import CompletionItem

from hipcli import library, paths
from hipcli.durations import format_clock, format_duration
from hipcli.literal import one_line, visible
from hipcli.routine import Problem, RoutineError, routine_total_s

if TYPE_CHECKING:
    from hipcli.checkin import SaveResult
    from hipcli.library import ListedRoutine

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

EPILOG = """\b
Examples:
  hipcli start pigeon          practise the pigeon routine
  hipcli routines              list the routines you can start
  hipcli show full-hip-release see every hold, switch and rest
  hipcli log --stats           streaks, minutes and mood over time
  hipcli validate my-hips.toml check a routine file you wrote

hipcli is a timer and a journal; it gives no medical advice.
"""


def color_wanted(stream: Any = None) -> bool:
    """Colour and box drawing only on a terminal, and never when NO_COLOR is set."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a calm message on stderr and exit with `code`."""
    click.echo(message, err=True)
    sys.exit(code)


def complete_routine(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion: routine names, built-in and the user's own."""
    del ctx, param
    return [CompletionItem(name) for name in library.routine_files() if name.startswith(incomplete)]


def find_routine_or_exit(name: str) -> library.RoutineFile:
    """The routine file called `name`, or a did-you-mean message and exit code 2."""
    try:
        return library.find(name)
    except library.UnknownRoutineError as error:
        fail(str(error), 2)


def print_problems(problems: Sequence[Problem]) -> None:
    """Print each routine problem on its own line on stderr, shown literally."""
    for problem in problems:
        click.echo(visible(str(problem)), err=True)


@click.group(context_settings=CONTEXT, epilog=EPILOG)
@click.version_option(package_name="hipcli", prog_name="hipcli")
def cli() -> None:
    """A calm session timer and journal for hip-opening, somatic and breathing practice."""


# --- start ---------------------------------------------------------------------------------------


@cli.command(
    "start",
    epilog="\b\nExamples:\n  hipcli start pigeon\n  hipcli start morning --quiet\n"
    "  hipcli start box-breathing --mood-before\n\n"
    "Keys: space pause · n next · b back · + 15 s more · q end · ? help.\n"
    "At the end: 1-5 mood, Tab to tags and notes, Ctrl+S to save, Escape to skip.",
)
@click.argument("routine", shell_complete=complete_routine)
@click.option(
    "--journal",
    type=click.Path(path_type=Path),
    help="Record the session in this journal file instead of the default one.",
)
@click.option("--quiet", is_flag=True, help="No terminal bell between segments and at the end.")
@click.option(
    "--mood-before/--no-mood-before",
    default=None,
    help="Ask how you feel before the session too (setting: mood_before).",
)
def start_command(
    routine: str, journal: Path | None, quiet: bool, mood_before: bool | None
) -> None:
    """Practise a routine: timed holds, sides, breathing guide, then a short check-in."""
    from hipcli.settings import load_settings

    file = find_routine_or_exit(routine)
    try:
        loaded = file.load()
        settings = load_settings()
    except RoutineError as error:
        print_problems(error.problems)
        sys.exit(1)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(
            "hipcli start needs a terminal to show the session in. "
            f"Try `hipcli show {routine}` to see the routine instead.",
            1,
        )
    from hipcli.tui import run_session  # deferred: Textual is the slowest import by far

    result = run_session(
        loaded,
        journal=paths.journal_path(journal),
        quiet=quiet or not settings.bell,
        ask_mood_before=settings.mood_before if mood_before is None else mood_before,
    )
    if result is None:
        click.echo("The session did not start, so nothing was recorded.")
        return
    click.echo(session_line(result))
    if not result.in_journal:
        sys.exit(1)


def session_line(result: SaveResult) -> str:
    """The one-line summary printed after a session."""
    from hipcli.checkin import describe_save, home_relative
    from hipcli.journal import MOOD_WORDS

    record = result.record
    parts = [visible(record.title), f"{format_duration(record.active_s)} practised"]
    if not record.completed:
        parts.append("ended early")
    if record.mood is not None:
        parts.append(f"mood: {MOOD_WORDS[record.mood]} ({record.mood})")
    where = (
        f"saved to {home_relative(result.journal)}" if result.in_journal else describe_save(result)
    )
    return " · ".join([*parts, where])


# --- routines ------------------------------------------------------------------------------------


@cli.command("routines", epilog="\b\nExample:\n  hipcli routines --format json | jq '.[].name'")
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
    listed = library.list_routines()
    if fmt == "json":
        click.echo(
            json.dumps([_routine_json(item) for item in listed], indent=2, ensure_ascii=False)
        )
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
            rows.append([item.file.name, one_line(why + line, 60), "", "", "", source])
            continue
        routine = item.routine
        rows.append(
            [
                routine.name,
                one_line(routine.title, 40),
                format_duration(routine_total_s(routine)),
                str(len(routine.steps)),
                routine.breath.describe(),
                source,
            ]
        )
    _print_table(
        ["name", "title", "length", "steps", "breath", "source"], rows, right_aligned={2, 3}
    )
    user_dir = paths.user_routines_dir()
    if not any(item.file.source is library.Source.USER for item in listed):
        click.echo(f"\nYour own routines go in {user_dir}", err=not color_wanted())


def _routine_json(item: ListedRoutine) -> dict[str, Any]:
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
    )
    return data


def _print_table(
    headers: list[str], rows: list[list[str]], *, right_aligned: set[int] | None = None
) -> None:
    """A table: Rich with a header style on a terminal, plain aligned columns on a pipe."""
    right_aligned = right_aligned or set()
    if color_wanted():
        from rich.console import Console  # deferred: rich's console costs ~40 ms to import
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, header_style="bold", pad_edge=False)
        for index, header in enumerate(headers):
            table.add_column(
                header, justify="right" if index in right_aligned else "left", no_wrap=index == 0
            )
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        Console().print(table)
        return
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    for row in [headers, *rows]:
        cells = [
            cell.rjust(widths[i]) if i in right_aligned else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        click.echo("  ".join(cells).rstrip())


# --- show ----------------------------------------------------------------------------------------


@cli.command("show", epilog="\b\nExample:\n  hipcli show pigeon")
@click.argument("routine", shell_complete=complete_routine)
def show_command(routine: str) -> None:
    """Show a routine's timeline: every hold per side, switch and rest, with start times."""
    from hipcli.engine import SegmentKind, build_timeline

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
    click.echo(f"Breath: {loaded.breath.describe()} · source: {file.source} ({file.path})")
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
    _print_table(["start", "length", "segment", "breath"], rows, right_aligned={0, 1})
    click.echo()
    click.echo(
        f"Total {format_duration(timeline.total_s)} "
        f"({len(loaded.steps)} steps, {len(timeline.segments)} segments)"
    )


# --- validate ------------------------------------------------------------------------------------


def _targets(arguments: Sequence[str]) -> list[tuple[str, Path]]:
    """Turn names and paths into (name, path) pairs; exit 2 for a name that matches nothing."""
    if not arguments:
        return [(f.name, f.path) for f in library.user_routine_files()]
    targets = []
    for argument in arguments:
        path = Path(argument)
        if argument.endswith(".toml") or os.sep in argument or path.is_file():
            targets.append((path.stem, path))
        else:
            file = find_routine_or_exit(argument)
            targets.append((file.name, file.path))
    return targets


@cli.command(
    "validate",
    epilog="\b\nExamples:\n  hipcli validate                 check all your own routines\n"
    "  hipcli validate pigeon          check one routine by name\n"
    "  hipcli validate ./my-hips.toml  check any file\n"
    "  hipcli validate --format json x.toml   problems as JSON, for editors",
)
@click.argument("routines", nargs=-1, shell_complete=complete_routine)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one object per problem (file, line, column, key).",
)
def validate_command(routines: tuple[str, ...], fmt: str) -> None:
    """Check routine files. With no argument, checks every routine of your own."""
    from hipcli.routine import load_routine

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
            load_routine(path, name=name)
        except RoutineError as error:
            problems.extend(error.problems)
            if fmt == "text":
                print_problems(error.problems)
        else:
            if fmt == "text":
                click.echo(f"ok  {visible(str(path))}")
    if fmt == "json":
        click.echo(json.dumps([_problem_json(p) for p in problems], indent=2, ensure_ascii=False))
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


# --- log -----------------------------------------------------------------------------------------


@cli.command(
    "log",
    epilog="\b\nExamples:\n  hipcli log                      your last 20 sessions\n"
    "  hipcli log --since 7d --stats   how the last week went\n"
    "  hipcli log --grep calmer        sessions whose notes or tags mention it\n"
    "  hipcli log --all --format csv > practice.csv",
)
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="How many recent sessions to show.",
)
@click.option("--all", "show_all", is_flag=True, help="Show every session.")
@click.option(
    "--routine",
    metavar="NAME",
    shell_complete=complete_routine,
    help="Only sessions of this routine.",
)
@click.option("--since", metavar="WHEN", help="From this day on: 2026-11-01, or 7d, 2w, 3m, 1y.")
@click.option("--until", metavar="WHEN", help="Up to and including this day.")
@click.option("--grep", metavar="TEXT", help="Only sessions whose notes or tags contain TEXT.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
)
@click.option("--stats", is_flag=True, help="Streaks, totals and your mood over time.")
@click.option(
    "--journal",
    type=click.Path(dir_okay=True, path_type=Path),
    help="Read this journal file instead of the default one.",
)
def log_command(
    limit: int,
    show_all: bool,
    routine: str | None,
    since: str | None,
    until: str | None,
    grep: str | None,
    fmt: str,
    stats: bool,
    journal: Path | None,
) -> None:
    """Look back over your sessions: recent entries, filters, streaks, mood, exports."""
    from hipcli.report import LogRequest, run_log

    request = LogRequest(
        journal=paths.journal_path(journal),
        limit=None if show_all else limit,
        routine=routine,
        since=since,
        until=until,
        grep=grep,
        fmt=fmt,  # type: ignore[arg-type]
        stats=stats,
    )
    sys.exit(run_log(request, sys.stdout, sys.stderr, color=color_wanted()))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `hipcli` script and `python -m hipcli`."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="hipcli")
    except BrokenPipeError:
        # The reader went away (`hipcli log | head`): stop quietly, as other CLI tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
