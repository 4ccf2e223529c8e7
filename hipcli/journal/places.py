"""Where hipcli keeps sessions the journal has not taken yet: recovery files and drafts.

`<data>/recovery/` first, then the home directory, then the temporary directory (which may be
shared with other users). Light on purpose: every hipcli command looks here for drafts left by a
stopped session, so this module imports nothing but the standard library and `hipcli.paths`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from hipcli import paths

RECOVERY_PREFIX = "hipcli-recovered-"
DRAFT_PREFIX = "hipcli-draft-"


def recovery_dir() -> Path:
    """Where records go when the journal cannot take them: `<data>/recovery/`."""
    return paths.data_dir() / "recovery"


def recovery_places() -> list[Path]:
    """Where a record the journal refused is kept, in the order tried: `<data>/recovery/`, the
    home directory, the temporary directory. (Without HOME, the first two may be unknown.)"""
    places = []
    for place in (recovery_dir, Path.home, lambda: Path(tempfile.gettempdir())):
        try:
            places.append(place())
        except RuntimeError:  # paths.NoHomeError, or Path.home() without HOME or passwd entry
            continue
    return places


def own_files(places: Iterable[Path], prefix: str, suffix: str) -> list[Path]:
    """This user's regular files named `prefix…suffix` in `places`, each judged on its own.

    In a shared /tmp another user may leave anything under such a name (a symlink to a file we
    can't see, a FIFO); that file is passed over, and never hides ours."""
    found: set[Path] = set()
    uid = os.getuid()
    for place in places:
        try:
            entries = list(os.scandir(place))
        except OSError:
            continue
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(suffix)):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_uid == uid:
                found.add(Path(entry.path))
    return sorted(found)


def waiting_drafts() -> list[Path]:
    """This user's draft files (of open check-ins, or left by a stopped hipcli)."""
    return own_files(recovery_places(), DRAFT_PREFIX, ".toml")
