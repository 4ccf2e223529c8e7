"""Where the journal is: one value that every command gets from one function.

`journal_location()` turns the settings into a `JournalLocation`: the one file this machine
appends to (`path`), and where the journal is read from. Without the `journal_dir` setting that
is the single `<data>/journal.toml`, as it always was. With it, the journal is a folder of files,
one per machine (see `hipcli.journal.folder`); this machine writes only `<folder>/<device>.toml`
and reads every file in the folder, plus the single journal it wrote before the move, which stays
part of its history (`history`). `--journal PATH` always names one file, read and written alone.

`read_all` and `read_latest` read a location (or a plain path) the way `read_journal` and
`read_recent` read one file: records in the order the sessions ended, each session once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hipcli import paths
from hipcli.settings import Settings, load_settings

# The folder and record modules load when a journal is listed or read: `hipcli start` only asks
# where its one file is before the session's first frame (they cost it ~5 ms).
if TYPE_CHECKING:
    from hipcli.journal.folder import FolderListing, JournalFile
    from hipcli.journal.record import JournalContents, SessionRecord


class JournalLocation(NamedTuple):
    """Where this machine writes its sessions (`path`) and where the journal is read from: the
    same single file, or the `folder` of every machine's file plus this machine's `history`."""

    path: Path
    folder: Path | None = None
    device: str = ""  # this machine's name in the folder
    history: Path | None = None  # the single journal written before the folder, if any

    @property
    def is_folder(self) -> bool:
        """Whether the journal is a folder of files, one per machine."""
        return self.folder is not None

    def describe(self) -> str:
        """The journal in a few words for messages: the folder, else the file."""
        return str(self.folder if self.folder is not None else self.path)

    def listing(self) -> FolderListing:
        """Every file read as part of the journal, best first, and what was passed over in the
        folder. Raises JournalError when the folder can't be listed."""
        from hipcli.journal.errors import JournalError
        from hipcli.journal.folder import FolderListing, JournalFile, list_folder

        if self.folder is None:
            return FolderListing([JournalFile(self.path, self.device, "device")])
        try:
            listing = list_folder(self.folder)
        except OSError as exc:
            raise JournalError(
                f"hipcli can't look into the journal folder {self.folder} "
                f"({exc.strerror or exc}). Check that it exists and is yours, or change "
                "journal_dir in your settings.",
                self.folder,
            ) from exc
        files = list(listing.files)
        if self.history is not None and self.history.exists():
            files.append(JournalFile(self.history, self.device, "history"))
        return FolderListing(files, listing.passed_over, listing.notes)

    def devices(self) -> list[str]:
        """The machines whose files in the journal hold sessions (this machine only once its
        file, or the single journal it wrote before the folder, holds one)."""
        from hipcli.journal.folder import holds_sessions

        return sorted({file.device for file in self.listing().files if holds_sessions(file.path)})


def folder_path(text: str) -> Path:
    """The `journal_dir` setting as a path: `~` expanded; a relative path is taken from the
    home folder (as in `journal_dir = "Sync/hipcli"`)."""
    folder = paths.expand(text, "journal_dir")
    if folder.is_absolute():
        return folder
    try:
        return Path.home() / folder
    except RuntimeError:
        raise paths.NoHomeError(
            f"journal_dir is {text!r}, a path from your home folder, but hipcli can't tell "
            "where your home folder is (HOME is not set). Give journal_dir as a full path."
        ) from None


def device_name(setting: str | None) -> str:
    """This machine's name: the `device` setting made safe, else from the host name."""
    from hipcli.journal.errors import JournalError
    from hipcli.journal.folder import host_device_name, safe_device_name

    if setting is None:
        return host_device_name()
    name = safe_device_name(setting)
    if not name:
        raise JournalError(
            f"The device setting {setting!r} has no letters or digits to name this machine's "
            'journal file with. Choose a name like device = "laptop".'
        )
    return name


def folder_location(folder: Path, device: str) -> JournalLocation:
    """The journal in `folder`, as seen from the machine called `device`."""
    from hipcli.journal.folder import device_file_name

    history: Path | None = paths.journal_path()
    if history is not None and _same_place(history.parent, folder):
        history = None  # already in the folder: read as one of its files
    return JournalLocation(folder / device_file_name(device), folder, device, history)


def _same_place(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return one.absolute() == other.absolute()


def journal_location(
    option: str | os.PathLike[str] | None = None, *, settings: Settings | None = None
) -> JournalLocation:
    """The journal: `--journal PATH` (one file) when given; else the `journal_dir` folder when
    set (settings file or HIPCLI_JOURNAL_DIR); else `<data>/journal.toml`. Raises SettingsError
    for a settings file with mistakes, JournalError for an unusable device name."""
    if option is not None:
        return JournalLocation(paths.journal_path(option))
    if settings is None:
        settings = load_settings()
    if not settings.journal_dir:
        return JournalLocation(paths.journal_path())
    return folder_location(folder_path(settings.journal_dir), device_name(settings.device))


Source = JournalLocation | Path


def _files(source: Source, device: str | None) -> tuple[JournalLocation, list[JournalFile]]:
    from hipcli.journal.folder import safe_device_name

    location = source if isinstance(source, JournalLocation) else JournalLocation(Path(source))
    files = location.listing().files
    if device is not None:
        wanted = safe_device_name(device)
        files = [file for file in files if file.device == wanted]
    return location, files


def _read_each(
    files: list[JournalFile], read: Callable[[Path], JournalContents]
) -> list[tuple[JournalFile, JournalContents]]:
    """Each file's contents; a file that can't be read at all is one problem, never the end."""
    from hipcli.journal.record import JournalContents, JournalError, JournalProblem

    parts = []
    for file in files:
        try:
            contents = read(file.path)
        except JournalError as error:
            contents = JournalContents([], [JournalProblem(0, str(error), in_record=False)])
        parts.append((file, contents))
    return parts


def read_all(source: Source, *, device: str | None = None) -> JournalContents:
    """Every record of the journal, in the order the sessions ended, each session once, and
    the problems met (naming their files). `device` keeps one machine's files only. A single
    file is read as `read_journal` reads it (JournalError when it can't be read at all)."""
    from hipcli.journal.folder import merge
    from hipcli.journal.read import read_journal  # only when reading: `start` needs only where
    from hipcli.journal.record import JournalContents

    location, files = _files(source, device)
    if location.folder is None:
        return read_journal(location.path) if files else JournalContents([], [])
    return merge(_read_each(files, read_journal))


def read_latest(
    source: Source,
    n: int,
    *,
    keep: Callable[[SessionRecord], bool] | None = None,
    device: str | None = None,
) -> JournalContents:
    """The last `n` good records for which `keep` is true, as `read_recent` finds them, from
    each file of the journal, merged; only as much of each file is read as that takes."""
    from hipcli.journal.folder import merge
    from hipcli.journal.read import read_recent  # only when reading: `start` needs only where
    from hipcli.journal.record import JournalContents

    location, files = _files(source, device)
    if location.folder is None:
        return read_recent(location.path, n, keep=keep) if files else JournalContents([], [])
    merged = merge(_read_each(files, lambda path: read_recent(path, n, keep=keep)))
    if len(merged.records) <= n:
        return merged
    records = merged.records[-n:]
    devices = {record.id: merged.devices[record.id] for record in records}
    return JournalContents(records, merged.problems, False, devices)
