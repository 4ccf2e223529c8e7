"""A separate process that appends to a journal, for the crash and concurrency tests.

    python tests/journal_writer.py JOURNAL NAME COUNT [torn]

Appends COUNT records with ids NAME-0000, NAME-0001, ... and prints each id once its append has
returned. With `torn`, it then writes the first half of one more record itself (as a crash in the
middle of a write would leave it) and kills itself with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hipcli.journal.append import append_session
from hipcli.journal.record import SessionRecord, format_record


def record(name: str, index: int) -> SessionRecord:
    """The index-th record of writer `name`."""
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=index)
    return SessionRecord(
        id=f"{name}-{index:04d}",
        routine="pigeon",
        title="Pigeon",
        started_at=start,
        ended_at=start + timedelta(seconds=90),
        planned_s=90,
        active_s=90.0,
        completed=True,
        steps_done=1,
        steps_total=1,
        mood=3,
        tags=(name,),
        notes=f"{name} wrote {index}\n" * 3,
    )


def main() -> None:
    journal, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for index in range(count):
        append_session(journal, record(name, index))
        print(f"{name}-{index:04d}", flush=True)
    if sys.argv[4:] == ["torn"]:
        text = format_record(record(name, count)).encode()
        fd = os.open(journal, os.O_WRONLY | os.O_APPEND)
        os.write(fd, b"\n" + text[: len(text) // 2])
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
