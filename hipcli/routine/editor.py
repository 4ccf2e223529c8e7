"""Editing routines: find the user's editor, run it, check the file, offer to go back.

The editor is found the way `git commit` and `crontab -e` find it: `$VISUAL`, then `$EDITOR`,
then the first of a few common editors that is installed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from hipcli.problems import Problem
from hipcli.routine.authoring import write_atomic
from hipcli.routine.model import Routine, RoutineError
from hipcli.routine.validate import load_routine

# --- the editor ----------------------------------------------------------------------------------

FALLBACK_EDITORS: tuple[str, ...] = (
    ("notepad",) if sys.platform == "win32" else ("sensible-editor", "editor", "nano", "vi")
)


class EditorError(Exception):
    """The editor could not be found, could not start, or did not finish well."""


@dataclass(frozen=True, slots=True)
class Editor:
    """An editor command split into words, and where it came from ("$VISUAL", "$EDITOR", …)."""

    argv: tuple[str, ...]
    origin: str

    @property
    def command(self) -> str:
        """The command as a person would type it."""
        return shlex.join(self.argv)


def resolve_editor(
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> Editor:
    """The editor to use: `$VISUAL`, then `$EDITOR`, then the first fallback that is installed.

    The variables are split like a shell would split them, so `code --wait` and
    `"/Applications/My Editor/edit" -w` work; an empty variable counts as unset.
    """
    environ = os.environ if environ is None else environ
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "")
        if not value.strip():
            continue
        try:
            argv = shlex.split(value, posix=sys.platform != "win32")
        except ValueError as error:
            raise EditorError(
                f"${variable} is set to {value!r}, which is not a command hipcli can read "
                f"({error}). Check its quotes."
            ) from None
        return Editor(tuple(argv), f"${variable}")
    for name in FALLBACK_EDITORS:
        found = which(name)
        if found:
            return Editor((found,), "the default editor")
    raise EditorError(
        "No editor found. Set VISUAL or EDITOR to the command of the editor you use, "
        "for example: export EDITOR=nano"
    )


def _ignore_interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl+C while the editor runs is the editor's to handle; hipcli waits, as git does."""
    del signum, frame


@contextmanager
def _interrupts_left_to_the_editor() -> Iterator[None]:
    # A Python handler (not SIG_IGN) is reset to the default in the child, so the editor still
    # gets Ctrl+C; only hipcli stops reacting to it until the editor is closed.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, _ignore_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_editor(editor: Editor, path: Path) -> None:
    """Open `path` in `editor` and wait for it; raise EditorError if it fails to start or fails."""
    argv = [*editor.argv, str(path)]
    try:
        with _interrupts_left_to_the_editor():
            completed = subprocess.run(argv, check=False)
    except OSError as error:
        raise EditorError(
            f"Could not start the editor `{editor.command}` (from {editor.origin}): "
            f"{error.strerror or error}."
        ) from None
    if completed.returncode != 0:
        how = (
            f"was stopped by signal {-completed.returncode}"
            if completed.returncode < 0
            else f"exited with status {completed.returncode}"
        )
        raise EditorError(f"The editor `{editor.command}` {how}.")


# --- edit, then check ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """How an edit ended: the routine if the file is valid, else the problems it was kept with."""

    path: Path
    routine: Routine | None
    problems: tuple[Problem, ...]
    changed: bool  # whether the file differs from what it was before the first editor opened


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def edit_until_valid(
    path: Path,
    *,
    name: str,
    editor: Editor,
    edit_again: Callable[[Sequence[Problem]], bool],
    launch: Callable[[Editor, Path], None] = run_editor,
) -> EditOutcome:
    """Open `path` in the editor, then check it; while it has problems, ask `edit_again`.

    `edit_again` receives the problems and answers whether to reopen the editor (the command line
    shows them and asks on a terminal, or answers no at once elsewhere). If the editor fails, the
    file is put back as it was before that editor opened and the EditorError is raised.
    """
    original = _read_bytes(path)
    while True:
        before = _read_bytes(path)
        try:
            launch(editor, path)
        except EditorError:
            if before is not None and _read_bytes(path) != before:
                write_atomic(path, before)
            raise
        changed = _read_bytes(path) != original
        try:
            routine = load_routine(path, name=name)
        except RoutineError as error:
            if edit_again(error.problems):
                continue
            return EditOutcome(path, None, error.problems, changed)
        return EditOutcome(path, routine, (), changed)
