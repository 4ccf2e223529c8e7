"""The routine library: built-in routines plus the user's own; a user file overrides a built-in."""

from __future__ import annotations

import difflib
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from hipcli import paths
from hipcli.literal import visible
from hipcli.routine.model import MAX_FILE_BYTES, Routine, RoutineError, label_key
from hipcli.routine.validate import load_routine


class Source(StrEnum):
    """Where a routine file comes from."""

    BUILT_IN = "built-in"
    USER = "user"


class RoutineFile(NamedTuple):
    """A routine file found in the library, not yet read."""

    name: str
    path: Path
    source: Source
    overrides_builtin: bool = False

    def load(self) -> Routine:
        """Read and validate this file; raise RoutineError when it is broken."""
        return load_routine(self.path, name=self.name)


class ListedRoutine(NamedTuple):
    """A routine file with the result of reading it: a routine, or the error that stops it."""

    file: RoutineFile
    routine: Routine | None
    error: RoutineError | None


class UnknownRoutineError(LookupError):
    """No routine answers to this name; carries the closest names for a did-you-mean."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        super().__init__(self._message())

    def _message(self) -> str:
        # names come from the command line and from file names: shown literally, like all text
        message = f"No routine named '{visible(self.name)}'."
        if self.suggestions:
            message += f" Did you mean {_either(self.suggestions)}?"
        else:
            message += " `hipcli routines` lists the ones you have."
        return message


class AmbiguousRoutineError(UnknownRoutineError):
    """Several routines have this alias or title; `suggestions` are their names."""

    def _message(self) -> str:
        return (
            f"'{visible(self.name)}' could be {_either(self.suggestions)}. "
            "Give the name of the one you mean."
        )


def _either(names: list[str]) -> str:
    quoted = [f"'{visible(name)}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


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


class Labels(NamedTuple):
    """What a routine file calls itself besides its name: its title and aliases."""

    title: str = ""
    aliases: tuple[str, ...] = ()


def read_labels(file: RoutineFile) -> Labels:
    """The title and aliases written in `file`, read leniently: a file with a mistake elsewhere
    still answers to its aliases (and then shows its problems); an unreadable one has none."""
    try:
        if file.path.stat().st_size > MAX_FILE_BYTES:
            return Labels()
        document = tomllib.loads(file.path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):  # TOMLDecodeError too
        return Labels()
    title = document.get("title")
    aliases = document.get("aliases")
    return Labels(
        title if isinstance(title, str) else "",
        tuple(a for a in aliases if isinstance(a, str)) if isinstance(aliases, list) else (),
    )


def resolve(text: str) -> RoutineFile:
    """The routine a person means by `text`: its name, an alias or its title.

    In this order: the exact name; the name ignoring case, spaces, '-' and '_'; an alias; a title
    (compared the same way). Where several routines have the alias or title, the user's own win
    over built-ins; if that still leaves several, AmbiguousRoutineError names them. Anything
    else raises UnknownRoutineError with the closest names as suggestions (a near miss of a
    name, alias or title, or a word inside one). Every command that takes a routine name uses
    this, so a name finds the same routine everywhere.
    """
    files = routine_files()
    if text in files:
        return files[text]
    key = label_key(text)
    if not key:
        raise UnknownRoutineError(text, [])
    named = [file for name, file in files.items() if label_key(name) == key]
    if named:
        return _one(text, named)
    labels = {name: read_labels(file) for name, file in files.items()}
    for label_of in (_alias_keys, _title_keys):
        matches = [files[name] for name, found in labels.items() if key in label_of(found)]
        if matches:
            return _one(text, matches)
    raise UnknownRoutineError(text, _suggestions(key, files, labels))


def _alias_keys(labels: Labels) -> tuple[str, ...]:
    return tuple(label_key(alias) for alias in labels.aliases)


def _title_keys(labels: Labels) -> tuple[str, ...]:
    return (label_key(labels.title),) if labels.title else ()


def _one(text: str, matches: list[RoutineFile]) -> RoutineFile:
    own = [file for file in matches if file.source is Source.USER]
    matches = own or matches
    if len(matches) > 1:
        raise AmbiguousRoutineError(text, [file.name for file in matches])
    return matches[0]


MAX_SUGGESTIONS = 3


def _suggestions(key: str, files: dict[str, RoutineFile], labels: dict[str, Labels]) -> list[str]:
    """Names whose name, alias or title is close to `key`, or has it as a word inside."""
    owner: dict[str, str] = {}  # each label's key -> the routine it belongs to (names first)
    for name in files:
        owner.setdefault(label_key(name), name)
    for name, found in labels.items():
        for label in (*_alias_keys(found), *_title_keys(found)):
            owner.setdefault(label, name)
    close = difflib.get_close_matches(key, list(owner), n=MAX_SUGGESTIONS * 2, cutoff=0.6)
    inside: list[str] = []
    if len(key) >= 3:  # a word inside a name or title: "circles" -> "hip-circles"
        words = {key, key.removesuffix("s")}  # and "hips" -> "full-hip-release" too
        inside = [label for label in owner if any(word in label for word in words)]
    return list(dict.fromkeys(owner[label] for label in [*close, *inside]))[:MAX_SUGGESTIONS]


def load(name: str) -> Routine:
    """Find (see `resolve`) and read the routine `name`; raise UnknownRoutineError or
    RoutineError."""
    return resolve(name).load()


def list_routines() -> list[ListedRoutine]:
    """All routines, each read; a broken file is listed with its error instead of a routine."""
    listed = []
    for file in routine_files().values():
        try:
            listed.append(ListedRoutine(file, file.load(), None))
        except RoutineError as error:
            listed.append(ListedRoutine(file, None, error))
    return listed
