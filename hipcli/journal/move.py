"""Moving to a journal folder: `hipcli journal move DIR`, without touching what is there.

Two things change, and nothing is ever rewritten or deleted:

- the settings file gains one line, `journal_dir = "DIR"`, appended at its end with a comment
  above it, so every setting and comment the person wrote stays as it was (a file made of
  top-level keys, as hipcli's settings are, reads the same with one more key at its end). When
  that can't be done safely (the key is already there, the file has a mistake or a table, it
  can't be written), hipcli leaves the file alone and says the exact line to add;
- with `--copy`, the sessions of the single journal are appended to this machine's file in the
  folder, ids kept, skipping those already in the folder, so running it twice adds nothing. The
  old file stays where it is, as it is; without `--copy` it is read as this machine's history.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from hipcli.journal.append import locked_journal
from hipcli.journal.location import JournalLocation, folder_path, read_all
from hipcli.journal.read import read_journal
from hipcli.journal.record import JournalError, JournalProblem, format_record
from hipcli.journal.recovery import ids_in
from hipcli.keylines import KeyLines

KEY = "journal_dir"


def folder_text(folder: Path) -> str:
    """The folder as written in the settings: `~/…` under the home folder, else in full."""
    try:
        return "~/" + folder.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return str(folder)


def setting_line(folder: Path) -> str:
    """The exact settings line naming `folder`, quoted as TOML wants."""
    import tomli_w

    return tomli_w.dumps({KEY: folder_text(folder)}).strip()


@dataclass(frozen=True)
class SettingChange:
    """What became of the `journal_dir` line in the settings file."""

    path: Path
    line: str
    outcome: Literal["added", "already", "left"]
    reason: str = ""  # when left: why hipcli did not write it (the person adds `line`)
    replaces: int | None = None  # when left: the line that sets journal_dir to another folder


def record_journal_dir(
    settings_file: Path, folder: Path, *, dry_run: bool = False
) -> SettingChange:
    """Add `journal_dir = "FOLDER"` to the settings file (created if missing), keeping every
    other line as it is; or say why not, when that can't be done safely. The file is read and
    added to under an exclusive lock, so two hipcli at once add the line once. With `dry_run`,
    only say what would become of it ("added": would be added)."""
    line = setting_line(folder)
    if dry_run:
        try:
            text = settings_file.read_text(encoding="utf-8") if settings_file.exists() else None
        except (OSError, UnicodeDecodeError) as error:
            return SettingChange(settings_file, line, "left", f"it can't be read ({error})")
        return _decide(settings_file, text, folder)[0]
    try:
        if not settings_file.exists():
            settings_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC
        fd = os.open(settings_file, flags, 0o600)  # 0600 only if it is created now
    except OSError as error:
        return SettingChange(settings_file, line, "left", f"it can't be opened ({error.strerror})")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # released by close
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read()
        try:
            text = raw.decode("utf-8") if raw else None
        except UnicodeDecodeError as error:
            return SettingChange(settings_file, line, "left", f"it can't be read ({error})")
        change, addition = _decide(settings_file, text, folder)
        if addition is not None:
            _append(fd, addition)
        return change
    except OSError as error:
        return SettingChange(settings_file, line, "left", f"it can't be written ({error.strerror})")
    finally:
        os.close(fd)


def _decide(path: Path, text: str | None, folder: Path) -> tuple[SettingChange, str | None]:
    """What to do with the settings file holding `text` (None: empty or new), and the text to
    add to its end (None: nothing)."""
    line = setting_line(folder)
    if text is None:
        header = (
            "# hipcli settings: README.md (Settings) and docs/sync.md say what each one does.\n"
        )
        return SettingChange(path, line, "added"), header + _addition(line)
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return SettingChange(path, line, "left", f"it has a TOML mistake ({error})"), None
    if KEY in values:
        where = KeyLines(text).line_of((KEY,))
        if isinstance(values[KEY], str) and _same_folder(values[KEY], folder):
            return SettingChange(path, line, "already"), None
        reason = f"line {where} already sets {KEY} = {values[KEY]!r}"
        return SettingChange(path, line, "left", reason, where), None
    if any(isinstance(value, dict | list) for value in values.values()):
        # a key added after a [table] would land inside it
        return SettingChange(path, line, "left", "it holds tables or lists"), None
    addition = ("" if text.endswith("\n") else "\n") + _addition(line)
    if tomllib.loads(text + addition) != {**values, KEY: folder_text(folder)}:
        return SettingChange(path, line, "left", "a line added at its end would not read"), None
    return SettingChange(path, line, "added"), addition


def _addition(line: str) -> str:
    return (
        "\n# The journal folder shared with your other machines (hipcli journal move, "
        f"{date.today().isoformat()})\n{line}\n"
    )


def _same_folder(text: str, folder: Path) -> bool:
    try:
        return os.path.samefile(folder_path(text), folder)
    except (OSError, RuntimeError):
        return folder_path(text) == folder


def _append(fd: int, addition: str) -> None:
    """Append `addition` in place (a linked settings file stays linked), fsynced; a write cut
    short is taken back, so the file never ends in half a line."""
    size = os.fstat(fd).st_size
    data = addition.encode("utf-8")
    try:
        while data:
            data = data[os.write(fd, data) :]
        os.fsync(fd)
    except OSError:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size)
        raise


@dataclass(frozen=True)
class Copied:
    """What `--copy` did: sessions appended to this machine's file, those already in the
    folder, and the damaged records of the old journal (left only there)."""

    added: int
    already: int
    damaged: list[JournalProblem]


def copy_history(old: Path, location: JournalLocation) -> Copied:
    """Append the sessions of the single journal `old` to this machine's file in the folder,
    ids kept, skipping every session the folder already holds: one write under the file's
    lock, fsynced (deciding what is missing under that lock too, so two copies at once add each
    session once). JournalError when the old journal can't be read or the folder can't be
    written; nothing is then added."""
    contents = read_journal(old)
    in_folder = JournalLocation(location.path, location.folder, location.device)  # no history
    elsewhere = {record.id for record in read_all(in_folder).records}
    missing = [record for record in contents.records if record.id not in elsewhere]
    texts: list[str] = []
    if not missing:
        return Copied(0, len(contents.records), contents.problems)
    with locked_journal(location.path) as locked:
        present = ids_in(locked.contents(), [record.id for record in missing])
        for record in missing:
            if record.id in present:
                continue
            try:
                texts.append(format_record(record))
            except ValueError as error:  # a record the journal refuses to write again
                raise JournalError(f"{old}:{record.line}: {error}", old) from error
            present.add(record.id)
        if texts:
            locked.append_text("\n".join(texts))
    return Copied(len(texts), len(contents.records) - len(texts), contents.problems)
