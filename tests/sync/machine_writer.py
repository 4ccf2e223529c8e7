"""One machine saving sessions, as `hipcli start` saves them, into the journal its settings name.

    python tests/sync/machine_writer.py COUNT [--prefix P] [--torn-after N]
                                              [--divert FIRST:END=FILE] [--every SECONDS]

Saves COUNT sessions with ids DEVICE-0000, DEVICE-0001, ... (or P-0000, ...) through
`save_session` into this machine's file of the journal folder (settings from HIPCLI_CONFIG_DIR),
and exits 1 if any went elsewhere. `--torn-after N` leaves half a record after the N-th session,
as a crash in the middle of a write would, and goes on. `--divert` saves the sessions
FIRST..END-1 into FILE in the folder instead (a sync tool's conflict copy: the only place they
are found). `--every` waits that long between sessions (for a sync tool to run meanwhile).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta

from hipcli.journal.append import append_session
from hipcli.journal.checkin import save_session
from hipcli.journal.location import journal_location
from hipcli.journal.record import SessionRecord, format_record


def session(device: str, index: int, prefix: str | None = None) -> SessionRecord:
    """The index-th session of `device`: the two machines' sessions interleave in time."""
    offset = 0 if device == "laptop" else 1
    start = datetime(2026, 1, 1, 7, 0, tzinfo=UTC) + timedelta(minutes=20 * index + 10 * offset)
    return SessionRecord(
        id=f"{prefix or device}-{index:04d}",
        routine="pigeon",
        title="Pigeon",
        started_at=start,
        ended_at=start + timedelta(seconds=480),
        planned_s=480,
        active_s=476.0,
        completed=True,
        steps_done=3,
        steps_total=3,
        mood=4,
        tags=(device,),
        notes=f"Session {index} on the {device}.\nFelt calmer after.",
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--prefix")
    parser.add_argument("--torn-after", type=int)
    parser.add_argument("--divert")
    parser.add_argument("--every", type=float, default=0.0)
    args = parser.parse_args()
    location = journal_location()
    assert location.folder is not None, "the settings must name a journal folder"
    diverted, divert_to = range(0), location.path
    if args.divert:
        span, name = args.divert.split("=", 1)
        first, end = span.split(":")
        diverted, divert_to = range(int(first), int(end)), location.folder / name
    for index in range(args.count):
        record = session(location.device, index, args.prefix)
        if index in diverted:
            append_session(divert_to, record)
        else:
            result = save_session(record, location.path)
            if not result.in_journal:
                print(f"{record.id} went to {result.saved_to}: {result.problem}", file=sys.stderr)
                return 1
        if args.every:
            time.sleep(args.every)
        if index == args.torn_after:
            text = format_record(session(location.device, 9999)).encode()
            fd = os.open(location.path, os.O_WRONLY | os.O_APPEND)
            os.write(fd, b"\n" + text[: len(text) // 2])
            os.close(fd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
