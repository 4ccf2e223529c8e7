"""A journal folder shared between machines: one file per machine, sync tools' copies included.

With the `journal_dir` setting, each machine appends only to its own file in the folder,
`<device>.toml`, so no two machines ever write the same file (Syncthing's rule for the files it
syncs: one writer per file, everyone else reads). Everything else here is about reading:

- which files in the folder hold sessions: every `*.toml` file, including the conflict copies a
  sync tool makes when it meets two versions of one file (Syncthing's `.sync-conflict-…`,
  Dropbox's and Nextcloud's "conflicted copy", iCloud's "name 2", Google Drive's "name (1)"),
  because a conflict copy can hold sessions found nowhere else;
- which to pass over: the sync tools' temporary and hidden files (`.syncthing.*.tmp`,
  `~syncthing~*`, `.dropbox*`, Nextcloud's partial downloads, iCloud's placeholders);
- how the files become one journal: merged by time, each session (by id) once.

Device names are made safe for a file name on every system the folder may reach: lower-case
ASCII letters, digits, `-` and `_`. So a device file's name never contains a space, a dot or a
bracket, and anything a sync tool adds to it is recognisable as such.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Literal

from hipcli.journal.record import JournalContents, JournalProblem, SessionRecord

SUFFIX = ".toml"
DEVICE_MAX = 48
FALLBACK_DEVICE = "this-machine"
# Names Windows refuses for a file, whatever the extension: a folder synced to a Windows machine
# could not hold `con.toml`.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
_DASHES = re.compile(r"-{2,}")
_DEVICE = re.compile(r"[a-z0-9][a-z0-9_-]*")

FileKind = Literal["device", "conflict", "other", "history"]
# The order in which copies of one session are preferred: the machine's own file first, then a
# file of another shape, a conflict copy, the old single journal.
_RANK: dict[FileKind, int] = {"device": 0, "other": 1, "conflict": 2, "history": 3}

# Conflict copies, by the tool that makes them; `base` is the name of the file it copies.
_CONFLICTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # laptop.sync-conflict-20261201-073012-ABCDEF7.toml
    ("Syncthing", re.compile(r"(?P<base>.+?)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}\.toml")),
    # laptop (Anna's conflicted copy 2026-12-01).toml, laptop (conflicted copy 2026-12-01
    # 073012).toml (Nextcloud), laptop (Case Conflict).toml, ... (1).toml
    (
        "Dropbox or Nextcloud",
        re.compile(
            r"(?P<base>.+?) \([^()]*(?:conflicted copy|case conflict)[^()]*\)"
            r"(?: ?\(\d+\))?\.toml",
            re.IGNORECASE,
        ),
    ),
    # laptop_conflict-20261201-073012.toml (ownCloud, older Nextcloud)
    ("ownCloud", re.compile(r"(?P<base>.+?)_conflict-\d{8}-\d{6}\.toml")),
    # laptop 2.toml (iCloud Drive), laptop (1).toml (Google Drive)
    ("iCloud or Google Drive", re.compile(r"(?P<base>.+?)(?: \d+| \(\d+\))\.toml")),
)
# Files sync tools keep for themselves while they work; never read, never touched.
_TEMPORARY = re.compile(
    r"\.syncthing\..*\.tmp|~syncthing~.*\.tmp|\.dropbox.*|\..*\.~[0-9a-f]+|.*\.part"
    r"|\._sync_.*\.db.*|\.sync_.*\.db.*|\.owncloudsync\.log.*|\.~lock\..*",
    re.IGNORECASE,
)
_ICLOUD_PLACEHOLDER = re.compile(r"\.(?P<name>.+\.toml)\.icloud")


def safe_device_name(text: str) -> str:
    """`text` as a machine's file name: lower-case ASCII letters, digits, `-` and `_`, at most
    48 characters ("Anna's MacBook Air" -> "annas-macbook-air"); "" when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    lowered = re.sub(r"['’`]", "", letters.lower())
    name = _DASHES.sub("-", _UNSAFE.sub("-", lowered)).strip("-_")[:DEVICE_MAX].strip("-_")
    return f"{name}-machine" if name in _RESERVED else name


def host_device_name() -> str:
    """This machine's name from its host name (before the first dot), made safe."""
    import socket  # deferred: only a journal folder needs the host name

    host = socket.gethostname().split(".")[0]
    return safe_device_name(host) or FALLBACK_DEVICE


def device_file_name(device: str) -> str:
    """The name of the file a machine writes in the journal folder."""
    return device + SUFFIX


@dataclass(frozen=True, slots=True)
class JournalFile:
    """One file read as part of the journal, and the machine it belongs to."""

    path: Path
    device: str
    kind: FileKind
    made_by: str = ""  # for a conflict copy: the sync tool that made it

    @property
    def rank(self) -> tuple[int, str]:
        """Where this file stands when two files hold the same session (lower wins)."""
        return _RANK[self.kind], self.path.name


def classify(name: str) -> JournalFile | None:
    """What a file in the journal folder is, judged by its name alone: a machine's file, a
    conflict copy of one, another `.toml` file (read too), or None (not part of the journal)."""
    if name.startswith((".", "~")) or not name.endswith(SUFFIX) or _TEMPORARY.fullmatch(name):
        return None
    for tool, pattern in _CONFLICTS:  # first: `laptop_conflict-…` is a device name too
        match = pattern.fullmatch(name)
        if match and _DEVICE.fullmatch(match["base"]):
            return JournalFile(Path(name), match["base"], "conflict", tool)
    stem = name[: -len(SUFFIX)]
    return JournalFile(Path(name), stem, "device" if _DEVICE.fullmatch(stem) else "other")


@dataclass(frozen=True)
class FolderListing:
    """The files of a journal folder that hold sessions, and what was passed over."""

    files: list[JournalFile]
    passed_over: list[Path] = field(default_factory=list)  # temporary files, hidden files
    notes: list[str] = field(default_factory=list)  # for people: files not here yet, and why


def list_folder(folder: Path) -> FolderListing:
    """The journal files in `folder` (not its subfolders), machines' own files first. A missing
    folder is an empty journal; OSError when it can't be listed."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return FolderListing([])
    files: list[JournalFile] = []
    passed: list[Path] = []
    notes: list[str] = []
    for entry in entries:
        found = classify(entry.name)
        if found is None:
            placeholder = _ICLOUD_PLACEHOLDER.fullmatch(entry.name)
            if placeholder and classify(placeholder["name"]):
                notes.append(
                    f"{placeholder['name']} is in iCloud Drive but not yet downloaded to this "
                    "machine, so its sessions are not shown. Open the folder in Finder, or "
                    f"run `brctl download {Path(folder, placeholder['name'])}`."
                )
            elif entry.name.endswith(SUFFIX) or entry.name.startswith((".", "~")):
                passed.append(Path(entry.path))
            continue
        try:
            mode = entry.stat().st_mode  # follows links: a linked file is read like any other
        except OSError:
            mode = 0  # a dangling link: reading it says what is wrong, with its path
        if mode and not stat.S_ISREG(mode):
            passed.append(Path(entry.path))
            continue
        files.append(replace(found, path=Path(entry.path)))
    files.sort(key=attrgetter("rank"))
    return FolderListing(files, sorted(passed), notes)


_SESSION_TABLE = re.compile(rb"^[ \t]*\[\[[ \t]*session[ \t]*\]\]", re.MULTILINE)
_PEEK = 1 << 16


def holds_sessions(path: Path) -> bool:
    """Whether the journal file at `path` has a `[[session]]` table (read only as far as the
    first one: the first few bytes of a real journal); False when it is missing, empty or
    can't be read."""
    tail = b""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_PEEK):
                if _SESSION_TABLE.search(tail + chunk):
                    return True
                tail = chunk[-64:]  # a table split between two reads
    except OSError:
        return False
    return False


def with_path(problems: Sequence[JournalProblem], path: Path) -> list[JournalProblem]:
    """The problems of one file, each naming that file."""
    return [replace(problem, path=path) for problem in problems]


def merge(parts: Sequence[tuple[JournalFile, JournalContents]]) -> JournalContents:
    """The contents of several journal files as one journal: records in the order the sessions
    ended, each session (by id) once, taken from the best-ranked file that holds it; every
    problem, naming its file; `devices` says which machine's file each record came from."""
    chosen: dict[str, SessionRecord] = {}
    devices: dict[str, str] = {}
    problems: list[JournalProblem] = []
    reached_start = True
    for source, contents in sorted(parts, key=lambda part: part[0].rank):
        device = source.device
        for record in contents.records:
            if record.id not in chosen:
                chosen[record.id] = record
                devices[record.id] = device
        problems.extend(with_path(contents.problems, source.path))
        reached_start = reached_start and contents.reached_start
    # sorted() is stable, and each file is already nearly in this order: little work to merge
    records = sorted(chosen.values(), key=attrgetter("ended_at"))
    return JournalContents(records, problems, reached_start, devices)
