"""What a name given to `hipcli progress POSE` means: a pose held, a routine, or neither (then a
did-you-mean). Documented for users in docs/progress.md ("hipcli progress POSE").

In this order, what the person has practised first: a pose of that name held in the journal; a
routine of that name or title with sessions in the journal (or the library's routine of that
name, alias or title, with sessions); a pose called like the name when hyphens and underscores
are read as spaces (`hip-circles` for "Hip circles"), also when the name is that of a routine
never practised; else a routine never practised (it has no holds yet: no mistake).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hipcli.journal.record import SessionRecord
from hipcli.literal import visible
from hipcli.review.progress import display_name, name_key, pose_progress


@dataclass(frozen=True)
class Meant:
    """What a name means: a pose (`title` None) or a routine (its title) by its key."""

    key: str
    title: str | None = None
    # the title of a routine never practised, when the pose of its name is shown instead
    instead_of: str | None = None


@dataclass(frozen=True)
class _Routine:
    """A routine asked for by name: its key, its title, and whether the journal has sessions of
    it (at any time)."""

    key: str
    title: str
    practised: bool
    name: str = ""  # the library's name for it, when the library found it


def pose_or_routine(asked: str, records: Sequence[SessionRecord]) -> Meant | None:
    """What `asked` means given the journal's `records` (see the module's docstring); None for
    a name that is neither a pose nor a routine."""
    wanted = name_key(asked)
    known_poses = pose_keys(records)
    if wanted in known_poses:
        return Meant(wanted)
    routine = _routine_named(wanted, records)
    if routine is not None and routine.practised:
        return Meant(routine.key, routine.title)
    alike = _pose_like(routine, asked, known_poses)
    if alike is not None:
        return Meant(alike, instead_of=routine.title if routine is not None else None)
    if routine is not None:
        return Meant(routine.key, routine.title)
    return None


def pose_keys(records: Sequence[SessionRecord]) -> set[str]:
    """The key of every pose held in `records` (each distinct list of holds looked at once)."""
    lists = {id(record.holds): record.holds for record in records if record.holds}
    return {name_key(hold.step) for holds in lists.values() for hold in holds}


def spelling(pose: str, records: Sequence[SessionRecord]) -> str:
    """How the newest session spells the pose with key `pose`."""
    for record in sorted(records, key=lambda r: r.started_at, reverse=True):
        for hold in record.holds or ():
            if name_key(hold.step) == pose:
                return display_name(hold.step)
    return pose


def _routine_named(wanted: str, records: Sequence[SessionRecord]) -> _Routine | None:
    """The routine in the journal named or titled `wanted`; else the library's routine of that
    name, alias or title (practised or not)."""
    for record in reversed(records):
        if wanted in (name_key(record.routine), name_key(record.title)):
            return _Routine(
                name_key(record.routine), display_name(record.title) or record.routine, True
            )
    from hipcli.routine import library  # deferred: only a name the journal lacks needs it
    from hipcli.routine.model import RoutineError

    try:
        found = library.resolve(wanted)
    except library.UnknownRoutineError:
        return None
    for record in reversed(records):
        if name_key(record.routine) == name_key(found.name):
            title = display_name(record.title) or record.routine
            return _Routine(name_key(record.routine), title, True, found.name)
    try:
        title = found.load().title
    except RoutineError:  # a broken file still names a routine; `hipcli validate` tells more
        title = found.name
    return _Routine(name_key(found.name), display_name(title) or found.name, False, found.name)


def _pose_like(routine: _Routine | None, asked: str, known_poses: set[str]) -> str | None:
    """The key of the pose held in the journal that is called like what was asked, or like
    `routine` (by its name or title), when hyphens and underscores are read as spaces:
    `hip-circles` for "Hip circles"."""
    from hipcli.routine.model import label_key  # deferred: only a name no pose has needs it

    names = (asked, routine.title, routine.name) if routine is not None else (asked,)
    labels = {label_key(name) for name in names if name}
    return next((pose for pose in sorted(known_poses) if label_key(pose) in labels), None)


def did_you_mean(asked: str, records: Sequence[SessionRecord]) -> str:
    """The message for a name that is neither a pose nor a routine: at most two suggestions,
    never two names of the same pose or routine (a routine's name and its title)."""
    import difflib  # deferred: only a name that is neither needs it

    names: dict[str, tuple[str, str]] = {}  # key -> (the name shown, what it names)
    for pose in pose_progress(records):
        names[pose.key] = (pose.step, f"pose {pose.key}")
    for record in records:
        routine = f"routine {name_key(record.routine)}"
        names.setdefault(name_key(record.routine), (display_name(record.routine), routine))
        if record.title.strip():
            names.setdefault(name_key(record.title), (display_name(record.title), routine))
    wanted = name_key(asked)
    close = difflib.get_close_matches(wanted, list(names), n=len(names), cutoff=0.6)
    if not close:
        close = [key for key in names if wanted and wanted in key]
    shown: dict[str, str] = {}  # what is named -> the name shown, the closest name of each first
    for key in close:
        name, named = names[key]
        shown.setdefault(named, name)
    suggestions = list(shown.values())[:2]
    message = f"No pose or routine named '{visible(asked)}' in your journal."
    if suggestions:
        message += " Did you mean " + " or ".join(f"'{visible(n)}'" for n in suggestions) + "?"
    else:
        message += " `hipcli progress` lists the poses you have held."
    return message
