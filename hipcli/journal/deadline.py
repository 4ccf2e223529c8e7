"""A journal write that may not take long: a folder on a slow or vanished network drive can
block `open`, `flock`, `write` or `fsync` for minutes, and no one should wait on the mat for
that. `within` gives the write a few seconds in a thread of its own; past that, the caller gets
`JournalTimeout` and keeps the session elsewhere (a recovery file).

The abandoned write can't be taken back (a thread stuck in the kernel can't be stopped), so it
may still land once the drive answers. That is safe: the session keeps its id, `hipcli recover`
adds a session only when the journal lacks its id, and a journal folder shows each id once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hipcli.journal.record import JournalError

SAVE_DEADLINE_S = 5.0  # how long a session's save waits for the journal before recovery
T = TypeVar("T")


class JournalTimeout(JournalError):
    """The journal did not answer in time; `str(e)` says so calmly, naming the path."""


def within(seconds: float, work: Callable[[], T], path: Path) -> T:
    """`work()`'s result, or its exception, if it finishes within `seconds`; JournalTimeout
    naming `path` otherwise (the work goes on in the background; see the module docstring)."""
    outcome: list[T] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            failure.append(error)
        finally:
            done.set()

    # a daemon thread (not an executor's, which is joined at exit): a write stuck on a dead
    # drive must not keep hipcli from exiting
    threading.Thread(target=run, name="hipcli-journal-write", daemon=True).start()
    if not done.wait(seconds):
        raise JournalTimeout(
            f"{path} did not answer within {seconds:g} seconds (a slow or unreachable network "
            "folder?)",
            path,
        )
    if failure:
        raise failure[0]
    return outcome[0]
