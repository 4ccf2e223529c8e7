"""The authoring commands: `hipcli new`, `edit` and `schema`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from hipcli.commands.common import (
    complete_routine,
    examples,
    fail,
    find_routine_or_exit,
    print_problems,
)
from hipcli.literal import visible
from hipcli.routine.durations import format_duration

if TYPE_CHECKING:
    from pathlib import Path

    from hipcli.problems import Problem
    from hipcli.routine.model import Routine


def _length_line(routine: Routine) -> str:
    from hipcli.routine.model import routine_total_s

    steps = len(routine.steps)
    return f"{format_duration(routine_total_s(routine))}, {steps} step{'s' if steps != 1 else ''}"


@click.command(
    "new",
    epilog=examples(
        ("hipcli new evening-hips", "a commented template to fill in"),
        ("hipcli new long-pigeon --from pigeon", "a copy of a routine to adapt"),
    )
    + "\n\nNames use lowercase letters, digits, '-' and '_'. The file begins with a #:schema "
    "line, so editors with a TOML language server (Taplo, Even Better TOML) check it as you type.",
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
    from hipcli.routine import authoring, library
    from hipcli.routine.model import RoutineError

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
    # A title of its own, so that two routines never show the same one; a file that takes the
    # place of another routine with its name may keep that one's title (it hides the other).
    others = [
        library.read_labels(file).title
        for other, file in library.routine_files().items()
        if other != name
    ]
    title = authoring.title_for(name, others)
    try:
        if source is None:
            text = authoring.template_text(name, title=title)
        else:
            text = authoring.copy_text(
                source.path.read_text(encoding="utf-8"),
                source=source,
                name=name,
                title=None if source.name == name else title,
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
        loaded = written.load()
        summary = _length_line(loaded)
        what += f", titled '{visible(loaded.title)}'"
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


@click.command(
    "edit",
    epilog=examples(
        ("hipcli edit evening-hips", "open your routine"),
        ("hipcli edit pigeon", "copy the built-in pigeon, edit the copy"),
        ("VISUAL='code --wait' hipcli edit pigeon", ""),
    )
    + "\n\nThe editor is $VISUAL, else $EDITOR, else sensible-editor, editor, nano or vi.\n"
    "After it closes, the file is checked; on a terminal you can go back and fix it.",
)
@click.argument("routine", shell_complete=complete_routine)
def edit_command(routine: str) -> None:
    """Open one of your routines in your editor, then check it. Built-ins are edited as a copy."""
    import time

    from hipcli.routine import authoring, library
    from hipcli.routine import editor as editing

    try:
        file = library.resolve(routine)
    except library.UnknownRoutineError as error:
        message = str(error)
        if not error.suggestions and authoring.is_routine_name(routine):
            message += f" To write a new one: hipcli new {routine}"
        fail(visible(message), 2)
    try:
        editor = editing.resolve_editor()
    except editing.EditorError as error:
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

    def launch(editor: editing.Editor, path: Path) -> None:
        if waiting:  # as git does: a hint for editors that open in a window of their own
            click.echo(f"Waiting for your editor to close {path.name}…", err=True, nl=False)
        try:
            editing.run_editor(editor, path)
        finally:
            if waiting:
                click.echo("\r\x1b[K", err=True, nl=False)  # and erase it afterwards

    started = time.monotonic()
    try:
        outcome = editing.edit_until_valid(
            path, name=file.name, editor=editor, edit_again=edit_again, launch=launch
        )
    except editing.EditorError as error:
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


@click.command(
    "schema",
    epilog=examples(
        ("hipcli schema > routine.schema.json", ""),
        ("hipcli schema --uri", "where the #:schema line of new routines points"),
    ),
)
@click.option("--uri", "show_uri", is_flag=True, help="Print where the installed schema is.")
def schema_command(show_uri: bool) -> None:
    """Print the JSON Schema of routine files, for editors."""
    from hipcli.routine import authoring

    if show_uri:
        click.echo(authoring.schema_uri())
        return
    text = authoring.schema_text()
    click.echo(text, nl=not text.endswith("\n"))
