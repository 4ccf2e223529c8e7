"""Where hipcli keeps things: the config dir (user routines), the data dir (the journal) and
the cache dir (synthesised sounds).

Nothing here touches the disk at import time; directories are created by the code that writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

APP_NAME = "hipcli"
CONFIG_ENV = "HIPCLI_CONFIG_DIR"
DATA_ENV = "HIPCLI_DATA_DIR"
CACHE_ENV = "HIPCLI_CACHE_DIR"
JOURNAL_NAME = "journal.toml"


class NoHomeError(RuntimeError):
    """Neither HOME nor an override says where hipcli's files live; `str(e)` says what to set."""

    exit_code = 1


class UnknownUserError(NoHomeError):
    """A path starts with `~name` and there is no user `name`; `str(e)` says where it came from."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def expand(text: str | os.PathLike[str], source: str, exit_code: int = 1) -> Path:
    """`text` with a leading `~` or `~name` expanded; UnknownUserError naming `source` (an option
    or a variable) when there is no such user."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        from hipcli.literal import visible

        user = str(text)[1:].split("/", 1)[0]
        raise UnknownUserError(
            f"{source} is {visible(str(text))}, but there is no user {visible(user)!r} on this "
            "machine, so hipcli can't tell which folder that is. Write the path in full.",
            exit_code,
        ) from None


def _under_home(default: Callable[[], str], override: str) -> Path:
    """platformdirs' answer, or NoHomeError when it can't tell where the home directory is."""
    try:
        # platformdirs raises RuntimeError without HOME and a passwd entry (older versions
        # returned the path with a literal "~" instead, relative to wherever hipcli runs)
        found = Path(default())
    except RuntimeError:
        found = Path("~")
    if not found.is_absolute():
        raise NoHomeError(
            "hipcli can't tell where your home directory is (HOME is not set), so it doesn't "
            f"know where to keep its files. Set HOME, or {override} to a directory."
        )
    return found


def config_dir() -> Path:
    """The config directory: `$HIPCLI_CONFIG_DIR`, else platformdirs' user config dir."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return expand(override, CONFIG_ENV)
    import platformdirs  # deferred: only commands that need the default pay for it

    return _under_home(lambda: platformdirs.user_config_dir(APP_NAME, appauthor=False), CONFIG_ENV)


def data_dir() -> Path:
    """The data directory: `$HIPCLI_DATA_DIR`, else platformdirs' user data dir."""
    override = os.environ.get(DATA_ENV)
    if override:
        return expand(override, DATA_ENV)
    import platformdirs

    return _under_home(lambda: platformdirs.user_data_dir(APP_NAME, appauthor=False), DATA_ENV)


def cache_dir() -> Path:
    """The cache directory (the session's sounds): `$HIPCLI_CACHE_DIR`, else platformdirs'."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return expand(override, CACHE_ENV)
    import platformdirs

    return _under_home(lambda: platformdirs.user_cache_dir(APP_NAME, appauthor=False), CACHE_ENV)


def user_routines_dir() -> Path:
    """Where the user's own routines live: `<config>/routines/`."""
    return config_dir() / "routines"


def journal_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The journal file: `override` if given (from `--journal`), else `<data>/journal.toml`."""
    if override is not None:
        return expand(override, "--journal", exit_code=2)  # a usage error
    return data_dir() / JOURNAL_NAME


def builtin_routines_dir() -> Path:
    """The routines shipped with hipcli: inside the installed package, or the source checkout's."""
    here = Path(__file__).resolve().parent
    packaged = here / "routines"
    if packaged.is_dir():
        return packaged
    return here.parent / "routines"
