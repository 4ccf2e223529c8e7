"""The `hipcli` command line: the click group and `main`, the one exit point.

Each command family lives in its own module and scopes its imports to the command that needs
them, and the group imports a family's module only when one of its commands runs (or `--help`
lists them), so that `hipcli routines` starts fast and `hipcli start` reaches its first frame
sooner; only `start` imports Textual.
User mistakes are caught once and printed calmly with the exit codes from DESIGN.md: 0 ok,
1 invalid data or a reported failure, 2 a usage error.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import sys
from collections.abc import Sequence

import click

from hipcli.commands import recovery
from hipcli.commands.common import examples
from hipcli.literal import visible

UTF8_NAMES = ("utf-8", "utf8", "utf_8")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

EPILOG = "\n\n".join(
    [
        examples(
            ("hipcli start pigeon", "practise the pigeon routine"),
            ("hipcli routines", "list the routines you can start"),
            ("hipcli show full-hip-release", "see every hold, switch and rest"),
            ("hipcli log", "your recent sessions, notes in full"),
            ("hipcli log --stats", "pictures of your practice over weeks"),
            ("hipcli progress pigeon", "one pose, each side, week by week"),
            ("hipcli validate my-hips.toml", "check a routine file you wrote"),
        ),
        "hipcli is a timer and a journal; it gives no medical advice.",
    ]
)

# The index of `hipcli --help`: one short line per command, kept here side by side so they read
# as one list. Each fits beside the longest command name in 80 columns (click cuts a longer one
# with "..."); the command's own --help has the full description. tests/commands check both.
# In the order people use them, which is also the order `hipcli --help` lists them in.
SUMMARIES = {
    "start": "Practise a routine: holds, sides, breath guide, check-in.",
    "sound-check": "Hear each sound and the voice, to set the volume.",
    "routines": "List the routines you can start: built-in and your own.",
    "show": "Show a routine's timeline: every hold, switch and rest.",
    "log": "Look back: entries, pictures of weeks, exports, a browser.",
    "progress": "Each pose and side over weeks: held, planned, longest.",
    "new": "Write a routine of your own: a template or a copy.",
    "edit": "Open a routine in your editor, then check it.",
    "validate": "Check routine files; exit 1 on any problem.",
    "schema": "Print the JSON Schema of routine files, for editors.",
    "recover": "Add sessions kept in recovery files to the journal.",
    "journal": "Where your journal is; one journal across machines.",
    "import": "Bring sessions back in from a JSON or CSV export.",
}


# Where each command lives: its module in hipcli.commands and the click command's name there.
# In the order of SUMMARIES; tests/commands check that the two lists name the same commands.
COMMANDS = {
    "start": ("practice", "start_command"),
    "sound-check": ("sound_check", "sound_check_command"),
    "routines": ("routines", "routines_command"),
    "show": ("routines", "show_command"),
    "log": ("log", "log_command"),
    "progress": ("progress", "progress_command"),
    "new": ("authoring", "new_command"),
    "edit": ("authoring", "edit_command"),
    "validate": ("routines", "validate_command"),
    "schema": ("authoring", "schema_command"),
    "recover": ("recovery", "recover_command"),
    "journal": ("journal", "journal_group"),
    "import": ("importing", "import_command"),
}


class LazyCommands(click.Group):
    """A group whose commands are imported when they are used (click's "lazily loading
    subcommands" pattern), listed in the order of SUMMARIES, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name != "start":
            gc.enable()  # resting since hipcli.__main__; `start` turns it on after its first frame
        module_name, attribute = COMMANDS[cmd_name]
        module = importlib.import_module(f"hipcli.commands.{module_name}")
        command: click.Command = getattr(module, attribute)
        command.short_help = SUMMARIES[cmd_name]
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        # click offers "Did you mean …?" from the commands it holds; these are not loaded yet
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            raise click.exceptions.NoSuchCommand(
                error.command_name, possibilities=COMMANDS, ctx=ctx
            ) from None


@click.group(cls=LazyCommands, context_settings=CONTEXT, epilog=EPILOG)
@click.version_option(package_name="hipcli", prog_name="hipcli")
def cli() -> None:
    """A calm session timer and journal for hip-opening, somatic and breathing practice."""


def _fill_closed_streams() -> set[str]:
    """Standard streams that were closed (`hipcli log >&-`): their file descriptors get
    /dev/null, so no file hipcli opens can take their number (a journal opened as fd 1 would
    receive the output), and Python's streams exist for click. Returns what was closed."""
    closed = set()
    for fd, name, attribute, mode in (
        (0, "input", "stdin", "r"),
        (1, "output", "stdout", "w"),
        (2, "error output", "stderr", "w"),
    ):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
            closed.add(name)
        if getattr(sys, attribute) is None:
            setattr(sys, attribute, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115
            closed.add(name)
    return closed


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `hipcli` script and `python -m hipcli`."""
    from hipcli.paths import NoHomeError

    closed = _fill_closed_streams()
    if "output" in closed and not os.environ.get("_HIPCLI_COMPLETE"):
        click.echo(
            "hipcli: standard output is closed, so there is nowhere to show what you asked for. "
            "Run it again with its output on a terminal, a file or a pipe.",
            err=True,
        )
        sys.exit(1)
    # A stream that cannot encode a character (an ASCII or Latin-1 locale) shows it as an escape
    # instead of ending the command in UnicodeEncodeError: a note with an emoji is still a note.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in UTF8_NAMES:
            stream.reconfigure(errors="backslashreplace")
    try:
        # A session stopped at its check-in (kill -9, a power cut) waits in a draft: the next
        # command, whichever it is, puts it in the journal first.
        recovery.bring_in_drafts()
        cli.main(args=list(argv) if argv is not None else None, prog_name="hipcli")
    except NoHomeError as error:
        click.echo(str(error), err=True)
        sys.exit(error.exit_code)
    except BrokenPipeError:  # before OSError, which it is
        # The reader went away (`hipcli log | head`): stop quietly, as other CLI tools do.
        _silence_output()
        sys.exit(1)
    except OSError as error:
        if error.errno == errno.EIO:
            # The terminal was closed (its window or pane) while hipcli still had lines for it;
            # what matters is on disk already. There is nowhere to say anything: leave quietly.
            _silence_output()
            sys.exit(1)
        if error.errno != errno.ENAMETOOLONG:
            raise
        # a 300-character routine name, a config path past the file system's limit
        click.echo(
            f"hipcli: a name is too long for the file system ({visible(str(error.filename))}). "
            "Use a shorter routine name, or shorter HIPCLI_CONFIG_DIR/HIPCLI_DATA_DIR paths.",
            err=True,
        )
        sys.exit(1)


def _silence_output() -> None:
    """Point standard output and error at /dev/null, so that the interpreter's last flush of
    text meant for a reader (or terminal) that has gone raises nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, stream.fileno())
