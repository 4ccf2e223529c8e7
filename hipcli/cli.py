"""The `hipcli` command: start, log, routines, show, validate.

Imports are scoped to the command that needs them, so that `hipcli --help` and `hipcli routines`
start fast; the Textual app is imported only by `start`. User mistakes are caught here, once, and
printed calmly with the exit codes from DESIGN.md: 0 ok, 1 invalid data or a reported failure,
2 a usage error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.shell_completion import CompletionItem

from hipcli.durations import format_clock, format_duration
from hipcli.literal import one_line, visible

if TYPE_CHECKING:
    from pathlib import Path

    from hipcli import library
    from hipcli.checkin import SaveResult
    from hipcli.library import ListedRoutine
    from hipcli.routine import Problem, Routine

UTF8_NAMES = ("utf-8", "utf8", "utf_8")

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
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def plural(count: int, noun: str) -> str:
    """ "1 step", "3 steps"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a calm message on stderr and exit with `code`."""
    click.echo(message, err=True)
    sys.exit(code)


def complete_routine(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion: routine names, built-in and the user's own."""
    from hipcli import library

    del ctx, param
    return [CompletionItem(name) for name in library.routine_files() if name.startswith(incomplete)]


def find_routine_or_exit(name: str) -> library.RoutineFile:
    """The routine file called `name`, or a did-you-mean message and exit code 2."""
    from hipcli import library

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
    type=click.Path(),
    help="Record the session in this journal file instead of the default one.",
)
@click.option("--quiet", is_flag=True, help="No terminal bell between segments and at the end.")
@click.option(
    "--mood-before/--no-mood-before",
    default=None,
    help="Ask how you feel before the session too (setting: mood_before).",
)
def start_command(routine: str, journal: str | None, quiet: bool, mood_before: bool | None) -> None:
    """Practise a routine: timed holds, sides, breathing guide, then a short check-in."""
    from hipcli import paths
    from hipcli.routine import RoutineError
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
            f"Try `hipcli show {visible(routine)}` to see the routine instead.",
            1,
        )
    if os.environ.get("TERM") == "dumb":
        fail(
            "hipcli start draws a full-screen session, which a dumb terminal (TERM=dumb) cannot "
            f"show. Try it in a regular terminal; `hipcli show {visible(routine)}` lists the "
            "routine here.",
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
    from hipcli import library, paths
    from hipcli.exports import json_text
    from hipcli.routine import routine_total_s

    listed = library.list_routines()
    if fmt == "json":
        click.echo(
            json_text([_routine_json(item) for item in listed])
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
    _print_table(
        ["name", "title", "length", "steps", "breath", "source"], rows, right_aligned={2, 3}
    )
    user_dir = paths.user_routines_dir()
    if not any(item.file.source is library.Source.USER for item in listed):
        click.echo(f"\nYour own routines go in {user_dir}", err=not color_wanted())


def _routine_json(item: ListedRoutine) -> dict[str, Any]:
    from hipcli.routine import routine_total_s

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
    from hipcli.routine import RoutineError

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
    _print_table(["start", "length", "segment", "breath"], rows, right_aligned={0, 1})
    click.echo()
    click.echo(
        f"Total {format_duration(timeline.total_s)} "
        f"({plural(len(loaded.steps), 'step')}, {plural(len(timeline.segments), 'segment')})"
    )


# --- validate ------------------------------------------------------------------------------------


STDIN_ARGUMENT = "-"  # `hipcli validate -` reads the routine from standard input (editors)


def _targets(arguments: Sequence[str]) -> list[tuple[str, Path | None]]:
    """Turn names and paths into (name, path) pairs (None: stdin); exit 2 for an unknown name."""
    from pathlib import Path

    from hipcli import library

    if not arguments:
        return [(f.name, f.path) for f in library.user_routine_files()]
    targets: list[tuple[str, Path | None]] = []
    for argument in arguments:
        path = Path(argument)
        if argument == STDIN_ARGUMENT:
            targets.append(("stdin", None))
        elif (
            argument.endswith(".toml")
            or any(sep and sep in argument for sep in ("/", os.sep, os.altsep))
            or path.is_file()
        ):
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
    "  hipcli validate --format json x.toml   problems as JSON, for editors\n"
    "  hipcli validate - < x.toml      read the routine from standard input",
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
    from hipcli.exports import json_text
    from hipcli.routine import RoutineError, load_routine, parse_routine

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
    type=click.Path(dir_okay=True),
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
    journal: str | None,
) -> None:
    """Look back over your sessions: recent entries, filters, streaks, mood, exports."""
    from hipcli import paths
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
    code = run_log(request, sys.stdout, sys.stderr, color=color_wanted())
    mention_recoveries()
    sys.exit(code)


def mention_recoveries() -> None:
    """Say (on stderr, so exports stay clean) when sessions wait in recovery files."""
    from hipcli.checkin import pending_recoveries

    waiting = pending_recoveries()
    if waiting:
        verb = "is" if len(waiting) == 1 else "are"
        click.echo(
            f"\n{plural(len(waiting), 'session')} could not be written to the journal and "
            f"{verb} kept safe in {visible(str(waiting[0].parent))}. "
            "`hipcli recover` adds them to your journal.",
            err=True,
        )


@cli.command("recover", epilog="\b\nExample:\n  hipcli recover")
@click.option(
    "--journal",
    type=click.Path(dir_okay=True),
    help="Add them to this journal file instead of the default one.",
)
def recover_command(journal: str | None) -> None:
    """Add sessions that were kept in recovery files (when the journal could not be written)."""
    from hipcli import paths
    from hipcli.checkin import pending_recoveries, recover_into

    target = paths.journal_path(journal)  # first: without it there is nowhere to recover to
    waiting = pending_recoveries()
    if not waiting:
        click.echo("Nothing to recover: every session is in your journal.")
        return
    failed = False
    for result in recover_into(target, waiting):
        if result.problem:
            failed = True
            click.echo(f"{visible(str(result.path))}: {visible(result.problem)}", err=True)
        else:
            click.echo(
                f"Added {plural(result.sessions, 'session')} from {visible(result.path.name)} "
                f"to {visible(str(target))}."
            )
    sys.exit(1 if failed else 0)


# --- new, edit, schema: writing routines ---------------------------------------------------------


def _length_line(routine: Routine) -> str:
    from hipcli.routine import routine_total_s

    steps = len(routine.steps)
    return f"{format_duration(routine_total_s(routine))}, {steps} step{'s' if steps != 1 else ''}"


@cli.command(
    "new",
    epilog="\b\nExamples:\n  hipcli new evening-hips              a commented template to fill in\n"
    "  hipcli new long-pigeon --from pigeon a copy of a routine to adapt\n\n"
    "Names use lowercase letters, digits, '-' and '_'. The file begins with a #:schema line,\n"
    "so editors with a TOML language server (Taplo, Even Better TOML) check it as you type.",
)
@click.argument("name")
@click.option(
    "--from",
    "source_name",
    metavar="ROUTINE",
    shell_complete=complete_routine,
    help="Start from a copy of this routine (built-in or your own) instead of the template.",
)
@click.option("--force", is_flag=True, help="Replace a routine of yours that has this name.")
def new_command(name: str, source_name: str | None, force: bool) -> None:
    """Write a routine of your own: a template or a copy.

    Without --from, a commented template that runs as it is; with --from, a copy of that routine
    (built-in or yours) to adapt. Never overwrites a routine of yours without --force.
    """
    from hipcli import authoring, library
    from hipcli.routine import RoutineError

    try:
        authoring.check_name(name)
    except authoring.RoutineNameError as error:
        fail(str(error), 2)
    source = find_routine_or_exit(source_name) if source_name is not None else None
    target = authoring.user_routine_path(name)
    shown = visible(str(target))
    if source is not None and source.path.resolve() == target.resolve():
        fail(f"'{name}' is that routine's own file ({shown}); open it with `hipcli edit {name}`.")
    existed = target.exists()
    if existed and not force:
        fail(
            f"You already have a routine called '{name}': {shown}\n"
            f"Open it with `hipcli edit {name}`, or start it afresh with "
            f"`hipcli new {name}{f' --from {source_name}' if source_name else ''} --force`.",
        )
    try:
        if source is None:
            text = authoring.template_text(name)
        else:
            text = authoring.copy_text(
                source.path.read_text(encoding="utf-8"), source=source, name=name
            )
        authoring.write_routine(target, text, overwrite=force)
    except UnicodeDecodeError:
        fail(f"{visible(str(source.path if source else target))} is not UTF-8 text; not copied.")
    except FileExistsError:
        fail(f"{shown} appeared while hipcli was writing it; it was left alone.")
    except OSError as error:
        fail(f"Could not write {shown}: {error.strerror or error}.")

    if source is None:
        what = "a template that runs as it is"
    elif source.source is library.Source.BUILT_IN:
        what = f"a copy of the built-in routine '{source.name}'"
    else:
        what = f"a copy of your routine '{source.name}'"
    written = library.RoutineFile(
        name, target, library.Source.USER, overrides_builtin=name in _builtin_names()
    )
    try:
        summary = _length_line(written.load())
    except RoutineError as error:
        count = len(error.problems)
        summary = f"it has {count} problem{'s' if count != 1 else ''}, as its source has"
    click.echo(f"{'Replaced' if existed else 'Wrote'} {shown}: {what} ({summary}).")
    if written.overrides_builtin:
        click.echo(
            f"It has the name of a built-in routine, so it takes the place of the built-in "
            f"'{name}'. Delete the file to get the built-in back."
        )
    click.echo(f"  Edit it:   hipcli edit {name}")
    click.echo(f"  Check it:  hipcli validate {name}")
    click.echo(f"  Start it:  hipcli start {name}")


def _builtin_names() -> set[str]:
    from hipcli import paths

    return {path.stem for path in paths.builtin_routines_dir().glob("*.toml")}


@cli.command(
    "edit",
    epilog="\b\nExamples:\n  hipcli edit evening-hips\n"
    "  VISUAL='code --wait' hipcli edit pigeon   copy the built-in pigeon, edit the copy\n\n"
    "The editor is $VISUAL, else $EDITOR, else sensible-editor, editor, nano or vi.\n"
    "After it closes, the file is checked; on a terminal you can go back and fix it.",
)
@click.argument("routine", shell_complete=complete_routine)
def edit_command(routine: str) -> None:
    """Open one of your routines in your editor, then check it. Built-ins are edited as a copy."""
    import time

    from hipcli import authoring, library

    try:
        file = library.find(routine)
    except library.UnknownRoutineError as error:
        message = str(error)
        if not error.suggestions and authoring.is_routine_name(routine):
            message += f" To write a new one: hipcli new {routine}"
        fail(visible(message), 2)
    try:
        editor = authoring.resolve_editor()
    except authoring.EditorError as error:
        fail(visible(str(error)))
    try:
        path, copied = authoring.user_copy(file)
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        fail(f"Could not copy the built-in routine '{file.name}' to edit it: {reason}.")
    shown = visible(str(path))
    if copied:
        click.echo(
            f"'{file.name}' is a built-in routine, so hipcli copied it to {shown} for you to "
            "edit. Your copy takes the built-in's place; the built-in itself is never changed."
        )
    authoring.refresh_schema_line(path)

    def edit_again(problems: Sequence[Problem]) -> bool:
        print_problems(problems)
        if not sys.stdin.isatty():
            return False
        try:
            return click.confirm("Edit again?", default=True, err=True)
        except click.Abort:  # Ctrl+D or Ctrl+C at the question: keep the file as it is
            click.echo(err=True)
            return False

    waiting = sys.stderr.isatty()

    def launch(editor: authoring.Editor, path: Path) -> None:
        if waiting:  # as git does: a hint for editors that open in a window of their own
            click.echo(f"Waiting for your editor to close {path.name}…", err=True, nl=False)
        try:
            authoring.run_editor(editor, path)
        finally:
            if waiting:
                click.echo("\r\x1b[K", err=True, nl=False)  # and erase it afterwards

    started = time.monotonic()
    try:
        outcome = authoring.edit_until_valid(
            path, name=file.name, editor=editor, edit_again=edit_again, launch=launch
        )
    except authoring.EditorError as error:
        if copied:
            path.unlink(missing_ok=True)
            fail(f"{visible(str(error))} The copy was removed; nothing changed.")
        fail(f"{visible(str(error))} {shown} is left as it was.")
    name = file.name
    if outcome.routine is None:
        count = len(outcome.problems)
        fail(
            f"{shown} is saved as it is, with {count} problem{'s' if count != 1 else ''}; "
            f"hipcli cannot start it until {'they are' if count != 1 else 'it is'} fixed. "
            f"`hipcli edit {name}` opens it again."
        )
    length = _length_line(outcome.routine)
    if outcome.changed:
        click.echo(f"Saved {name} ({length}). Start it with `hipcli start {name}`.")
        return
    if copied:
        path.unlink(missing_ok=True)
        click.echo(f"No changes, so the copy was removed; the built-in '{name}' stays in use.")
    else:
        click.echo(f"No changes to {name} ({length}).")
    if time.monotonic() - started < 1.0:
        click.echo(
            "If your editor opens in its own window, make hipcli wait for it: for example "
            "VISUAL='code --wait' or VISUAL='subl -w'.",
            err=True,
        )


@cli.command(
    "schema",
    epilog="\b\nExamples:\n  hipcli schema > routine.schema.json\n"
    "  hipcli schema --uri          what the #:schema line of new routines points at",
)
@click.option("--uri", "show_uri", is_flag=True, help="Print where the installed schema is.")
def schema_command(show_uri: bool) -> None:
    """Print the JSON Schema of routine files, for editors."""
    from hipcli import authoring

    if show_uri:
        click.echo(authoring.schema_uri())
        return
    text = authoring.schema_text()
    click.echo(text, nl=not text.endswith("\n"))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `hipcli` script and `python -m hipcli`."""
    from hipcli.paths import NoHomeError

    # A stream that cannot encode a character (an ASCII or Latin-1 locale) shows it as an escape
    # instead of ending the command in UnicodeEncodeError: a note with an emoji is still a note.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in UTF8_NAMES:
            stream.reconfigure(errors="backslashreplace")
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="hipcli")
    except NoHomeError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    except BrokenPipeError:
        # The reader went away (`hipcli log | head`): stop quietly, as other CLI tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
