"""The routine library: built-in routines plus the user's own; a user file overrides a built-in."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from hipcli import paths
from hipcli.literal import visible
from hipcli.routine.model import Routine, RoutineError
from hipcli.routine.validate import load_routine


class Source(StrEnum):
    """Where a routine file comes from."""

    BUILT_IN = "built-in"
    USER = "user"


@dataclass(frozen=True, slots=True)
class RoutineFile:
    """A routine file found in the library, not yet read."""

    name: str
    path: Path
    source: Source
    overrides_builtin: bool = False

    def load(self) -> Routine:
        """Read and validate this file; raise RoutineError when it is broken."""
        return load_routine(self.path, name=self.name)


@dataclass(frozen=True, slots=True)
class ListedRoutine:
    """A routine file with the result of reading it: a routine, or the error that stops it."""

    file: RoutineFile
    routine: Routine | None
    error: RoutineError | None


class UnknownRoutineError(LookupError):
    """No routine has this name; carries the closest names for a did-you-mean."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        # names come from the command line and from file names: shown literally, like all text
        message = f"No routine named '{visible(name)}'."
        if suggestions:
            quoted = " or ".join(f"'{visible(s)}'" for s in suggestions)
            message += f" Did you mean {quoted}?"
        else:
            message += " `hipcli routines` lists the ones you have."
        super().__init__(message)


def _scan(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.glob("*.toml") if not p.name.startswith("."))
    except OSError:  # a missing or unreadable user dir simply has no routines in it
        return []


def routine_files() -> dict[str, RoutineFile]:
    """Every routine by name, user files taking the place of built-ins with the same name."""
    found = {
        path.stem: RoutineFile(path.stem, path, Source.BUILT_IN)
        for path in _scan(paths.builtin_routines_dir())
    }
    for path in _scan(paths.user_routines_dir()):
        found[path.stem] = RoutineFile(
            path.stem, path, Source.USER, overrides_builtin=path.stem in found
        )
    return dict(sorted(found.items()))


def user_routine_files() -> list[RoutineFile]:
    """Only the user's own routine files."""
    return [f for f in routine_files().values() if f.source is Source.USER]


def find(name: str) -> RoutineFile:
    """The routine file called `name`; raise UnknownRoutineError with suggestions otherwise."""
    files = routine_files()
    if name in files:
        return files[name]
    lowered = name.strip().lower()
    if lowered in files:
        return files[lowered]
    suggestions = difflib.get_close_matches(lowered, list(files), n=2, cutoff=0.6)
    # A word inside a name is a good guess too: "butterfly" -> nothing, "hip" -> "hip-circles".
    if not suggestions:
        suggestions = [n for n in files if lowered and lowered in n][:2]
    raise UnknownRoutineError(name, suggestions)


def load(name: str) -> Routine:
    """Find and read the routine `name`; raise UnknownRoutineError or RoutineError."""
    return find(name).load()


def list_routines() -> list[ListedRoutine]:
    """All routines, each read; a broken file is listed with its error instead of a routine."""
    listed = []
    for file in routine_files().values():
        try:
            listed.append(ListedRoutine(file, file.load(), None))
        except RoutineError as error:
            listed.append(ListedRoutine(file, None, error))
    return listed
