"""Where hipcli keeps things: the config dir (user routines) and the data dir (the journal).

Nothing here touches the disk at import time; directories are created by the code that writes.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "hipcli"
CONFIG_ENV = "HIPCLI_CONFIG_DIR"
DATA_ENV = "HIPCLI_DATA_DIR"
JOURNAL_NAME = "journal.toml"


def config_dir() -> Path:
    """The config directory: `$HIPCLI_CONFIG_DIR`, else platformdirs' user config dir."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # deferred: only commands that need the default pay for it

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The data directory: `$HIPCLI_DATA_DIR`, else platformdirs' user data dir."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_routines_dir() -> Path:
    """Where the user's own routines live: `<config>/routines/`."""
    return config_dir() / "routines"


def journal_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The journal file: `override` if given (from `--journal`), else `<data>/journal.toml`."""
    if override is not None:
        return Path(override).expanduser()
    return data_dir() / JOURNAL_NAME


def builtin_routines_dir() -> Path:
    """The routines shipped with hipcli: inside the installed package, or the source checkout's."""
    here = Path(__file__).resolve().parent
    packaged = here / "routines"
    if packaged.is_dir():
        return packaged
    return here.parent / "routines"
