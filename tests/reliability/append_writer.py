"""A hipcli process that appends sessions, for the crash and concurrency harnesses.

    python -m tests.reliability.append_writer JOURNAL NAME COUNT [--small] [--tear-at K SEED]

Appends records NAME-000000, NAME-000001, ... (see `records.writer_record`) with hipcli's own
`append_session`, and prints each id, flushed, only once its append has returned: a printed id
is a promise that the record is in the journal. COUNT 0 means until killed. With `--tear-at K`,
after K appends it does what a crash in the middle of a write leaves behind: under the journal's
lock it writes a seeded random part of the next record's bytes, then kills itself with SIGKILL.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import random
import signal
import sys
from pathlib import Path

from hipcli.journal.append import append_session, take_lock
from hipcli.journal.record import format_record
from tests.reliability.records import record_id, writer_record


def tear(journal: Path, name: str, index: int, seed: int) -> None:
    """Write part of record `index` as an interrupted append would, then die."""
    data = format_record(writer_record(name, index)).encode()
    fd = os.open(journal, os.O_RDWR | os.O_APPEND)
    take_lock(fd, fcntl.LOCK_EX, 10.0)
    size = os.fstat(fd).st_size
    if size:  # the separator append_session puts before a record
        data = (b"\n" if os.pread(fd, 1, size - 1) == b"\n" else b"\n\n") + data
    # the edges are where a reader is most easily fooled: the header line and the `id` seal
    rng = random.Random(seed)
    region = rng.choice(("header", "seal", "anywhere"))
    low = max(1, len(data) - 80) if region == "seal" else 1
    high = min(len(data), 16) if region == "header" else len(data)
    cut = rng.randrange(low, high)
    os.write(fd, data[:cut])
    os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> None:
    journal, name, count = Path(argv[0]), argv[1], int(argv[2])
    small = "--small" in argv
    tear_at = int(argv[argv.index("--tear-at") + 1]) if "--tear-at" in argv else None
    indexes = range(count) if count else itertools.count()
    for index in indexes:
        if index == tear_at:
            tear(journal, name, index, int(argv[argv.index("--tear-at") + 2]))
        append_session(journal, writer_record(name, index, big=not small))
        sys.stdout.write(record_id(name, index) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
