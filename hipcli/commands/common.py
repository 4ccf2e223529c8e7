"""What every command shares: calm failure messages, colour detection, routine lookup, tables."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.shell_completion import CompletionItem

from hipcli.literal import visible

if TYPE_CHECKING:
    from hipcli.journal.location import JournalLocation
    from hipcli.problems import Problem
    from hipcli.routine import library
    from hipcli.settings import Settings


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
    """Shell completion: routine names, built-in and the user's own.

    When no name starts with what was typed, the names of routines whose alias or title does
    are offered instead (`butt<Tab>` becomes `bound-angle`), since that is what it finds.
    """
    from hipcli.routine import library
    from hipcli.routine.model import label_key

    del ctx, param
    files = library.routine_files()
    names = [name for name in files if name.startswith(incomplete)]
    if names or not label_key(incomplete):
        return [CompletionItem(name) for name in names]
    typed = label_key(incomplete)
    return [
        CompletionItem(name, help=visible(labels.title))
        for name, labels in ((n, library.read_labels(f)) for n, f in files.items())
        if any(label_key(label).startswith(typed) for label in (labels.title, *labels.aliases))
    ]


def find_routine_or_exit(name: str) -> library.RoutineFile:
    """The routine `name` finds (by name, alias or title), or a did-you-mean and exit code 2."""
    from hipcli.routine import library

    try:
        return library.resolve(name)
    except library.UnknownRoutineError as error:
        fail(str(error), 2)


def examples(*rows: tuple[str, str], heading: str = "Examples") -> str:
    """An epilog block of example commands, their descriptions lined up in one column.

    The leading \\b keeps click from rewrapping the block; a row with no description is just
    the command.
    """
    width = max((len(command) for command, description in rows if description), default=0)
    lines = [f"  {command.ljust(width)}  {description}".rstrip() for command, description in rows]
    return "\n".join(["\b", f"{heading}:", *lines])


def journal_location_or_exit(
    option: str | None = None, settings: Settings | None = None
) -> JournalLocation:
    """The journal the command reads and writes (`--journal PATH`, else the settings: the
    `journal_dir` folder or the single journal), or a calm message and exit code 1."""
    from hipcli.journal.errors import JournalError
    from hipcli.journal.location import journal_location
    from hipcli.settings import SettingsError

    try:
        return journal_location(option, settings=settings)
    except SettingsError as error:
        print_problems(error.problems)
        sys.exit(1)
    except JournalError as error:
        fail(visible(str(error)))


def print_problems(problems: Sequence[Problem]) -> None:
    """Print each routine problem on its own line on stderr, shown literally."""
    for problem in problems:
        click.echo(visible(str(problem)), err=True)


def print_table(
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
